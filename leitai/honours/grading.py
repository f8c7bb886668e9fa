"""Grade a year (评定等次) from plain data: quotas, ties, gates, awards and the smallest change.

Django-free, so it can be tested exhaustively: the service (services.py) gathers each unit's
year total, arena scores and the facts behind the gates, and stores what this module returns.

The order inside a group is the year total, highest first (totals within 1e-9 tie). Grades are
filled from the top: a grade of the quota or counts method takes the first units of the group
that its gates allow, up to its size; a gated unit is passed over, so the next unit moves up,
and it competes for the highest grade it may have. A tie at a grade's edge is decided by the
tie rule: `share` — every tied unit gets the grade and the quota is exceeded; `arena` — the
higher score in the named arena goes first (units tied there too share the grade). Bands
give each unit the grade of its total, then the gates cap it. The last grade takes the rest.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from leitai.honours.rules import ROUNDING_ZH, Award, Gate, Rules, quota_count

TIE = 1e-9
GATE_ZH = {
    "veto": "一票否决",
    "below_target": "指标未达目标",
    "red_problem": "整改问题年末仍为红色",
    "last_place": "月度排名末位",
    "yellow_card": "黄牌（整改问题年末为黄色）",
}
GATE_EN = {
    "veto": "a veto",
    "below_target": "an indicator below its target",
    "red_problem": "a rectification problem still red at year end",
    "last_place": "last place in the monthly ranking",
    "yellow_card": "a yellow card (a rectification problem yellow at year end)",
}


@dataclass(frozen=True)
class Facts:
    """What the gates read for one unit, each item a piece of evidence (text)."""

    veto: tuple[str, ...] = ()
    below_target: dict[str, str] = field(default_factory=dict)  # indicator code → evidence
    red_problems: tuple[str, ...] = ()
    yellow_problems: tuple[str, ...] = ()
    last_place_months: tuple[str, ...] = ()
    q1_rank: int | None = None
    last_year_rank: int | None = None


@dataclass(frozen=True)
class UnitInput:
    """One unit's year result: total, rank, arena scores and each arena's share of the total."""

    id: int
    name: str
    group: str
    total: float | None
    rank: int | None
    arenas: dict[str, float | None]
    shares: dict[str, float]  # arena code → weight share in this unit's total
    facts: Facts = Facts()


@dataclass
class Outcome:
    """One unit's grade, awards and reasons."""

    unit_id: int
    grade: str
    grade_index: int
    reason_zh: str = ""
    reason_en: str = ""
    gates: list[dict[str, str]] = field(default_factory=list)
    awards: list[dict[str, str]] = field(default_factory=list)
    nearest: dict[str, Any] | None = None
    staff_percent: str | None = None


def gate_evidence(gate: Gate, facts: Facts) -> str | None:
    """Return the evidence that `gate` holds for a unit, or None when it does not."""
    if gate.kind == "veto":
        return "；".join(facts.veto) or None
    if gate.kind == "below_target":
        return facts.below_target.get(gate.indicator)
    if gate.kind == "red_problem":
        return "；".join(facts.red_problems) or None
    if gate.kind == "yellow_card":
        return "；".join(facts.yellow_problems) or None
    months = facts.last_place_months
    return "、".join(months) if len(months) >= gate.months else None


def lift_gate(facts: Facts, gate: Gate) -> Facts:
    """Return the facts with the evidence `gate` reads removed (the gate lifted)."""
    if gate.kind == "below_target":
        rest = {k: v for k, v in facts.below_target.items() if k != gate.indicator}
        return replace(facts, below_target=rest)
    name = {"veto": "veto", "red_problem": "red_problems", "yellow_card": "yellow_problems"}
    return replace(facts, **{name.get(gate.kind, "last_place_months"): ()})


def with_points(unit: UnitInput, arena: str, points: float) -> UnitInput:
    """Return the unit with `points` more in `arena` (its total moves by its share)."""
    arenas = dict(unit.arenas)
    arenas[arena] = (arenas.get(arena) or 0.0) + points
    total = (unit.total or 0.0) + points * unit.shares[arena]
    return replace(unit, arenas=arenas, total=total)


# --- grades ----------------------------------------------------------------------------------


def _best_index(rules: Rules, unit: UnitInput) -> tuple[int, list[dict[str, str]]]:
    """Return the highest grade the unit's gates allow and the gates that hold, with evidence."""
    best, held = 0, []
    for gate in rules.gates:
        evidence = gate_evidence(gate, unit.facts)
        if evidence is not None:
            index = rules.grade_index(gate.best)
            held.append({"kind": gate.kind, "best": gate.best, "evidence": evidence})
            best = max(best, index)
    return best, held


def _tie_score(rules: Rules, unit: UnitInput) -> float:
    if rules.tie != "arena":
        return 0.0
    return unit.arenas.get(rules.tie_arena) or 0.0


def _order(rules: Rules, units: list[UnitInput]) -> list[UnitInput]:
    return sorted(units, key=lambda u: (-(u.total or 0.0), -_tie_score(rules, u), u.name, u.id))


def _tied(a: UnitInput, b: UnitInput, rules: Rules, *, on_total: bool = False) -> bool:
    if abs((a.total or 0.0) - (b.total or 0.0)) > TIE:
        return False
    return on_total or abs(_tie_score(rules, a) - _tie_score(rules, b)) <= TIE


def _size(rules: Rules, index: int, group_size: int) -> int:
    grade = rules.grades[index]
    if rules.method == "counts":
        return grade.count or 0
    return quota_count(grade.percent or 0, group_size, rules.rounding)


def _quota_zh(rules: Rules, index: int, size: int, group_size: int) -> str:
    grade = rules.grades[index]
    if rules.method == "counts":
        return f"{grade.name}名额{size}个"
    rounding = ROUNDING_ZH[rules.rounding]
    return f"{grade.name}名额{size}个（{group_size}个单位×{grade.percent}%，{rounding}）"


def _allocate(rules: Rules, units: list[UnitInput], best: dict[int, int]) -> dict[int, dict]:
    """Fill the grades of one group from the top; return unit id → {index, reason parts}."""
    if rules.method == "bands":
        return _bands(rules, units, best)
    ranked = _order(rules, [u for u in units if u.total is not None])
    size_of_group, placed = len(ranked), {}
    remaining = list(ranked)
    for index in range(len(rules.grades) - 1):
        size = _size(rules, index, size_of_group)
        eligible = [u for u in remaining if best[u.id] <= index]
        taken = eligible[:size]
        if not taken:
            continue
        edge = taken[-1]
        extra = [u for u in eligible[size:] if _tied(u, edge, rules)]
        for place, unit in enumerate(taken + extra, start=1):
            kind = "tie" if unit in extra else "quota"
            placed.setdefault(unit.id, {}).update(
                {"index": index, "kind": kind, "place": place, "size": size, "edge": edge.name}
            )
        for unit in eligible[size:]:
            if unit not in extra and _tied(unit, edge, rules, on_total=True):
                placed.setdefault(unit.id, {})["lost_tie"] = {"index": index, "to": edge.name}
        remaining = [u for u in remaining if u.id not in placed or "index" not in placed[u.id]]
    last = len(rules.grades) - 1
    for place, unit in enumerate(remaining, start=1):
        placed.setdefault(unit.id, {}).update({"index": last, "kind": "rest", "place": place})
    for unit in units:
        if unit.total is None:
            placed[unit.id] = {"index": last, "kind": "unranked"}
    for entry in placed.values():
        entry["group_size"] = size_of_group
    return placed


def _bands(rules: Rules, units: list[UnitInput], best: dict[int, int]) -> dict[int, dict]:
    placed = {}
    last = len(rules.grades) - 1
    for unit in units:
        index = last
        for i, grade in enumerate(rules.grades[:-1]):
            if unit.total is not None and unit.total >= (grade.min_total or 0) - TIE:
                index = i
                break
        placed[unit.id] = {"index": max(index, best[unit.id]), "kind": "band", "band": index}
    return placed


def _grade_group(rules: Rules, units: list[UnitInput]) -> dict[int, Outcome]:
    best, held = {}, {}
    for unit in units:
        best[unit.id], held[unit.id] = _best_index(rules, unit)
    placed = _allocate(rules, units, best)
    free = _allocate(rules, units, {u.id: 0 for u in units}) if any(best.values()) else placed
    outcomes = {}
    for unit in units:
        entry = placed[unit.id]
        index = entry["index"]
        out = Outcome(unit.id, rules.grades[index].name, index, gates=held[unit.id])
        out.reason_zh, out.reason_en = _reason(rules, unit, entry, free[unit.id]["index"], held)
        outcomes[unit.id] = out
    return outcomes


def _reason(rules, unit, entry, free_index, held) -> tuple[str, str]:
    grade = rules.grades[entry["index"]].name
    gates = held[unit.id]
    if free_index < entry["index"] and gates:
        blocking = [g for g in gates if rules.grade_index(g["best"]) == entry["index"]] or gates
        g = blocking[0]
        lost = rules.grades[free_index].name
        return (
            f"因{GATE_ZH[g['kind']]}（{g['evidence']}）不得评为{lost}，评为{grade}，"
            f"名额由后一位单位递补。",
            f"Kept out of {lost} by {GATE_EN[g['kind']]} ({g['evidence']}): graded {grade}; "
            f"the next unit moved up.",
        )
    kind = entry["kind"]
    if kind == "unranked":
        return ("年度无排名，评为" + grade + "。", f"Not ranked in the year: graded {grade}.")
    if kind == "band":
        low = (
            rules.grades[entry["band"]].min_total if entry["band"] < len(rules.grades) - 1 else None
        )
        total = f"{unit.total:.2f}" if unit.total is not None else "—"
        if low is None:
            return (
                f"年度总分{total}，低于各等次分数线，评为{grade}。",
                f"Year total {total}, below every band: graded {grade}.",
            )
        return (
            f"年度总分{total}，达到{grade}分数线{low:g}分。",
            f"Year total {total} reaches the {grade} band of {low:g}.",
        )
    if kind == "tie":
        return (
            f"与{entry['edge']}总分并列于{grade}名额边界，按并列同评规则评为{grade}，名额超出。",
            f"Tied with {entry['edge']} at the edge of {grade}: both get it, quota exceeded.",
        )
    if "lost_tie" in entry:
        lost = rules.grades[entry["lost_tie"]["index"]].name
        to = entry["lost_tie"]["to"]
        arena = rules.tie_arena
        return (
            f"与{to}总分相同，按{arena}得分高者优先，未进入{lost}名额，评为{grade}。",
            f"Tied on total with {to}; the higher score in {arena} went first: "
            f"not {lost} but {grade}.",
        )
    if kind == "rest":
        return (
            f"在前列等次名额之外，评为{grade}。",
            f"Outside the higher grades' quotas: {grade}.",
        )
    quota = _quota_zh(rules, entry["index"], entry["size"], entry["group_size"])
    return (
        f"在{quota}中居第{entry['place']}位，评为{grade}。",
        f"Place {entry['place']} of the {entry['size']} places of {grade}.",
    )


def grade_units(rules: Rules, units: list[UnitInput]) -> dict[int, Outcome]:
    """Grade every unit group by group (no awards, no smallest change)."""
    groups: dict[str, list[UnitInput]] = defaultdict(list)
    for unit in units:
        groups[unit.group].append(unit)
    outcomes: dict[int, Outcome] = {}
    for members in groups.values():
        outcomes.update(_grade_group(rules, members))
    return outcomes


# --- the smallest change ---------------------------------------------------------------------

JUST_OUTSIDE = 3  # the first units below each grade get the smallest change that moves them


def _index_with(rules: Rules, members: list[UnitInput], changed: UnitInput) -> int:
    others = [changed if u.id == changed.id else u for u in members]
    return _grade_group(rules, others)[changed.id].grade_index


def _fewest_points(rules, members, unit, arena, index) -> float | None:
    """Return the fewest points (in cents) in `arena` that lift `unit` above grade `index`."""
    share = unit.shares.get(arena) or 0.0
    if share <= 0 or unit.total is None:
        return None
    top = max((u.total or 0.0) for u in members)
    high = math.ceil((top - unit.total + 1.0) / share * 100) + 1

    def moves(cents: int) -> bool:
        return _index_with(rules, members, with_points(unit, arena, cents / 100)) < index

    if not moves(high):
        return None
    low = 0  # never moves at 0 points
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if moves(middle) else (middle, high)
    return high / 100


def nearest_change(rules, members, unit, outcome) -> dict[str, Any] | None:
    """Return the smallest change that moves `unit` up one grade: points in one arena or a gate."""
    index = outcome.grade_index
    if index == 0 or unit.total is None:
        return None
    best = None
    for arena in sorted(unit.shares):
        points = _fewest_points(rules, members, unit, arena, index)
        if points is not None and (best is None or points < best["points"]):
            best = {"arena": arena, "points": points}
    gate = None
    for g in rules.gates:
        if gate_evidence(g, unit.facts) is None:
            continue
        lifted = replace(unit, facts=lift_gate(unit.facts, g))
        if _index_with(rules, members, lifted) < index:
            gate = g.kind
            break
    if best is None and gate is None:
        return None
    return {**(best or {}), "gate": gate, "to": rules.grades[index - 1].name}


def _nearest_text(change: dict[str, Any], names: dict[str, str]) -> tuple[str, str]:
    zh, en = [], []
    if "arena" in change:
        name = names.get(change["arena"], change["arena"])
        zh.append(f"{name}多得{change['points']:.2f}分")
        en.append(f"{change['points']:.2f} points more in {name}")
    if change["gate"]:
        zh.append(f"解除{GATE_ZH[change['gate']]}")
        en.append(f"{GATE_EN[change['gate']]} lifted")
    to = change["to"]
    return (f"若{'，或'.join(zh)}，即可评为{to}。", f"{to} with {', or '.join(en)}.")


def _add_nearest(rules, units, outcomes, arena_names) -> None:
    groups: dict[str, list[UnitInput]] = defaultdict(list)
    for unit in units:
        groups[unit.group].append(unit)
    for members in groups.values():
        seen: dict[int, int] = defaultdict(int)
        for unit in _order(rules, members):
            out = outcomes[unit.id]
            if out.grade_index == 0:
                continue
            seen[out.grade_index] += 1
            if seen[out.grade_index] > JUST_OUTSIDE and not out.gates:
                continue
            change = nearest_change(rules, members, unit, out)
            if change:
                out.nearest = change
                zh, en = _nearest_text(change, arena_names)
                out.reason_zh += zh
                out.reason_en += " " + en


# --- awards ----------------------------------------------------------------------------------


def _award_gated(award: Award, unit: UnitInput) -> str | None:
    for gate in award.gates:
        evidence = gate_evidence(gate, unit.facts)
        if evidence is not None:
            return f"{GATE_ZH[gate.kind]}（{evidence}）"
    return None


def _top(candidates: list[tuple[float, UnitInput]], n: int) -> list[tuple[int, float, UnitInput]]:
    """Return the first n by value (highest first) with ties at the edge, and their places."""
    ordered = sorted(candidates, key=lambda c: (-c[0], c[1].name, c[1].id))
    chosen = []
    for place, (value, unit) in enumerate(ordered, start=1):
        if place > n and not (chosen and abs(chosen[-1][1] - value) <= TIE):
            break
        chosen.append((place, value, unit))
    return chosen


def _award_winners(award, units, outcomes, names) -> list[tuple]:
    """Return (unit, reason zh, reason en, title) of every winner of `award`."""
    free = [u for u in units if _award_gated(award, u) is None and u.total is not None]
    if award.kind == "advanced" and award.grade:
        return [
            (u, f"评为{award.grade}", f"graded {award.grade}", award.name)
            for u in free
            if outcomes[u.id].grade == award.grade
        ]
    if award.kind == "advanced":
        winners = []
        for group in sorted({u.group for u in free}):
            members = [(u.total, u) for u in free if u.group == group]
            winners += [
                (u, f"本组第{p}名", f"place {p} in its group", award.name)
                for p, _, u in _top(members, award.top)
            ]
        return winners
    if award.kind == "progress":
        rises = []
        for u in free:
            base = u.facts.q1_rank if award.base == "q1" else u.facts.last_year_rank
            if base is not None and u.rank is not None and base > u.rank:
                rises.append((float(base - u.rank), u, base))
        bases = {u.id: base for _, u, base in rises}
        since = "一季度" if award.base == "q1" else "上年"
        return [
            (
                u,
                f"由{since}第{bases[u.id]}名升至第{u.rank}名，上升{int(v)}位",
                f"rose {int(v)} places, from {bases[u.id]} to {u.rank}",
                award.name,
            )
            for _, v, u in _top([(v, u) for v, u, _ in rises], award.top)
        ]
    winners = []
    arenas = award.arenas or tuple(sorted({a for u in units for a in u.arenas}))
    for arena in arenas:
        scores = [(u.arenas[arena], u) for u in free if u.arenas.get(arena) is not None]
        label = names.get(arena, arena)
        title = f"{award.name}（{label}）"
        winners += [
            (u, f"{label}得分{v:.2f}，居第{p}位", f"{label} {v:.2f}, place {p}", title)
            for p, v, u in _top(scores, award.top)
        ]
    return winners


def _add_awards(rules: Rules, units, outcomes, names) -> None:
    for award in rules.awards:
        for unit, zh, en, title in _award_winners(award, units, outcomes, names):
            outcomes[unit.id].awards.append(
                {
                    "kind": award.kind,
                    "name": award.name,
                    "title": title,
                    "reason_zh": zh,
                    "reason_en": en,
                }
            )
        for unit in units:
            blocked = _award_gated(award, unit)
            if blocked and not any(a["name"] == award.name for a in outcomes[unit.id].awards):
                outcomes[unit.id].gates.append(
                    {"kind": "award", "award": award.name, "evidence": blocked, "best": ""}
                )


def _staff(rules: Rules, out: Outcome) -> None:
    percent = rules.grades[out.grade_index].staff_percent
    for award in rules.awards:
        if award.staff_percent is not None and any(a["name"] == award.name for a in out.awards):
            percent = max(percent or 0, award.staff_percent)
    out.staff_percent = None if percent is None else f"{percent:g}"


def grade_year(
    rules: Rules, units: list[UnitInput], *, arena_names: dict[str, str] | None = None
) -> dict[int, Outcome]:
    """Grade every unit, add the smallest change for those just outside, then the awards."""
    outcomes = grade_units(rules, units)
    _add_nearest(rules, units, outcomes, arena_names or {})
    _add_awards(rules, units, outcomes, arena_names or {})
    for out in outcomes.values():
        _staff(rules, out)
    return outcomes
