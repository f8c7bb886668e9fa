"""Plausibility of a value (合理性校验): far from the unit's last period or from its group.

One slip (1,024 typed for 20) becomes the group's maximum and pulls every unit's `relative`
score down. A value is *implausible* when it is more than FACTOR times its reference, or less
than the reference divided by FACTOR, or of the other sign. The reference is the unit's own
value of the previous period of the same kind; without one, the median of the other units'
values of the indicator in the period (at least MIN_PEERS of them), else nothing is checked.
Zero values and zero references are not compared (a count may well go from 0 to 3).

An implausible value is accepted once it carries a note that says why (the person confirms);
the submission page, the API, the Excel upload and the assessor's review show the flag, and the
office's draft check lists every flagged value before it publishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.utils.translation import gettext as _

from leitai.assessment.collection.selectors import plain, previous_period
from leitai.assessment.models import IndicatorValue, Period

FACTOR = Decimal(10)
MIN_PEERS = 3


@dataclass(frozen=True)
class Flag:
    """Why a value looks wrong: what it was compared with, and the comparison's reference."""

    unit_id: int
    code: str
    value: Decimal
    reference: Decimal
    basis: str  # "last period" or "group"

    def message(self) -> str:
        params = {"value": plain(self.value), "reference": plain(self.reference)}
        if self.basis == "last period":
            text = _("%(value)s is far from last period's %(reference)s")
        else:
            text = _("%(value)s is far from the other units' median %(reference)s")
        return (text % params) + _("; check it, and if it is right say why in the note.")


def implausible(value: Decimal | None, reference: Decimal | None) -> bool:
    """Return whether a value is implausible against its reference (see the module)."""
    if value is None or reference is None or value == 0 or reference == 0:
        return False
    if (value > 0) != (reference > 0):
        return True
    ratio = abs(value) / abs(reference)
    return ratio > FACTOR or ratio < 1 / FACTOR


class References:
    """The references of one period: last period's values and this period's group medians."""

    def __init__(self, period: Period, codes: set[str] | None = None):
        last = previous_period(period)
        rows = IndicatorValue.objects.filter(value__isnull=False)
        if codes is not None:
            rows = rows.filter(indicator_code__in=codes)
        self.last = {}
        if last:
            for u, c, v in rows.filter(period=last).values_list(
                "unit_id", "indicator_code", "value"
            ):
                self.last[(u, c)] = v
        self.now: dict[str, dict[int, Decimal]] = {}
        for u, c, v in rows.filter(period=period).values_list("unit_id", "indicator_code", "value"):
            self.now.setdefault(c, {})[u] = v

    def flag(self, unit_id: int, code: str, value: Decimal | None) -> Flag | None:
        """Return the flag of a value the unit would have, or None when it is plausible."""
        own = self.last.get((unit_id, code))
        if own is not None and own != 0:
            basis, reference = "last period", own
        else:
            peers = [v for u, v in self.now.get(code, {}).items() if u != unit_id and v]
            if len(peers) < MIN_PEERS:
                return None
            basis, reference = "group", Decimal(median(peers))
        if not implausible(value, reference):
            return None
        return Flag(unit_id, code, value, reference, basis)


def period_flags(period: Period) -> list[tuple[IndicatorValue, Flag]]:
    """Every stored value of the period that is implausible, with its flag (unit, code order)."""
    references = References(period)
    flagged = []
    values = (
        IndicatorValue.objects.filter(period=period, value__isnull=False)
        .select_related("unit")
        .order_by("unit__code", "indicator_code")
    )
    for value in values:
        flag = references.flag(value.unit_id, value.indicator_code, value.value)
        if flag is not None:
            flagged.append((value, flag))
    return flagged
