"""What the city's results supply to the county's assessment.

`city_positions` is a system-value feed (`leitai.core.areas`): for each city indicator linked
to a county `rank` indicator, this county's position in the city's results of the period, one
value per department that carries it, with a note that reads as the city published it
("市考 GDP增速：临朐 3/8，上期 5/8，进 2 位，承担 60%"). A period whose city results are not in
yet gives no value: the indicator stays missing (市考结果未发布) until they arrive.
`city_carriers` gives the carried shares for the engine's `carriers` input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from leitai.city.models import CityCarrier, CityPosition
from leitai.city.selectors import previous_positions

NOT_PUBLISHED_ZH = "市考结果未发布"
NOT_PUBLISHED_EN = "City results not yet published"


@dataclass(frozen=True)
class SystemValue:
    """One value for one unit and indicator, with a note saying where it came from."""

    unit_id: int
    indicator_code: str
    value: float
    note_zh: str
    note_en: str


def _share(share) -> str:
    return f"{float(share) * 100:g}%"


def movement(position: int, before: int | None) -> tuple[str, str]:
    """Word a change of position in Chinese and English (empty without a previous one)."""
    if before is None:
        return "", ""
    if before > position:
        return f"，进 {before - position} 位", f", up {before - position}"
    if before < position:
        return f"，退 {position - before} 位", f", down {position - before}"
    return "，与上期持平", ", unchanged"


def note(row: CityPosition, before: int | None, share) -> tuple[str, str]:
    """Return the Chinese and English notes of one fed value."""
    ind, peers = row.city_indicator, row.city_indicator.peers
    moved_zh, moved_en = movement(row.position, before)
    earlier_zh = f"，上期 {before}/{peers}" if before is not None else ""
    earlier_en = f", previously {before}/{peers}" if before is not None else ""
    carried_zh = f"，承担 {_share(share)}" if share != 1 else ""
    carried_en = f", carried share {_share(share)}" if share != 1 else ""
    return (
        f"市考 {ind.name}：{row.county} {row.position}/{peers}{earlier_zh}{moved_zh}{carried_zh}",
        f"City {ind.name}: {row.county} {row.position}/{peers}{earlier_en}{moved_en}{carried_en}",
    )


def city_positions(*, year, period_code: str, period_end: dt.date) -> list[SystemValue]:
    """Return this county's city positions of the period, one value per carrier."""
    rows = (
        CityPosition.objects.filter(
            is_us=True, release__period_code=period_code, release__year__year=int(year)
        )
        .exclude(city_indicator__indicator_code="")
        .select_related("city_indicator", "release")
    )
    rows = list(rows)
    before = {}
    for year_id in {row.release.year_id for row in rows}:
        before.update(previous_positions(year_id, period_code))
    carriers = CityCarrier.objects.filter(city_indicator__in=[r.city_indicator for r in rows])
    by_indicator: dict[int, list[CityCarrier]] = {}
    for carrier in carriers.order_by("unit_id"):
        by_indicator.setdefault(carrier.city_indicator_id, []).append(carrier)
    out = []
    for row in rows:
        for carrier in by_indicator.get(row.city_indicator_id, []):
            zh, en = note(row, before.get(row.city_indicator_id), carrier.share)
            out.append(
                SystemValue(
                    carrier.unit_id, row.city_indicator.indicator_code, float(row.position), zh, en
                )
            )
    return sorted(out, key=lambda v: (v.unit_id, v.indicator_code))


def city_carriers(*, year) -> list[tuple[str, str, float]]:
    """Return (unit code, county indicator code, share) of the year's carried city indicators."""
    rows = CityCarrier.objects.filter(city_indicator__year=year).exclude(
        city_indicator__indicator_code=""
    )
    return [
        (unit, code, float(share))
        for unit, code, share in rows.values_list(
            "unit__code", "city_indicator__indicator_code", "share"
        )
    ]
