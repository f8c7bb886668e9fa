"""Django admin writes the same audit rows as the services, with their jurisdiction."""

from __future__ import annotations

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from rest_framework.authtoken.models import Token

from leitai.core.admin import AuditedAdmin
from leitai.core.models import AuditEntry

pytestmark = pytest.mark.django_db
# django-axes' own log-in records: deleting an attempt is how the library lifts a lock.
HOUSEKEEPING = {"axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}


def audited_admins() -> list[str]:
    """Return the labels of every model whose admin can change it (all audited)."""
    return sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, AuditedAdmin)
    )


def fill_demo_gaps() -> None:
    """Add a row of each audited model the demo leaves empty, so every change form is tried."""
    from leitai.keytasks.models import Milestone, MilestoneEvidence

    if not MilestoneEvidence.objects.exists():
        milestone = Milestone.objects.order_by("pk").first()
        MilestoneEvidence.objects.create(
            milestone=milestone, file="tasks/2022/03/proof.pdf", original_name="批复.pdf", size=9
        )


def superuser():
    return get_user_model().objects.create_superuser("root", "root@example.org", "root-Pw-2022!")


def test_every_admin_either_audits_or_is_read_only():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    writable = []
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedAdmin) or model._meta.label in HOUSEKEEPING:
            continue
        if (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        ):
            writable.append(model._meta.label)
    assert writable == []


def test_every_audited_admin_change_writes_one_row_in_the_objects_jurisdiction():
    from leitai.demo.org import demo_county

    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    fill_demo_gaps()
    county = demo_county()
    root = superuser()
    request = RequestFactory().post("/admin/")
    request.user = root
    checked = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, AuditedAdmin):
            continue
        obj = model.objects.filter(pk__isnull=False).exclude(pk=root.pk).order_by("pk").first()
        if obj is None:
            continue
        before = AuditEntry.objects.count()
        model_admin.save_model(request, obj, form=None, change=True)
        entries = list(AuditEntry.objects.order_by("pk")[before:])
        assert len(entries) == 1, model._meta.label
        entry = entries[0]
        assert entry.action == "admin.change"
        assert entry.before is not None and entry.after is not None
        expected = obj if model._meta.label == "org.Jurisdiction" else county
        assert entry.jurisdiction == expected, model._meta.label
        checked.append(model._meta.label)
    assert sorted(checked) == audited_admins()


def test_making_a_person_superuser_in_the_admin_is_audited_for_the_office(world):
    root = superuser()
    client = Client()
    client.force_login(root)
    person = world.reporter_a
    model_admin = admin.site._registry[get_user_model()]
    request = RequestFactory().post("/admin/")
    request.user = root
    person.is_superuser = True
    model_admin.save_model(request, person, form=None, change=True)
    entry = AuditEntry.objects.get(action="admin.change")
    assert (entry.before["is_superuser"], entry.after["is_superuser"]) == (False, True)
    assert "password" not in entry.after
    assert entry.jurisdiction == world.county
    # The audit administrator of the county sees it; the other county's does not.
    from rest_framework.test import APIClient

    def seen_by(persona):
        api = APIClient()
        api.force_authenticate(getattr(world, persona))
        return [row["id"] for row in api.get("/api/audit/").json()["results"]]

    assert entry.pk in seen_by("auditor")
    assert entry.pk not in seen_by("other_auditor")


def test_setting_a_password_in_the_admin_is_audited_and_revokes_tokens(world):
    root = superuser()
    Token.objects.create(user=world.reporter_a)
    client = Client()
    client.force_login(root)
    url = f"/admin/auth/user/{world.reporter_a.pk}/password/"
    response = client.post(
        url,
        {
            "password1": "new-Admin-Pw-2022!",
            "password2": "new-Admin-Pw-2022!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="person.set_password")
    assert (entry.actor, entry.jurisdiction) == (root, world.county)
    assert entry.after == {"tokens_revoked": 1, "via": "admin"}
    assert not Token.objects.filter(user=world.reporter_a).exists()


def test_every_audited_admin_change_form_submitted_as_shown_writes_one_row():
    """Open every audited model's change form in the admin and save it as a browser would."""
    import lxml.html

    from leitai.demo.org import demo_county

    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    fill_demo_gaps()
    county = demo_county()
    root = superuser()
    client = Client()
    client.force_login(root)
    saved = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, AuditedAdmin):
            continue
        obj = model.objects.exclude(pk=root.pk).order_by("pk").first() if model else None
        if obj is None:
            continue
        opts = model._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
        page = client.get(url)
        assert page.status_code == 200, url
        form = lxml.html.fromstring(page.content).get_element_by_id(f"{opts.model_name}_form")
        data: dict[str, list] = {}
        for name, value in form.form_values():
            data.setdefault(name, []).append(value)
        data["_save"] = ["Save"]
        before = AuditEntry.objects.count()
        response = client.post(url, data)
        assert response.status_code == 302, (
            url,
            response.context and response.context.get("errors"),
        )
        entries = list(AuditEntry.objects.order_by("pk")[before:])
        assert [e.action for e in entries] == ["admin.change"], opts.label
        entry = entries[0]
        assert entry.object_id == str(obj.pk)
        assert entry.before is not None and entry.after is not None
        expected = obj if opts.label == "org.Jurisdiction" else county
        assert entry.jurisdiction == expected, opts.label
        saved.append(opts.label)
    assert sorted(saved) == audited_admins()


def test_an_inline_row_changed_in_the_admin_writes_its_own_row(world):
    import lxml.html

    from leitai.org.models import GroupMembership

    client = Client()
    client.force_login(superuser())
    url = f"/admin/org/group/{world.group_2.pk}/change/"
    form = lxml.html.fromstring(client.get(url).content).get_element_by_id("group_form")
    data = dict(form.form_values())
    [unit_field] = [k for k, v in data.items() if k.endswith("-0-unit")]
    assert data[unit_field] == str(world.unit_b.pk)
    data[unit_field] = str(world.stats.pk)
    data["_save"] = "Save"
    assert client.post(url, data).status_code == 302
    membership = GroupMembership.objects.get(group=world.group_2)
    assert membership.unit == world.stats
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(e.action, e.object_type) for e in entries] == [
        ("admin.change", "org.group"),
        ("admin.change", "org.groupmembership"),
    ]
    assert (entries[1].before["unit"], entries[1].after["unit"]) == (
        world.unit_b.pk,
        world.stats.pk,
    )
    assert {e.jurisdiction for e in entries} == {world.county}


def test_no_contest_model_is_in_the_admin():
    """The contest's sheets and votes are sealed until the reveal: the admin shows none of it."""
    registered = sorted(
        m._meta.label for m in admin.site._registry if m._meta.app_label == "contest"
    )
    assert registered == []
