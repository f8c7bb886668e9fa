"""Audit recipes of honours: the grading rules, grading, publicity, objections, the final list."""

from __future__ import annotations

import datetime as dt

from leitai.honours import services
from tests.core.audit.harness import CHANGE, CREATE, recipe
from tests.honours.conftest import RULES, build_graded, publish_year

H = "leitai.honours.services."
FRIDAY = dt.date(2022, 12, 2)


def _draft(c):
    """A graded draft of the year (its ranking published, the rules set)."""
    g = build_graded(c.world)
    publish_year(g)
    return g, services.honours_grade(actor=c.office, year=c.year)


def _publicised(c):
    g, draft = _draft(c)
    return g, services.honours_publish(actor=c.office, draft=draft, today=FRIDAY)


@recipe(H + "grading_rules_set")
def _(c):
    g = build_graded(c.world)
    return lambda: services.grading_rules_set(
        actor=c.office, scheme=g.scheme, rules={**RULES, "rounding": "down"}
    )


@recipe(H + "honours_grade", kind=CREATE)
def _(c):
    publish_year(build_graded(c.world))
    return lambda: services.honours_grade(actor=c.office, year=c.year, note="第一稿")


@recipe(H + "honours_publish")
def _(c):
    _g, draft = _draft(c)
    return lambda: services.honours_publish(actor=c.office, draft=draft, today=FRIDAY)


@recipe(H + "honours_finalise")
def _(c):
    _g, draft = _publicised(c)
    return lambda: services.honours_finalise(
        actor=c.office, draft=draft, today=dt.date(2022, 12, 12)
    )


@recipe(H + "honours_discard", kind=CHANGE)  # the draft stays, discarded, for the record
def _(c):
    _g, draft = _draft(c)
    return lambda: services.honours_discard(actor=c.office, draft=draft, reason="数据有误")


@recipe(H + "objection_record", kind=CREATE)
def _(c):
    g, draft = _publicised(c)
    return lambda: services.objection_record(
        actor=c.office, draft=draft, text="D01 的数据有误", unit=g.units["D01"]
    )


@recipe(H + "objection_handle")
def _(c):
    g, draft = _publicised(c)
    objection = services.objection_record(
        actor=c.office, draft=draft, text="D01 的数据有误", unit=g.units["D01"]
    )
    return lambda: services.objection_handle(
        actor=c.office, objection=objection, action="dismiss", handling="经核实数据无误"
    )
