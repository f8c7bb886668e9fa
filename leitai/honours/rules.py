"""The year's grading rules (评优规则): their plain form and the parser that checks them.

Django-free, like the scoring engine: the rules are a JSON object stored beside a scheme
version (models.GradingRules) and parsed here into frozen dataclasses that `grading.py` reads.
Every error names the place it was found ("grades[2].percent") and is raised as one
`RulesError` holding all of them, so an office fixes everything in one go.

    {"method": "quota", "rounding": "half_up", "tie": "share", "tie_arena": "",
     "publicity_days": 5,
     "grades": [{"name": "优秀", "percent": 30, "staff_percent": 25}, ..., {"name": "不合格"}],
     "gates": [{"kind": "veto", "best": "合格"}, {"kind": "last_place", "months": 3, ...}],
     "awards": [{"kind": "advanced", "name": "先进单位", "grade": "优秀", "gates": [...]}, ...]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any


def N_(text: str) -> str:
    """Mark a message for the catalogue; the caller translates it when it is shown."""
    return text


METHODS = ("quota", "counts", "bands")
ROUNDINGS = {"half_up": ROUND_HALF_UP, "up": ROUND_CEILING, "down": ROUND_FLOOR}
ROUNDING_ZH = {"half_up": "四舍五入", "up": "进一法", "down": "去尾法"}
TIES = ("share", "arena")
GATE_KINDS = ("veto", "below_target", "red_problem", "last_place", "yellow_card")
AWARD_KINDS = ("advanced", "progress", "single")
PROGRESS_BASES = ("q1", "last_year")


@dataclass(frozen=True)
class Grade:
    """One grade (等次): its name and how many or which units it takes."""

    name: str
    percent: Decimal | None = None  # method quota: share of the group
    count: int | None = None  # method counts: number of units
    min_total: float | None = None  # method bands: lowest total
    staff_percent: Decimal | None = None  # the unit's staff 优秀 quota


@dataclass(frozen=True)
class Gate:
    """A condition that keeps a unit out of a grade or award (不得评为优秀/先进).

    `best` is the highest grade a gated unit may have (blank for an award's gate).
    """

    kind: str
    best: str = ""
    indicator: str = ""  # below_target: the indicator's code
    months: int = 1  # last_place: in at least this many published months


@dataclass(frozen=True)
class Award:
    """An award: 先进单位 (advanced), 进步奖 (progress) or 单项奖 (single, per arena)."""

    kind: str
    name: str
    top: int = 0  # advanced by place / progress / single: how many
    grade: str = ""  # advanced: every unit of this grade instead of a top N
    base: str = "q1"  # progress: rise from the first quarter's rank or last year's
    arenas: tuple[str, ...] = ()  # single: the arenas (blank = every arena)
    staff_percent: Decimal | None = None
    gates: tuple[Gate, ...] = ()


@dataclass(frozen=True)
class Rules:
    """A year's grading rules."""

    method: str
    grades: tuple[Grade, ...]
    rounding: str = "half_up"
    tie: str = "share"
    tie_arena: str = ""
    gates: tuple[Gate, ...] = ()
    awards: tuple[Award, ...] = ()
    publicity_days: int = 0

    def grade_index(self, name: str) -> int:
        return [g.name for g in self.grades].index(name)


@dataclass
class RulesError(ValueError):
    """All problems found in a rules object: [(place, message, params)]."""

    problems: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{place}: {msg % params}" for place, msg, params in self.problems)


def quota_count(percent: Decimal, size: int, rounding: str) -> int:
    """Return percent % of `size` units, rounded by the rule (四舍五入 / 进一法 / 去尾)."""
    exact = Decimal(percent) * size / 100
    return int(exact.quantize(Decimal(1), rounding=ROUNDINGS[rounding]))


class _Parser:
    def __init__(self, data: Any, arenas: set[str] | None):
        self.problems: list[tuple[str, str, dict[str, Any]]] = []
        self.data = data if isinstance(data, dict) else {}
        self.arenas = arenas
        if not isinstance(data, dict):
            self.fail("rules", N_("must be an object"))

    def fail(self, place: str, message: str, **params: Any) -> None:
        self.problems.append((place, message, params))

    def choice(self, obj: dict, key: str, options, default: str, place: str) -> str:
        value = obj.get(key, default)
        if value not in options:
            allowed = ", ".join(options)
            self.fail(place, N_("must be one of %(allowed)s"), allowed=allowed)
            return default
        return value

    def number(self, obj: dict, key: str, place: str, *, whole=False, low=0, high=None):
        value = obj.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(place, N_("must be a number"))
            return None
        if whole and number != number.to_integral_value():
            self.fail(place, N_("must be a whole number"))
            return None
        if number < low or (high is not None and number > high):
            self.fail(place, N_("must be between %(low)s and %(high)s"), low=low, high=high or "∞")
            return None
        return int(number) if whole else number

    def rules(self) -> Rules:
        d = self.data
        method = self.choice(d, "method", METHODS, "quota", "method")
        grades = self.grades(d.get("grades"), method)
        names = [g.name for g in grades]
        tie = self.choice(d, "tie", TIES, "share", "tie")
        tie_arena = str(d.get("tie_arena") or "")
        if tie == "arena":
            self.arena_code(tie_arena, "tie_arena")
        gates = tuple(
            self.gate(g, f"gates[{i}]", names) for i, g in enumerate(self.items(d, "gates"))
        )
        awards = tuple(
            self.award(a, f"awards[{i}]", names) for i, a in enumerate(self.items(d, "awards"))
        )
        days = self.number(d, "publicity_days", "publicity_days", whole=True, high=60)
        return Rules(
            method=method,
            grades=grades,
            rounding=self.choice(d, "rounding", tuple(ROUNDINGS), "half_up", "rounding"),
            tie=tie,
            tie_arena=tie_arena,
            gates=gates,
            awards=awards,
            publicity_days=days or 0,
        )

    def items(self, obj: dict, key: str) -> list:
        value = obj.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(key, N_("must be a list of objects"))
            return []
        return value

    def arena_code(self, code: str, place: str) -> None:
        if self.arenas is not None and code not in self.arenas:
            self.fail(place, N_("no arena %(code)s in the scheme"), code=code or "—")

    def grades(self, value: Any, method: str) -> tuple[Grade, ...]:
        if not isinstance(value, list) or len(value) < 2:
            self.fail("grades", N_("must list at least two grades"))
            return (Grade("—"), Grade("—"))
        grades, seen = [], set()
        for i, item in enumerate(value):
            place = f"grades[{i}]"
            item = item if isinstance(item, dict) else {}
            name = str(item.get("name") or "").strip()
            if not name or name in seen:
                self.fail(f"{place}.name", N_("needs a name of its own"))
            seen.add(name)
            last = i == len(value) - 1
            grades.append(self.grade(item, place, name, method, last))
        return tuple(grades)

    def grade(self, item: dict, place: str, name: str, method: str, last: bool) -> Grade:
        key = {"quota": "percent", "counts": "count", "bands": "min_total"}[method]
        high = 100 if method == "quota" else None
        value = self.number(item, key, f"{place}.{key}", whole=method == "counts", high=high)
        if value is None and not last and f"{place}.{key}" not in {p for p, _, _ in self.problems}:
            self.fail(f"{place}.{key}", N_("is needed for every grade but the last"))
        staff = self.number(item, "staff_percent", f"{place}.staff_percent", high=100)
        kwargs = {key: (float(value) if method == "bands" and value is not None else value)}
        return Grade(name=name, staff_percent=staff, **(kwargs if not last else {}))

    def gate(self, item: dict, place: str, names: list[str], *, award: bool = False) -> Gate:
        kind = self.choice(item, "kind", GATE_KINDS, "veto", f"{place}.kind")
        best = str(item.get("best") or "")
        if not award and best not in names:
            self.fail(f"{place}.best", N_("must name one of the grades"))
        indicator = str(item.get("indicator") or "")
        if kind == "below_target" and not indicator:
            self.fail(f"{place}.indicator", N_("names the indicator whose target must be met"))
        months = self.number(item, "months", f"{place}.months", whole=True, low=1, high=12)
        return Gate(kind=kind, best=best, indicator=indicator, months=months or 1)

    def award(self, item: dict, place: str, names: list[str]) -> Award:
        kind = self.choice(item, "kind", AWARD_KINDS, "advanced", f"{place}.kind")
        name = str(item.get("name") or "").strip()
        if not name:
            self.fail(f"{place}.name", N_("needs a name"))
        top = self.number(item, "top", f"{place}.top", whole=True, high=1000) or 0
        grade = str(item.get("grade") or "")
        if kind == "advanced" and grade and grade not in names:
            self.fail(f"{place}.grade", N_("must name one of the grades"))
        if top < 1 and not (kind == "advanced" and grade):
            self.fail(f"{place}.top", N_("must be at least 1"))
        arenas = tuple(str(a) for a in item.get("arenas") or [])
        for code in arenas:
            self.arena_code(code, f"{place}.arenas")
        gates = tuple(
            self.gate(g, f"{place}.gates[{i}]", names, award=True)
            for i, g in enumerate(self.items(item, "gates"))
        )
        return Award(
            kind=kind,
            name=name,
            top=top,
            grade=grade if kind == "advanced" else "",
            base=self.choice(item, "base", PROGRESS_BASES, "q1", f"{place}.base"),
            arenas=arenas,
            staff_percent=self.number(item, "staff_percent", f"{place}.staff_percent", high=100),
            gates=gates,
        )


def parse_rules(data: Any, *, arenas: set[str] | None = None) -> Rules:
    """Return the rules of `data`, or raise RulesError naming every problem and its place."""
    parser = _Parser(data, arenas)
    rules = parser.rules()
    if parser.problems:
        raise RulesError(parser.problems)
    return rules


DEFAULT_RULES: dict[str, Any] = {
    "method": "quota",
    "rounding": "half_up",
    "tie": "share",
    "publicity_days": 5,
    "grades": [
        {"name": "优秀", "percent": 30, "staff_percent": 25},
        {"name": "良好", "percent": 40, "staff_percent": 20},
        {"name": "合格", "percent": 30, "staff_percent": 15},
        {"name": "不合格", "staff_percent": 0},
    ],
    "gates": [
        {"kind": "veto", "best": "不合格"},
        {"kind": "red_problem", "best": "良好"},
        {"kind": "last_place", "months": 3, "best": "合格"},
        {"kind": "yellow_card", "best": "良好"},
    ],
    "awards": [
        {"kind": "advanced", "name": "先进单位", "grade": "优秀", "staff_percent": 25},
        {"kind": "progress", "name": "进步奖", "top": 1, "base": "q1", "gates": [{"kind": "veto"}]},
        {"kind": "single", "name": "单项奖", "top": 1, "gates": [{"kind": "veto"}]},
    ],
}
