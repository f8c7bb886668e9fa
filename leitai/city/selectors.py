"""Reads of the city area for pages and feeds, scoped through access.py by the callers."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from leitai.city.models import CityCarrier, CityIndicator, CityPosition, CityRelease


def previous_positions(year_id: int, period_code: str) -> dict[int, int]:
    """Return, per city indicator, this county's position in the latest release of the year
    before `period_code` of the same kind (codes of one kind sort in time order)."""
    rows = CityPosition.objects.filter(
        is_us=True, release__year_id=year_id, release__period_code__lt=period_code
    ).order_by("city_indicator_id", "-release__period_code")
    out: dict[int, int] = {}
    for indicator_id, position, code in rows.values_list(
        "city_indicator_id", "position", "release__period_code"
    ):
        if len(code) == len(period_code):  # a month with months, a quarter with quarters
            out.setdefault(indicator_id, position)
    return out


def year_indicators(year) -> list[CityIndicator]:
    """Return the year's city indicators with their carriers (units loaded)."""
    carriers = CityCarrier.objects.select_related("unit").order_by("unit__code")
    return list(
        CityIndicator.objects.filter(year=year).prefetch_related(Prefetch("carriers", carriers))
    )


def year_releases(year) -> list[CityRelease]:
    """Return the year's city results, latest first, with how many indicators each holds."""
    return list(
        CityRelease.objects.filter(year=year)
        .annotate(indicators=Count("rows__city_indicator", distinct=True))
        .select_related("confirmed_by")
        .order_by("-period_code")
    )


def release_lines(release: CityRelease) -> list[dict]:
    """Return this county's line per indicator of a release, with the change from before."""
    before = previous_positions(release.year_id, release.period_code)
    rows = release.rows.filter(is_us=True).select_related("city_indicator")
    out = []
    for row in rows.order_by("city_indicator__code"):
        earlier = before.get(row.city_indicator_id)
        out.append(
            {
                "indicator": row.city_indicator,
                "position": row.position,
                "before": earlier,
                "change": None if earlier is None else earlier - row.position,
                "value": row.value,
                "score": row.score,
            }
        )
    return out
