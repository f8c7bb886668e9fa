"""The home page is each role's to-do list; every item counts only what the role reaches.

The county of `todo_world`: January published with A01's appeal pending, February computed and
not published, November open past its deadline (A01 awaits its leader's sign-off, B01 had P1
returned and P2 submitted, C01 has nothing), three problems and four coordination requests.
The other county has November open with its one unit late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from leitai.assessment.models import Indicator, IndicatorValue, Period, Submission
from leitai.core.areas import Todo, declared
from leitai.keytasks.models import CoordinationRequest, DispatchSettings
from leitai.org.models import Group, GroupMembership, Role, RoleGrant, Unit
from leitai.rankings import services as rankings
from leitai.rankings.compute import Sensitivity
from leitai.rankings.models import Appeal
from leitai.supervision.models import Problem, ProblemCategory
from tests.conftest import PASSWORD
from tests.keytasks.conftest import build_task_world
from tests.rankings.conftest import FEBRUARY, JANUARY, make_period, make_scheme, put_values

QUICK = Sensitivity(runs=5)
U = IndicatorValue.State


def _aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def open_november(year, code="2022-11") -> Period:
    """November open, its deadline (5 December 2022) passed, locking only in 2099."""
    return Period.objects.create(
        year=year,
        kind="month",
        code=code,
        starts_on=dt.date(2022, 11, 1),
        ends_on=dt.date(2022, 11, 30),
        opens_at=_aware(dt.date(2022, 11, 1)),
        deadline=_aware(dt.date(2022, 12, 5)),
        locks_at=_aware(dt.date(2099, 1, 1)),
        state=Period.State.OPEN,
    )


@dataclass
class TodoWorld:
    world: object
    november: Period
    february: Period
    other_november: Period

    def __getattr__(self, name):
        return getattr(self.world, name)


def _rankings(world):
    scheme = make_scheme(world.year)
    scheme.indicators.filter(code="P2").update(assessor=world.stats)
    units = {"A01": world.unit_a, "C01": world.unit_c, "B01": world.unit_b}
    periods = {}
    for code, data, month in (("2022-01", JANUARY, 1), ("2022-02", FEBRUARY, 2)):
        end = dt.date(2022, month + 1, 1) - dt.timedelta(days=1)
        periods[code] = make_period(world.year, code, "month", dt.date(2022, month, 1), end)
        for unit_code, values in data.items():
            put_values(periods[code], units[unit_code], values)
    january, _february = (
        rankings.snapshot_compute(actor=world.office, period=periods[code], check=QUICK)
        for code in ("2022-01", "2022-02")
    )
    publication = rankings.snapshot_publish(
        actor=world.office, snapshot=january, override_reason="测试"
    )
    Appeal.objects.create(
        publication=publication,
        unit=world.unit_a,
        reason="P1 数据有误",
        filed_at=timezone.now(),
        filed_by=world.leader_a,
    )
    return periods["2022-02"]


def _november(world) -> Period:
    november = open_november(world.year)
    Submission.objects.create(period=november, unit=world.unit_a, state=Submission.State.READY)
    Submission.objects.create(period=november, unit=world.unit_b, state=Submission.State.RETURNED)
    for code, state in (("P1", U.RETURNED), ("P2", U.SUBMITTED)):
        IndicatorValue.objects.create(
            period=november, unit=world.unit_b, indicator_code=code, value=Decimal(5), state=state
        )
    return november


def _problems(world) -> None:
    category = ProblemCategory.objects.create(jurisdiction=world.county, code="t", name="任务")
    for unit, status, deadline in (
        (world.unit_a, Problem.Status.OPEN, dt.date(2022, 6, 30)),
        (world.unit_a, Problem.Status.SUBMITTED, dt.date(2022, 7, 31)),
        (world.unit_b, Problem.Status.IN_PROGRESS, dt.date(2023, 1, 31)),
    ):
        Problem.objects.create(
            year=world.year,
            unit=unit,
            source=Problem.Source.OFFICE,
            category=category,
            severity="general",
            description="台账不全",
            found_on=dt.date(2022, 5, 1),
            deadline=deadline,
            status=status,
        )


def _requests(world) -> None:
    """Requests raised before the dispatch day of the task world, 30 June 2022."""
    tasks = build_task_world(world)
    for task, day, status, question in (
        (tasks.task_a, 20, "open", "用地指标需县里协调解决"),
        (tasks.task_a, 30, "open", "资金拨付"),
        (tasks.task_b, 27, "open", "外贸企业融资"),
        (tasks.task_a, 10, "answered", "早已答复"),
    ):
        CoordinationRequest.objects.create(
            task=task,
            question=question,
            raised_by=world.reporter_a,
            raised_at=_aware(dt.date(2022, 6, day), hour=9),
            status=status,
        )


@pytest.fixture
def tw(world) -> TodoWorld:
    february = _rankings(world)
    november = _november(world)
    _problems(world)
    _requests(world)
    make_scheme(world.other_year)
    other_group = Group.objects.create(year=world.other_year, code="G1", name="第一组", order=1)
    GroupMembership.objects.create(year=world.other_year, group=other_group, unit=world.other_unit)
    other_november = open_november(world.other_year)
    return TodoWorld(world, november, february, other_november)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def items(client) -> dict[str, list[tuple]]:
    """The home page's sections in English: {role: [(label, count, url, urgent)]}."""
    response = english(client).get(reverse("home"))
    assert response.status_code == 200
    return {
        section.role: [(str(i.label), i.count, i.url, i.urgent) for i in section.items]
        for section in response.context["sections"]
    }


def review(period) -> str:
    return reverse("assessment:review", args=[period.pk]) + "?state=submitted"


def test_the_areas_declare_their_todo_providers():
    assert declared("todo") == [
        "leitai.assessment.collection.todo.todo",
        "leitai.rankings.todo.todo",
        "leitai.keytasks.todo.todo",
        "leitai.supervision.todo.todo",
        "leitai.contest.todo.todo",
        "leitai.selections.todo.todo",
    ]


def test_office_todo(tw):
    chasing = reverse("assessment:chasing", args=[tw.november.pk]) + "?state=late"
    assert items(tw.client_for("office")) == {
        "office": [
            # A01 (waiting for its sign-off), B01 (returned) and C01 (nothing); S01 is not
            # in the arena.
            ("Units late with 2022-11 data", 3, chasing, True),
            ("2022-11 values waiting for review", 1, review(tw.november), False),
            ("Appeals waiting for a decision", 1, reverse("rankings:appeal_list"), False),
            ("Computed results not yet published: 2022-02", 1, reverse("rankings:desk"), False),
            (
                "Coordination requests no leader has answered",
                3,
                reverse("tasks:request_list") + "?status=open",
                False,
            ),
            (
                "Problems past their rectification deadline",
                2,
                reverse("supervision:ledger") + "?colour=red",
                True,
            ),
        ]
    }


def test_office_todo_in_chinese_with_the_longest_wait(tw):
    client = tw.client_for("office")
    html = client.get(reverse("home")).content.decode()
    assert "2022-11 数据逾期未报的单位" in html
    assert "无领导答复的协调事项" in html
    assert "（最久已等待 10 天）" in html
    assert "作为活动办的待办" in html


def test_other_county_office_counts_only_its_own_county(tw):
    chasing = reverse("assessment:chasing", args=[tw.other_november.pk]) + "?state=late"
    assert items(tw.client_for("other_office")) == {
        "office": [("Units late with 2022-11 data", 1, chasing, True)]
    }


def test_reporter_todo_form_with_deadline_and_returned_values(tw):
    submission_b = reverse("assessment:submission", args=[tw.november.pk, tw.unit_b.pk])
    assert items(tw.client_for("reporter_b")) == {
        "reporter": [
            # P1, P2 and R1 apply (R2 is a quarter's); P1 and P2 hold a value.
            ("2022-11 data of 县商务局 to fill in and submit", None, submission_b, True),
            ("2022-11 values of 县商务局 returned for correction", 1, submission_b, True),
        ]
    }
    response = english(tw.client_for("reporter_b")).get(reverse("home"))
    [form, _returned] = response.context["sections"][0].items
    assert str(form.note) == "1 value still empty, deadline 12/05/2022 noon"
    page = tw.client_for("reporter_b").get(reverse("home")).content.decode()
    assert "（尚有 1 项未填，截止 2022年12月5日 12:00）" in page


def test_reporter_of_a_unit_waiting_for_sign_off_has_nothing_to_fill(tw):
    assert items(tw.client_for("reporter_a")) == {"reporter": []}


def test_unit_leader_todo(tw):
    ledger = reverse("supervision:ledger")
    assert items(tw.client_for("leader_a")) == {
        "unit_leader": [
            (
                "2022-11 data of 县发展和改革局 waiting for your sign-off",
                1,
                reverse("assessment:submission", args=[tw.november.pk, tw.unit_a.pk]),
                False,
            ),
            (
                "Your unit's appeals waiting for the office's decision",
                1,
                reverse("rankings:appeal_list"),
                False,
            ),
            (
                "Problems waiting for your unit's rectification plan",
                1,
                ledger + "?status=open",
                True,
            ),
        ]
    }


def test_assessor_todo_counts_only_its_indicators(tw):
    IndicatorValue.objects.create(
        period=tw.november, unit=tw.unit_c, indicator_code="P1", value=1, state=U.SUBMITTED
    )
    assert items(tw.client_for("assessor")) == {
        "assessor": [("2022-11 values waiting for review", 1, review(tw.november), False)]
    }


def test_supervisor_todo_counts_only_the_units_its_group_covers(tw):
    ledger = reverse("supervision:ledger")
    assert items(tw.client_for("supervisor")) == {
        "supervisor": [
            (
                "Completed rectifications waiting for your verification",
                1,
                ledger + "?status=submitted",
                False,
            )
        ]
    }
    Problem.objects.filter(unit=tw.unit_a, status="submitted").update(status="in_progress")
    assert items(tw.client_for("supervisor"))["supervisor"] == [
        ("Rectification plans under way to check", 1, ledger + "?status=in_progress", False)
    ]


def test_county_leader_sees_each_request_in_its_charge_with_days_waiting(tw):
    url = reverse("tasks:request_list") + "?status=open"
    response = english(tw.client_for("leader")).get(reverse("home"))
    [section] = response.context["sections"]
    assert [(i.label, i.count, i.url, str(i.note), i.urgent) for i in section.items] == [
        ("T01 重大项目攻坚:用地指标需县里协调解决", None, url, "waiting 10 days", True),
        ("T01 重大项目攻坚:资金拨付", None, url, "waiting 0 days", False),
    ]


def test_days_waiting_count_to_today_kept_inside_the_year_without_a_dispatch_day(tw):
    DispatchSettings.objects.filter(year=tw.year).update(as_of=None)
    response = english(tw.client_for("leader")).get(reverse("home"))
    notes = [str(i.note) for i in response.context["sections"][0].items]
    assert notes == ["waiting 194 days", "waiting 184 days"]  # to 31 December 2022


def test_judge_has_a_section_with_nothing_waiting(tw):
    response = tw.client_for("judge").get(reverse("home"))
    assert items(tw.client_for("judge")) == {"judge": []}
    assert 'data-testid="todo-empty"' in response.content.decode()


def test_a_person_with_several_roles_sees_each_roles_section(tw):
    RoleGrant.objects.create(
        user=tw.leader_a, role=Role.REPORTER, jurisdiction=tw.county, unit=tw.unit_a
    )
    RoleGrant.objects.create(user=tw.leader_a, role=Role.SUPERVISOR, jurisdiction=tw.county)
    sections = items(tw.client_for("leader_a"))
    assert list(sections) == ["unit_leader", "reporter", "supervisor"]
    assert sections["reporter"] == []  # A01 waits for the sign-off, not for the reporter
    assert len(sections["unit_leader"]) == 3
    assert sections["supervisor"] == []  # not a member of any supervision group


def test_a_person_without_a_role_is_told_to_ask_for_one(db, client):
    user = get_user_model().objects.create_user("nobody", password=PASSWORD)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.context["sections"] == []
    assert "请联系考核办分配角色" in response.content.decode()


def test_every_item_links_to_a_page_its_person_may_open(tw):
    for persona in ("office", "reporter_b", "leader_a", "assessor", "supervisor", "leader"):
        client = tw.client_for(persona)
        for section_items in items(client).values():
            for label, _count, url, _urgent in section_items:
                assert client.get(url).status_code == 200, (persona, label, url)


def test_a_todo_is_a_plain_record():
    item = Todo("office", "x", 2, "/a/")
    assert (item.note, item.urgent) == ("", False)


# --- the number of queries does not grow with the number of units -------------------------------

# Queries of a warm request (the session, the user and the scope come from the cache), by role:
# every page reads the year and the person's unit-role grants (2), and a person with a unit
# the "your units" line (1). The office adds the open periods (1), the chasing board of each
# open period past its deadline (9; November here), the review counts, the appeals, the
# snapshots, the requests and the overdue problems (5) and the dispatch day the waits count
# to (1); a reporter the open periods, its units, their submissions (3), the scheme,
# applicability and filled values of each open period (5) and the returned values (1); a
# unit leader its units, the sign-offs, the appeals and the problems (4); an assessor its
# units and the values of its indicators (2); a supervisor its problems (1); a county leader
# its requests and the dispatch day (2). None of them reads anything per unit. The office, a
# judge, a reporter and a unit leader read the year's open contests once more (1).
# The last + 1 of each: the selections under way (leitai/selections/todo.py).
BOUNDS = {
    "office": 2 + 1 + 9 + 5 + 1 + 1 + 1,
    "reporter_b": 2 + 1 + 3 + 5 + 1 + 1 + 1,
    "leader_a": 2 + 1 + 4 + 1 + 1,
    "assessor": 2 + 1 + 2 + 1,
    "supervisor": 2 + 1 + 1,
    "leader": 2 + 2 + 1,
    "judge": 2 + 1 + 1,
}


def _more_units(world, n: int) -> None:
    november = Period.objects.get(year=world.year, code="2022-11")
    group = Group.objects.get(year=world.year, code="G1")
    for k in range(n):
        unit = Unit.objects.create(
            jurisdiction=world.county, code=f"Z{k:02d}", name=f"县单位{k}", kind="government"
        )
        GroupMembership.objects.create(year=world.year, group=group, unit=unit)
        IndicatorValue.objects.create(
            period=november, unit=unit, indicator_code="P1", value=1, state=U.SUBMITTED
        )


@pytest.mark.parametrize("persona", sorted(BOUNDS))
@pytest.mark.parametrize("extra", [0, 40])
def test_home_query_count_does_not_grow_with_units(
    tw, persona, extra, django_assert_max_num_queries
):
    _more_units(tw.world, extra)
    client = english(tw.client_for(persona))
    client.get(reverse("home"))  # the session, the user and the scope are cached now
    with django_assert_max_num_queries(BOUNDS[persona]):
        response = client.get(reverse("home"))
    if persona == "office":  # the new units are late, and each has a value to review
        assert [item.count for item in response.context["sections"][0].items][:2] == [
            3 + extra,
            1 + extra,
        ]


def test_indicator_supplier_is_the_unit_for_the_form_count(tw):
    # The reporter's count above relies on P1, P2 and R1 being the unit's to fill.
    suppliers = set(Indicator.objects.filter(code__in=["P1", "P2", "R1"]).values_list("supplier"))
    assert suppliers == {("unit",)}
