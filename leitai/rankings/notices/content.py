"""What a notice shows, read once from a stored snapshot (never recomputed).

The DOCX, the PDF and the XLSX all render one `NoticeContent`, so the three files always agree.
Numbers are formatted here; the documents are Chinese official documents, so their wording is
Chinese (like the engine's `explain_zh`), not a translatable interface string.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from leitai.assessment.models import Period
from leitai.rankings.models import RankingRow, RankingSnapshot

CN_DIGITS = "〇一二三四五六七八九"
QUARTERS = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度", "Q4": "第四季度"}
MISSING_REASONS = {
    "not_reported": "未报送",
    "not_verified": "未核实",
    "blank": "填报为空",
    "no_target": "无目标值",
    "no_scores": "无评委打分",
}


def fmt(value: float | None) -> str:
    """Format a score with two decimals, a dash when there is none."""
    return "—" if value is None else f"{value:.2f}"


def arenas_of(snapshot: RankingSnapshot) -> list[dict[str, Any]]:
    """Return the snapshot's arenas (code, name, weight, indicators) in scheme order."""
    return snapshot.scheme_dump["arenas"]


def cn_number(n: int) -> str:
    """Write 1-99 in Chinese numerals, as headings count: 5 → 五, 11 → 十一, 25 → 二十五."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones or not head else "")


def document_date(day: dt.date) -> str:
    """Return a date as GB/T 9704-2012 writes it: Arabic numerals, no leading zeros.

    2022-12-03 → 2022年12月3日 (成文日期 and 印发日期 alike).
    """
    return f"{day.year}年{day.month}月{day.day}日"


def change_arrow(change: int | None) -> str:
    """Return the rank change for a document: ↑3, ↓2, 持平, or a dash when not comparable."""
    if change is None:
        return "—"
    if change == 0:
        return "持平"
    return f"↑{change}" if change > 0 else f"↓{-change}"


def masthead_size(issuer: str) -> int:
    """Return the masthead's point size so the issuing office fits on one line (max 30 pt)."""
    return max(16, min(30, 430 // max(len(issuer), 1)))


def period_label(period: Period) -> str:
    """Return the period as the notice names it: 2022年1月份, 2022年第一季度, 2022年度."""
    if period.kind == Period.Kind.MONTH:
        return f"{period.starts_on.year}年{period.starts_on.month}月份"
    if period.kind == Period.Kind.QUARTER:
        return f"{period.starts_on.year}年{QUARTERS.get(period.code[-2:], period.code)}"
    return f"{period.starts_on.year}年度"


@dataclass
class NoticeRow:
    """One unit's line in a notice table, formatted."""

    code: str
    unit: str
    rank: int | None
    rank_text: str
    total: str
    arenas: list[str]
    change: int | None
    change_text: str
    vetoed: bool
    indicators: dict[str, dict[str, Any]]
    total_value: float | None = None
    arena_values: list[float | None] = field(default_factory=list)


@dataclass
class NoticeGroup:
    """One group's ranking table."""

    name: str
    rows: list[NoticeRow] = field(default_factory=list)


@dataclass
class NoticeContent:
    """Everything the three notice files show, read from one snapshot."""

    jurisdiction: str
    year: int
    period: str
    period_code: str
    arenas: list[tuple[str, str]]
    indicators: list[dict[str, Any]]
    groups: list[NoticeGroup]
    missing: list[dict[str, str]]
    overdue: list[dict[str, Any]] | None
    reissue_reason: str

    @property
    def unit_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def notice_content(snapshot: RankingSnapshot, *, as_of: dt.date) -> NoticeContent:
    """Read the snapshot's rows (one query) and shape them for the notice files."""
    arenas = arenas_of(snapshot)
    codes = [a["code"] for a in arenas]
    indicators = [
        {"code": i["code"], "name": i["name"], "arena": a["name"], "max": i.get("max_points")}
        for a in arenas
        for i in a["indicators"]
    ]
    names = {i["code"]: i["name"] for i in indicators}
    rows = (
        RankingRow.objects.filter(snapshot=snapshot)
        .select_related("group", "unit")
        .only(
            "unit_name",
            "rank",
            "total",
            "rank_change",
            "vetoed",
            "arenas",
            "detail",
            "position",
            "group__name",
            "group__order",
            "group__code",
            "unit__code",
        )
        .order_by("group__order", "group__code", "position")
    )
    groups: dict[int, NoticeGroup] = {}
    for row in rows:
        group = groups.setdefault(row.group_id, NoticeGroup(row.group.name))
        group.rows.append(_row(row, codes))
    return NoticeContent(
        jurisdiction=snapshot.jurisdiction.name,
        year=snapshot.period.starts_on.year,
        period=period_label(snapshot.period),
        period_code=snapshot.period.code,
        arenas=[(a["code"], a["name"]) for a in arenas],
        indicators=indicators,
        groups=list(groups.values()),
        missing=[
            {
                "unit": m["name"],
                "indicator": names.get(m["indicator"], m["indicator"]),
                "reason": MISSING_REASONS.get(m["reason"], m["reason"]),
            }
            for m in snapshot.missing
        ],
        overdue=overdue_rectifications(snapshot.year_id, as_of),
        reissue_reason=snapshot.reason,
    )


def _row(row: RankingRow, codes: list[str]) -> NoticeRow:
    return NoticeRow(
        code=row.unit.code,
        unit=row.unit_name,
        rank=row.rank,
        rank_text=str(row.rank) if row.rank else "—",
        total=fmt(row.total),
        arenas=[fmt(row.arenas.get(code)) for code in codes],
        change=row.rank_change,
        change_text=change_arrow(row.rank_change),
        vetoed=row.vetoed,
        indicators=row.detail.get("indicators", {}),
        total_value=_round(row.total),
        arena_values=[_round(row.arenas.get(code)) for code in codes],
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def overdue_rectifications(year_id: int, as_of: dt.date) -> list[dict[str, Any]] | None:
    """Return the supervision app's overdue rectifications, or None when it offers none."""
    try:
        from leitai.supervision.selectors import overdue_for_notice
    except ImportError:
        return None
    return [
        {
            "unit": item.unit_name,
            "summary": item.summary,
            "deadline": item.deadline.isoformat(),
            "days": item.days_overdue,
        }
        for item in overdue_for_notice(year=year_id, as_of=as_of)
    ]
