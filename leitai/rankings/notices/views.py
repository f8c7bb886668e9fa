"""Ranking notice pages: list and request, progress, retry, download, release to the public page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.core.forms import add_service_errors
from leitai.rankings.access import office_year, snapshot_for_user
from leitai.rankings.models import Notice
from leitai.rankings.notices.access import notice_for_user
from leitai.rankings.notices.forms import NoticeForm, NoticeSettingsForm
from leitai.rankings.notices.progress import notice_progress
from leitai.rankings.notices.services import (
    notice_defaults,
    notice_release,
    notice_request,
    notice_retry,
    notice_settings,
    notice_settings_save,
)
from leitai.rankings.notices.text import closing_block
from leitai.rankings.notices.transitions import NOTICE
from leitai.rankings.public.selectors import snapshot_label
from leitai.rankings.transitions import SNAPSHOT, SnapshotState, snapshot_state

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def notice_list(request, snapshot_id):
    """List a snapshot's notices; the office requests a new one here."""
    snapshot = snapshot_for_user(request.user, snapshot_id)
    published = snapshot_state(snapshot) != SnapshotState.DRAFT
    form = None
    if SNAPSHOT.may(request.user, snapshot, "notice"):
        form = NoticeForm(request.POST or None, initial=notice_defaults(snapshot))
        if request.method == "POST" and form.is_valid():
            try:
                notice = notice_request(actor=request.user, snapshot=snapshot, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("rankings:notice_detail", notice.pk)
    elif request.method == "POST":
        raise Http404("not found")
    notices = Notice.objects.filter(snapshot=snapshot).select_related(
        "job", "snapshot__jurisdiction", "snapshot__period"
    )
    return render(
        request,
        "rankings/notice_list.html",
        {
            "snapshot": snapshot,
            "label": snapshot_label(snapshot),
            "notices": [(n, notice_progress(n)) for n in notices],
            "form": form,
            "published": published,
        },
    )


def _status_context(request, notice: Notice) -> dict:
    return {
        "notice": notice,
        "status": notice_progress(notice),
        "actions": NOTICE.allowed(request.user, notice),
        "closing": closing_block(notice),
    }


@login_required
def notice_detail(request, notice_id):
    """Show a notice: its heading and body, the files, and progress while it is generated."""
    notice = notice_for_user(request.user, notice_id)
    return render(request, "rankings/notice_detail.html", _status_context(request, notice))


@login_required
def notice_status(request, notice_id):
    """Return the progress fragment the detail page polls (htmx) until the files are ready."""
    notice = notice_for_user(request.user, notice_id)
    return render(request, "rankings/notice_status.html", _status_context(request, notice))


@login_required
@require_POST
def notice_retry_view(request, notice_id):
    """Generate a failed notice's files again (office)."""
    notice = notice_for_user(request.user, notice_id, for_change=True)
    try:
        notice_retry(actor=request.user, notice=notice)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("rankings:notice_detail", notice.pk)


def file_response(notice: Notice, kind: str) -> FileResponse:
    """Return the stored file of one format as a download, or 404 when it is not there."""
    if kind not in CONTENT_TYPES or notice.state != Notice.State.READY:
        raise Http404("not found")
    stored = notice.file_of(kind)
    if not stored:
        raise Http404("not found")
    name = f"{notice.snapshot.period.code}-{notice.doc_number}.{kind}"
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[kind]
    )


@login_required
def notice_download(request, notice_id, kind):
    """Download a notice's DOCX, PDF or XLSX (whoever may see its ranking)."""
    return file_response(notice_for_user(request.user, notice_id), kind)


@login_required
@require_POST
def notice_public(request, notice_id):
    """Offer the notice on the public page, or take it off (office)."""
    notice = notice_for_user(request.user, notice_id, for_change=True)
    try:
        notice_release(actor=request.user, notice=notice, public=request.POST.get("public") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("rankings:notice_detail", notice.pk)


@login_required
def notice_settings_view(request):
    """Set the office's document number prefix, issuing office and closing block (office)."""
    year = office_year(request)
    chosen = notice_settings(year.jurisdiction)
    initial = {name: getattr(chosen, name) for name in NoticeSettingsForm.base_fields}
    form = NoticeSettingsForm(request.POST or None, initial=initial)
    back = f"{reverse('rankings:desk')}?year={year.pk}"
    if request.method == "POST" and form.is_valid():
        try:
            notice_settings_save(
                actor=request.user, jurisdiction=year.jurisdiction, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(back)
    context = {"year": year, "form": form, "back": back}
    return render(request, "rankings/notice_settings.html", context)
