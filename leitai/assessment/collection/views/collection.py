"""The unit's data-entry pages (填报): the list of its periods and the submission page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leitai.assessment.collection import access
from leitai.assessment.collection.forms import EvidenceForm, read_values
from leitai.assessment.collection.plausibility import References
from leitai.assessment.collection.selectors import submission_history, submission_page
from leitai.assessment.collection.services.collection import (
    evidence_add,
    evidence_remove,
    submission_save,
)
from leitai.assessment.collection.transitions import SUBMISSION, new_submission
from leitai.assessment.models import IndicatorValue, Submission
from leitai.core.evidence import ACCEPT, LIMITS, download_view
from leitai.core.transactions import RetryLater

STATE_COLOURS = {
    "draft": "secondary",
    "ready": "info",
    "submitted": "primary",
    "verified": "success",
    "returned": "danger",
    "locked": "dark",
}


@login_required
def collect_home(request):
    """List the person's units and the periods open for data, newest first."""
    roles = access.unit_roles(request.user)
    if not roles.members:
        if access.is_office(request.user):
            return redirect("assessment:chasing_home")
        raise Http404("not found")
    periods = list(access.collection_periods(request.user).order_by("-starts_on", "kind")[:24])
    units = list(access.submission_units(request.user).filter(pk__in=roles.members))
    states = {
        (s.period_id, s.unit_id): s.state
        for s in Submission.objects.filter(period__in=periods, unit__in=units)
    }
    cards = [
        {
            "period": period,
            "unit": unit,
            "colour": STATE_COLOURS[states.get((period.pk, unit.pk), "draft")],
            "label": Submission.State(states.get((period.pk, unit.pk), "draft")).label,
            "open": access.period_takes_entries(period),
        }
        for period in periods
        for unit in units
        if unit.jurisdiction_id == period.year.jurisdiction_id
    ]
    return render(
        request,
        "assessment/submission_home.html",
        {"cards": cards, "reviewer": access.is_reviewer(request.user)},
    )


def _page(request, period_id, unit_id):
    period = access.period_for_collection(request.user, period_id)
    unit = access.submission_unit_for_user(request.user, period, unit_id)
    return period, unit


@login_required
def submission_detail(request, period_id, unit_id):
    """Show (GET) or save (POST) a unit's values, highlight and evidence for a period."""
    period, unit = _page(request, period_id, unit_id)
    page = submission_page(
        period, unit, can_enter=lambda i: access.can_enter(request.user, i, unit)
    )
    posted = None
    if request.method == "POST":
        posted = read_values(request.POST, page.rows)
        uploading = request.POST.get("action") == "upload"
        if uploading and "file" not in request.FILES:
            posted.errors["__all__"] = _("Choose a file to upload.")
        if not posted.errors:
            try:
                _save(request, period, unit, posted)
            except ValidationError as exc:
                _collect_errors(posted, exc)
            except RetryLater as exc:
                posted.errors["__all__"] = str(exc.message)  # the typed values stay on the page
            except PermissionDenied as exc:
                raise Http404("not found") from exc
            else:
                if uploading:
                    return _upload_after_save(request, period, unit)
                return _after_save(request, period, unit)
    return _render(request, page, posted)


def _upload_after_save(request, period, unit):
    """The typed values are saved as a draft; now store the file (for an indicator or all)."""
    code = request.POST.get("indicator_code", "")
    try:
        evidence_add(
            actor=request.user,
            period=period,
            unit=unit,
            upload=request.FILES["file"],
            indicator_code=code[:32],
        )
    except ValidationError as exc:
        messages.error(
            request, _("Draft saved; the file was not stored: ") + " ".join(exc.messages)
        )
    else:
        messages.success(request, _("Draft saved and file uploaded."))
    target = reverse("assessment:submission", args=[period.pk, unit.pk])
    return redirect(target + "#evidence")


def _save(request, period, unit, posted) -> None:
    submission_save(
        actor=request.user,
        period=period,
        unit=unit,
        entries=posted.entries,
        highlight=posted.highlight,
        highlight_revision=posted.highlight_revision,
        then=request.POST.get("action", "save"),
    )


def _after_save(request, period, unit):
    action = request.POST.get("action", "save")
    text = {
        "ready": _("Saved and handed to the unit leader for sign-off."),
        "submit": _("Signed off and submitted to the assessors."),
    }.get(action, _("Saved."))
    messages.success(request, text)
    return redirect("assessment:submission", period_id=period.pk, unit_id=unit.pk)


def _collect_errors(posted, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            posted.errors[name] = " ".join(m for e in errors for m in e.messages)
    else:
        posted.errors["__all__"] = " ".join(exc.messages)


def _render(request, page, posted):
    user, unit, period = request.user, page.unit, page.period
    takes_entries = access.period_takes_entries(period)
    allowed = SUBMISSION.allowed(user, page.submission or new_submission(period, unit))
    allowed = allowed if takes_entries else frozenset()
    can_fill = "edit" in allowed
    for row in page.rows:
        row.colour = STATE_COLOURS.get(row.state, "secondary")
        row.state_label = IndicatorValue.State(row.state).label if row.state else ""
        row.typed = posted.typed.get(row.code, row.input_text) if posted else row.input_text
        row.error = posted.errors.get(row.code, "") if posted else ""
        stored_note = row.value.note if row.value else ""
        row.note_text = posted.notes.get(row.code, stored_note) if posted else stored_note
        row.flag = ""
        row.editable = row.editable and not access.period_is_locked(period)
        if row.supplier == "unit":
            row.editable = row.editable and can_fill
    references = References(period, {r.code for r in page.rows})
    for row in page.rows:
        flag = row.value and references.flag(unit.pk, row.code, row.value.value)
        row.flag = flag.message() if flag else ""
    context = {
        "page": page,
        "period": period,
        "unit": unit,
        "state_colour": STATE_COLOURS[page.state],
        "state_label": Submission.State(page.state).label,
        "can_fill": can_fill,
        "can_ready": "request_signoff" in allowed and "submit" not in allowed,
        "can_submit": "submit" in allowed,
        "any_editable": any(r.editable for r in page.rows),
        "locked": access.period_is_locked(period),
        "posted": posted,
        "general_error": posted.errors.get("__all__", "") if posted else "",
        "highlight_error": posted.errors.get("highlight", "") if posted else "",
        "highlight_text": posted.highlight
        if posted and posted.highlight is not None
        else (page.submission.highlight if page.submission else ""),
        "highlight_rev": page.submission.revision if page.submission else 0,
        "highlight_orig": page.submission.highlight if page.submission else "",
        "history": [describe(entry) for entry in submission_history(period, unit)],
        "evidence_form": EvidenceForm(),
        "evidence_accept": ACCEPT,
        "evidence_limits": LIMITS,
        "is_reviewer": access.is_reviewer(user),
    }
    status = 400 if posted and posted.errors else 200
    return render(request, "assessment/submission.html", context, status=status)


@login_required
@require_POST
def evidence_upload(request, period_id, unit_id):
    """Add an evidence file to the unit's data for the period."""
    period, unit = _page(request, period_id, unit_id)
    form = EvidenceForm(request.POST, request.FILES)
    target = reverse("assessment:submission", args=[period.pk, unit.pk]) + "#evidence"
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect(target)
    try:
        evidence_add(
            actor=request.user,
            period=period,
            unit=unit,
            upload=form.cleaned_data["file"],
            indicator_code=form.cleaned_data["indicator_code"] or "",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404("not found") from exc
    else:
        messages.success(request, _("File uploaded."))
    return redirect(target)


evidence_download = download_view(
    access.evidence_for_user, doc="Send an evidence file to a person who may see the unit's data."
)


@login_required
@require_POST
def evidence_delete(request, evidence_id):
    """Remove an evidence file while the data are editable."""
    evidence = access.evidence_for_user(request.user, evidence_id)
    target = (
        reverse("assessment:submission", args=[evidence.period_id, evidence.unit_id]) + "#evidence"
    )
    try:
        evidence_remove(actor=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404("not found") from exc
    else:
        messages.success(request, _("File removed."))
    return redirect(target)


ACTION_LABELS = {
    "submission.save": gettext_lazy("saved"),
    "submission.request_signoff": gettext_lazy("handed over for sign-off"),
    "submission.submit": gettext_lazy("signed off and submitted"),
    "value.verify": gettext_lazy("verified"),
    "value.return": gettext_lazy("returned"),
    "evidence.add": gettext_lazy("added a file"),
    "evidence.remove": gettext_lazy("removed a file"),
    "excel.import": gettext_lazy("imported from Excel"),
}


def _value_changes(before: dict, after: dict) -> list[str]:
    changed = after.get("values")
    changed = changed if isinstance(changed, dict) else {}
    parts = []
    for code, new in changed.items():
        old = (before.get("values") or {}).get(code)
        parts.append(f"{code}: {old if old not in (None, '') else '—'} → {new or '—'}")
    if "highlight" in after:
        parts.append(str(_("highlights changed")))
    return parts


def describe(entry):
    """Give an audit row a label and a one-line summary for the page's history."""
    entry.action_label = ACTION_LABELS.get(entry.action, entry.action)
    before, after = entry.before or {}, entry.after or {}
    # A hand-over that saved what was typed first keeps that save's changes under "saved".
    parts = _value_changes(before.get("saved") or {}, after.get("saved") or {})
    parts += _value_changes(before, after)
    if entry.action.startswith("value."):
        parts.insert(0, entry.object_repr.rsplit(" ", 1)[-1].split("=")[0])
    if after.get("comment"):
        parts.append(f"“{after['comment']}”")
    if "file" in after or "file" in before:
        parts.append(after.get("file") or before.get("file"))
    entry.summary = "; ".join(str(p) for p in parts)
    return entry
