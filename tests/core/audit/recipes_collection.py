"""Audit recipes of data collection: values, sign-off, review, evidence, judges' scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from leitai.assessment.collection.services import (
    collection,
    excel_values,
    panel,
    reminders,
    review,
    system_values,
)
from leitai.assessment.collection.services.collection import Entry
from leitai.assessment.models import IndicatorValue
from tests.assessment.collection.test_excel_values import book, row
from tests.assessment.collection_world import make_quarter
from tests.core.audit.harness import EVENT, recipe
from tests.supervision.conftest import pdf

C = "leitai.assessment.collection.services."
COL = C + "collection."
REV = C + "review."


def _saved(c, value="12"):
    """Unit A's February values P01 and P02, saved by its reporter."""
    col = c.collection
    entries = [Entry("P01", Decimal(value), 0), Entry("P02", Decimal("3"), 0)]
    collection.submission_save(
        actor=c.reporter_a, period=col.february, unit=c.unit_a, entries=entries
    )
    return col


def _signed_off(c):
    col = _saved(c)
    collection.submission_submit(actor=c.leader_a, period=col.february, unit=c.unit_a)
    return {v.indicator_code: v for v in IndicatorValue.objects.filter(unit=c.unit_a)}


@recipe(COL + "submission_save")
def _(c):
    col = _saved(c)
    p01 = IndicatorValue.objects.get(unit=c.unit_a, indicator_code="P01")
    entries = [Entry("P01", Decimal("13"), p01.revision)]
    return lambda: collection.submission_save(
        actor=c.reporter_a, period=col.february, unit=c.unit_a, entries=entries
    )


@recipe(COL + "submission_request_signoff")
def _(c):
    col = _saved(c)
    return lambda: collection.submission_request_signoff(
        actor=c.reporter_a, period=col.february, unit=c.unit_a
    )


@recipe(COL + "submission_submit")
def _(c):
    col = _saved(c)
    return lambda: collection.submission_submit(
        actor=c.leader_a, period=col.february, unit=c.unit_a
    )


@recipe(COL + "evidence_add")
def _(c):
    col = c.collection
    return lambda: collection.evidence_add(
        actor=c.reporter_a, period=col.february, unit=c.unit_a, upload=pdf("证明材料.pdf")
    )


@recipe(COL + "evidence_remove")
def _(c):
    col = c.collection
    evidence = collection.evidence_add(
        actor=c.reporter_a, period=col.february, unit=c.unit_a, upload=pdf("证明材料.pdf")
    )
    return lambda: collection.evidence_remove(actor=c.leader_a, evidence=evidence)


@recipe(C + "excel_values.values_import")
def _(c):
    col = _saved(c)
    data = book([row("A01", "P01", "１,２３４.５")])
    plan = excel_values.plan_upload(user=c.reporter_a, period=col.february, data=data)
    assert plan.problems == []
    return lambda: excel_values.values_import(actor=c.reporter_a, period=col.february, plan=plan)


@recipe(C + "panel.panel_scores_save")
def _(c):
    c.collection  # noqa: B018 - the scheme with the judges' indicator J01
    quarter = make_quarter(c.year)
    scores = {(c.unit_a.pk, "评委1"): Decimal("90")}
    panel.panel_scores_save(actor=c.office, period=quarter, indicator_code="J01", scores=scores)
    changed = {(c.unit_a.pk, "评委1"): Decimal("91"), (c.unit_a.pk, "评委2"): Decimal("85.5")}
    return lambda: panel.panel_scores_save(
        actor=c.office, period=quarter, indicator_code="J01", scores=changed
    )


@recipe(C + "reminders.reminders_send", kind=EVENT)
def _(c):
    col = c.collection
    c.reporter_b.email = "b@example.cn"
    c.reporter_b.save()
    col.february.deadline = timezone.now() - dt.timedelta(hours=1)
    col.february.save()
    return lambda: reminders.reminders_send(actor=c.office, period=col.february)


@recipe(C + "reminders.reminders_send_by_system", kind=EVENT)
def _(c):
    col = c.collection
    col.february.deadline = timezone.now() - dt.timedelta(hours=1)
    col.february.save()
    return lambda: reminders.reminders_send_by_system(period=col.february)


@recipe(C + "system_values.system_values_refresh", kind=EVENT)
def _(c):
    col = c.collection

    class Item:
        unit_id, indicator_code, value = c.unit_a.pk, "T01", 87.5
        note_zh, note_en = "7/8 个节点按期完成", "7 of 8 on time"

    def provider(*, year, period_code, period_end):
        return [Item()]

    return lambda: system_values.system_values_refresh(
        actor=c.office, period=col.february, providers=[provider]
    )


@recipe(REV + "value_verify")
def _(c):
    values = _signed_off(c)
    return lambda: review.value_verify(actor=c.assessor, value=values["P01"])


@recipe(REV + "value_return")
def _(c):
    values = _signed_off(c)
    return lambda: review.value_return(
        actor=c.assessor, value=values["P01"], comment="与统计年报不符"
    )


@recipe(REV + "values_verify_many")
def _(c):
    values = _signed_off(c)
    col = c.collection
    items = [(values["P01"], None), (values["P02"], None)]
    return lambda: review.values_verify_many(actor=c.assessor, period=col.february, items=items)


@recipe(REV + "values_enter_many")
def _(c):
    col = c.collection
    entries = {c.unit_a: [Entry("R01", Decimal("3"), 0)], c.unit_b: [Entry("R01", Decimal("5"), 0)]}
    return lambda: review.values_enter_many(actor=c.assessor, period=col.february, entries=entries)


@recipe(REV + "submissions_lock", kind=EVENT)
def _(c):
    col = c.collection
    collection.submission_save(
        actor=c.reporter_a,
        period=col.february,
        unit=c.unit_a,
        entries=[Entry("P01", Decimal("12"), 0)],
    )
    col.february.state = "locked"
    col.february.locks_at = timezone.now() - dt.timedelta(hours=1)
    col.february.deadline = col.february.locks_at - dt.timedelta(days=1)
    col.february.save()
    return lambda: review.submissions_lock(actor=c.office, period=col.february)
