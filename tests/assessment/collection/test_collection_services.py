"""Services of a unit's submission: save, conflicts, sign-off, evidence; every refusal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from leitai.assessment.collection.services.collection import (
    Entry,
    evidence_add,
    evidence_remove,
    submission_request_signoff,
    submission_save,
    submission_submit,
)
from leitai.assessment.models import Evidence, IndicatorValue, Submission
from leitai.core.models import AuditEntry
from tests.assessment.collection_world import build_collection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared in English; the page language is Chinese by default.
    with translation.override("en"):
        yield


@pytest.fixture
def col(world):
    return build_collection(world)


PDF = b"%PDF-1.4 test"


def save(col, who, entries, unit=None, **kw):
    w = col.world
    return submission_save(
        actor=getattr(w, who),
        period=col.february,
        unit=unit or w.unit_a,
        entries=entries,
        **kw,
    )


def values(col, unit=None):
    unit = unit or col.world.unit_a
    return {
        v.indicator_code: (v.value, v.state, v.revision)
        for v in IndicatorValue.objects.filter(period=col.february, unit=unit)
    }


def fill(col):
    save(col, "reporter_a", [Entry("P01", Decimal("12"), 0), Entry("P02", Decimal("3.5"), 0)])


def test_save_writes_changed_values_with_one_audit_row(col):
    sub = save(
        col,
        "reporter_a",
        [Entry("P01", Decimal("12"), 0), Entry("P02", None, 0)],
        highlight=" 签约项目3个 ",
        highlight_revision=0,
    ).submission
    assert values(col) == {"P01": (Decimal("12"), "draft", 1)}
    assert (sub.state, sub.highlight, sub.revision) == ("draft", "签约项目3个", 1)
    entry = AuditEntry.objects.get()
    assert entry.action == "submission.save"
    assert entry.before == {"values": {"P01": None}, "highlight": ""}
    assert entry.after == {"values": {"P01": "12"}, "highlight": "签约项目3个"}
    assert entry.unit == col.world.unit_a


def test_saving_the_same_again_changes_nothing(col):
    fill(col)
    save(col, "reporter_a", [Entry("P01", Decimal("12.0000"), 1)])
    assert values(col)["P01"] == (Decimal("12"), "draft", 1)
    assert AuditEntry.objects.count() == 1


def test_a_change_of_the_note_alone_is_recorded_with_the_note(col):
    fill(col)
    save(col, "reporter_a", [Entry("P01", Decimal("12"), 1, note="含新签约项目")])
    assert values(col)["P01"] == (Decimal("12"), "draft", 2)
    entry = AuditEntry.objects.order_by("-pk").first()
    assert (entry.action, entry.before, entry.after) == (
        "submission.save",
        {"values": {"P01": {"value": "12", "note": ""}}},
        {"values": {"P01": {"value": "12", "note": "含新签约项目"}}},
    )
    assert AuditEntry.objects.count() == 2


def test_second_save_of_a_stale_value_is_refused_and_nothing_lost(col):
    fill(col)
    save(col, "leader_a", [Entry("P01", Decimal("13"), 1)])
    with pytest.raises(ValidationError) as exc:
        save(col, "reporter_a", [Entry("P01", Decimal("14"), 1), Entry("P02", Decimal("9"), 1)])
    assert "now 13" in exc.value.message_dict["P01"][0]
    assert values(col)["P01"] == (Decimal("13"), "draft", 2)
    assert values(col)["P02"] == (Decimal("3.5"), "draft", 1)
    assert AuditEntry.objects.count() == 2


def test_stale_highlight_is_refused(col):
    save(col, "reporter_a", [], highlight="甲", highlight_revision=0)
    with pytest.raises(ValidationError) as exc:
        save(col, "leader_a", [], highlight="乙", highlight_revision=0)
    assert list(exc.value.message_dict) == ["highlight"]
    assert Submission.objects.get().highlight == "甲"


@pytest.mark.parametrize("who", ["reporter_b", "assessor", "supervisor", "judge", "leader"])
def test_other_people_may_not_fill_unit_a(col, who):
    with pytest.raises(PermissionDenied):
        save(col, who, [Entry("P01", Decimal("1"), 0)])
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.exists()


def test_other_county_office_may_not_fill(col):
    with pytest.raises(PermissionDenied):
        save(col, "other_office", [Entry("P01", Decimal("1"), 0)])
    assert not AuditEntry.objects.exists()


def test_office_may_fill_for_a_unit(col):
    save(col, "office", [Entry("P01", Decimal("1"), 0)])
    assert values(col) == {"P01": (Decimal("1"), "draft", 1)}


def test_indicator_of_another_group_does_not_apply(col):
    with pytest.raises(ValidationError) as exc:
        save(col, "reporter_b", [Entry("P02", Decimal("1"), 0)], unit=col.world.unit_b)
    assert list(exc.value.message_dict) == ["P02"]
    assert not IndicatorValue.objects.exists()


def test_unit_may_not_enter_assessor_or_system_values(col):
    for code in ("R01", "T01"):
        with pytest.raises(PermissionDenied):
            save(col, "reporter_a", [Entry(code, Decimal("1"), 0)])
    # Judges' scores are collected in quarters only: a month does not ask for them at all.
    with pytest.raises(ValidationError):
        save(col, "reporter_a", [Entry("J01", Decimal("1"), 0)])
    assert not IndicatorValue.objects.exists()


def test_assessor_enters_the_values_it_supplies_as_verified(col):
    save(col, "assessor", [Entry("R01", Decimal("3"), 0)])
    value = IndicatorValue.objects.get()
    assert (value.value, value.source, value.state) == (Decimal("3"), "assessor", "verified")
    assert value.verified_by == col.world.assessor


def test_locked_period_refuses_every_change(col):
    w = col.world
    with pytest.raises(ValidationError) as exc:
        submission_save(
            actor=w.reporter_a,
            period=col.january,
            unit=w.unit_a,
            entries=[Entry("P01", Decimal("1"), 0)],
        )
    assert "locked" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        submission_save(
            actor=w.assessor,
            period=col.january,
            unit=w.unit_a,
            entries=[Entry("R01", Decimal("1"), 0)],
        )
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.exists()


def test_too_many_decimals_are_refused(col):
    with pytest.raises(ValidationError) as exc:
        save(col, "reporter_a", [Entry("P01", Decimal("1.23456"), 0)])
    assert list(exc.value.message_dict) == ["P01"]


# --- sign-off ------------------------------------------------------------------------------


def test_request_signoff_then_leader_submits(col):
    w = col.world
    fill(col)
    sub = submission_request_signoff(actor=w.reporter_a, period=col.february, unit=w.unit_a)
    assert sub.state == "ready"
    sub = submission_submit(actor=w.leader_a, period=col.february, unit=w.unit_a)
    assert (sub.state, sub.submitted_by) == ("submitted", w.leader_a)
    assert {c: s for c, (_, s, _) in values(col).items()} == {
        "P01": "submitted",
        "P02": "submitted",
    }
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["submission.save", "submission.request_signoff", "submission.submit"]


def test_save_and_submit_is_one_step_with_one_audit_row(col):
    both = [Entry("P01", Decimal("12"), 0), Entry("P02", Decimal("3.5"), 0)]
    saved = save(col, "leader_a", both, then="submit")
    assert saved.submission.state == "submitted"
    assert {c: s for c, (_, s, _) in values(col).items()} == {
        "P01": "submitted",
        "P02": "submitted",
    }
    entry = AuditEntry.objects.get()
    assert entry.action == "submission.submit"
    assert entry.after["state"] == "submitted"
    assert entry.after["saved"]["values"] == {"P01": "12", "P02": "3.5"}


def test_a_refused_handover_saves_nothing(col):
    with pytest.raises(ValidationError):
        save(col, "reporter_a", [Entry("P01", Decimal("12"), 0)], then="ready")  # P02 missing
    assert values(col) == {} and not AuditEntry.objects.exists()


def test_signoff_needs_every_value(col):
    w = col.world
    save(col, "reporter_a", [Entry("P01", Decimal("12"), 0)])
    with pytest.raises(ValidationError) as exc:
        submission_submit(actor=w.leader_a, period=col.february, unit=w.unit_a)
    assert "固定资产投资" in exc.value.messages[0]
    assert Submission.objects.get().state == "draft"
    assert AuditEntry.objects.count() == 1


def test_reporter_may_not_sign_off(col):
    w = col.world
    fill(col)
    with pytest.raises(PermissionDenied):
        submission_submit(actor=w.reporter_a, period=col.february, unit=w.unit_a)
    assert Submission.objects.get().state == "draft"
    assert AuditEntry.objects.count() == 1


def test_leader_of_another_unit_may_not_sign_off(col):
    w = col.world
    fill(col)
    with pytest.raises(PermissionDenied):
        submission_submit(actor=w.reporter_b, period=col.february, unit=w.unit_a)


def test_signed_off_data_are_frozen_for_the_unit(col):
    w = col.world
    fill(col)
    submission_submit(actor=w.leader_a, period=col.february, unit=w.unit_a)
    with pytest.raises(ValidationError) as exc:
        save(col, "reporter_a", [Entry("P01", Decimal("99"), 2)])
    assert "signed off" in exc.value.messages[0]
    assert values(col)["P01"][0] == Decimal("12")
    with pytest.raises(ValidationError):
        submission_submit(actor=w.leader_a, period=col.february, unit=w.unit_a)


def test_request_signoff_twice_is_refused(col):
    w = col.world
    fill(col)
    submission_request_signoff(actor=w.reporter_a, period=col.february, unit=w.unit_a)
    with pytest.raises(ValidationError):
        submission_request_signoff(actor=w.reporter_a, period=col.february, unit=w.unit_a)
    assert AuditEntry.objects.count() == 2


# --- evidence ------------------------------------------------------------------------------------


def test_evidence_is_stored_under_a_safe_name(col, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = col.world
    upload = SimpleUploadedFile("../../证明 材料.pdf", PDF, content_type="application/pdf")
    evidence = evidence_add(actor=w.reporter_a, period=col.february, unit=w.unit_a, upload=upload)
    assert evidence.original_name == "证明 材料.pdf"
    assert evidence.file.name.startswith("evidence/")
    assert evidence.file.name.endswith(".pdf") and ".." not in evidence.file.name
    assert (tmp_path / evidence.file.name).read_bytes() == PDF
    assert AuditEntry.objects.get().action == "evidence.add"


TYPES = "pdf, png, jpg, jpeg, gif, webp, docx, xlsx, pptx, doc, xls, ppt, wps"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "run.exe",
            b"MZ",
            f"Evidence: “run.exe” is not accepted; upload a PDF, an image or an Office file "
            f"({TYPES}).",
        ),
        ("fake.pdf", b"<html>", "Evidence: the content of “fake.pdf” is not a .pdf file."),
        ("empty.pdf", b"", "Evidence: “empty.pdf” is empty."),
        (
            "note.txt",
            b"hello",
            f"Evidence: “note.txt” is not accepted; upload a PDF, an image or an Office file "
            f"({TYPES}).",
        ),
    ],
)
def test_bad_evidence_is_refused(col, settings, tmp_path, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    w = col.world
    with pytest.raises(ValidationError) as exc:
        evidence_add(
            actor=w.reporter_a,
            period=col.february,
            unit=w.unit_a,
            upload=SimpleUploadedFile(name, content),
        )
    assert exc.value.message_dict == {"file": [message]}
    assert not Evidence.objects.exists()
    assert not AuditEntry.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_evidence_over_the_size_limit_is_refused(col, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LEITAI_MAX_EVIDENCE_BYTES = 10
    w = col.world
    with pytest.raises(ValidationError) as exc:
        evidence_add(
            actor=w.reporter_a,
            period=col.february,
            unit=w.unit_a,
            upload=SimpleUploadedFile("a.pdf", PDF + b"x" * 20),
        )
    assert exc.value.message_dict == {
        "file": ["Evidence: “a.pdf” (33\xa0bytes) is larger than 10\xa0bytes."]
    }
    assert not Evidence.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_failed_evidence_add_leaves_no_file(col, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    w = col.world

    def fail(**kwargs):
        raise RuntimeError("audit failed")

    monkeypatch.setattr("leitai.assessment.collection.services.collection.record", fail)
    with pytest.raises(RuntimeError):
        evidence_add(
            actor=w.reporter_a,
            period=col.february,
            unit=w.unit_a,
            upload=SimpleUploadedFile("a.pdf", PDF),
        )
    assert not Evidence.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_evidence_of_another_unit_is_refused(col, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = col.world
    with pytest.raises(PermissionDenied):
        evidence_add(
            actor=w.reporter_b,
            period=col.february,
            unit=w.unit_a,
            upload=SimpleUploadedFile("a.pdf", PDF),
        )
    assert not Evidence.objects.exists()


def test_evidence_remove(col, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    w = col.world
    evidence = evidence_add(
        actor=w.reporter_a,
        period=col.february,
        unit=w.unit_a,
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    path = tmp_path / evidence.file.name
    with pytest.raises(PermissionDenied):
        evidence_remove(actor=w.reporter_b, evidence=evidence)
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(actor=w.leader_a, evidence=evidence)
    assert not Evidence.objects.exists()
    assert not path.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "evidence.add",
        "evidence.remove",
    ]
