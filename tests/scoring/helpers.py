"""Small builders for scoring tests."""

from __future__ import annotations

from leitai.scoring import ScoringInput, Unit, Value, parse_dict, score


def one_indicator(rule: str, max_points: float = 40, **params) -> dict:
    """Return a scheme dict with one arena holding indicator X."""
    indicator = {"code": "X", "rule": rule, "max_points": max_points, **params}
    return {
        "name": "t",
        "arenas": [{"code": "a", "name": "A", "weight": 1, "indicators": [indicator]}],
    }


def units(*codes: str, group: str = "g1") -> list[Unit]:
    """Return units of one group."""
    return [Unit(code, code, group) for code in codes]


def run(scheme, unit_list, values, **rows):
    """Score plain rows under a scheme (dict or Scheme)."""
    if isinstance(scheme, dict):
        scheme = parse_dict(scheme)
    return score(scheme, ScoringInput.from_rows(unit_list, values, **rows))


def points(rule: str, rows: list[tuple], max_points: float = 40, **params) -> dict:
    """Score (unit, value[, target[, previous]]) rows of indicator X; return points by unit."""
    codes = [row[0] for row in rows]
    values = [Value(row[0], "X", *row[1:]) for row in rows]
    result = run(one_indicator(rule, max_points, **params), units(*codes), values)
    return {code: result.unit(code).indicators["X"].points for code in codes}
