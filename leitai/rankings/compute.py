"""Run the engine on canonical inputs and shape its result into snapshot rows.

Sensitivity defaults (docs/rankings.md): 200 runs, arena weights jittered by ±20 %, seed 1.
A unit's rank is flagged "within the noise of the weights" when the 5th and 95th percentile
ranks differ or it kept its rank in fewer than 90 % of the runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from leitai import scoring
from leitai.rankings.inputs import NOT_REPORTED, held_scheme, scoring_input

SENSITIVITY_RUNS = 200
SENSITIVITY_JITTER = 0.2
SENSITIVITY_SEED = 1
ROBUST_KEPT = 0.9
NO_SCORES = "no_scores"


@dataclass(frozen=True)
class Sensitivity:
    """How to jitter the weights: number of runs, jitter and seed."""

    runs: int = SENSITIVITY_RUNS
    jitter: float = SENSITIVITY_JITTER
    seed: int = SENSITIVITY_SEED

    def as_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "jitter": self.jitter, "seed": self.seed, "kept": ROBUST_KEPT}


def score_canonical(scheme: scoring.Scheme, canonical: dict[str, Any]) -> scoring.Result:
    """Score one period from its canonical inputs, under the part of `scheme` they hold.

    The inputs hold the scheme as the period's kind applies it (a month leaves judges' scores
    out, see inputs.period_scheme), so a month never scores a panel indicator as missing.
    """
    return scoring.score(
        held_scheme(scheme, canonical["scheme"]),
        scoring_input(canonical),
        canonical["previous_ranks"] or None,
        canonical["previous_groups"] or None,
    )


def roll_up_quarters(
    quarters: dict[str, scoring.Result], canonical: dict[str, Any]
) -> scoring.Result:
    """Roll quarter results up to the year with the year's adjustments."""
    adjustments = scoring_input({**_EMPTY, "adjustments": canonical["adjustments"]}).adjustments
    return scoring.roll_up(
        quarters,
        adjustments,
        canonical["previous_ranks"] or None,
        canonical["previous_groups"] or None,
    )


_EMPTY = {"units": [], "values": [], "panel": [], "exemptions": []}


def with_sensitivity(result: scoring.Result, check: Sensitivity) -> scoring.Result:
    """Return the result with its sensitivity run."""
    return scoring.sensitivity(result, check.runs, check.jitter, check.seed)


def _float(x: float | None) -> float | None:
    return None if x is None or math.isnan(x) else float(x)


def row_data(unit: scoring.UnitResult, adjustments: list[dict]) -> dict[str, Any]:
    """Return the stored fields of one unit's row (except snapshot, unit and group ids)."""
    sens = unit.sensitivity
    return {
        "unit_name": unit.name,
        "total": _float(unit.total),
        "rank": unit.rank,
        "rank_change": unit.rank_change,
        "previous_rank": unit.rank + unit.rank_change if unit.rank_change is not None else None,
        "vetoed": unit.vetoed,
        "arenas": {code: _float(score) for code, score in unit.arenas.items()},
        "detail": {
            "arenas": {code: _arena(a) for code, a in unit.arena_details.items()},
            "indicators": {code: _indicator(i) for code, i in unit.indicators.items()},
            "adjustments": adjustments,
        },
        "sensitivity": _sensitivity(sens),
        "robust": None if sens is None else is_robust(sens),
    }


def is_robust(sens: scoring.Sensitivity) -> bool:
    """Tell whether a rank stands when the weights move (see the module docstring)."""
    return sens.p5 == sens.p95 and sens.kept >= ROBUST_KEPT


def _arena(a: scoring.ArenaResult) -> dict[str, Any]:
    return {
        "score": _float(a.score),
        "base": _float(a.base),
        "bonus": a.bonus,
        "deduction": a.deduction,
        "explain_zh": a.explain_zh,
        "explain_en": a.explain_en,
    }


def _indicator(i: scoring.IndicatorResult) -> dict[str, Any]:
    return {
        "points": _float(i.points),
        "max_points": i.max_points,
        "applicable": i.applicable,
        "missing": i.missing,
        "explain_zh": i.explain_zh,
        "explain_en": i.explain_en,
    }


def _sensitivity(sens: scoring.Sensitivity | None) -> dict[str, Any] | None:
    if sens is None:
        return None
    return {"median": sens.median, "p5": sens.p5, "p95": sens.p95, "kept": sens.kept}


def missing_list(
    units: list[scoring.UnitResult], excluded: dict[tuple[str, str], str], scheme: scoring.Scheme
) -> list[dict[str, str]]:
    """Return every applicable indicator the engine scored as missing, with the reason."""
    panel = {ind.code for ind in scheme.indicators if ind.rule == "panel"}
    out = []
    for unit in units:
        for code, ind in unit.indicators.items():
            if ind.missing:
                default = NO_SCORES if code in panel else NOT_REPORTED
                reason = excluded.get((unit.unit, code), default)
                out.append(
                    {"unit": unit.unit, "name": unit.name, "indicator": code, "reason": reason}
                )
    return out
