"""The office's chasing board (催报): who has filled, signed off, been verified; who is late."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.assessment.collection import access
from leitai.assessment.collection.selectors import (
    SIGNED_OFF,
    board_contacts,
    board_reminders,
    chasing_board,
)
from leitai.assessment.collection.services.reminders import reminders_send
from leitai.assessment.collection.services.system_values import system_values_refresh
from leitai.assessment.collection.views.collection import STATE_COLOURS
from leitai.assessment.models import Submission
from leitai.core.spreadsheets import new_workbook, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office_period(request, period_id):
    """Return the period if the person is in its office, else Http404."""
    if not access.is_office(request.user):
        raise Http404("not found")
    period = access.period_for_collection(request.user, period_id)
    access.require_office_period(request.user, period)
    return period


VERIFIED = {Submission.State.VERIFIED, Submission.State.LOCKED}


@login_required
def chasing_home(request):
    """Open the board of the latest open period."""
    if not access.is_office(request.user):
        raise Http404("not found")
    periods = access.collection_periods(request.user).filter(
        year__jurisdiction_id__in=access.scope_for(request.user).office_jurisdiction_ids
    )
    period = periods.order_by("-starts_on").first()
    if period is None:
        return render(request, "assessment/chasing.html", {"period": None})
    return redirect("assessment:chasing", period_id=period.pk)


@login_required
def board(request, period_id):
    """Show every unit's progress in the period, late units first and highlighted."""
    period = office_period(request, period_id)
    every = chasing_board(period)
    chosen = _filters(request, every)
    rows = [row for row in every if _shown(row, chosen)]
    board_contacts(rows)
    board_reminders(period, rows)
    for row in rows:
        row.colour = STATE_COLOURS[row.state]
        row.state_label = Submission.State(row.state).label
    totals = {
        "units": len(rows),
        "late": sum(1 for r in rows if r.late),
        "signed": sum(1 for r in rows if r.state in SIGNED_OFF),
        "verified": sum(1 for r in rows if r.state in VERIFIED),
    }
    return render(
        request,
        "assessment/chasing.html",
        {
            "period": period,
            "periods": access.collection_periods(request.user).order_by("-starts_on")[:24],
            "rows": rows,
            "totals": totals,
            "past_deadline": timezone.now() > period.deadline,
            "chosen": chosen,
            "groups": sorted({(r.group_code, r.group) for r in every if r.group_code}),
            "states": [("late", _("late")), *Submission.State.choices],
            "hidden": len(every) - len(rows),
            "locked": access.period_is_locked(period),
        },
    )


def _filters(request, rows) -> dict:
    """Read the board's filters: group, state (or late), search text, units outside the arena.

    By default the board lists the units in the arena (in a group this year); the others have
    nothing to report.
    """
    group = request.GET.get("group", "")
    state = request.GET.get("state", "")
    return {
        "group": group if group in {r.group_code for r in rows} else "",
        "state": state if state == "late" or state in Submission.State.values else "",
        "q": request.GET.get("q", "").strip()[:50],
        "all": request.GET.get("all") == "1",
    }


def _shown(row, chosen: dict) -> bool:
    if not (chosen["all"] or row.in_arena):
        return False
    if chosen["group"] and row.group_code != chosen["group"]:
        return False
    if chosen["state"] == "late" and not row.late:
        return False
    if chosen["state"] not in ("", "late") and row.state != chosen["state"]:
        return False
    q = chosen["q"]
    return not q or q in row.unit.name or q in row.unit.short_name or q.upper() in row.unit.code


@login_required
def export(request, period_id):
    """Download the board (late units first) as an Excel workbook."""
    from openpyxl.styles import Font, PatternFill

    period = office_period(request, period_id)
    book = new_workbook()
    sheet = book.active
    sheet.title = _("Chasing")[:31]
    sheet.append([f"{period.code} " + _("data collection progress")])
    sheet.append(
        [
            _("Unit code"),
            _("Unit"),
            _("Group"),
            _("State"),
            _("Indicators"),
            _("Filled"),
            _("Submitted"),
            _("Verified"),
            _("Returned"),
            _("Late"),
        ]
    )
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    late_fill = PatternFill("solid", fgColor="F8D7DA")
    for row in chasing_board(period):
        sheet.append(
            [
                row.unit.code,
                row.unit.name,
                row.group,
                str(Submission.State(row.state).label),
                row.expected,
                row.filled,
                row.submitted,
                row.verified,
                row.returned,
                _("yes") if row.late else "",
            ]
        )
        if row.late:
            for cell in sheet[sheet.max_row]:
                cell.fill = late_fill
    sheet.column_dimensions["B"].width = 28
    sheet.freeze_panes = "A3"
    response = HttpResponse(workbook_bytes(book), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="leitai-chasing-{period.code}.xlsx"'
    return response


@login_required
@require_POST
def remind(request, period_id):
    """E-mail the reporters of the late units."""
    period = office_period(request, period_id)
    try:
        sent = reminders_send(actor=request.user, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404("not found") from exc
    else:
        if sent.reached:
            text = _("Reminder sent: %(count)s e-mails to %(units)s late units.")
            messages.success(request, text % {"count": sent.emails, "units": len(sent.reached)})
        if sent.unreached:
            text = _(
                "%(count)s late units have no reporter or leader with an e-mail address; "
                "remind them by phone: %(codes)s"
            )
            codes = "、".join(sent.unreached)
            messages.warning(request, text % {"count": len(sent.unreached), "codes": codes})
    return redirect("assessment:chasing", period_id=period.pk)


@login_required
@require_POST
def refresh(request, period_id):
    """Recompute the values the system supplies (e.g. key-task milestone shares)."""
    period = office_period(request, period_id)
    try:
        changed = system_values_refresh(actor=request.user, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404("not found") from exc
    else:
        messages.success(
            request, _("System values refreshed: %(count)s changed.") % {"count": changed}
        )
    return redirect("assessment:chasing", period_id=period.pk)
