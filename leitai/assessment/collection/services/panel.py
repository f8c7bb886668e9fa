"""Judges' scores (评委打分) of `panel` indicators, entered or uploaded by the office.

The live contest, with judges scoring on their phones, will write the same PanelScore rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leitai.assessment.collection.selectors import active_scheme, plain
from leitai.assessment.collection.services.collection import check_not_locked
from leitai.assessment.models import Indicator, PanelScore, Period
from leitai.assessment.scheme.selectors import collected_in
from leitai.core.audit import record
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import Unit


def check_collects_panel(period: Period) -> None:
    """Refuse judges' scores in a period whose kind does not collect them (months, the year)."""
    if not collected_in(Indicator.Rule.PANEL, period.kind):
        raise ValidationError({"period": _("Judges' scores are collected in quarters only.")})


def panel_indicator(period: Period, code: str) -> Indicator:
    """Return the panel indicator with this code in the scheme in force, or refuse."""
    scheme = active_scheme(period.year_id)
    indicator = scheme and scheme.indicators.filter(code=code, rule=Indicator.Rule.PANEL).first()
    if not indicator:
        raise ValidationError({"indicator_code": _("No judges' score indicator has this code.")})
    return indicator


@service
def panel_scores_save(
    *,
    actor,
    period: Period,
    indicator_code: str,
    scores: dict[tuple[int, str], Decimal | None],
) -> int:
    """Set judges' scores: (unit id, judge label) → score, None deletes; return the changes."""
    require_office(actor, period.year.jurisdiction_id)
    check_not_locked(period)
    check_collects_panel(period)
    panel_indicator(period, indicator_code)
    _validate(period, scores)
    stored = {
        (s.unit_id, s.judge_label): s
        for s in PanelScore.objects.select_for_update().filter(
            period=period, indicator_code=indicator_code
        )
    }
    before, after = {}, {}
    for (unit_id, label), score in sorted(scores.items()):
        current = stored.get((unit_id, label))
        key = f"{unit_id}:{label}"
        if current is not None and score is None:
            before[key] = plain(current.score)
            current.delete()
        elif current is not None and current.score != score:
            before[key], after[key] = plain(current.score), plain(score)
            current.score, current.entered_by = score, actor
            current.save()
        elif current is None and score is not None:
            after[key] = plain(score)
            PanelScore.objects.create(
                period=period,
                unit_id=unit_id,
                indicator_code=indicator_code,
                judge_label=label,
                score=score,
                entered_by=actor,
            )
    if before or after:
        record(
            actor=actor,
            action="panel.save",
            obj=period,
            before={"indicator": indicator_code, "scores": before},
            after={"indicator": indicator_code, "scores": after},
            jurisdiction=period.year.jurisdiction,
        )
    return len(set(before) | set(after))


def _validate(period: Period, scores) -> None:
    units = set(
        Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id).values_list(
            "pk", flat=True
        )
    )
    for (unit_id, label), score in scores.items():
        if unit_id not in units:
            raise ValidationError({"unit": _("Unknown unit.")})
        if not label or len(label) > 50:
            raise ValidationError({"judge_label": _("Name each judge in at most 50 characters.")})
        if score is not None and not (Decimal(0) <= score <= Decimal(100)):
            raise ValidationError({"score": _("A judge's score is between 0 and 100.")})
        if score is not None and score.as_tuple().exponent < -2:
            raise ValidationError({"score": _("Use at most 2 decimal places.")})
