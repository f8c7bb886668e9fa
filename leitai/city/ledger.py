"""The upstream ledger (上游账): what each department carrying city indicators won or cost the
county in the city's score, per period and over the year.

The county's city score of a period is recomputed by the engine from the city's published
positions and the city's own rank-to-score rule of each indicator (its points and `rank`
parameters): p_i for this county's position k_i, with the previous release's position as the
previous one. A department carrying share s of indicator i holds s × p_i of that score, and
its movement is s × (p_i − q_i), where q_i is what the previous position would score now
(positive: won, negative: cost). With every indicator's shares summing to 1, the departments'
parts add up to the county's score; an indicator nobody carries is listed as unassigned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from leitai import scoring
from leitai.city.models import CityCarrier, CityIndicator, CityRelease
from leitai.city.selectors import previous_positions


@dataclass
class IndicatorPoints:
    """One city indicator's points for this county in a period."""

    indicator: CityIndicator
    position: int
    before: int | None
    points: float
    moved: float  # points − what the previous position scores


@dataclass
class Account:
    """One department's part of the county's city score."""

    unit: object
    carried: int = 0
    points: float = 0.0
    won: float = 0.0
    cost: float = 0.0
    lines: list[tuple[str, float, float]] = field(default_factory=list)  # name, share, moved


@dataclass
class Ledger:
    """The county's city score of a period and who holds which part of it."""

    score: float
    indicators: list[IndicatorPoints]
    accounts: list[Account]
    unassigned: float

    @property
    def accounted(self) -> float:
        return sum(a.points for a in self.accounts) + self.unassigned


def city_scheme(indicators: list[CityIndicator]) -> scoring.Scheme:
    """Return the city's rules as an engine scheme: one arena, one rank indicator each."""
    items = [
        {"code": ind.code, "name": ind.name, "rule": "rank", "max_points": float(ind.max_points),
         "peers": ind.peers, **(ind.params or {})}
        for ind in indicators
    ]  # fmt: skip
    return scoring.parse_dict({"name": "city", "arenas": [
        {"code": "city", "weight": 1, "indicators": items}]})  # fmt: skip


def period_ledger(release: CityRelease) -> Ledger:
    """Return the ledger of one release (one city period)."""
    rows = {
        r.city_indicator_id: r
        for r in release.rows.filter(is_us=True).select_related("city_indicator")
    }
    indicators = [
        r.city_indicator for r in sorted(rows.values(), key=lambda r: r.city_indicator.code)
    ]
    if not indicators:
        return Ledger(0.0, [], [], 0.0)
    before = previous_positions(release.year_id, release.period_code)
    scheme = city_scheme(indicators)
    values = [
        scoring.Value("us", ind.code, rows[ind.pk].position, previous=before.get(ind.pk))
        for ind in indicators
    ]
    held = [scoring.Value("us", ind.code, before[ind.pk], previous=before[ind.pk])
            for ind in indicators if ind.pk in before]  # fmt: skip
    unit = [scoring.Unit("us", "us", "county")]
    now = scoring.score(scheme, scoring.ScoringInput.from_rows(unit, values)).unit("us")
    then = scoring.score(scheme, scoring.ScoringInput.from_rows(unit, held)).unit("us")
    lines = []
    for ind in indicators:
        points = now.indicators[ind.code].points
        moved = points - then.indicators[ind.code].points if ind.pk in before else 0.0
        lines.append(IndicatorPoints(ind, rows[ind.pk].position, before.get(ind.pk), points, moved))
    return _accounts(sum(line.points for line in lines), lines)


def _accounts(score: float, lines: list[IndicatorPoints]) -> Ledger:
    by_indicator = {line.indicator.pk: line for line in lines}
    carriers = CityCarrier.objects.filter(city_indicator_id__in=list(by_indicator))
    accounts: dict[int, Account] = {}
    carried: dict[int, float] = {}
    for c in carriers.select_related("unit", "city_indicator").order_by("unit__code"):
        line, share = by_indicator[c.city_indicator_id], float(c.share)
        account = accounts.setdefault(c.unit_id, Account(c.unit))
        account.carried += 1
        account.points += share * line.points
        moved = share * line.moved
        account.won += max(moved, 0.0)
        account.cost += min(moved, 0.0)
        account.lines.append((line.indicator.name, share, moved))
        carried[c.city_indicator_id] = carried.get(c.city_indicator_id, 0.0) + share
    unassigned = sum(
        (1.0 - carried.get(pk, 0.0)) * line.points for pk, line in by_indicator.items()
    )
    return Ledger(score, lines, list(accounts.values()), unassigned)


def year_ledger(year) -> list[tuple[CityRelease, Ledger]]:
    """Return the ledger of every release of the year, in period order."""
    releases = CityRelease.objects.filter(year=year).order_by("period_code")
    return [(release, period_ledger(release)) for release in releases]


def year_accounts(year) -> list[dict]:
    """Return each department's won, cost and held points over the year's city periods."""
    out: dict[int, dict] = {}
    for _release, ledger in year_ledger(year):
        for a in ledger.accounts:
            row = out.setdefault(
                a.unit.pk, {"unit": a.unit, "won": 0.0, "cost": 0.0, "points": 0.0}
            )
            row["won"] += a.won
            row["cost"] += a.cost
            row["points"] += a.points
    return sorted(out.values(), key=lambda r: r["unit"].code)
