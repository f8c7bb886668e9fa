"""Every edit form of the project, opened and saved unchanged, changes nothing.

A date rendered in a format the browser's date input does not accept shows as empty and a save
without retyping clears it (the dispatch date did). This test opens each edit page of the demo
county as the person who edits it, submits the form as a browser would (the values the page
shows, nothing retyped) and compares every row of every table before and after.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import lxml.html
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from leitai.assessment.models import Arena, Indicator, Period, Scheme
from leitai.keytasks.models import KeyTask, Milestone
from leitai.notify.models import Channel
from leitai.org.models import Group, SupervisionGroup, Unit
from leitai.supervision.models import InspectionRound, ProblemCategory, Visit

# The only values a browser's date and time inputs accept (HTML's value sanitization);
# any other value is shown as an empty field and posted as "".
BROWSER_VALUE = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
}


def edit_url_names() -> set[str]:
    """Every page whose name says it edits something (…_edit, …settings)."""
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and (p.name or "").endswith(("_edit", "settings")):
                names.add(namespace + p.name)

    walk(get_resolver(), "")
    return {n for n in names if not n.startswith("admin:")}


def _first(model, **filters):
    obj = model.objects.filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo has no {model.__name__} matching {filters}"
    return obj.pk


def _city() -> int:
    """A city indicator of the demo year with two carriers and the city's own rule."""
    from decimal import Decimal

    from leitai.city.models import CityCarrier, CityIndicator

    scheme = Scheme.objects.get(pk=_first(Scheme, state=Scheme.State.ACTIVE))
    ind = CityIndicator.objects.create(
        year=scheme.year, code="S01", name="GDP增速", peers=8, indicator_code="A01",
        params={"step": 0.05, "top_points": [5, 4, 3, 2, 1]},
    )  # fmt: skip
    units = Unit.objects.filter(jurisdiction_id=scheme.year.jurisdiction_id).order_by("code")
    for unit, share in zip(units[:2], ("0.6", "0.4"), strict=True):
        CityCarrier.objects.create(city_indicator=ind, unit=unit, share=Decimal(share))
    return ind.pk


def edit_pages() -> dict[str, tuple[str, str]]:
    """url name → (the demo login that edits it, the page's address)."""
    person = get_user_model().objects.get(username="reporter").pk
    scheme = _first(Scheme, state=Scheme.State.ACTIVE)
    period = _first(Period, state=Period.State.CLOSED)  # not locked: its dates may change
    visit = Visit.objects.order_by("pk").first()
    return {
        "org:unit_edit": ("office", reverse("org:unit_edit", args=[_first(Unit)])),
        "org:group_edit": ("office", reverse("org:group_edit", args=[_first(Group)])),
        "org:supervision_group_edit": (
            "office",
            reverse("org:supervision_group_edit", args=[_first(SupervisionGroup)]),
        ),
        "org:person_edit": ("office", reverse("org:person_edit", args=[person])),
        "assessment:scheme_edit": ("office", reverse("assessment:scheme_edit", args=[scheme])),
        "assessment:arena_edit": (
            "office",
            reverse("assessment:arena_edit", args=[_first(Arena, scheme_id=scheme)]),
        ),
        "assessment:indicator_edit": (
            "office",
            reverse("assessment:indicator_edit", args=[_first(Indicator, scheme_id=scheme)]),
        ),
        "assessment:period_edit": ("office", reverse("assessment:period_edit", args=[period])),
        "tasks:task_edit": ("office", reverse("tasks:task_edit", args=[_first(KeyTask)])),
        "tasks:milestone_edit": _milestone(),
        "tasks:settings": ("office", reverse("tasks:settings")),
        "supervision:round_edit": (
            "office",
            reverse("supervision:round_edit", args=[_first(InspectionRound)]),
        ),
        "supervision:visit_edit": (
            "supervisor",
            reverse("supervision:visit_edit", args=[visit.pk]),
        ),
        "supervision:category_edit": (
            "office",
            reverse("supervision:category_edit", args=[_first(ProblemCategory)]),
        ),
        "supervision:settings": ("office", reverse("supervision:settings")),
        "rankings:settings": ("office", reverse("rankings:settings")),
        "city:indicator_edit": ("office", reverse("city:indicator_edit", args=[_city()])),
        "rankings:notice_settings": ("office", reverse("rankings:notice_settings")),
        "projects:project_edit": ("office", reverse("projects:project_edit", args=[_project()])),
        "notify:channel_edit": ("office", reverse("notify:channel_edit", args=[_channel()])),
    }


def _project() -> int:
    """Return a project of the demo, added through the office's service while it has none."""
    from leitai.projects.models import Project
    from leitai.projects.services import project_create

    found = Project.objects.order_by("pk").first()
    if found is not None:
        return found.pk
    year = KeyTask.objects.order_by("pk").first().year
    office = get_user_model().objects.get(username="office")
    project = project_create(
        actor=office,
        year=year,
        plan=[Decimal("120.50")] * 12,
        planned={"signing": dt.date(year.year, 2, 1), "start": dt.date(year.year, 4, 1)},
        code="XM-RT",
        name="往返测试项目",
        unit=Unit.objects.filter(jurisdiction_id=year.jurisdiction_id).order_by("pk").first(),
        level="county",
        kind="industry",
        total_investment=Decimal("65000"),
    )
    return project.pk


def _channel() -> int:
    """A unit's DingTalk robot (the demo connects none)."""
    unit = Unit.objects.order_by("pk").first()
    return Channel.objects.create(
        jurisdiction_id=unit.jurisdiction_id,
        unit=unit,
        kind="dingtalk",
        name="工作群",
        address="http://127.0.0.1:9/robot/send?access_token=t",
        secret="SEC1",
        mobiles=["13800000001"],
    ).pk


def _milestone() -> tuple[str, str]:
    m = Milestone.objects.exclude(done_on=None).order_by("pk").first()
    return "office", reverse("tasks:milestone_edit", args=[m.task_id, m.pk])


def every_row() -> dict[str, list[tuple]]:
    models = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("leitai.") or m._meta.label in ("auth.User",)
    ]
    return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in models}


def submit_unchanged(client: Client, url: str) -> tuple[int, str]:
    """Open `url`, post its form back with the values shown; return the status and the page."""
    page = client.get(url)
    assert page.status_code == 200, url
    doc = lxml.html.fromstring(page.content.decode())
    path = url.split("?")[0]
    shell = (reverse("set_language"), reverse("logout"))  # the page shell's own forms
    forms = [
        f
        for f in doc.forms
        if (f.method or "").upper() == "POST" and (f.get("action") or path) not in shell
    ]
    assert forms, f"{url} has no form to post"
    form = max(forms, key=lambda f: len(f.inputs))  # the edit form, not a small side form
    for el in form.inputs:
        kind = el.get("type")
        if kind in BROWSER_VALUE and not BROWSER_VALUE[kind].fullmatch(el.get("value") or ""):
            el.set("value", "")  # what the browser shows and posts for a value it cannot read
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    action = form.get("action") or url
    response = client.post(action, data)
    return response.status_code, response.content.decode(errors="replace")


def form_errors(body: str) -> list[str]:
    """The error messages a re-shown form carries."""
    doc = lxml.html.fromstring(body)
    found = doc.xpath(
        "//*[contains(@class,'invalid-feedback') or contains(@class,'errorlist')"
        " or contains(@class,'alert-danger')]"
    )
    return [" ".join(e.text_content().split()) for e in found]


@pytest.mark.django_db
def test_every_edit_form_saved_unchanged_changes_nothing():
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    pages = edit_pages()
    assert set(pages) == edit_url_names(), "an edit page is missing from this test"
    users = get_user_model().objects
    for name, (login, url) in sorted(pages.items()):
        client = Client()
        client.force_login(users.get(username=login))
        before = every_row()
        status, body = submit_unchanged(client, url)
        assert status == 302, f"{name} ({url}) did not save: {form_errors(body)}"
        after = every_row()
        changed = {k for k in before if before[k] != after[k]}
        assert not changed, f"{name} ({url}) saved unchanged changed {sorted(changed)}"
