"""Reads for the public results page and the big screen: stored rows only, a few queries."""

from __future__ import annotations

import math
from typing import Any

from django.db.models import QuerySet

from leitai.org.models import Jurisdiction
from leitai.rankings.changes import change_class
from leitai.rankings.models import Publication, RankingRow, RankingSnapshot
from leitai.rankings.notices.content import arenas_of, change_arrow, fmt, period_label


def public_publications(jurisdiction: Jurisdiction) -> QuerySet[Publication]:
    """Return the jurisdiction's current publications the office put on the public page."""
    return (
        Publication.objects.filter(
            snapshot__jurisdiction=jurisdiction, public=True, superseded_at=None
        )
        .select_related("period", "snapshot")
        .defer("snapshot__inputs", "snapshot__results")
        .order_by("-period__ends_on", "period__kind")
    )


def public_jurisdictions() -> QuerySet[Jurisdiction]:
    """Return the jurisdictions with anything on the public page."""
    ids = Publication.objects.filter(public=True, superseded_at=None).values(
        "snapshot__jurisdiction_id"
    )
    return Jurisdiction.objects.filter(pk__in=ids).order_by("code")


def board_groups(snapshot: RankingSnapshot, *, top: int | None = None) -> list[dict[str, Any]]:
    """Return [{name, rows}] of every group in order, each row pre-formatted (one query)."""
    codes = [a["code"] for a in arenas_of(snapshot)]
    rows = (
        RankingRow.objects.filter(snapshot=snapshot)
        .select_related("group")
        .only(
            "unit_name",
            "rank",
            "total",
            "rank_change",
            "vetoed",
            "arenas",
            "position",
            "group__name",
            "group__order",
            "group__code",
        )
        .order_by("group__order", "group__code", "position")
    )
    groups: dict[int, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(row.group_id, {"name": row.group.name, "rows": []})
        if top is not None and len(group["rows"]) >= top:
            continue
        group["rows"].append(
            {
                "rank": row.rank or "—",
                "unit": row.unit_name,
                "total": fmt(row.total),
                "value": round(row.total, 2) if row.total is not None else 0,
                "arenas": [fmt(row.arenas.get(c)) for c in codes],
                "change": change_arrow(row.rank_change) if row.rank_change is not None else "",
                "change_class": change_class(row.rank_change),
                "vetoed": row.vetoed,
            }
        )
    return list(groups.values())


def screen_groups(snapshot: RankingSnapshot, *, size: int) -> list[dict[str, Any]]:
    """Return every group's red list (红榜, the best `size`) and black list (黑榜, the worst).

    A group of fewer than twice `size` ranked units is split in halves (the middle one of an
    odd number to the red list), so no unit is on both. Each list carries the bounds its
    bars are drawn between (`bar_range`), so close totals do not all look alike.
    """
    screens = []
    for group in board_groups(snapshot):
        ranked = [row for row in group["rows"] if row["rank"] != "—"]
        reds = min(size, (len(ranked) + 1) // 2)
        blacks = min(size, len(ranked) - reds)
        red, black = ranked[:reds], ranked[len(ranked) - blacks :]
        screens.append({"name": group["name"], "red": _bars(red), "black": _bars(black)})
    return screens


def _bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    low, high = bar_range([row["value"] for row in rows])
    return {"rows": rows, "min": low, "max": high}


def bar_range(values: list[float]) -> tuple[int, int]:
    """Return the whole-number axis a list's bars scale to: from a quarter of the list's spread
    below its lowest total (never below 0) to its highest (a spread of at least 1 point)."""
    if not values:
        return 0, 1
    low, high = min(values), max(values)
    spread = max(high - low, 1.0)
    bottom = max(0, math.floor(low - spread / 4))
    return bottom, max(math.ceil(high), bottom + 1)


def snapshot_label(snapshot: RankingSnapshot) -> str:
    """Return the period as people name it (2022年1月份)."""
    return period_label(snapshot.period)
