"""Reads of honours: the year's inputs for grading, pages' and API's lists, scoped by access.py.

`grading_inputs` turns the published year snapshot and the data behind the gates into the
plain `grading.UnitInput` rows the pure grading reads:

- veto (一票否决): an approved veto in any period of the year (or the year row's veto flag);
  evidence: each veto's period and matter;
- below_target: the newest value entered in the year for the indicator below the unit's
  annual target;
- red_problem / yellow_card (黄牌): a rectification problem red / yellow on the year's last day
  (supervision's three colours; a yellow alert at year end is what Leitai holds as a yellow card);
- last_place: last (the highest rank) of its group in a published month;
- the first quarter's published rank and last year's published year rank, for 进步奖.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Max

from leitai.assessment.models import Adjustment, IndicatorValue, Period, Target
from leitai.honours.grading import Facts, UnitInput
from leitai.honours.models import GradingRules, HonoursDraft
from leitai.org.models import AssessmentYear
from leitai.rankings.models import Publication, RankingRow, RankingSnapshot
from leitai.supervision import colours
from leitai.supervision.models import DeductionRule, Problem


def year_publication(year: AssessmentYear) -> Publication | None:
    """Return the current publication of the year's own period (the year snapshot)."""
    rows = Publication.objects.filter(
        period__year=year, period__kind=Period.Kind.YEAR, superseded_at=None
    )
    return rows.select_related("snapshot__scheme", "period").first()


def rules_for(scheme) -> GradingRules | None:
    """Return the grading rules of the version, else of the newest earlier version of its year."""
    rows = GradingRules.objects.filter(
        scheme__year_id=scheme.year_id, scheme__version__lte=scheme.version
    )
    return rows.select_related("scheme").order_by("-scheme__version").first()


def arena_names(snapshot: RankingSnapshot) -> dict[str, str]:
    return {a["code"]: a["name"] for a in snapshot.scheme_dump["arenas"]}


def _shares(snapshot: RankingSnapshot, arenas: dict[str, float | None]) -> dict[str, float]:
    weights = {a["code"]: float(a["weight"]) for a in snapshot.scheme_dump["arenas"]}
    applying = {code: weights.get(code, 0.0) for code, v in arenas.items() if v is not None}
    total = sum(applying.values())
    return {code: w / total for code, w in applying.items() if w > 0} if total else {}


def grading_inputs(year: AssessmentYear, snapshot: RankingSnapshot, rules) -> list[UnitInput]:
    """Return every unit of the year snapshot as grading input, with the facts its gates read."""
    rows = list(snapshot.rows.select_related("group").order_by("position"))
    unit_ids = [r.unit_id for r in rows]
    facts = _facts(year, rules, unit_ids, {r.unit_id for r in rows if r.vetoed})
    return [
        UnitInput(
            id=r.unit_id,
            name=r.unit_name,
            group=r.group.code,
            total=r.total,
            rank=r.rank,
            arenas=dict(r.arenas),
            shares=_shares(snapshot, r.arenas),
            facts=Facts(**facts[r.unit_id]),
        )
        for r in rows
    ]


def _facts(year, rules, unit_ids, vetoed) -> dict[int, dict[str, Any]]:
    facts: dict[int, dict[str, Any]] = {u: {} for u in unit_ids}
    for unit_id, items in _vetoes(year, unit_ids, vetoed).items():
        facts[unit_id]["veto"] = items
    indicators = {g.indicator for g in _all_gates(rules) if g.kind == "below_target"}
    for unit_id, below in _below_target(year, unit_ids, indicators).items():
        facts[unit_id]["below_target"] = below
    for colour, key in ((colours.RED, "red_problems"), (colours.YELLOW, "yellow_problems")):
        for unit_id, items in _problems(year, colour).items():
            if unit_id in facts:
                facts[unit_id][key] = tuple(items)
    for unit_id, months in _last_places(year).items():
        if unit_id in facts:
            facts[unit_id]["last_place_months"] = tuple(months)
    for unit_id, rank in _q1_ranks(year).items():
        if unit_id in facts:
            facts[unit_id]["q1_rank"] = rank
    for unit_id, rank in _last_year_ranks(year).items():
        if unit_id in facts:
            facts[unit_id]["last_year_rank"] = rank
    return facts


def _all_gates(rules):
    yield from rules.gates
    for award in rules.awards:
        yield from award.gates


def _vetoes(year, unit_ids, vetoed: set[int]) -> dict[int, tuple[str, ...]]:
    """Return the evidence of a veto in the year: approved vetoes of any period, or the flag."""
    found: dict[int, list[str]] = {u: [] for u in vetoed}
    rows = Adjustment.objects.filter(
        period__year=year,
        unit_id__in=unit_ids,
        kind=Adjustment.Kind.VETO,
        state=Adjustment.State.APPROVED,
    ).order_by("period__starts_on", "id")
    for unit_id, matter, code in rows.values_list("unit_id", "matter", "period__code"):
        found.setdefault(unit_id, []).append(f"{code} {matter}")
    return {u: tuple(items) or ("一票否决",) for u, items in found.items()}


def _below_target(year, unit_ids, indicators) -> dict[int, dict[str, str]]:
    if not indicators:
        return {}
    targets = Target.objects.filter(
        year=year, unit_id__in=unit_ids, indicator_code__in=indicators, period__isnull=True
    )
    target_of = {(t.unit_id, t.indicator_code): t.value for t in targets}
    values = IndicatorValue.objects.filter(
        period__year=year,
        unit_id__in=unit_ids,
        indicator_code__in=indicators,
        value__isnull=False,
    ).order_by("period__ends_on", "period__kind")
    latest = {}
    for v in values.values("unit_id", "indicator_code", "value", "period__code"):
        latest[(v["unit_id"], v["indicator_code"])] = v
    found: dict[int, dict[str, str]] = defaultdict(dict)
    for (unit_id, code), target in target_of.items():
        v = latest.get((unit_id, code))
        if v is not None and v["value"] < target:
            text = f"{code} {v['value']:f} < {target:f}（{v['period__code']}）"
            found[unit_id][code] = text.replace(".00 ", " ").replace(".00（", "（")
    return found


def _problems(year, colour: str) -> dict[int, list[str]]:
    rule = DeductionRule.objects.filter(year=year).first() or DeductionRule(year=year)
    end = dt.date(year.year, 12, 31)
    found: dict[int, list[str]] = defaultdict(list)
    for problem in Problem.objects.filter(year=year, found_on__lte=end).order_by("id"):
        if colours.colour_of(problem, as_of=end, rule=rule) == colour:
            found[problem.unit_id].append(f"第{problem.pk}号 {problem.description[:30]}")
    return found


def _published_rows(year, kind):
    return RankingRow.objects.filter(
        snapshot__year=year,
        snapshot__period__kind=kind,
        snapshot__publication__isnull=False,
        snapshot__publication__superseded_at=None,
    )


def _last_places(year) -> dict[int, list[str]]:
    rows = _published_rows(year, Period.Kind.MONTH).filter(rank__isnull=False)
    bottom = rows.values("snapshot_id", "group_id").annotate(last=Max("rank"))
    last = {(b["snapshot_id"], b["group_id"]): b["last"] for b in bottom}
    found: dict[int, list[str]] = defaultdict(list)
    items = rows.values_list("snapshot_id", "group_id", "unit_id", "rank", "snapshot__period__code")
    for snapshot_id, group_id, unit_id, rank, code in items.order_by("snapshot__period__starts_on"):
        if last[(snapshot_id, group_id)] == rank and rank > 1:
            found[unit_id].append(code)
    return found


def _q1_ranks(year) -> dict[int, int]:
    rows = _published_rows(year, Period.Kind.QUARTER).filter(snapshot__period__code__endswith="Q1")
    return dict(rows.values_list("unit_id", "rank"))


def _last_year_ranks(year) -> dict[int, int]:
    last = AssessmentYear.objects.filter(
        jurisdiction_id=year.jurisdiction_id, year=year.year - 1
    ).first()
    if last is None:
        return {}
    return dict(_published_rows(last, Period.Kind.YEAR).values_list("unit_id", "rank"))


# --- pages and API -----------------------------------------------------------------------------


def draft_entries(draft: HonoursDraft):
    return draft.entries.select_related("group", "unit").order_by("position")


def awards_of(draft: HonoursDraft) -> list[dict[str, Any]]:
    """Return every award of the draft: {title, name, kind, unit, unit_name, reason}."""
    items = []
    for entry in draft_entries(draft):
        for award in entry.awards:
            items.append({**award, "unit_id": entry.unit_id, "unit_name": entry.unit_name})
    order = {"advanced": 0, "progress": 1, "single": 2}
    return sorted(items, key=lambda a: (order.get(a["kind"], 9), a["title"]))


def award_titles(draft: HonoursDraft) -> list[dict[str, Any]]:
    """Return [{title, units: [names]}] of the draft's awards, advanced first."""
    grouped: dict[str, list[str]] = {}
    for award in awards_of(draft):
        grouped.setdefault(award["title"], []).append(award["unit_name"])
    return [{"title": title, "units": units} for title, units in grouped.items()]


def final_list(jurisdiction) -> HonoursDraft | None:
    """Return the county's newest final list (public: the honours roll), if any."""
    rows = HonoursDraft.objects.filter(
        year__jurisdiction=jurisdiction, state=HonoursDraft.State.FINAL
    )
    return rows.select_related("year").order_by("-year__year").first()


def roll(draft: HonoursDraft | None) -> dict[str, Any]:
    """Return what the honours roll shows: the awards and the units of the top grade."""
    if draft is None:
        return {"awards": [], "top": [], "top_grade": ""}
    return {
        "awards": award_titles(draft),
        "top": draft.entries.filter(grade_index=0).order_by("position"),
        "top_grade": draft.rules["grades"][0]["name"],
    }
