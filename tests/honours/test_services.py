"""Grading the year through the service: the stored draft, the gates from Leitai's own data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leitai.assessment.models import Adjustment
from leitai.core.models import AuditEntry
from leitai.honours import services
from leitai.honours.models import GradingRules, HonoursDraft, HonoursEntry
from leitai.supervision.models import Problem, ProblemCategory
from tests.honours.conftest import RULES, period, publish, publish_year


def grades(draft):
    return {e.unit.code: e.grade for e in draft.entries.select_related("unit")}


def test_grading_stores_every_unit_with_its_reason_and_one_audit_row(graded):
    publish_year(graded)
    before = AuditEntry.objects.count()
    draft = services.honours_grade(actor=graded.office, year=graded.year)
    assert grades(draft) == {
        "A01": "优秀",
        "C01": "优秀",
        "D01": "良好",
        "E01": "良好",
        "F01": "合格",
        "H01": "合格",
        "B01": "合格",  # alone: 30% of 1 is 0.3 → 0 优秀, 40% → 0 良好
    }
    d01 = draft.entries.get(unit__code="D01")
    # D01 80 must tie C01 85: 5 points of total, 5 / 0.6 = 8.34 in 项目建设 (cent rounded up).
    assert d01.nearest == {"arena": "projects", "points": 8.34, "gate": None, "to": "优秀"}
    assert d01.reason_zh == (
        "在良好名额2个（6个单位×40%，四舍五入）中居第1位，评为良好。若项目建设多得8.34分，即可评为优秀。"
    )
    a01 = draft.entries.get(unit__code="A01")
    assert [a["title"] for a in a01.awards] == ["先进单位", "单项奖（改革创新）"]
    assert a01.staff_percent == "25"
    assert draft.rules == RULES and draft.state == "draft" and draft.number == 1
    audit = AuditEntry.objects.filter(pk__gt=0).order_by("-pk")
    assert AuditEntry.objects.count() == before + 1
    assert audit[0].action == "honours.grade"
    assert audit[0].after["grades"] == {"优秀": 2, "良好": 2, "合格": 3}


def test_a_veto_and_a_red_problem_gate_units_out_and_the_next_move_up(graded):
    publish_year(graded, vetoed={"A01"})
    Adjustment.objects.create(
        period=graded.year_period,
        unit=graded.unit_a,
        arena_code="projects",
        kind="veto",
        matter="安全生产事故",
        state="approved",
    )
    category = ProblemCategory.objects.create(jurisdiction=graded.county, code="C1", name="作风")
    Problem.objects.create(
        year=graded.year,
        unit=graded.unit_c,
        source="office",
        category=category,
        severity="general",
        description="台账不全",
        found_on=dt.date(2022, 10, 1),
        deadline=dt.date(2022, 11, 1),
        status="in_progress",
    )
    draft = services.honours_grade(actor=graded.office, year=graded.year)
    assert grades(draft) == {
        "A01": "合格",
        "C01": "良好",
        "D01": "优秀",
        "E01": "优秀",
        "F01": "良好",
        "H01": "合格",
        "B01": "合格",
    }
    a01 = draft.entries.get(unit__code="A01")
    assert a01.reason_zh.startswith("因一票否决（2022 安全生产事故）不得评为优秀，评为合格")
    c01 = draft.entries.get(unit__code="C01")
    problem = Problem.objects.get()
    assert c01.gates == [
        {"kind": "red_problem", "best": "良好", "evidence": f"第{problem.pk}号 台账不全"}
    ]
    assert c01.nearest["gate"] == "red_problem"
    # The veto also keeps A01 from the 进步奖 (award gate), recorded with its evidence.
    assert {
        "kind": "award",
        "award": "进步奖",
        "evidence": "一票否决（2022 安全生产事故）",
        "best": "",
    } in a01.gates


def test_last_place_in_two_published_months_gates(graded):
    g = graded
    for month in (3, 5):
        per = period(
            g.year, f"2022-{month:02d}", "month", dt.date(2022, month, 1), dt.date(2022, month, 28)
        )
        ranks = {
            g.units[c]: (g.group_1, i, 90.0 - i, {}, False)
            for i, c in enumerate(["C01", "D01", "E01", "F01", "H01", "A01"], 1)
        }
        publish(g.world, g.scheme, per, ranks)
    publish_year(g)
    draft = services.honours_grade(actor=g.office, year=g.year)
    assert grades(draft)["A01"] == "良好"
    assert grades(draft)["D01"] == "优秀"
    a01 = draft.entries.get(unit__code="A01")
    assert a01.gates[0] == {"kind": "last_place", "best": "良好", "evidence": "2022-03、2022-05"}


def test_progress_award_goes_to_the_largest_rise_from_the_first_quarter(graded):
    g = graded
    q1 = period(g.year, "2022-Q1", "quarter", dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    order = ["A01", "D01", "E01", "F01", "H01", "C01"]
    publish(
        g.world,
        g.scheme,
        q1,
        {g.units[c]: (g.group_1, i, 90.0 - i, {}, False) for i, c in enumerate(order, 1)},
    )
    publish_year(g)
    draft = services.honours_grade(actor=g.office, year=g.year)
    c01 = draft.entries.get(unit__code="C01")
    assert {
        "kind": "progress",
        "name": "进步奖",
        "title": "进步奖",
        "reason_zh": "由一季度第6名升至第2名，上升4位",
        "reason_en": "rose 4 places, from 6 to 2",
    } in c01.awards


def test_grading_is_refused_without_a_published_year_or_rules_and_nothing_is_written(graded):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.honours_grade(actor=graded.office, year=graded.year)
    assert caught.value.message_dict == {"year": ["年度排名尚未发布。"]}
    publish_year(graded)
    GradingRules.objects.all().delete()
    with pytest.raises(ValidationError):
        services.honours_grade(actor=graded.office, year=graded.year)
    with pytest.raises(PermissionDenied):
        services.honours_grade(actor=graded.other_office, year=graded.year)
    assert HonoursDraft.objects.count() == 0 and HonoursEntry.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_rules_set_checks_everything_and_names_the_place(graded):
    before = AuditEntry.objects.count()
    bad = {**RULES, "tie": "arena", "tie_arena": "nowhere"}
    with pytest.raises(ValidationError) as caught:
        services.grading_rules_set(actor=graded.office, scheme=graded.scheme, rules=bad)
    assert caught.value.message_dict == {
        "rules": ["评优规则 tie_arena：考核方案中没有擂台 nowhere"]
    }
    assert GradingRules.objects.get().rules == RULES
    assert AuditEntry.objects.count() == before
    changed = {**RULES, "rounding": "down"}
    services.grading_rules_set(actor=graded.office, scheme=graded.scheme, rules=changed)
    assert GradingRules.objects.get().rules == changed
    assert AuditEntry.objects.count() == before + 1
    with pytest.raises(PermissionDenied):
        services.grading_rules_set(actor=graded.leader, scheme=graded.scheme, rules=RULES)


def test_publish_counts_working_days_and_finalise_waits_for_it_and_the_objections(graded):
    publish_year(graded)
    draft = services.honours_grade(actor=graded.office, year=graded.year)
    # Friday 2 December 2022 + 5 working days = Friday 9 December.
    draft = services.honours_publish(actor=graded.office, draft=draft, today=dt.date(2022, 12, 2))
    assert draft.state == "publicised" and draft.publicity_until == dt.date(2022, 12, 9)
    with pytest.raises(ValidationError):
        services.honours_finalise(actor=graded.office, draft=draft, today=dt.date(2022, 12, 9))
    objection = services.objection_record(
        actor=graded.office, draft=draft, text="D01 的数据有误", unit=graded.units["D01"]
    )
    with pytest.raises(ValidationError) as caught:
        services.honours_finalise(actor=graded.office, draft=draft, today=dt.date(2022, 12, 12))
    assert caught.value.message_dict == {"state": ["请先处理全部异议。"]}
    services.objection_handle(
        actor=graded.office, objection=objection, action="dismiss", handling="经核实数据无误"
    )
    draft = services.honours_finalise(actor=graded.office, draft=draft, today=dt.date(2022, 12, 12))
    assert draft.state == "final"


def test_a_second_final_list_for_the_year_is_refused(graded):
    publish_year(graded)
    rules = {**RULES, "publicity_days": 0}
    services.grading_rules_set(actor=graded.office, scheme=graded.scheme, rules=rules)
    first = services.honours_grade(actor=graded.office, year=graded.year)
    second = services.honours_grade(actor=graded.office, year=graded.year)
    assert second.number == 2
    for draft in (first, second):
        services.honours_publish(actor=graded.office, draft=draft)
    services.honours_finalise(actor=graded.office, draft=first)
    with pytest.raises(ValidationError) as caught:
        services.honours_finalise(actor=graded.office, draft=second)
    assert caught.value.message_dict == {"state": ["本年度已有最终名单。"]}
    assert HonoursDraft.objects.get(pk=second.pk).state == "publicised"


def test_entries_never_change(graded):
    publish_year(graded)
    draft = services.honours_grade(actor=graded.office, year=graded.year)
    entry = draft.entries.first()
    entry.grade = "优秀"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        draft.entries.update(grade="优秀")


def test_a_veto_in_any_period_of_the_year_gates_though_the_year_row_is_not_vetoed(graded):
    publish_year(graded)
    q3 = period(graded.year, "2022-Q3", "quarter", dt.date(2022, 7, 1), dt.date(2022, 9, 30))
    Adjustment.objects.create(
        period=q3,
        unit=graded.unit_c,
        arena_code="projects",
        kind="veto",
        matter="发生较大生产安全责任事故",
        state="approved",
    )
    Adjustment.objects.create(  # a proposed veto is not one
        period=q3,
        unit=graded.unit_a,
        arena_code="projects",
        kind="veto",
        matter="待核实",
        state="proposed",
    )
    draft = services.honours_grade(actor=graded.office, year=graded.year)
    assert grades(draft)["C01"] == "合格"
    assert grades(draft)["A01"] == "优秀" and grades(draft)["D01"] == "优秀"
    c01 = draft.entries.get(unit__code="C01")
    assert c01.gates[0]["evidence"] == "2022-Q3 发生较大生产安全责任事故"
