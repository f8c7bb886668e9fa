"""`leitai demo`: the demo county's exact contents, idempotency, --reset, and no production."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from leitai.core.models import AuditEntry
from leitai.org.models import (
    AssessmentYear,
    Group,
    GroupMembership,
    Jurisdiction,
    Role,
    RoleGrant,
    SupervisionAssignment,
    SupervisionGroup,
    Unit,
)


@pytest.fixture(autouse=True)
def _organisation_step_only(monkeypatch):
    # These tests are about the organisation step; tests/core/test_demo_full.py runs them all.
    from leitai.core.management.commands import demo as command
    from leitai.demo import org

    monkeypatch.setattr(command, "STEPS", [("organisation", org.build)])
    monkeypatch.setattr(command, "RESETS", [org.reset])


def demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "jurisdictions": Jurisdiction.objects.count(),
        "years": AssessmentYear.objects.count(),
        "units": Unit.objects.count(),
        "groups": Group.objects.count(),
        "memberships": GroupMembership.objects.count(),
        "supervision_groups": SupervisionGroup.objects.count(),
        "assignments": SupervisionAssignment.objects.count(),
        "members": SupervisionGroup.members.through.objects.count(),
        "people": get_user_model().objects.count(),
        "grants": RoleGrant.objects.count(),
    }


EXPECTED = {
    "jurisdictions": 2,
    "years": 1,
    "units": 107,
    "groups": 3,
    "memberships": 81,
    "supervision_groups": 5,
    "assignments": 81,
    "members": 13,
    "people": 22,
    "grants": 22,
}


@pytest.mark.django_db
def test_demo_builds_the_county():
    output = demo()
    assert counts() == EXPECTED
    county = Jurisdiction.objects.get(code="370724")
    assert (
        county.name,
        county.level,
        county.parent.code,
        county.parent.name,
        county.parent.level,
    ) == ("临朐县", "county", "370700", "潍坊市", "city")
    year = AssessmentYear.objects.get()
    assert (year.year, year.name, year.is_current) == (
        2022,
        "2022年度县直部门（单位）重点任务擂台比武",
        True,
    )
    assert Unit.objects.filter(jurisdiction=county, code__regex=r"^LQ\d{3}$").count() == 107
    assert Unit.objects.filter(kind="party").count() == 14
    assert set(Unit.objects.values_list("kind", flat=True)) == {
        "party",
        "government",
        "mass",
        "institution",
    }
    sizes = {g.name: g.memberships.count() for g in Group.objects.all()}
    assert sizes == {"第一组": 49, "第二组": 18, "第三组": 14}
    sports = GroupMembership.objects.get(unit__name="县体育事业发展中心")
    assert sports.group.name == "第一组"
    assert "县委办公室" in Unit.objects.exclude(memberships__isnull=False).values_list(
        "name", flat=True
    )
    assert "Demo logins (password demo2022)" in output
    assert AuditEntry.objects.filter(action="demo.load", source="command").count() == 1


@pytest.mark.django_db
def test_supervision_groups_cover_exactly_the_arena_units():
    demo()
    arena = set(GroupMembership.objects.values_list("unit_id", flat=True))
    covered = list(SupervisionAssignment.objects.values_list("unit_id", flat=True))
    assert len(covered) == len(set(covered)) == 81
    assert set(covered) == arena
    groups = SupervisionGroup.objects.order_by("order")
    assert [g.name for g in groups] == [
        "第一督导组",
        "第二督导组",
        "第三督导组",
        "第四督导组",
        "第五督导组",
    ]
    assert [g.assignments.count() for g in groups] == [17, 16, 16, 16, 16]
    assert [g.members.count() for g in groups] == [3, 2, 3, 2, 3]
    first = groups[0]
    assert first.members.filter(username="supervisor").exists()
    assert first.assignments.filter(unit__name="县发展和改革局").exists()
    for group in groups:
        for member in group.members.all():
            assert member.role_grants.filter(role=Role.SUPERVISOR).exists()


@pytest.mark.django_db
def test_one_login_per_role_with_the_right_grant():
    demo()
    grants = {
        (g.user.username, g.role, g.unit.name if g.unit else None)
        for g in RoleGrant.objects.select_related("user", "unit").filter(
            user__username__in=[
                "office",
                "stats",
                "reporter",
                "unitleader",
                "reporter2",
                "supervisor",
                "judge",
                "leader",
            ]
        )
    }
    assert grants == {
        ("office", "office", None),
        ("stats", "assessor", "县统计局"),
        ("reporter", "reporter", "县发展和改革局"),
        ("unitleader", "unit_leader", "县发展和改革局"),
        ("reporter2", "reporter", "县商务局"),
        ("supervisor", "supervisor", None),
        ("judge", "judge", None),
        ("leader", "leader", None),
    }
    assert {g.role for g in RoleGrant.objects.all()} == set(Role.values)
    for user in get_user_model().objects.all():
        assert user.check_password("demo2022")


@pytest.mark.django_db
def test_running_twice_changes_nothing():
    demo()
    first = counts()
    units = list(Unit.objects.order_by("code").values_list("code", "name", "short_name", "kind"))
    output = demo()
    assert counts() == first == EXPECTED
    assert (
        list(Unit.objects.order_by("code").values_list("code", "name", "short_name", "kind"))
        == units
    )
    assert "already complete" in output
    assert AuditEntry.objects.filter(action="demo.load").count() == 1


@pytest.mark.django_db
def test_a_half_built_county_is_completed():
    demo()
    GroupMembership.objects.filter(group__code="G3").delete()
    Unit.objects.filter(name="县发展和改革局").update(name="县发展改革局")  # renamed on a page
    get_user_model().objects.filter(username="judge").delete()
    demo()
    assert counts() == EXPECTED


@pytest.mark.django_db
def test_reset_starts_over():
    demo()
    Unit.objects.filter(code="LQ001").update(name="改过的名字")
    get_user_model().objects.filter(username="office").update(first_name="改过")
    output = demo("--reset")
    assert "Deleted the demo county" in output
    assert counts() == EXPECTED
    assert Unit.objects.get(code="LQ001").name == "县委组织部"
    assert get_user_model().objects.get(username="office").first_name == "张卫东"


@pytest.mark.django_db
def test_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refusing to build it in production"):
        demo()
    assert counts() == dict.fromkeys(EXPECTED, 0)
    assert AuditEntry.objects.count() == 0


def test_the_table_has_107_distinct_units():
    from leitai.demo.org import unit_table

    table = unit_table()
    assert len(table) == len({code for code, *_ in table}) == len({n for _, n, *_ in table}) == 107
    assert len({short for _, _, short, _ in table}) == 107
