"""Reads of stored snapshots: leaderboards, scorecards, trends, changes. Never recomputes.

Numbers are formatted here (two decimals), so templates only place text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

from leitai.assessment.models import Period
from leitai.org.models import Group
from leitai.rankings.changes import change_class
from leitai.rankings.models import Publication, RankingRow, RankingSnapshot

LEADERBOARD_FIELDS = (
    "id",
    "unit_id",
    "unit_name",
    "group_id",
    "position",
    "total",
    "rank",
    "previous_rank",
    "rank_change",
    "vetoed",
    "arenas",
    "robust",
    "sensitivity",
)


def scheme_has_snapshots(scheme) -> bool:
    """Tell whether any ranking was computed with this scheme version."""
    return RankingSnapshot.objects.filter(scheme=scheme).exists()


def fmt(value: float | None, digits: int = 2) -> str:
    """Format a score with two decimals, a dash when there is none."""
    return "—" if value is None else f"{value:.{digits}f}"


def change_text(change: int | None) -> tuple[str, str]:
    """Return the rank change as an arrow ("↑13", "↓2", "—") and its CSS class."""
    if change is None:
        return "", ""
    if change > 0:
        return f"↑{change}", change_class(change)
    if change < 0:
        return f"↓{-change}", change_class(change)
    return "—", change_class(change)


def english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def explain_of(item: dict) -> str:
    """Return an explanation in the page's language."""
    return item.get("explain_en" if english() else "explain_zh", "")


def arenas_of(snapshot: RankingSnapshot) -> list[dict[str, Any]]:
    """Return the snapshot's arenas (code, name, weight, indicators) in scheme order."""
    return snapshot.scheme_dump["arenas"]


# --- periods and history ----------------------------------------------------------------------


def current_publications(year_id: int) -> QuerySet[Publication]:
    """Return the year's current publications, in period order."""
    rows = Publication.objects.filter(period__year_id=year_id, superseded_at=None)
    return rows.select_related("period").order_by("period__starts_on", "period__kind")


def period_switch(year_id: int) -> list[dict[str, Any]]:
    """Return [{code, kind, snapshot_id}] of the year's published periods, months first."""
    order = {Period.Kind.MONTH: 0, Period.Kind.QUARTER: 1, Period.Kind.YEAR: 2}
    rows = current_publications(year_id)
    items = [
        {"code": p.period.code, "kind": p.period.kind, "snapshot_id": p.snapshot_id} for p in rows
    ]
    return sorted(items, key=lambda i: order[i["kind"]])


def latest_publication(year_id: int) -> Publication | None:
    """Return the newest current publication of a month (else any) of the year."""
    rows = current_publications(year_id)
    months = [p for p in rows if p.period.kind == Period.Kind.MONTH]
    pool = months or list(rows)
    return max(pool, key=lambda p: p.period.ends_on) if pool else None


def period_history(period: Period, snapshots: QuerySet[RankingSnapshot]) -> list[RankingSnapshot]:
    """Return the period's visible snapshots, newest first, with publication and author."""
    rows = snapshots.filter(period=period).select_related(
        "publication", "created_by", "supersedes", "appeal"
    )
    return list(rows.defer("inputs", "results", "scheme_dump").order_by("-number"))


# --- leaderboard ------------------------------------------------------------------------------


@dataclass
class BoardRow:
    """One line of a leaderboard, pre-formatted."""

    unit_id: int
    unit_name: str
    rank: str
    total: str
    change: str
    change_class: str
    vetoed: bool
    arenas: list[str]
    robust: bool | None
    spread: str


def snapshot_groups(snapshot: RankingSnapshot) -> list[Group]:
    """Return the groups ranked in the snapshot, in group order."""
    ids = snapshot.rows.values("group_id")
    return list(Group.objects.filter(pk__in=ids).order_by("order", "code"))


def board_rows(snapshot: RankingSnapshot, group: Group) -> list[BoardRow]:
    """Return the group's leaderboard lines in rank order."""
    codes = [a["code"] for a in arenas_of(snapshot)]
    rows = RankingRow.objects.filter(snapshot=snapshot, group=group).only(*LEADERBOARD_FIELDS)
    return [_board_row(row, codes) for row in rows.order_by("position")]


def _board_row(row: RankingRow, codes: list[str]) -> BoardRow:
    text, css = change_text(row.rank_change)
    sens = row.sensitivity or {}
    spread = f"{sens['p5']}–{sens['p95']}" if sens else ""
    return BoardRow(
        row.unit_id,
        row.unit_name,
        str(row.rank) if row.rank else "—",
        fmt(row.total),
        text,
        css,
        row.vetoed,
        [fmt(row.arenas.get(code)) for code in codes],
        row.robust,
        spread,
    )


def red_black(rows: list[BoardRow], size: int) -> tuple[list[BoardRow], list[BoardRow]]:
    """Return the red list (top `size`) and the black list (bottom `size`, worst last)."""
    ranked = [r for r in rows if r.rank != "—"]
    top = ranked[:size]
    bottom = [r for r in ranked[-size:] if r not in top]
    return top, bottom


# --- scorecard --------------------------------------------------------------------------------


@dataclass
class IndicatorLine:
    """One indicator on a scorecard."""

    code: str
    name: str
    points: str
    max_points: str
    lost: str
    explain: str
    missing: bool
    above: str
    worth: float = 0.0
    worth_text: str = ""


@dataclass
class ArenaBlock:
    """One arena on a scorecard with its indicators."""

    code: str
    name: str
    score: str
    base: str
    bonus: str
    deduction: str
    explain: str
    indicators: list[IndicatorLine] = field(default_factory=list)


@dataclass
class Scorecard:
    """A unit's result in one snapshot, explained."""

    row: RankingRow
    above: RankingRow | None
    gap: str
    arenas: list[ArenaBlock]
    closers: list[IndicatorLine]
    closes: bool
    adjustments: list[dict[str, Any]]
    quarters: list[tuple[str, str]]
    change: tuple[str, str]


def scorecard(snapshot: RankingSnapshot, row: RankingRow) -> Scorecard:
    """Explain one unit's row: points by indicator, points lost, the gap to the unit above."""
    above = _row_above(snapshot, row)
    arenas = _arena_blocks(snapshot, row, above)
    gap = (above.total - row.total) if above and above.total is not None and row.total else None
    closers, closes = _closers(arenas, gap)
    return Scorecard(
        row,
        above,
        fmt(gap),
        arenas,
        closers,
        closes,
        [_adjustment(snapshot, a) for a in row.detail.get("adjustments", [])],
        [(q, fmt(t)) for q, t in sorted(row.detail.get("quarters", {}).items())],
        change_text(row.rank_change),
    )


def _row_above(snapshot: RankingSnapshot, row: RankingRow) -> RankingRow | None:
    if not row.rank:
        return None
    rows = RankingRow.objects.filter(snapshot=snapshot, group_id=row.group_id, rank__lt=row.rank)
    return rows.order_by("-position").first()


def _arena_blocks(snapshot, row, above) -> list[ArenaBlock]:
    detail, above_detail = row.detail, (above.detail if above else {})
    weights = {a["code"]: a["weight"] for a in arenas_of(snapshot)}
    applied = sum(w for code, w in weights.items() if row.arenas.get(code) is not None)
    blocks = []
    for arena in arenas_of(snapshot):
        part = detail.get("arenas", {}).get(arena["code"], {})
        block = ArenaBlock(
            arena["code"],
            arena["name"],
            fmt(part.get("score")),
            fmt(part.get("base")),
            fmt(part.get("bonus")),
            fmt(part.get("deduction")),
            explain_of(part) if part else "",
        )
        lines = _indicator_lines(arena, detail, above_detail)
        max_total = sum(float(line.max_points) for line in lines)
        for line in lines:
            # One point of this indicator moves the total by w_a / Σw × 100 / ΣM_a.
            if applied and max_total:
                share = weights[arena["code"]] / applied * 100 / max_total
                line.worth = float(line.lost) * share
                line.worth_text = fmt(line.worth)
        block.indicators = lines
        blocks.append(block)
    return blocks


def _indicator_lines(arena, detail, above_detail) -> list[IndicatorLine]:
    lines = []
    for ind in arena["indicators"]:
        item = detail.get("indicators", {}).get(ind["code"])
        if not item or not item["applicable"]:
            continue
        other = above_detail.get("indicators", {}).get(ind["code"]) or {}
        points = item["points"] or 0.0
        lines.append(
            IndicatorLine(
                ind["code"],
                ind["name"],
                fmt(points),
                fmt(item["max_points"]),
                fmt(max(item["max_points"] - points, 0.0)),
                explain_of(item),
                item["missing"],
                fmt(other.get("points")) if other.get("applicable") else "",
            )
        )
    return lines


def _closers(arenas: list[ArenaBlock], gap: float | None) -> tuple[list[IndicatorLine], bool]:
    """Return the indicators whose lost points, largest first, would close the gap."""
    if gap is None:
        return [], False
    lines = sorted(
        (line for block in arenas for line in block.indicators if line.worth > 0),
        key=lambda line: -line.worth,
    )
    chosen, covered = [], 0.0
    for line in lines:
        chosen.append(line)
        covered += line.worth
        if covered >= gap:
            return chosen, True
    return chosen, False


def _adjustment(snapshot: RankingSnapshot, row: dict[str, Any]) -> dict[str, Any]:
    from leitai.assessment.models import Adjustment

    names = {a["code"]: a["name"] for a in arenas_of(snapshot)}
    points = row.get("points")
    if points is None:
        points = snapshot.scheme_dump.get("bonus_levels", {}).get(row.get("level"))
    levels = dict(Adjustment.Level.choices)
    return {
        **row,
        "note": row["note_en"] if english() else row["note_zh"],
        "arena_name": names.get(row["arena"], row["arena"]),
        "level_name": levels.get(row.get("level"), ""),
        "points_text": fmt(points),
    }


# --- history and trends -----------------------------------------------------------------------


def published_rows(year_id: int, kind: str = Period.Kind.MONTH) -> QuerySet[RankingRow]:
    """Return the rows of the year's current publications of one period kind."""
    return RankingRow.objects.filter(
        snapshot__year_id=year_id,
        snapshot__period__kind=kind,
        snapshot__publication__isnull=False,
        snapshot__publication__superseded_at=None,
    )


def unit_history(year_id: int, unit_id: int) -> list[dict[str, Any]]:
    """Return the unit's rank and total in every published month of the year."""
    rows = published_rows(year_id).filter(unit_id=unit_id)
    rows = rows.values_list("snapshot__period__code", "rank", "total")
    return [
        {"period": code, "rank": rank, "total": round(total, 2) if total is not None else None}
        for code, rank, total in rows.order_by("snapshot__period__starts_on")
    ]


# The trends chart draws this many units when nobody chose (the group's best of the last month).
TREND_DEFAULT_UNITS = 5


def trends(year_id: int, *, group_id: int) -> dict[str, Any]:
    """Return months and, per unit of the group, its rank and total series (for ECharts).

    The series run best first by the last published month's rank; `size` is the group's
    largest field, the rank axis's last mark.
    """
    rows = published_rows(year_id).filter(group_id=group_id)
    rows = rows.values_list(
        "snapshot__period__code",
        "snapshot__period__starts_on",
        "unit_id",
        "unit_name",
        "rank",
        "total",
    )
    months = sorted({(start, code) for code, start, *_ in rows})
    index = {code: n for n, (_, code) in enumerate(months)}
    series: dict[int, dict[str, Any]] = {}
    for code, _start, unit_id, name, rank, total in rows:
        item = series.setdefault(
            unit_id,
            {
                "id": unit_id,
                "name": name,
                "rank": [None] * len(months),
                "total": [None] * len(months),
            },
        )
        item["rank"][index[code]] = rank
        item["total"][index[code]] = round(total, 2) if total is not None else None
    ordered = sorted(series.values(), key=_last_rank)
    return {"months": [code for _, code in months], "series": ordered, "size": len(ordered)}


def _last_rank(item: dict[str, Any]) -> tuple:
    ranks = [r for r in item["rank"] if r is not None]
    return (ranks[-1] if ranks else 10**6, item["name"])


def trend_units(data: dict[str, Any], *, chosen: list[int], own: frozenset[int]) -> list[int]:
    """Return the units the chart draws: those chosen, else the person's own, else the top few."""
    ids = [item["id"] for item in data["series"]]
    picked = [unit_id for unit_id in ids if unit_id in set(chosen)]
    if picked:
        return picked
    return [unit_id for unit_id in ids if unit_id in own] or ids[:TREND_DEFAULT_UNITS]


# --- changes between two snapshots ------------------------------------------------------------


def comparison_base(snapshot: RankingSnapshot) -> RankingSnapshot | None:
    """Return what a snapshot is compared with: the snapshot computed just before it."""
    earlier = RankingSnapshot.objects.filter(
        period_id=snapshot.period_id, number__lt=snapshot.number
    )
    return earlier.defer("inputs").order_by("-number").first()


def snapshot_changes(new: RankingSnapshot, base: RankingSnapshot) -> list[dict[str, Any]]:
    """Return the units whose total or rank moved, with per-indicator point differences."""
    old_rows = {r.unit_id: r for r in base.rows.all()}
    names = {i["code"]: i["name"] for a in arenas_of(new) for i in a["indicators"]}
    arenas = {a["code"]: a["name"] for a in arenas_of(new)}
    out = []
    for row in new.rows.order_by("position"):
        old = old_rows.get(row.unit_id)
        old_total = old.total if old else None
        if old and old.rank == row.rank and _same(old_total, row.total):
            continue
        out.append(
            {
                "unit_id": row.unit_id,
                "unit_name": row.unit_name,
                "rank": (old.rank if old else None, row.rank),
                "total": (fmt(old_total), fmt(row.total)),
                "indicators": _arena_diffs(old, row, arenas) + _indicator_diffs(old, row, names),
            }
        )
    return out


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-9


def _arena_diffs(old, row, arenas) -> list[dict[str, str]]:
    """Return the bonus and deduction changes per arena (they move a total beside indicators)."""
    before = old.detail.get("arenas", {}) if old else {}
    out = []
    for code, part in row.detail.get("arenas", {}).items():
        for key in ("bonus", "deduction"):
            was = (before.get(code) or {}).get(key) or 0.0
            now = part.get(key) or 0.0
            if not _same(was, now):
                out.append(
                    {
                        "code": f"{code}:{key}",
                        "name": arenas.get(code, code),
                        "before": fmt(was),
                        "after": fmt(now),
                        "diff": f"{now - was:+.2f}",
                        "kind": key,
                    }
                )
    return out


def _indicator_diffs(old, row, names) -> list[dict[str, str]]:
    before = old.detail.get("indicators", {}) if old else {}
    out = []
    for code, item in row.detail.get("indicators", {}).items():
        was = (before.get(code) or {}).get("points")
        now = item.get("points")
        if not _same(was, now):
            diff = (now or 0.0) - (was or 0.0)
            out.append(
                {
                    "code": code,
                    "name": names.get(code, code),
                    "before": fmt(was),
                    "after": fmt(now),
                    "diff": f"{diff:+.2f}",
                }
            )
    return out


def missing_by_unit(missing: list[dict]) -> list[dict]:
    """Group the values a draft treated as missing by unit and reason, in the stored order."""
    grouped: dict[tuple, dict] = {}
    for item in missing:
        key = (item["name"], item.get("reason", ""))
        entry = grouped.setdefault(key, {"name": key[0], "reason": key[1], "indicators": []})
        entry["indicators"].append(item["indicator"])
    return list(grouped.values())


def appealable_indicators(snapshot: RankingSnapshot, unit_id: int) -> dict[str, str]:
    """Return code → name of the indicators the unit was scored on in the snapshot, in order."""
    row = snapshot.rows.filter(unit_id=unit_id).only("detail").first()
    scored = (row.detail or {}).get("indicators", {}) if row else {}
    return {
        i["code"]: i["name"]
        for arena in arenas_of(snapshot)
        for i in arena["indicators"]
        if scored.get(i["code"], {}).get("applicable")
    }


def disputed_indicators(appeal) -> list[dict[str, str]]:
    """Return the appeal's disputed indicators as code and name (scheme order of the ranking)."""
    names = {
        i["code"]: i["name"]
        for arena in arenas_of(appeal.publication.snapshot)
        for i in arena["indicators"]
    }
    return [{"code": code, "name": names.get(code, code)} for code in appeal.indicators]
