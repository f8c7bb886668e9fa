"""Every change of the city area: one service, one transaction, one audit row each."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leitai.city.imports import Plan, read_results, short_name
from leitai.city.ledger import city_scheme
from leitai.city.models import CityCarrier, CityIndicator, CityPosition, CityRelease
from leitai.core.audit import record
from leitai.core.imports import ImportRejected, PlanChanged
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import Unit
from leitai.scoring import SchemeError

FIELDS = (
    "code",
    "name",
    "peers",
    "period_kind",
    "lag_days",
    "indicator_code",
    "max_points",
    "params",
)
PLACES = Decimal("0.0001")


@service
def city_indicator_save(
    *,
    actor,
    year,
    fields: dict,
    carriers: list[tuple[str, Decimal]],
    indicator: CityIndicator | None = None,
) -> CityIndicator:
    """Create or change a city indicator and set its carriers (unit code, share) at once.

    The shares must each be in (0, 1] and sum to 1; the units must be the county's own.
    """
    require_office(actor, year.jurisdiction_id)
    if indicator is not None and indicator.year_id != year.pk:
        raise ValidationError({"code": _("This city indicator belongs to another year.")})
    units = {u.code: u for u in Unit.objects.filter(jurisdiction_id=year.jurisdiction_id)}
    unknown = [code for code, _share in carriers if code not in units]
    if unknown:
        raise ValidationError(
            {"carriers": _("Unknown unit %(codes)s.") % {"codes": "、".join(unknown)}}
        )
    codes = [code for code, _share in carriers]
    if len(set(codes)) != len(codes):
        raise ValidationError({"carriers": _("A unit is listed twice.")})
    if any(not 0 < share <= 1 for _code, share in carriers):
        raise ValidationError({"carriers": _("Each share must be more than 0 and at most 1.")})
    total = sum((share for _code, share in carriers), Decimal(0))
    if carriers and abs(total - 1) > Decimal("0.00005"):
        raise ValidationError(
            {"carriers": _("The shares add up to %(total)s, not 100%%.") % {"total": f"{total:%}"}}
        )
    before = _snapshot(indicator) if indicator else None
    indicator = indicator or CityIndicator(year=year)
    for name in FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name])
    try:
        city_scheme([indicator])
    except SchemeError as exc:
        raise ValidationError({"params": "; ".join(exc.messages)}) from exc
    indicator.full_clean()
    wanted = {code: share.quantize(PLACES) for code, share in carriers}
    if before is not None and before == {**_fields(indicator), "carriers": _shares(wanted)}:
        return indicator  # saved unchanged: nothing to write
    indicator.save()
    stored = {c.unit.code: c for c in indicator.carriers.select_related("unit")}
    for code, carrier in stored.items():
        if code not in wanted:
            carrier.delete()
        elif carrier.share != wanted[code]:
            carrier.share = wanted[code]
            carrier.save(update_fields=["share"])
    CityCarrier.objects.bulk_create(
        CityCarrier(city_indicator=indicator, unit=units[code], share=share)
        for code, share in wanted.items()
        if code not in stored
    )
    record(
        actor=actor,
        action="city.indicator_save",
        obj=indicator,
        before=before,
        after=_snapshot(indicator),
        jurisdiction=year.jurisdiction,
    )
    return indicator


def _fields(indicator: CityIndicator) -> dict:
    out = {name: getattr(indicator, name) for name in FIELDS}
    out["max_points"] = str(Decimal(out["max_points"]).quantize(PLACES))
    return out


def _shares(shares: dict) -> dict:
    return {code: str(share) for code, share in sorted(shares.items())}


def _snapshot(indicator: CityIndicator) -> dict:
    carriers = {c.unit.code: c.share for c in indicator.carriers.select_related("unit")}
    return {**_fields(indicator), "carriers": _shares(carriers)}


@service
def city_results_import(
    *, actor, year, period_code: str, data: bytes, name: str, digest: str, max_bytes: int
) -> Plan:
    """Store the city's results of a period from its notice table, as previewed (all or
    nothing): a second table for the same period replaces the first (a corrected re-issue)."""
    require_office(actor, year.jurisdiction_id)
    if not year.periods.filter(code=period_code).exists():
        raise ValidationError({"period": _("Choose a period of the year.")})
    plan = read_results(data, name, year=year, period_code=period_code, max_bytes=max_bytes)
    if plan.problems:
        raise ImportRejected(list(plan.problems))
    if plan.digest() != digest:
        raise PlanChanged(plan)
    release = CityRelease.objects.filter(year=year, period_code=period_code).first()
    before = None
    if release is not None:
        before = {"file": release.file_name, "rows": release.rows.count()}
        release.rows.all().delete()
        release.file_name, release.confirmed_by = name[:200], actor
        release.county = plan.county
        release.save()
    else:
        release = CityRelease.objects.create(
            year=year,
            period_code=period_code,
            county=plan.county,
            file_name=name[:200],
            confirmed_by=actor,
        )
    indicators = {i.code: i for i in CityIndicator.objects.filter(year=year)}
    ours = {line.indicator.code for line in plan.lines}
    CityPosition.objects.bulk_create(
        CityPosition(
            release=release,
            city_indicator=indicators[code],
            county=county,
            position=position,
            value=None if value is None else Decimal(value).quantize(PLACES),
            score=None if score is None else Decimal(score).quantize(PLACES),
            is_us=code in ours and _is_us(county, plan.county),
        )
        for code, county, position, value, score in plan.rows
    )
    record(
        actor=actor,
        action="city.results_import",
        obj=release,
        before=before,
        after={
            "file": release.file_name,
            "rows": len(plan.rows),
            "ours": {line.indicator.code: line.position for line in plan.lines},
        },
        jurisdiction=year.jurisdiction,
    )
    return plan


def _is_us(county: str, us: str) -> bool:
    return short_name(county) == us
