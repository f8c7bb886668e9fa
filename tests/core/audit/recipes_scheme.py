"""Audit recipes of the scheme: versions, arenas, indicators, periods, targets, adjustments."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook

from leitai.assessment.models import Exemption, Period, Scheme, Target
from leitai.assessment.scheme.services import adjustments, periods, scheme, targets
from leitai.org.models import AssessmentYear
from tests.assessment.scheme_factory import SMALL_YAML, make_period, make_scheme
from tests.core.audit.harness import CREATE, EVENT, recipe

S = "leitai.assessment.scheme.services."
SCH = S + "scheme."


@recipe(SCH + "scheme_import", kind=CREATE)
def _(c):
    return lambda: scheme.scheme_import(actor=c.office, year=c.year, text=SMALL_YAML)


@recipe(SCH + "scheme_copy_last_year", kind=CREATE)
def _(c):
    last = AssessmentYear.objects.create(jurisdiction=c.county, year=2021, name="2021年度")
    make_scheme(last)
    return lambda: scheme.scheme_copy_last_year(actor=c.office, year=c.year)


@recipe(SCH + "scheme_activate")
def _(c):
    make_scheme(c.year)
    draft = make_scheme(c.year, state=Scheme.State.DRAFT, version=2)
    return lambda: scheme.scheme_activate(actor=c.office, scheme=draft)


@recipe(SCH + "scheme_discard")
def _(c):
    make_scheme(c.year)
    draft = make_scheme(c.year, state=Scheme.State.DRAFT, version=2)
    return lambda: scheme.scheme_discard(actor=c.office, scheme=draft)


@recipe(SCH + "scheme_update")
def _(c):
    row = make_scheme(c.year)
    return lambda: scheme.scheme_update(actor=c.office, scheme=row, name="二〇二二年方案")


@recipe(SCH + "arena_create", kind=CREATE)
def _(c):
    row = make_scheme(c.year, state=Scheme.State.DRAFT)
    first = {"code": "D1", "name": "党建考核", "rule": "share", "max_points": 10.0}
    return lambda: scheme.arena_create(
        actor=c.office,
        scheme=row,
        code="party",
        name="基层党建",
        weight=20.0,
        first_indicator=first,
    )


@recipe(SCH + "arena_update")
def _(c):
    arena = make_scheme(c.year).arenas.get(code="projects")
    return lambda: scheme.arena_update(actor=c.office, arena=arena, weight=50.0)


@recipe(SCH + "arena_delete")
def _(c):
    arena = make_scheme(c.year, state=Scheme.State.DRAFT).arenas.get(code="advance")
    return lambda: scheme.arena_delete(actor=c.office, arena=arena)


@recipe(SCH + "indicator_create", kind=CREATE)
def _(c):
    arena = make_scheme(c.year, state=Scheme.State.DRAFT).arenas.get(code="advance")
    return lambda: scheme.indicator_create(
        actor=c.office, arena=arena, code="R5", name="招商引资", rule="share", max_points=5.0
    )


@recipe(SCH + "indicator_update")
def _(c):
    p1 = make_scheme(c.year).indicators.get(code="P1")
    return lambda: scheme.indicator_update(actor=c.office, indicator=p1, max_points=50.0)


@recipe(SCH + "indicator_delete")
def _(c):
    r3 = make_scheme(c.year).indicators.get(code="R3")
    return lambda: scheme.indicator_delete(actor=c.office, indicator=r3)


PER = S + "periods."


@recipe(PER + "periods_generate", kind=EVENT)
def _(c):
    return lambda: periods.periods_generate(actor=c.office, year=c.year)


@recipe(PER + "period_update")
def _(c):
    period = make_period(c.year)
    later = period.locks_at + dt.timedelta(days=1)
    return lambda: periods.period_update(actor=c.office, period=period, locks_at=later)


def _transition(name, state):
    @recipe(PER + f"period_{name}")
    def _(c):
        period = make_period(c.year, state=state)
        return lambda: getattr(periods, f"period_{name}")(actor=c.office, period=period)


_transition("open", Period.State.PENDING)
_transition("close", Period.State.OPEN)
_transition("lock", Period.State.CLOSED)
_transition("reopen", Period.State.CLOSED)


@recipe(PER + "_advance")
def _(c):
    """Run by periods_advance_due (the `lock_due_periods` command), the system the actor."""
    make_period(c.year, "2022-01", state=Period.State.OPEN)
    return lambda: periods.periods_advance_due(now=timezone.now())


TGT = S + "targets."


def _targets_book(rows) -> bytes:
    """Return the office's targets workbook (sheet 目标) with the given rows."""
    book = Workbook()
    book.active.title = "目标"
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@recipe(TGT + "targets_save")
def _(c):
    make_scheme(c.year)
    Target.objects.create(year=c.year, unit=c.unit_a, indicator_code="P1", value=100)
    values = {(c.unit_a.pk, "P1"): Decimal("120")}
    return lambda: targets.targets_save(actor=c.office, year=c.year, values=values)


@recipe(TGT + "targets_import", kind=EVENT)
def _(c):
    make_scheme(c.year)
    data = _targets_book(
        [["单位代码", "单位名称", "P1 固定资产投资完成率"], ["A01", "", "１,２００"]]
    )
    return lambda: targets.targets_import(actor=c.office, year=c.year, data=data)


@recipe(TGT + "exemption_create")
def _(c):
    make_scheme(c.year)
    return lambda: targets.exemption_create(
        actor=c.office, year=c.year, unit=c.unit_a, indicator_code="P1", reason="无此项任务"
    )


@recipe(TGT + "exemption_delete")
def _(c):
    make_scheme(c.year)
    row = Exemption.objects.create(
        year=c.year, unit=c.unit_a, indicator_code="P1", reason="无此项任务"
    )
    return lambda: targets.exemption_delete(actor=c.office, exemption=row)


ADJ = S + "adjustments."


def _proposed(c):
    make_scheme(c.year)
    period = make_period(c.year, "2022-03")
    return adjustments.adjustment_propose(
        actor=c.assessor,
        period=period,
        unit=c.unit_a,
        arena_code="projects",
        kind="bonus",
        matter="全国文明单位",
        level="national",
    )


@recipe(ADJ + "adjustment_propose")
def _(c):
    make_scheme(c.year)
    period = make_period(c.year, "2022-03")
    return lambda: adjustments.adjustment_propose(
        actor=c.assessor,
        period=period,
        unit=c.unit_a,
        arena_code="projects",
        kind="bonus",
        matter="全国文明单位",
        level="national",
    )


@recipe(ADJ + "adjustment_approve")
def _(c):
    row = _proposed(c)
    return lambda: adjustments.adjustment_approve(actor=c.office, adjustment=row, note="属实")


@recipe(ADJ + "adjustment_reject")
def _(c):
    row = _proposed(c)
    return lambda: adjustments.adjustment_reject(actor=c.office, adjustment=row, note="材料不全")
