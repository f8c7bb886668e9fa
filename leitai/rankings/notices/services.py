"""Ranking notices: request one (office), render its files (a background job), retry, release.

`notice_request` writes the notice's heading and queues `notice_render` through the one task
interface (leitai/core/jobs.py): inline by default, on a worker in production. When rendering
fails, the job's work is rolled back and its failure hook, `notice_render_failed`, marks the
notice failed with a message for the office, who may `notice_retry` it.

The render reports its progress after each stage (ranking read, Excel, Word, PDF written) and
writes the notice row at the end in one service, `notice_rendered`, so on a worker the progress
is seen while it runs. Files are written before that: a render that fails deletes the files it
wrote, and the failure hook deletes those of a render whose worker was killed, so the retry
writes the same names and nothing is left beside them.

Every step is checked against the notice's state table (leitai/rankings/notices/transitions.py).
Every write is a `@service`: the office's steps, the rendered notice and the failure hook (which
the job runner runs in the transaction it opens for it, so the hook joins it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.core.audit import record, state
from leitai.core.jobs import JobStalled, enqueue, on_failure, own_transactions
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.rankings.models import Notice, NoticeSettings, RankingSnapshot
from leitai.rankings.notices.content import notice_content, period_label
from leitai.rankings.notices.docx import notice_docx
from leitai.rankings.notices.models import FORMATS
from leitai.rankings.notices.pdf import notice_pdf
from leitai.rankings.notices.progress import (
    GENERIC_ERROR,
    STALLED_ERROR,
    STEP_ERRORS,
    file_base,
    leftover_files,
    render_failed,
)
from leitai.rankings.notices.text import default_title, notice_body
from leitai.rankings.notices.transitions import NOTICE
from leitai.rankings.notices.xlsx import notice_xlsx
from leitai.rankings.transitions import SNAPSHOT

RENDER = "leitai.rankings.notices.services.notice_render"
HEADING_FIELDS = (
    "doc_number", "issuer", "title", "addressee", "issued_on", "copy_to", "printed_by",
    "printed_on", "public", "replaces_number",
)  # fmt: skip
SETTINGS_FIELDS = ("doc_prefix", "issuer", "copy_to", "printed_by")
FAILURE_FIELDS = ("state", "error")
DEFAULT_ADDRESSEE = "县直各部门、单位："
TRAILING_NUMBER = re.compile(r"(\d+)(\D*)$")


def notice_settings(jurisdiction) -> NoticeSettings:
    """Return the jurisdiction's notice settings (unsaved defaults until the office sets them)."""
    found = NoticeSettings.objects.filter(jurisdiction=jurisdiction).first()
    if found is not None:
        return found
    issuer = f"{jurisdiction.name}重点任务擂台比武活动办公室"
    return NoticeSettings(
        jurisdiction=jurisdiction, doc_prefix="擂办", issuer=issuer, printed_by=issuer
    )


def next_doc_number(jurisdiction, prefix: str, year: int) -> str:
    """Return the next free number of the year under the prefix: 临擂办〔2022〕12号."""
    pattern = re.compile(rf"^{re.escape(prefix)}〔{year}〕(\d+)号$")
    numbers = Notice.objects.filter(
        snapshot__jurisdiction=jurisdiction, doc_number__startswith=f"{prefix}〔{year}〕"
    ).values_list("doc_number", flat=True)
    used = [int(m.group(1)) for n in numbers if (m := pattern.match(n))]
    return f"{prefix}〔{year}〕{max(used, default=0) + 1}号"


def notice_defaults(snapshot: RankingSnapshot) -> dict:
    """Suggest a heading: the office's settings, the year's next number, today's date."""
    jurisdiction = snapshot.jurisdiction
    chosen = notice_settings(jurisdiction)
    last = (
        Notice.objects.filter(snapshot__jurisdiction_id=jurisdiction.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    today = timezone.localdate()
    if chosen.pk is None and last is not None:
        # Before the office sets a prefix, the last number it typed is continued.
        number = _next_number(last.doc_number, today.year)
        issuer = last.issuer
    else:
        number = next_doc_number(jurisdiction, chosen.doc_prefix, today.year)
        issuer = chosen.issuer
    return {
        "doc_number": number,
        "issuer": issuer,
        "title": default_title(period_label(snapshot.period)),
        "addressee": last.addressee if last else DEFAULT_ADDRESSEE,
        "issued_on": today,
        "copy_to": chosen.copy_to,
        "printed_by": chosen.printed_by if chosen.pk else issuer,
        "printed_on": today,
        "public": False,
    }


def replaced_number(snapshot: RankingSnapshot) -> str:
    """Return the number of the latest notice of the snapshot a re-issue corrects, or ""."""
    if not snapshot.supersedes_id:
        return ""
    last = (
        Notice.objects.filter(snapshot_id=snapshot.supersedes_id)
        .order_by("-created_at", "-id")
        .values_list("doc_number", flat=True)
        .first()
    )
    return last or ""


def _next_number(previous: str, year: int) -> str:
    """Return the document number after `previous`: 临擂办〔2022〕10号 → 临擂办〔2022〕11号."""
    if f"〔{year}〕" not in previous:
        previous = re.sub(r"〔\d{4}〕", f"〔{year}〕", previous)
        return TRAILING_NUMBER.sub(lambda m: f"1{m.group(2)}", previous)
    return TRAILING_NUMBER.sub(lambda m: f"{int(m.group(1)) + 1}{m.group(2)}", previous)


def _clean(fields: dict) -> dict:
    errors = {}
    cleaned = {}
    for name in ("doc_number", "issuer", "title"):
        value = str(fields.get(name) or "").strip()
        limit = Notice._meta.get_field(name).max_length
        if not value:
            errors[name] = _("This field is required.")
        elif len(value) > limit:
            errors[name] = _("Too long.")
        cleaned[name] = value
    for name in ("addressee", "copy_to", "printed_by"):
        limit = Notice._meta.get_field(name).max_length
        cleaned[name] = str(fields.get(name) or "").strip()[:limit]
    issued_on = fields.get("issued_on")
    if not isinstance(issued_on, dt.date):
        errors["issued_on"] = _("Give a date.")
    cleaned["issued_on"] = issued_on
    printed_on = fields.get("printed_on")
    if printed_on is not None and not isinstance(printed_on, dt.date):
        errors["printed_on"] = _("Give a date.")
    elif isinstance(issued_on, dt.date) and printed_on is not None and printed_on < issued_on:
        errors["printed_on"] = _("A notice is printed on or after its date.")
    cleaned["printed_on"] = printed_on
    cleaned["public"] = bool(fields.get("public"))
    if errors:
        raise ValidationError(errors)
    return cleaned


@service
def notice_request(*, actor, snapshot: RankingSnapshot, **fields) -> Notice:
    """Write a notice of a published snapshot and queue the rendering of its three files."""
    try:
        SNAPSHOT.check(actor, snapshot, "notice")
    except ValidationError as exc:
        message = _("Only a published ranking has a notice.")
        raise ValidationError({"snapshot": message}) from exc
    notice = Notice.objects.create(
        snapshot=snapshot,
        created_by=actor,
        replaces_number=replaced_number(snapshot),
        **_clean(fields),
    )
    record(
        actor=actor,
        action="notice.request",
        obj=notice,
        after={"snapshot": snapshot.pk, **state(notice, HEADING_FIELDS)},
        jurisdiction=snapshot.jurisdiction,
    )
    handle = enqueue(RENDER, kind="ranking_notice", created_by=actor, notice_id=notice.pk)
    Notice.objects.filter(pk=notice.pk).update(job_id=handle.job_id)
    notice.refresh_from_db()
    return notice


class NoticeRenderError(Exception):
    """Rendering failed at one step; `error` is the message id the office is shown."""

    def __init__(self, error: str, cause: Exception):
        super().__init__(f"{error} ({type(cause).__name__}: {cause})")
        self.error = error


def _step(step: str, func, *args, **kwargs):
    """Run one step of the rendering; a failure names the step."""
    try:
        return func(*args, **kwargs)
    except Exception as exc:
        raise NoticeRenderError(STEP_ERRORS[step], exc) from exc


def _actor(notice: Notice, actor_id: int | None):
    """Return who the job acts for: who retried it, else who requested the notice."""
    if actor_id is None:
        return notice.created_by
    return get_user_model().objects.filter(pk=actor_id).first() or notice.created_by


@service  # run by the job runner, inside the transaction it opens for the hook
def notice_render_failed(*, error: Exception, notice_id: int, actor_id: int | None = None) -> None:
    """Mark the notice failed with a message fit for the office (the job's failure hook)."""
    notice = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("snapshot__jurisdiction", "created_by")
        .get(pk=notice_id)
    )
    if not NOTICE.may(None, notice, "fail"):
        return  # a render that ended (or failed) already
    # A killed render could not delete what it had written: the files go now.
    _delete(leftover_files(notice))
    before = state(notice, ("state",))
    NOTICE.move(None, notice, "fail")
    # Only a known message id reaches the page: an exception's text may hold paths or data.
    if isinstance(error, JobStalled):
        notice.error = STALLED_ERROR
    else:
        notice.error = getattr(error, "error", GENERIC_ERROR)
    notice.save(update_fields=["state", "error"])
    record(
        actor=_actor(notice, actor_id),
        action="notice.fail",
        obj=notice,
        before=before,
        after=state(notice, FAILURE_FIELDS),
        jurisdiction=notice.snapshot.jurisdiction,
    )


@service
def notice_rendered(*, notice: Notice, actor) -> None:
    """Save the notice the job rendered, with its files, and write the one audit row."""
    notice.save()
    record(
        actor=actor,
        action="notice.render",
        obj=notice,
        before={"state": Notice.State.PENDING},  # the only state a render starts from
        after={"state": notice.state, **{k: notice.file_of(k).name for k in FORMATS}},
        jurisdiction=notice.snapshot.jurisdiction,
    )


@on_failure(notice_render_failed)
@own_transactions
def notice_render(*, notice_id: int, report, actor_id: int | None = None) -> str:
    """Render the notice's body and its DOCX, PDF and XLSX files (the background job)."""
    notice = Notice.objects.select_related(
        "snapshot__period", "snapshot__jurisdiction", "created_by"
    ).get(pk=notice_id)
    NOTICE.check(None, notice, "render")
    try:
        _render(notice, report)
        notice_rendered(notice=notice, actor=_actor(notice, actor_id))
    except Exception:
        # The row's changes roll back; the files written must go too.
        _delete(notice.file_of(kind).name for kind in FORMATS)
        raise
    return notice.pdf.name


# Progress (percent) reported once each stage is done; the PDF takes longest.
STAGES = {"content": 10, "xlsx": 25, "docx": 40, "pdf": 95}
STAGE_MESSAGES = {
    "content": "ranking read",
    "xlsx": "Excel file written",
    "docx": "Word file written",
    "pdf": "PDF file written",
}


def _render(notice: Notice, report) -> None:
    """Write the body and the three files (the row itself is saved by the caller)."""
    snapshot = notice.snapshot
    content = _step("content", notice_content, snapshot, as_of=notice.issued_on)
    notice.body = _step(
        "content", notice_body, content, as_of=notice.issued_on, replaces=notice.replaces_number
    )
    report(STAGES["content"], STAGE_MESSAGES["content"])
    # Files a killed render left at these names go first, so the names stay the same.
    _delete(leftover_files(notice))
    base = file_base(notice)
    steps = (("xlsx", notice_xlsx, (content,)), ("docx", notice_docx, (content, notice)),
             ("pdf", notice_pdf, (content, notice)))  # fmt: skip
    for kind, render, args in steps:
        data = _step(kind, render, *args)
        _step(kind, getattr(notice, kind).save, f"{base}.{kind}", ContentFile(data), save=False)
        report(STAGES[kind], STAGE_MESSAGES[kind])
    NOTICE.move(None, notice, "render")
    notice.generated_at = timezone.now()


def _delete(names) -> None:
    storage = Notice._meta.get_field("pdf").storage
    for name in names:
        if name:
            with contextlib.suppress(OSError):  # the render's own error is the one to report
                storage.delete(name)


@service
def notice_retry(*, actor, notice: Notice) -> Notice:
    """Render a failed notice's files again (office): the same notice, heading and number."""
    notice = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("job", "snapshot")
        .get(pk=notice.pk)
    )
    _check_retry(actor, notice)
    before = state(notice, FAILURE_FIELDS)
    NOTICE.move(actor, notice, "retry")
    notice.error = ""
    notice.save(update_fields=["state", "error"])
    record(
        actor=actor,
        action="notice.retry",
        obj=notice,
        before=before,
        after=state(notice, FAILURE_FIELDS),
        jurisdiction=notice.snapshot.jurisdiction,
    )
    handle = enqueue(
        RENDER, kind="ranking_notice", created_by=actor, notice_id=notice.pk, actor_id=actor.pk
    )
    Notice.objects.filter(pk=notice.pk).update(job_id=handle.job_id)
    notice.refresh_from_db()
    return notice


def _check_retry(actor, notice: Notice) -> None:
    """Refuse a retry the table refuses, or of a notice whose files may still come."""
    refusal = ValidationError(
        {"state": _("Only a notice whose files failed can be generated again.")}
    )
    try:
        NOTICE.check(actor, notice, "retry")
    except ValidationError as exc:
        raise refusal from exc
    if not render_failed(notice):
        raise refusal


@service
def notice_release(*, actor, notice: Notice, public: bool) -> Notice:
    """Put the notice on the public page, or take it off (shown only with a public ranking)."""
    rows = Notice.objects.select_for_update(of=("self",)).select_related("snapshot")
    notice = rows.get(pk=notice.pk)
    NOTICE.check(actor, notice, "release" if public else "take_off")
    before = state(notice, ("public",))
    notice.public = bool(public)
    notice.save(update_fields=["public"])
    record(
        actor=actor,
        action="notice.release",
        obj=notice,
        before=before,
        after=state(notice, ("public",)),
        jurisdiction=notice.snapshot.jurisdiction,
    )
    return notice


@service
def notice_settings_save(*, actor, jurisdiction, **fields) -> NoticeSettings:
    """Set the jurisdiction's document number prefix, issuer and 版记 (office)."""
    require_office(actor, jurisdiction.pk)
    found = NoticeSettings.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
    chosen = found or notice_settings(jurisdiction)
    values = {name: str(fields.get(name) or "").strip() for name in SETTINGS_FIELDS}
    if not re.fullmatch(r"[^\s〔〕\d]+", values["doc_prefix"]):
        raise ValidationError(
            {"doc_prefix": _("Give the prefix alone, without the year or a number.")}
        )
    before, after = apply_changes(chosen, values, SETTINGS_FIELDS)
    if after:  # the defaults saved unchanged stay defaults: no row, no audit entry
        chosen.save()
        record(
            actor=actor,
            action="notice_settings.save",
            obj=chosen,
            before=before,
            after=after,
            jurisdiction=jurisdiction,
        )
    return chosen
