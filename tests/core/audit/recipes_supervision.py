"""Audit recipes of supervision: categories, rules, rounds, visits, problems, rectification."""

from __future__ import annotations

import datetime as dt

from leitai.supervision import services
from tests.core.audit.harness import CREATE, recipe
from tests.supervision.conftest import pdf, png

S = "leitai.supervision.services."
D = dt.date


def _plan(c, problem):
    return services.rectification_plan_submit(
        actor=c.leader_a,
        problem=problem,
        measures="补齐台账",
        responsible="张三",
        target_date=D(2022, 6, 1),
    )


def _submitted(c):
    problem = _plan(c, c.sv.problem)
    return services.rectification_complete(
        actor=c.leader_a, problem=problem, text="完成", files=[pdf()]
    )


@recipe(S + "category_create")
def _(c):
    return lambda: services.category_create(
        actor=c.office, jurisdiction=c.county, code="safety", name="安全生产", order=3
    )


@recipe(S + "category_update")
def _(c):
    category = c.sv.style
    return lambda: services.category_update(actor=c.office, category=category, name="作风纪律")


@recipe(S + "deduction_rule_save")
def _(c):
    c.sv  # noqa: B018 - the year's rule
    return lambda: services.deduction_rule_save(actor=c.office, year=c.year, general_points=0.5)


@recipe(S + "round_create")
def _(c):
    return lambda: services.round_create(
        actor=c.office,
        year=c.year,
        name="2022年下半年督导",
        starts_on=D(2022, 7, 1),
        ends_on=D(2022, 12, 31),
    )


@recipe(S + "round_update")
def _(c):
    rnd = c.sv.round
    return lambda: services.round_update(actor=c.office, round=rnd, name="上半年督导")


@recipe(S + "visit_record", kind=CREATE)
def _(c):
    sv = c.sv
    later = services.round_create(
        actor=c.office,
        year=c.year,
        name="下半年督导",
        starts_on=D(2022, 7, 1),
        ends_on=D(2022, 12, 31),
    )
    return lambda: services.visit_record(
        actor=c.supervisor,
        round=later,
        unit=c.unit_a,
        visited_on=D(2022, 7, 20),
        summary="工作扎实",
        findings={sv.tasks.pk: "进度符合预期"},
    )


@recipe(S + "visit_update")
def _(c):
    visit = c.sv.visit
    return lambda: services.visit_update(actor=c.supervisor, visit=visit, summary="总体良好")


@recipe(S + "problem_raise")
def _(c):
    sv = c.sv
    return lambda: services.problem_raise(
        actor=c.supervisor,
        year=c.year,
        unit=c.unit_a,
        category=sv.style,
        severity="serious",
        description="值班制度落实不到位",
        found_on=D(2022, 5, 10),
        visit=sv.visit,
        files=[png()],
    )


@recipe(S + "problem_withdraw")
def _(c):
    problem = c.sv.problem
    return lambda: services.problem_withdraw(actor=c.office, problem=problem, reason="重复登记")


@recipe(S + "problem_send_back")
def _(c):
    problem = _submitted(c)
    return lambda: services.problem_send_back(
        actor=c.supervisor, problem=problem, reason="照片不清楚"
    )


@recipe(S + "problem_sign_off")
def _(c):
    problem = _submitted(c)
    return lambda: services.problem_sign_off(actor=c.supervisor, problem=problem)


@recipe(S + "rectification_plan_draft")
def _(c):
    problem = c.sv.problem
    return lambda: services.rectification_plan_draft(
        actor=c.reporter_a, problem=problem, measures="草稿", responsible="", target_date=None
    )


@recipe(S + "rectification_plan_submit")
def _(c):
    problem = c.sv.problem
    return lambda: _plan(c, problem)


@recipe(S + "rectification_progress")
def _(c):
    problem = _plan(c, c.sv.problem)
    return lambda: services.rectification_progress(
        actor=c.reporter_a, problem=problem, text="已补一半"
    )


@recipe(S + "rectification_complete")
def _(c):
    problem = _plan(c, c.sv.problem)
    return lambda: services.rectification_complete(
        actor=c.leader_a, problem=problem, text="已完成", files=[pdf()]
    )
