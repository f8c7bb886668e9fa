"""Judges' scores (评委打分) for `panel` indicators: the office types or pastes them per unit."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.assessment import access_collection as access
from leitai.assessment.models import Indicator, PanelScore
from leitai.assessment.selectors_collection import active_scheme, applicability, plain
from leitai.assessment.services.panel import panel_scores_save
from leitai.assessment.views.chasing import office_period
from leitai.core.excel import parse_decimal
from leitai.org.models import Unit

DEFAULT_JUDGES = 7


@login_required
def panel_home(request):
    """Open the judges' scores of the latest quarter (or any period with a panel indicator)."""
    if not access.is_office(request.user):
        raise Http404("not found")
    periods = access.collection_periods(request.user).filter(
        year__jurisdiction_id__in=access.scope_for(request.user).office_jurisdiction_ids
    )
    period = (
        periods.filter(kind="quarter").order_by("-starts_on").first()
        or periods.order_by("-starts_on").first()
    )
    if period is None:
        return render(request, "assessment/panel.html", {"period": None})
    return redirect("assessment:panel", period_id=period.pk)


def _grid(period, indicator, judge_count):
    rules = applicability(period.year_id)
    units = [
        u
        for u in Unit.objects.filter(
            jurisdiction_id=period.year.jurisdiction_id, active=True
        ).order_by("code")
        if rules.applies(indicator, u.pk)
    ]
    scores = PanelScore.objects.filter(period=period, indicator_code=indicator.code)
    stored = {(s.unit_id, s.judge_label): s.score for s in scores}
    labels = sorted({label for _, label in stored}, key=_label_order)
    while len(labels) < judge_count:
        labels.append(_("Judge %(n)s") % {"n": len(labels) + 1})
    rows = []
    for unit in units:
        cells = [(label, plain(stored.get((unit.pk, label)))) for label in labels]
        given = [stored[(unit.pk, lb)] for lb in labels if (unit.pk, lb) in stored]
        rows.append({"unit": unit, "cells": cells, "mean": _trimmed(given)})
    return labels, rows


def _label_order(label: str):
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else 10**6, label)


def _trimmed(scores: list[Decimal]) -> str:
    """Return the mean with the highest and lowest dropped (when 3 or more), as text."""
    if not scores:
        return "—"
    kept = sorted(scores)[1:-1] if len(scores) >= 3 else scores
    return f"{sum(kept) / len(kept):.2f}"


@login_required
def panel_scores(request, period_id):
    """Show (GET) or save (POST) the judges' scores of one panel indicator, units × judges."""
    period = office_period(request, period_id)
    scheme = active_scheme(period.year)
    indicators = list(
        scheme.indicators.filter(rule=Indicator.Rule.PANEL).order_by("order") if scheme else []
    )
    code = request.GET.get("indicator") or request.POST.get("indicator") or ""
    indicator = next(
        (i for i in indicators if i.code == code), indicators[0] if indicators else None
    )
    if request.method == "POST" and indicator is not None:
        return _save(request, period, indicator)
    judge_count = DEFAULT_JUDGES
    labels, rows = _grid(period, indicator, judge_count) if indicator else ([], [])
    return render(
        request,
        "assessment/panel.html",
        {
            "period": period,
            "indicators": indicators,
            "indicator": indicator,
            "labels": labels,
            "rows": rows,
            "locked": access.period_is_locked(period),
        },
    )


def _save(request, period, indicator):
    labels = [request.POST.get(f"label_{i}", "").strip() for i in range(50)]
    scores, errors = {}, []
    units = {u.pk: u for u in Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id)}
    for key, text in request.POST.items():
        if not key.startswith("s_"):
            continue
        _prefix, unit_id, index = key.split("_")
        unit, label = units.get(int(unit_id)), labels[int(index)] if int(index) < 50 else ""
        if unit is None or not label:
            continue
        try:
            scores[(unit.pk, label)] = parse_decimal(text)
        except ValueError:
            errors.append(f"{unit.name} {label}: {text}")
    if errors:
        messages.error(request, _("Not numbers: %(cells)s") % {"cells": "; ".join(errors)})
    else:
        try:
            changed = panel_scores_save(
                actor=request.user, period=period, indicator_code=indicator.code, scores=scores
            )
        except ValidationError as exc:
            messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        except PermissionDenied as exc:
            raise Http404("not found") from exc
        else:
            messages.success(request, _("%(count)s scores changed.") % {"count": changed})
    return redirect(f"{request.path}?indicator={indicator.code}")
