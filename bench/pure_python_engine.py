"""A straightforward pure-Python implementation of SCORING.md, kept as the benchmark's baseline.

No NumPy: dicts and loops, the way one would first write the contract down. It reads the
same Scheme dataclasses and plain row tuples; `score_files` also reads the CSV folder and
writes JSON, for the end-to-end comparison.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

TIE = 1e-9


def indicator_points(ind, v, t, k0, lo, hi) -> float:
    """Return one unit's points on one indicator (value v present)."""
    m = ind.max_points
    if ind.rule == "completion":
        r = v / t if ind.higher else ind.cap if v <= 0 else t / v
        return 0.0 if r < ind.zero_below else m * min(max(r, 0.0), ind.cap)
    if ind.rule == "relative":
        if hi == lo:
            return m
        x = (v - lo) / (hi - lo) if ind.higher else (hi - v) / (hi - lo)
        return m * (ind.floor + (1 - ind.floor) * x)
    if ind.rule == "rank":
        p = m * (1 - (1 - ind.floor) * (v - 1) / (ind.peers - 1))
        if k0 is not None and v < k0:
            p += ind.advance * (k0 - v)
        elif k0 is not None and v > k0:
            p -= ind.retreat * (v - k0)
        return min(max(p, 0.0), ind.cap * m)
    if ind.rule == "bands":
        fraction = 0.0
        for threshold, f in ind.bands:
            if ind.higher and threshold <= v:
                fraction = f
            if not ind.higher and threshold >= v:
                return m * f
        return m * fraction
    if ind.rule == "share":
        return m * min(max(v, 0.0), 1.0)
    return m * v / 100.0


def panel_mean(scores: list[float], trim_from: int) -> float:
    """Return the judges' mean, trimmed when there are enough of them."""
    if len(scores) >= trim_from:
        ordered = sorted(scores)[1:-1]
        return sum(ordered) / len(ordered)
    return sum(scores) / len(scores)


def score(scheme, units, values, panel=(), adjustments=(), exemptions=()) -> dict:
    """Score plain rows; return {unit: {"total", "rank", "arenas", "points"}}."""
    group_of = {code: group for code, _, group in units}
    exempt = set(exemptions)
    by_indicator = defaultdict(dict)
    for unit, code, v, t, k0 in values:
        if v is not None:
            by_indicator[code][unit] = (v, t, k0)
    judges = defaultdict(list)
    for unit, code, _, s in panel:
        judges[(code, unit)].append(s)
    points = {code: {} for code, _, _ in units}
    for ind in scheme.indicators:
        applies = [
            u
            for u, _, g in units
            if (not ind.groups or g in ind.groups) and (u, ind.code) not in exempt
        ]
        if ind.rule == "panel":
            given = {
                u: (panel_mean(judges[(ind.code, u)], ind.trim_from), None, None)
                for u in applies
                if judges.get((ind.code, u))
            }
        else:
            given = {u: by_indicator[ind.code][u] for u in applies if u in by_indicator[ind.code]}
        ranges = {}
        if ind.rule == "relative":
            for u, (v, _, _) in given.items():
                lo, hi = ranges.get(group_of[u], (v, v))
                ranges[group_of[u]] = (min(lo, v), max(hi, v))
        for u in applies:
            if u in given:
                v, t, k0 = given[u]
                lo, hi = ranges.get(group_of[u], (0.0, 0.0))
                points[u][ind.code] = indicator_points(ind, v, t, k0, lo, hi)
            else:
                points[u][ind.code] = 0.0
    return _totals(scheme, units, points, adjustments)


def _totals(scheme, units, points, adjustments) -> dict:
    bonus, deduction, vetoed = defaultdict(float), defaultdict(float), set()
    for unit, arena, kind, level, amount, _ in adjustments:
        if kind == "veto":
            vetoed.add(unit)
            continue
        amount = amount if amount is not None else scheme.bonus_level(level)
        (bonus if kind == "bonus" else deduction)[(unit, arena)] += amount
    out = {}
    for unit, _, group in units:
        arenas, weighted, weights = {}, 0.0, 0.0
        for arena in scheme.arenas:
            got = [
                (points[unit][i.code], i.max_points)
                for i in arena.indicators
                if i.code in points[unit]
            ]
            if not got:
                arenas[arena.code] = None
                continue
            base = 100 * sum(p for p, _ in got) / sum(m for _, m in got)
            b = min(
                bonus[(unit, arena.code)], math.inf if arena.bonus_cap is None else arena.bonus_cap
            )
            d = min(
                deduction[(unit, arena.code)],
                math.inf if arena.deduction_cap is None else arena.deduction_cap,
            )
            arenas[arena.code] = max(0.0, base + b - d)
            weighted += arena.weight * arenas[arena.code]
            weights += arena.weight
        total = weighted / weights if weights else None
        out[unit] = {
            "group": group,
            "total": total,
            "rank": None,
            "arenas": arenas,
            "points": points[unit],
            "vetoed": unit in vetoed,
        }
    _rank(out)
    return out


def _rank(out: dict) -> None:
    groups = defaultdict(list)
    for unit, r in out.items():
        if r["total"] is not None:
            groups[r["group"]].append(unit)
    for members in groups.values():
        members.sort(key=lambda u: (out[u]["vetoed"], -out[u]["total"]))
        leader = None
        for position, unit in enumerate(members, start=1):
            r = out[unit]
            if (
                leader is None
                or leader["vetoed"] != r["vetoed"]
                or leader["total"] - r["total"] > TIE
            ):
                leader, rank = r, position
            r["rank"] = rank


def _number(text: str):
    return float(text) if text.strip() else None


def score_files(scheme, data: Path, output: Path) -> None:
    """Read a CSV folder, score it and write JSON with simple explanations."""

    def rows(name):
        path = data / f"{name}.csv"
        if not path.exists():
            return []
        with path.open(encoding="utf-8") as handle:
            return list(csv.reader(handle))[1:]

    units = [tuple(r) for r in rows("units")]
    values = [(u, i, _number(v), _number(t), _number(p)) for u, i, v, t, p in rows("values")]
    panel = [(u, i, j, float(s)) for u, i, j, s in rows("panel")]
    adjustments = [(u, a, k, lv, _number(p), n) for u, a, k, lv, p, n in rows("adjustments")]
    exemptions = [(u, i) for u, i in rows("exemptions")]
    result = score(scheme, units, values, panel, adjustments, exemptions)
    names = {code: name for code, name, _ in units}
    maxima = {i.code: i.max_points for i in scheme.indicators}
    with output.open("w", encoding="utf-8") as handle:
        handle.write('{"scheme": ' + json.dumps(scheme.name, ensure_ascii=False) + ', "units": [')
        for n, (unit, r) in enumerate(result.items()):
            record = {
                "unit": unit,
                "name": names[unit],
                "group": r["group"],
                "total": r["total"],
                "rank": r["rank"],
                "vetoed": r["vetoed"],
                "arenas": r["arenas"],
                "indicators": {
                    c: {
                        "points": p,
                        "max_points": maxima[c],
                        "explain": f"得分 {p:.2f} / {maxima[c]:g}",
                    }
                    for c, p in r["points"].items()
                },
            }
            handle.write((",\n" if n else "\n") + json.dumps(record, ensure_ascii=False))
        handle.write("\n]}\n")
