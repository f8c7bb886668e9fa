"""Organisation services: each change writes one audit row; each refusal changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leitai.core.context import origin
from leitai.core.models import AuditEntry
from leitai.org import services
from leitai.org.models import GroupMembership, Role, RoleGrant, SupervisionAssignment, Unit


def test_unit_create_writes_one_audit_row(world):
    with origin("web", "req-1"):
        unit = services.unit_create(
            actor=world.office,
            jurisdiction=world.county,
            code="D01",
            name="县水利局",
            short_name="水利",
            kind="government",
        )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id) == (
        "unit.create",
        "org.unit",
        str(unit.pk),
    )
    assert entry.after == {
        "code": "D01",
        "name": "县水利局",
        "short_name": "水利",
        "kind": "government",
        "active": True,
    }
    assert (entry.actor, entry.unit, entry.jurisdiction) == (world.office, unit, world.county)
    assert (entry.source, entry.request_id) == ("web", "req-1")


@pytest.mark.parametrize(
    "persona", ["reporter_a", "assessor", "leader", "supervisor", "judge", "other_office"]
)
def test_unit_create_refused_for_non_office(world, persona):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=getattr(world, persona),
            jurisdiction=world.county,
            code="D01",
            name="县水利局",
            kind="government",
        )
    assert not Unit.objects.filter(code="D01").exists()
    assert AuditEntry.objects.count() == 0


def test_unit_update_records_only_changed_fields(world):
    services.unit_update(actor=world.office, unit=world.unit_a, name="县发改局", active=True)
    entry = AuditEntry.objects.get()
    assert entry.before == {"name": "县发展和改革局"}
    assert entry.after == {"name": "县发改局"}


def test_unit_update_without_change_writes_nothing(world):
    services.unit_update(actor=world.office, unit=world.unit_a, name="县发展和改革局")
    assert AuditEntry.objects.count() == 0


def test_unit_duplicate_code_is_refused_by_field(world):
    with pytest.raises(ValidationError) as exc:
        services.unit_update(actor=world.office, unit=world.unit_b, code="A01")
    assert "__all__" in exc.value.error_dict or "code" in exc.value.error_dict
    world.unit_b.refresh_from_db()
    assert world.unit_b.code == "B01"
    assert AuditEntry.objects.count() == 0


def test_unknown_field_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.unit_update(actor=world.office, unit=world.unit_a, jurisdiction_id=2)
    assert list(exc.value.error_dict) == ["jurisdiction_id"]


def test_group_update_moves_units_between_groups_of_the_year(world):
    services.group_update(
        actor=world.office, group=world.group_2, units=[world.unit_b, world.unit_c]
    )
    members = dict(GroupMembership.objects.values_list("unit__code", "group__code"))
    assert members == {"A01": "G1", "B01": "G2", "C01": "G2"}
    entry = AuditEntry.objects.get()
    assert entry.before == {"units": [world.unit_b.pk]}
    assert entry.after == {"units": sorted([world.unit_b.pk, world.unit_c.pk])}


def test_group_refuses_unit_of_another_jurisdiction(world):
    with pytest.raises(ValidationError):
        services.group_update(actor=world.office, group=world.group_2, units=[world.other_unit])
    assert GroupMembership.objects.filter(group=world.group_2).count() == 1
    assert AuditEntry.objects.count() == 0


def test_group_create_in_other_county_refused(world):
    with pytest.raises(PermissionDenied):
        services.group_create(actor=world.other_office, year=world.year, code="G9", name="第九组")
    assert not world.year.groups.filter(code="G9").exists()


def test_supervision_group_members_must_be_supervisors(world):
    with pytest.raises(ValidationError):
        services.supervision_group_update(
            actor=world.office, group=world.supervision, members=[world.reporter_a]
        )
    assert list(world.supervision.members.all()) == [world.supervisor]
    assert AuditEntry.objects.count() == 0


def test_supervision_group_create_takes_units_from_other_group(world):
    group = services.supervision_group_create(
        actor=world.office, year=world.year, name="第二督导组", order=2, units=[world.unit_a]
    )
    assignments = SupervisionAssignment.objects.values_list("unit__code", "supervision_group")
    assert list(assignments) == [("A01", group.pk)]


def test_person_create_with_unit_role(world):
    person = services.person_create(
        actor=world.office,
        jurisdiction=world.county,
        username="new_reporter",
        full_name="新填报员",
        password="Zz-8ab7cd6",
        grants=[(Role.REPORTER, world.unit_b)],
    )
    assert person.check_password("Zz-8ab7cd6")
    grant = RoleGrant.objects.get(user=person)
    assert (grant.role, grant.unit, grant.jurisdiction) == ("reporter", world.unit_b, world.county)
    entry = AuditEntry.objects.get()
    assert entry.after["grants"] == [["reporter", world.unit_b.pk]]
    assert "password" not in entry.after


@pytest.mark.parametrize(
    ("role", "unit_attr", "message"),
    [
        ("reporter", None, "Role reporter needs a unit."),
        ("office", "unit_a", "Role office takes no unit."),
        ("emperor", None, "Unknown role: emperor."),
    ],
)
def test_person_create_refuses_bad_grants(world, role, unit_attr, message):
    unit = getattr(world, unit_attr) if unit_attr else None
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            actor=world.office,
            jurisdiction=world.county,
            username="x1",
            full_name="某人",
            grants=[(role, unit)],
        )
    assert exc.value.error_dict["grants"][0].messages == [message]
    assert not type(world.office).objects.filter(username="x1").exists()


def test_person_update_replaces_grants(world):
    services.person_update(
        actor=world.office,
        person=world.reporter_a,
        jurisdiction=world.county,
        grants=[(Role.UNIT_LEADER, world.unit_a)],
    )
    assert list(RoleGrant.objects.filter(user=world.reporter_a).values_list("role", "unit")) == [
        ("unit_leader", world.unit_a.pk)
    ]
    entry = AuditEntry.objects.get()
    assert entry.before == {"grants": [["reporter", world.unit_a.pk]]}


def test_person_set_password_refused_for_other_county_office(world):
    old_hash = world.reporter_a.password
    with pytest.raises(PermissionDenied):
        services.person_set_password(
            actor=world.other_office, person=world.reporter_a, password="Qq-9zy8xw7"
        )
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.password == old_hash


def test_person_edit_saves_the_change_and_the_password_together(world):
    services.person_edit(
        actor=world.office,
        person=world.reporter_a,
        jurisdiction=world.county,
        first_name="甲",
        password="Qq-9zy8xw7",
    )
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.first_name == "甲"
    assert world.reporter_a.check_password("Qq-9zy8xw7")
    actions = AuditEntry.objects.order_by("pk").values_list("action", flat=True)
    assert list(actions) == ["person.update", "person.set_password"]


def test_person_edit_with_a_refused_password_saves_nothing(world):
    before = (world.reporter_a.first_name, world.reporter_a.password)
    with pytest.raises(ValidationError):
        services.person_edit(
            actor=world.office,
            person=world.reporter_a,
            jurisdiction=world.county,
            first_name="甲",
            password="123",
        )
    world.reporter_a.refresh_from_db()
    assert (world.reporter_a.first_name, world.reporter_a.password) == before
    assert AuditEntry.objects.count() == 0


def test_year_create_current_unmarks_previous(world):
    year = services.year_create(
        actor=world.office, jurisdiction=world.county, year=2023, name="2023年度", is_current=True
    )
    world.year.refresh_from_db()
    assert (year.is_current, world.year.is_current) == (True, False)
