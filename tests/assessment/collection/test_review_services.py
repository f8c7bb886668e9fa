"""Verify and return values; the submission follows; system values, judges' scores, reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from leitai.assessment.collection.services.collection import (
    Entry,
    submission_save,
    submission_submit,
)
from leitai.assessment.collection.services.panel import panel_scores_save
from leitai.assessment.collection.services.reminders import reminders_send
from leitai.assessment.collection.services.review import (
    submissions_lock,
    value_return,
    value_verify,
)
from leitai.assessment.collection.services.system_values import (
    system_values_refresh,
)
from leitai.assessment.models import IndicatorValue, PanelScore, Submission
from leitai.core.models import AuditEntry
from tests.assessment.collection_world import build_collection, make_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared in English; the page language is Chinese by default.
    with translation.override("en"):
        yield


@pytest.fixture
def col(world):
    return build_collection(world)


def signed_off(col):
    w = col.world
    submission_save(
        actor=w.reporter_a,
        period=col.february,
        unit=w.unit_a,
        entries=[Entry("P01", Decimal("12"), 0), Entry("P02", Decimal("3"), 0)],
    )
    submission_submit(actor=w.leader_a, period=col.february, unit=w.unit_a)
    return {v.indicator_code: v for v in IndicatorValue.objects.filter(unit=w.unit_a)}


def test_assessor_verifies_all_and_the_submission_is_verified(col):
    w = col.world
    vals = signed_off(col)
    value_verify(actor=w.assessor, value=vals["P01"])
    assert Submission.objects.get().state == "submitted"
    value_verify(actor=w.office, value=vals["P02"])
    assert Submission.objects.get().state == "verified"
    p01 = IndicatorValue.objects.get(indicator_code="P01")
    assert (p01.state, p01.verified_by) == ("verified", w.assessor)
    last = AuditEntry.objects.order_by("-id").first()
    assert (last.action, last.after) == (
        "value.verify",
        {"state": "verified", "submission": "verified"},
    )


def test_return_sends_the_unit_back_with_the_comment(col):
    w = col.world
    vals = signed_off(col)
    value_return(actor=w.assessor, value=vals["P01"], comment="与统计年报不符")
    value = IndicatorValue.objects.get(indicator_code="P01")
    assert (value.state, value.return_comment) == ("returned", "与统计年报不符")
    sub = Submission.objects.get()
    assert (sub.state, sub.return_comment) == ("returned", "与统计年报不符")
    # the unit fixes it and signs off again
    submission_save(
        actor=w.reporter_a,
        period=col.february,
        unit=w.unit_a,
        entries=[Entry("P01", Decimal("11"), value.revision)],
    )
    submission_submit(actor=w.leader_a, period=col.february, unit=w.unit_a)
    value.refresh_from_db()
    assert (value.value, value.state) == (Decimal("11"), "submitted")
    assert Submission.objects.get().return_comment == ""


def test_return_needs_a_comment(col):
    vals = signed_off(col)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        value_return(actor=col.world.assessor, value=vals["P01"], comment="  ")
    assert list(exc.value.message_dict) == ["comment"]
    assert IndicatorValue.objects.get(indicator_code="P01").state == "submitted"
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    "who", ["reporter_a", "leader_a", "reporter_b", "judge", "leader", "other_office"]
)
def test_only_the_assessor_and_office_review(col, who):
    vals = signed_off(col)
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        value_verify(actor=getattr(col.world, who), value=vals["P01"])
    with pytest.raises(PermissionDenied):
        value_return(actor=getattr(col.world, who), value=vals["P01"], comment="x")
    assert IndicatorValue.objects.get(indicator_code="P01").state == "submitted"
    assert AuditEntry.objects.count() == before


def test_a_draft_cannot_be_verified(col):
    w = col.world
    submission_save(
        actor=w.reporter_a,
        period=col.february,
        unit=w.unit_a,
        entries=[Entry("P01", Decimal("12"), 0)],
    )
    with pytest.raises(ValidationError):
        value_verify(actor=w.assessor, value=IndicatorValue.objects.get())
    assert IndicatorValue.objects.get().state == "draft"


def test_stale_review_is_refused(col):
    vals = signed_off(col)
    with pytest.raises(ValidationError) as exc:
        value_verify(actor=col.world.assessor, value=vals["P01"], revision=0)
    assert list(exc.value.message_dict) == ["P01"]


def test_review_in_a_locked_period_is_refused(col):
    w = col.world
    vals = signed_off(col)
    col.february.state = "locked"
    col.february.save()
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        value_verify(actor=w.assessor, value=vals["P01"])
    assert IndicatorValue.objects.get(indicator_code="P01").state == "submitted"
    assert AuditEntry.objects.count() == before


def test_lock_all_submissions_of_a_locked_period(col):
    w = col.world
    Submission.objects.create(period=col.january, unit=w.unit_a, state="verified")
    with pytest.raises(PermissionDenied):
        submissions_lock(actor=w.reporter_a, period=col.january)
    with pytest.raises(ValidationError):
        submissions_lock(actor=w.office, period=col.february)
    assert submissions_lock(actor=w.office, period=col.january) == 1
    assert Submission.objects.get().state == "locked"


# --- system values ---------------------------------------------------------------------------


@dataclass
class Item:
    unit_id: int
    indicator_code: str
    value: float
    note_zh: str
    note_en: str


def test_system_values_are_written_verified_and_refresh_is_idempotent(col):
    w = col.world
    calls = []

    def provider(*, year, period_code, period_end):
        calls.append((year, period_code, period_end))
        return [
            Item(w.unit_a.pk, "T01", 87.5, "7/8 个节点按期完成", "7 of 8 on time"),
            Item(w.unit_a.pk, "P01", 1, "不是系统指标", "ignored"),
            Item(w.other_unit.pk, "T01", 1, "别县", "other county"),
        ]

    assert system_values_refresh(actor=w.office, period=col.february, providers=[provider]) == 1
    assert calls == [(2022, "2022-02", dt.date(2022, 2, 28))]
    value = IndicatorValue.objects.get()
    assert (value.unit, value.indicator_code, value.value) == (w.unit_a, "T01", Decimal("87.5"))
    assert (value.source, value.state, value.note) == ("system", "verified", "7/8 个节点按期完成")
    assert system_values_refresh(actor=w.office, period=col.february, providers=[provider]) == 0
    assert IndicatorValue.objects.get().revision == 1
    assert AuditEntry.objects.filter(action="value.system_refresh").count() == 2


def test_system_values_refresh_is_office_only(col):
    with pytest.raises(PermissionDenied):
        system_values_refresh(actor=col.world.assessor, period=col.february, providers=[])
    assert not AuditEntry.objects.exists()


# --- judges' scores ----------------------------------------------------------------------------


def test_office_saves_judges_scores(col):
    w = col.world
    quarter = make_quarter(w.year)
    scores = {(w.unit_a.pk, "评委1"): Decimal("90"), (w.unit_a.pk, "评委2"): Decimal("85.5")}
    assert (
        panel_scores_save(actor=w.office, period=quarter, indicator_code="J01", scores=scores) == 2
    )
    assert (
        panel_scores_save(actor=w.office, period=quarter, indicator_code="J01", scores=scores) == 0
    )
    changed = {(w.unit_a.pk, "评委1"): Decimal("91"), (w.unit_a.pk, "评委2"): None}
    assert (
        panel_scores_save(actor=w.office, period=quarter, indicator_code="J01", scores=changed) == 2
    )
    assert list(PanelScore.objects.values_list("judge_label", "score")) == [
        ("评委1", Decimal("91"))
    ]
    assert AuditEntry.objects.filter(action="panel.save").count() == 2


@pytest.mark.parametrize(
    ("code", "score", "field"),
    [("P01", "90", "indicator_code"), ("J01", "101", "score"), ("J01", "9.555", "score")],
)
def test_bad_judges_scores_are_refused(col, code, score, field):
    w = col.world
    quarter = make_quarter(w.year)
    with pytest.raises(ValidationError) as exc:
        panel_scores_save(
            actor=w.office,
            period=quarter,
            indicator_code=code,
            scores={(w.unit_a.pk, "评委1"): Decimal(score)},
        )
    assert list(exc.value.message_dict) == [field]
    assert not PanelScore.objects.exists()


def test_judges_scores_are_office_only_and_not_in_a_locked_period(col):
    w = col.world
    scores = {(w.unit_a.pk, "评委1"): Decimal("90")}
    with pytest.raises(PermissionDenied):
        panel_scores_save(
            actor=w.judge, period=make_quarter(w.year), indicator_code="J01", scores=scores
        )
    locked = make_quarter(w.year, "2022-Q4", 10, state="locked")
    with pytest.raises(ValidationError) as exc:
        panel_scores_save(actor=w.office, period=locked, indicator_code="J01", scores=scores)
    assert exc.value.messages == ["Period 2022-Q4 is locked; nothing can change."]
    assert not PanelScore.objects.exists()


def test_judges_scores_are_refused_in_a_month(col):
    w = col.world
    scores = {(w.unit_a.pk, "评委1"): Decimal("90")}
    with pytest.raises(ValidationError) as exc:
        panel_scores_save(actor=w.office, period=col.february, indicator_code="J01", scores=scores)
    assert exc.value.message_dict == {"period": ["Judges' scores are collected in quarters only."]}
    assert not PanelScore.objects.exists()
    assert not AuditEntry.objects.exists()


# --- reminders ---------------------------------------------------------------------------------


def test_reminders_go_to_the_late_units(col, django_capture_on_commit_callbacks):
    w = col.world
    w.reporter_a.email = "a@example.cn"
    w.reporter_a.save()
    w.reporter_b.email = "b@example.cn"
    w.reporter_b.save()
    signed_off(col)  # unit A signed off; B, C and S are late
    col.february.deadline = timezone.now() - dt.timedelta(hours=1)
    col.february.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(actor=w.office, period=col.february) == (1, ["B01"], ["C01", "S01"])
    assert [m.to for m in mail.outbox] == [["b@example.cn"]]
    assert "县商务局" in mail.outbox[0].subject
    entry = AuditEntry.objects.get(action="reminder.send")
    assert entry.after == {"units": ["B01"], "unreached": ["C01", "S01"], "emails": 1, "chats": 0}


def test_no_reminder_before_the_deadline_and_only_by_the_office(col):
    w = col.world
    with pytest.raises(ValidationError):
        reminders_send(actor=w.office, period=col.february)
    with pytest.raises(PermissionDenied):
        reminders_send(actor=w.assessor, period=col.february)
    assert not AuditEntry.objects.filter(action="reminder.send").exists()
