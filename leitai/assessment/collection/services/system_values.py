"""Values the system computes from other areas (e.g. key tasks' milestone shares, 系统生成).

A feed is `feed(*, year, period_code, period_end) -> list` of items with `unit_id,
indicator_code, value, note_zh, note_en`. The areas that have such values declare their feeds
on their AppConfig (`system_values`, see `leitai.core.areas`); a declared feed that does not
import stops Leitai at start-up, so none is skipped quietly.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from leitai.assessment.collection.selectors import active_scheme, plain
from leitai.assessment.collection.services.collection import check_not_locked
from leitai.assessment.models import Indicator, IndicatorValue, Period
from leitai.core.areas import provided
from leitai.core.audit import record
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import Unit


def collect(period: Period, providers: list) -> list:
    """Call every provider for the period and return their items."""
    items = []
    for provider in providers:
        items += provider(year=period.year.year, period_code=period.code, period_end=period.ends_on)
    return items


@service
def system_values_refresh(*, actor, period: Period, providers: list | None = None) -> int:
    """Write the system-supplied values of the period (verified, with a note); return changes."""
    require_office(actor, period.year.jurisdiction_id)
    check_not_locked(period)
    scheme = active_scheme(period.year_id)
    codes = set(
        scheme.indicators.filter(supplier=Indicator.Supplier.SYSTEM).values_list("code", flat=True)
        if scheme
        else []
    )
    units = set(
        Unit.objects.filter(jurisdiction_id=period.year.jurisdiction_id).values_list(
            "pk", flat=True
        )
    )
    items = collect(period, list(provided("system_values")) if providers is None else providers)
    wanted = {
        (i.unit_id, i.indicator_code): i
        for i in items
        if i.indicator_code in codes and i.unit_id in units
    }
    stored = {
        (v.unit_id, v.indicator_code): v
        for v in IndicatorValue.objects.select_for_update().filter(
            period=period, indicator_code__in=codes
        )
    }
    changed = _write(actor, period, wanted, stored)
    record(
        actor=actor,
        action="value.system_refresh",
        obj=period,
        after={"changed": len(changed), "values": changed[:200]},
        jurisdiction=period.year.jurisdiction,
    )
    return len(changed)


def _write(actor, period, wanted, stored) -> list[str]:
    now, changed, new = timezone.now(), [], []
    for (unit_id, code), item in sorted(wanted.items()):
        amount = Decimal(str(item.value)).quantize(Decimal("0.0001"))
        # One stored note for everyone: Chinese, the platform's working language.
        note = (item.note_zh or item.note_en)[:500]
        value = stored.get((unit_id, code))
        if value is not None and value.value == amount and value.note == note:
            continue
        if value is None:
            value = IndicatorValue(period=period, unit_id=unit_id, indicator_code=code)
            new.append(value)
        value.value, value.note = amount, note
        value.source, value.state = IndicatorValue.Source.SYSTEM, IndicatorValue.State.VERIFIED
        value.verified_at, value.verified_by = now, actor
        value.revision += 1
        if value.pk:
            value.save()
        changed.append(f"{unit_id}:{code}={plain(amount)}")
    IndicatorValue.objects.bulk_create(new)
    return changed
