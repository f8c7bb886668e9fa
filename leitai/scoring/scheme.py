"""Scheme dataclasses and the YAML parser/validator of SCORING.md, with a round-tripping dump."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

RULES = ("completion", "relative", "rank", "bands", "share", "panel")
DIRECTIONS = ("higher", "lower")
DEFAULT_BONUS_LEVELS = {"national": 3.0, "provincial": 2.0, "municipal": 1.0, "county": 0.5}
QUARTERS = ("Q1", "Q2", "Q3", "Q4")

# Parameters each rule accepts, with their defaults (None = required).
# The rank rule's step, position tables and average are dumped only when set (see _dump_indicator).
RULE_PARAMS: dict[str, dict[str, Any]] = {
    "completion": {"cap": 1.0, "zero_below": 0.0},
    "relative": {"floor": 0.6},
    "rank": {
        "peers": None,
        "floor": 0.6,
        "advance": 0.0,
        "retreat": 0.0,
        "cap": 1.0,
        "step": 0.0,
        "top_points": (),
        "bottom_points": (),
        "average": False,
    },
    "bands": {"bands": None},
    "share": {"percent": False},
    "panel": {"trim_from": 5, "classes": ()},
}
INDICATOR_KEYS = ("code", "name", "rule", "max_points", "groups", "direction")
ARENA_KEYS = ("code", "name", "weight", "bonus_cap", "deduction_cap", "indicators")
SCHEME_KEYS = ("name", "bonus_levels", "quarter_weights", "arenas")


class SchemeError(ValueError):
    """A scheme that breaks the contract; `messages` lists every problem found."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class Indicator:
    """One indicator of an arena, with its rule parameters resolved to their defaults."""

    code: str
    name: str
    rule: str
    max_points: float
    groups: tuple[str, ...] = ()
    direction: str = "higher"
    cap: float = 1.0
    zero_below: float = 0.0
    floor: float = 0.6
    peers: int = 0
    advance: float = 0.0
    retreat: float = 0.0
    bands: tuple[tuple[float, float], ...] = ()
    trim_from: int = 5
    percent: bool = False
    # Rater classes of a panel (code, weight) in scheme order; () = the one default class.
    classes: tuple[tuple[str, float], ...] = ()
    # rank: the share of M lost per place (0 = the floor's straight line instead), the points
    # added for the top places (1, 2, ...) and for the last places (in position order, ending
    # with the last place), and whether values are average positions over the year's periods.
    step: float = 0.0
    top_points: tuple[float, ...] = ()
    bottom_points: tuple[float, ...] = ()
    average: bool = False

    def __post_init__(self) -> None:
        # The Python API checks rater classes as the YAML does; a mapping is accepted too.
        if self.classes:
            errors = _Collector()
            classes = _classes(errors, f"indicator {self.code}", "classes", self.classes)
            if errors.messages:
                raise SchemeError(errors.messages)
            object.__setattr__(self, "classes", classes)

    @property
    def higher(self) -> bool:
        """Tell whether a higher value is better."""
        return self.direction == "higher"


@dataclass(frozen=True)
class Arena:
    """A weighted area of assessment holding indicators; caps of None mean no cap."""

    code: str
    name: str
    weight: float
    indicators: tuple[Indicator, ...]
    bonus_cap: float | None = None
    deduction_cap: float | None = None


@dataclass(frozen=True)
class Scheme:
    """A complete assessment scheme."""

    name: str
    arenas: tuple[Arena, ...]
    bonus_levels: tuple[tuple[str, float], ...] = tuple(DEFAULT_BONUS_LEVELS.items())
    quarter_weights: tuple[tuple[str, float], ...] = tuple((q, 1.0) for q in QUARTERS)

    @cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        """Return every indicator, in scheme order."""
        return tuple(ind for arena in self.arenas for ind in arena.indicators)

    def bonus_level(self, level: str) -> float | None:
        """Return the points of a bonus level, or None when the level is unknown."""
        return dict(self.bonus_levels).get(level)

    def quarter_weight(self, quarter: str) -> float:
        """Return the weight of a quarter (Q1..Q4)."""
        return dict(self.quarter_weights)[quarter]


@dataclass
class _Collector:
    """Collect problems while parsing, so that every error is reported at once."""

    messages: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.messages.append(f"{where}: {message}" if where else message)


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Scheme:
    """Parse a scheme from YAML text.

    With libyaml present its C loader reads the text (ten times faster than the pure-Python
    one: most of a county `leitai score` run otherwise); an error is reported by the
    pure-Python loader, whose message shows the line.
    """
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SchemeError([f"scheme is not valid YAML: {exc}"]) from exc
    return parse_dict(data)


def parse_dict(data: Any) -> Scheme:
    """Parse and validate a scheme from a plain dict; raise SchemeError listing every problem."""
    errors = _Collector()
    if not isinstance(data, Mapping):
        raise SchemeError(["scheme must be a mapping with name and arenas"])
    _unknown_keys(errors, "scheme", data, SCHEME_KEYS)
    name = _text(errors, "scheme", data, "name")
    levels = _number_map(errors, "bonus_levels", data.get("bonus_levels"), DEFAULT_BONUS_LEVELS)
    quarters = _quarter_weights(errors, data.get("quarter_weights"))
    arenas = _arenas(errors, data.get("arenas"))
    if errors.messages:
        raise SchemeError(errors.messages)
    return Scheme(name, arenas, tuple(levels.items()), tuple(quarters.items()))


def dump_dict(scheme: Scheme) -> dict[str, Any]:
    """Dump a scheme to a plain dict that parse_dict reads back to an equal scheme."""
    return {
        "name": scheme.name,
        "bonus_levels": dict(scheme.bonus_levels),
        "quarter_weights": dict(scheme.quarter_weights),
        "arenas": [_dump_arena(arena) for arena in scheme.arenas],
    }


def dump_yaml(scheme: Scheme) -> str:
    """Dump a scheme to YAML text."""
    return yaml.safe_dump(dump_dict(scheme), allow_unicode=True, sort_keys=False)


def _dump_arena(arena: Arena) -> dict[str, Any]:
    out: dict[str, Any] = {"code": arena.code, "name": arena.name, "weight": arena.weight}
    if arena.bonus_cap is not None:
        out["bonus_cap"] = arena.bonus_cap
    if arena.deduction_cap is not None:
        out["deduction_cap"] = arena.deduction_cap
    out["indicators"] = [_dump_indicator(ind) for ind in arena.indicators]
    return out


def _dump_indicator(ind: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {"code": ind.code, "name": ind.name, "rule": ind.rule}
    out["max_points"] = ind.max_points
    if ind.groups:
        out["groups"] = list(ind.groups)
    out["direction"] = ind.direction
    for param in RULE_PARAMS[ind.rule]:
        value = getattr(ind, param)
        if param == "classes":
            if value:  # a panel without classes dumps as it always did
                out[param] = dict(value)
            continue
        if param == "floor" and ind.step:
            continue  # the step replaces the floor's straight line
        if param in OPTIONAL_RANK_PARAMS:
            if value:  # a rank indicator without them dumps as it always did
                out[param] = list(value) if isinstance(value, tuple) else value
            continue
        out[param] = [list(band) for band in value] if param == "bands" else value
    return out


def _unknown_keys(errors: _Collector, where: str, data: Mapping, allowed: tuple) -> None:
    for key in data:
        if key not in allowed:
            errors.add(where, f"unknown key {key!r} (allowed: {', '.join(allowed)})")


def _text(errors: _Collector, where: str, data: Mapping, key: str) -> str:
    value = data.get(key)
    if value is None or not str(value).strip():
        errors.add(where, f"missing {key}")
        return ""
    if not isinstance(value, str | int):
        errors.add(where, f"{key} must be text, got {value!r}")
        return ""
    return str(value).strip()


def _is_number(value: Any) -> bool:
    """Tell whether value is a finite real number (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def _number(errors: _Collector, where: str, key: str, value: Any, *, low: float, strict: bool):
    """Return value as float when it is a number >= low (> low when strict), else record it."""
    bound = f"> {low:g}" if strict else f">= {low:g}"
    if not _is_number(value) or value < low or (strict and value == low):
        errors.add(where, f"{key} must be a number {bound}, got {value!r}")
        return None
    return float(value)


def _number_map(errors: _Collector, key: str, value: Any, default: dict) -> dict[str, float]:
    if value is None:
        return dict(default)
    if not isinstance(value, Mapping) or not value:
        errors.add("scheme", f"{key} must be a non-empty mapping of name to points")
        return {}
    out = {}
    for name, points in value.items():
        number = _number(errors, f"scheme {key}", str(name), points, low=0, strict=False)
        if number is not None:
            out[str(name)] = number
    return out


def _quarter_weights(errors: _Collector, value: Any) -> dict[str, float]:
    if value is None:
        return dict.fromkeys(QUARTERS, 1.0)
    weights = _number_map(errors, "quarter_weights", value, {})
    for quarter, weight in list(weights.items()):
        if quarter not in QUARTERS:
            errors.add("scheme quarter_weights", f"unknown quarter {quarter!r} (use Q1..Q4)")
        elif weight <= 0:
            errors.add("scheme quarter_weights", f"{quarter} must be a number > 0, got {weight:g}")
    if weights:
        weights = {q: weights.get(q, 1.0) for q in QUARTERS}
    return weights


def _arenas(errors: _Collector, value: Any) -> tuple[Arena, ...]:
    if not isinstance(value, list) or not value:
        errors.add("scheme", "arenas must be a non-empty list")
        return ()
    arenas = []
    arena_codes: set[str] = set()
    indicator_codes: set[str] = set()
    for position, item in enumerate(value, start=1):
        arena = _arena(errors, position, item, indicator_codes)
        if arena is None:
            continue
        if arena.code in arena_codes:
            errors.add(f"arena {arena.code}", "duplicate arena code")
        arena_codes.add(arena.code)
        arenas.append(arena)
    return tuple(arenas)


def _arena(errors: _Collector, position: int, data: Any, seen: set[str]) -> Arena | None:
    if not isinstance(data, Mapping):
        errors.add(f"arena #{position}", "must be a mapping")
        return None
    code = _text(errors, f"arena #{position}", data, "code")
    where = f"arena {code or '#' + str(position)}"
    _unknown_keys(errors, where, data, ARENA_KEYS)
    name = str(data.get("name") or code)
    weight = _number(errors, where, "weight", data.get("weight"), low=0, strict=True)
    bonus_cap = _optional_cap(errors, where, data, "bonus_cap")
    deduction_cap = _optional_cap(errors, where, data, "deduction_cap")
    indicators = _indicators(errors, where, data.get("indicators"), seen)
    return Arena(code, name, weight or 0.0, indicators, bonus_cap, deduction_cap)


def _optional_cap(errors: _Collector, where: str, data: Mapping, key: str) -> float | None:
    if data.get(key) is None:
        return None
    return _number(errors, where, key, data[key], low=0, strict=False)


def _indicators(errors: _Collector, where: str, value: Any, seen: set[str]) -> tuple:
    if not isinstance(value, list) or not value:
        errors.add(where, "indicators must be a non-empty list")
        return ()
    indicators = []
    for position, item in enumerate(value, start=1):
        indicator = _indicator(errors, where, position, item)
        if indicator is None:
            continue
        if indicator.code in seen:
            errors.add(f"{where}, indicator {indicator.code}", "duplicate indicator code")
        seen.add(indicator.code)
        indicators.append(indicator)
    return tuple(indicators)


def _indicator(errors: _Collector, arena: str, position: int, data: Any) -> Indicator | None:
    if not isinstance(data, Mapping):
        errors.add(f"{arena}, indicator #{position}", "must be a mapping")
        return None
    code = _text(errors, f"{arena}, indicator #{position}", data, "code")
    where = f"{arena}, indicator {code or '#' + str(position)}"
    rule = data.get("rule")
    if rule not in RULES:
        errors.add(where, f"unknown rule {rule!r} (use one of {', '.join(RULES)})")
        _unknown_keys(errors, where, data, INDICATOR_KEYS + _all_params())
        return None
    _unknown_keys(errors, where, data, INDICATOR_KEYS + tuple(RULE_PARAMS[rule]))
    fields = {
        "code": code,
        "name": str(data.get("name") or code),
        "rule": rule,
        "max_points": _number(
            errors, where, "max_points", data.get("max_points"), low=0, strict=True
        ),
        "groups": _groups(errors, where, data.get("groups")),
        "direction": _direction(errors, where, data.get("direction", "higher")),
    }
    fields.update(_params(errors, where, rule, data))
    if rule == "rank":
        _check_rank(errors, where, data, fields)
    if fields["max_points"] is None:
        fields["max_points"] = 0.0
    return Indicator(**fields)


def _check_rank(errors: _Collector, where: str, data: Mapping, fields: dict) -> None:
    """Check what the rank rule's parameters require of each other."""
    if data.get("floor") is not None and data.get("step"):
        errors.add(where, "give floor or step, not both (step replaces the floor's straight line)")
    peers = fields.get("peers")
    for key in ("top_points", "bottom_points"):
        table = fields.get(key, ())
        if peers is not None and len(table) > peers:
            errors.add(where, f"{key} lists {len(table)} places but there are {peers} peers")


def _all_params() -> tuple[str, ...]:
    return tuple(sorted({p for params in RULE_PARAMS.values() for p in params}))


def _groups(errors: _Collector, where: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(g, str | int) for g in value):
        errors.add(where, f"groups must be a list of group names, got {value!r}")
        return ()
    return tuple(str(g) for g in value)


def _direction(errors: _Collector, where: str, value: Any) -> str:
    if value not in DIRECTIONS:
        errors.add(where, f"unknown direction {value!r} (use higher or lower)")
        return "higher"
    return value


def _params(errors: _Collector, where: str, rule: str, data: Mapping) -> dict[str, Any]:
    out = {}
    for param, default in RULE_PARAMS[rule].items():
        if data.get(param) is None and default is None:
            errors.add(where, f"missing parameter {param} for rule {rule}")
            continue
        value = data.get(param, default)
        checked = PARAM_CHECKS[param](errors, where, param, value)
        if checked is not None:
            out[param] = checked
    return out


def _fraction(errors: _Collector, where: str, key: str, value: Any) -> float | None:
    if not _is_number(value) or not 0 <= value <= 1:
        errors.add(where, f"{key} must be a fraction in [0, 1], got {value!r}")
        return None
    return float(value)


def _positive(errors: _Collector, where: str, key: str, value: Any) -> float | None:
    return _number(errors, where, key, value, low=0, strict=True)


def _non_negative(errors: _Collector, where: str, key: str, value: Any) -> float | None:
    return _number(errors, where, key, value, low=0, strict=False)


def _integer(low: int):
    def check(errors: _Collector, where: str, key: str, value: Any) -> int | None:
        if not _is_number(value) or value != int(value) or value < low:
            errors.add(where, f"{key} must be a whole number >= {low}, got {value!r}")
            return None
        return int(value)

    return check


def _bands(errors: _Collector, where: str, key: str, value: Any) -> tuple | None:
    if not isinstance(value, list) or not value:
        errors.add(where, f"bands must be a non-empty list of [threshold, fraction], got {value!r}")
        return None
    bands: list[tuple[float, float]] = []
    for position, band in enumerate(value, start=1):
        pair = _band(errors, where, position, band)
        if pair is None:
            continue
        if bands and pair[0] <= bands[-1][0]:
            errors.add(where, f"band {position}: thresholds must be strictly ascending")
        bands.append(pair)
    return tuple(bands)


def _band(errors: _Collector, where: str, position: int, band: Any) -> tuple | None:
    if not isinstance(band, list | tuple) or len(band) != 2 or not _is_number(band[0]):
        errors.add(where, f"band {position} must be [threshold, fraction], got {band!r}")
        return None
    fraction = _fraction(errors, where, f"band {position} fraction", band[1])
    return None if fraction is None else (float(band[0]), fraction)


def _boolean(errors: _Collector, where: str, key: str, value: Any) -> bool | None:
    if not isinstance(value, bool):
        errors.add(where, f"{key} must be true or false, got {value!r}")
        return None
    return value


def _classes(errors: _Collector, where: str, key: str, value: Any) -> tuple | None:
    """Read rater classes: a mapping of class code to weight ({A: 60, B: 40}) or a list of
    [code, weight] pairs (the form that keeps its order in a JSON column); None = no classes."""
    if value is None or value == ():
        return ()
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, list | tuple) and all(
        isinstance(p, list | tuple) and len(p) == 2 for p in value
    ):
        pairs = [tuple(p) for p in value]
    else:
        errors.add(
            where,
            f"{key} must map each rater class to its weight, e.g. {{A: 60, B: 40}}, got {value!r}",
        )
        return None
    if not pairs:
        errors.add(where, f"{key} must name at least one rater class (or be left out)")
        return None
    classes: dict[str, float] = {}
    for code, weight in pairs:
        plain = isinstance(code, str | int) and not isinstance(code, bool)
        text = str(code).strip() if plain else ""
        if not text:
            errors.add(where, f"{key}: a rater class code must be non-empty text, got {code!r}")
            continue
        if text in classes:
            errors.add(where, f"{key}: duplicate rater class {text!r}")
            continue
        number = _number(errors, where, f"{key} weight of {text}", weight, low=0, strict=True)
        if number is not None:
            classes[text] = number
    return tuple(classes.items())


def _points_table(errors: _Collector, where: str, key: str, value: Any) -> tuple | None:
    """Read a list of points by place, e.g. [5, 4, 3, 2, 1]; an empty list means none."""
    if value == () or value is None:
        return ()
    if not isinstance(value, list | tuple) or not all(_is_number(p) for p in value):
        errors.add(where, f"{key} must be a list of points by place, got {value!r}")
        return None
    return tuple(float(p) for p in value)


OPTIONAL_RANK_PARAMS = ("step", "top_points", "bottom_points", "average")

PARAM_CHECKS = {
    "step": _fraction,
    "top_points": _points_table,
    "bottom_points": _points_table,
    "average": _boolean,
    "percent": _boolean,
    "cap": _positive,
    "zero_below": _non_negative,
    "floor": _fraction,
    "advance": _non_negative,
    "retreat": _non_negative,
    "peers": _integer(2),
    "bands": _bands,
    "trim_from": _integer(3),
    "classes": _classes,
}
