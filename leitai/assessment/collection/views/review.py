"""The assessors' review table (审核): one indicator's values across units, verify or return."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.assessment.collection import access
from leitai.assessment.collection.forms import ReturnForm
from leitai.assessment.collection.plausibility import References
from leitai.assessment.collection.selectors import active_scheme, plain, review_rows
from leitai.assessment.collection.services.collection import Entry
from leitai.assessment.collection.services.review import (
    value_return,
    values_enter_many,
    values_verify_many,
)
from leitai.assessment.collection.transitions import VALUE
from leitai.assessment.collection.views.collection import STATE_COLOURS
from leitai.assessment.models import Indicator, IndicatorValue
from leitai.core.excel import parse_decimal
from leitai.org.models import Unit

STATE_FILTERS = ["submitted", "verified", "returned", "draft", ""]


def reviewer_period(request, period_id):
    """Return the period if the person reviews values in its jurisdiction, else Http404."""
    if not access.is_reviewer(request.user):
        raise Http404("not found")
    return access.period_for_collection(request.user, period_id)


def _indicators(request, period) -> list[Indicator]:
    scheme = active_scheme(period.year)
    if scheme is None:
        return []
    indicators = access.reviewed_indicators(request.user, [scheme.pk]).exclude(
        supplier__in=[Indicator.Supplier.SYSTEM, Indicator.Supplier.OFFICE]
    )
    return list(indicators.select_related("arena", "assessor").order_by("arena__order", "order"))


@login_required
def review_home(request):
    """Open the review table of the latest open period."""
    if not access.is_reviewer(request.user):
        raise Http404("not found")
    period = access.collection_periods(request.user).order_by("-starts_on").first()
    if period is None:
        return render(request, "assessment/review.html", {"period": None})
    return redirect("assessment:review", period_id=period.pk)


@login_required
def review_table(request, period_id):
    """List the values of the indicators the person reviews, filtered by indicator and state."""
    period = reviewer_period(request, period_id)
    indicators = _indicators(request, period)
    code = request.GET.get("indicator", "")
    chosen = [i for i in indicators if i.code == code] or indicators
    state = request.GET.get("state", "submitted")
    state = state if state in STATE_FILTERS else "submitted"
    rows = review_rows(period, chosen, state=state)
    files = _evidence_of(request.user, period)
    references = References(period, {i.code for i in chosen})
    for row in rows:
        flag = row.value and references.flag(row.unit.pk, row.indicator.code, row.value.value)
        row.flag = flag.message() if flag else ""
        row.files = files.get((row.unit.pk, row.indicator.code), []) + files.get(
            (row.unit.pk, ""), []
        )
        row.colour = STATE_COLOURS.get(row.state, "secondary")
        row.state_label = IndicatorValue.State(row.state).label if row.state else _("Empty")
        row.verifiable = "verify" in VALUE.possible(row)
        row.enterable = row.indicator.supplier == Indicator.Supplier.ASSESSOR
        row.input_text = plain(row.value.value) if row.value else ""
    locked = access.period_is_locked(period)
    return render(
        request,
        "assessment/review.html",
        {
            "period": period,
            "periods": access.collection_periods(request.user).order_by("-starts_on")[:24],
            "indicators": indicators,
            "code": code if len(chosen) == 1 and code else "",
            "state": state,
            "states": [
                (s, IndicatorValue.State(s).label if s else _("All")) for s in STATE_FILTERS
            ],
            "rows": rows,
            "locked": locked,
            "return_form": ReturnForm(),
            "pending": sum(1 for r in rows if r.verifiable),
            "any_enterable": any(r.enterable for r in rows),
        },
    )


def _evidence_of(user, period) -> dict[tuple[int, str], list]:
    """The evidence files the reviewer may open, by (unit, indicator); "" = whole submission."""
    files: dict[tuple[int, str], list] = defaultdict(list)
    for item in access.visible_evidence(user).filter(period=period).order_by("pk"):
        files[(item.unit_id, item.indicator_code)].append(item)
    return files


@login_required
@require_POST
def review_act(request, period_id):
    """Verify the ticked values, return one with a comment, or enter assessor-supplied values."""
    period = reviewer_period(request, period_id)
    action = request.POST.get("action")
    try:
        if action == "verify":
            count = _verify(request, period)
            messages.success(request, _("%(count)s values verified.") % {"count": count})
        elif action == "return":
            _return(request, period)
            messages.success(request, _("Value returned to the unit."))
        elif action == "enter":
            count = _enter(request, period)
            messages.success(request, _("%(count)s values saved.") % {"count": count})
    except ValidationError as exc:
        messages.error(request, " ".join(_messages(exc)))
    except PermissionDenied as exc:
        raise Http404("not found") from exc
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(reverse("assessment:review", args=[period.pk]) + (f"?{query}" if query else ""))


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"{k}: {m}" if k != "__all__" else m for k, v in exc.message_dict.items() for m in v
        ]
    return list(exc.messages)


def _values(request, period, ids):
    values = access.visible_values(request.user).filter(period=period, pk__in=ids)
    return list(values.select_related("period__year", "unit__jurisdiction"))


def _verify(request, period) -> int:
    """Verify the ticked values (`ids` = "<value id>:<revision seen>") in one batch."""
    seen = {}
    for item in request.POST.getlist("ids"):
        pk, _colon, revision = item.partition(":")
        if pk.isdigit():
            seen[int(pk)] = int(revision) if revision.isdigit() else None
    if not seen:
        raise ValidationError(_("Tick the values to verify."))
    values = _values(request, period, list(seen))
    if len(values) != len(seen):
        raise Http404("not found")
    items = [(value, seen[value.pk]) for value in values]
    return values_verify_many(actor=request.user, period=period, items=items)


def _return(request, period) -> None:
    values = _values(request, period, [request.POST.get("value", "0")])
    if not values:
        raise Http404("not found")
    revision = request.POST.get("revision", "")
    value_return(
        actor=request.user,
        value=values[0],
        comment=request.POST.get("comment", ""),
        revision=int(revision) if revision.isdigit() else None,
    )


def _enter(request, period) -> int:
    """Save `e_<unit id>_<code>` fields whose text differs from `eo_…`, revision `er_…`."""
    by_unit: dict[int, list[Entry]] = defaultdict(list)
    for key, text in request.POST.items():
        if not key.startswith("e_"):
            continue
        _prefix, unit_id, code = key.split("_", 2)
        if text.strip() == request.POST.get(f"eo_{unit_id}_{code}", "").strip():
            continue
        try:
            value = parse_decimal(text)
        except ValueError as exc:
            raise ValidationError(_("Type a number, e.g. 1234.5.")) from exc
        revision = request.POST.get(f"er_{unit_id}_{code}", "0")
        by_unit[int(unit_id)].append(Entry(code, value, int(revision) if revision.isdigit() else 0))
    units = Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id, pk__in=by_unit)
    if len(units) != len(by_unit):
        raise Http404("not found")
    values_enter_many(
        actor=request.user, period=period, entries={unit: by_unit[unit.pk] for unit in units}
    )
    return sum(len(v) for v in by_unit.values())
