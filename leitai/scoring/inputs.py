"""Frozen input records of the engine: plain codes and numbers, never model instances."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

NAN = float("nan")
KINDS = ("bonus", "deduction", "veto")


@dataclass(frozen=True)
class Unit:
    """A unit being assessed and its group."""

    code: str
    name: str
    group: str


@dataclass(frozen=True)
class Value:
    """A unit's value of an indicator; None marks a blank (the value is then missing)."""

    unit: str
    indicator: str
    value: float | None
    target: float | None = None
    previous: float | None = None


@dataclass(frozen=True)
class PanelScore:
    """One judge's 0-100 score of a unit on a panel indicator."""

    unit: str
    indicator: str
    judge: str
    score: float


@dataclass(frozen=True)
class Adjustment:
    """A bonus, deduction or veto row; points win over level when both are given."""

    unit: str
    arena: str
    kind: str
    level: str = ""
    points: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Exemption:
    """An indicator that does not apply to one unit."""

    unit: str
    indicator: str


@dataclass(frozen=True)
class ValueColumns:
    """The values sheet as columns, for large inputs; NaN marks a blank number."""

    unit: tuple[str, ...]
    indicator: tuple[str, ...]
    value: np.ndarray
    target: np.ndarray
    previous: np.ndarray

    @classmethod
    def from_rows(cls, rows: Iterable[Value]) -> ValueColumns:
        """Build the columns from Value records."""
        rows = list(rows)
        return cls(
            tuple(r.unit for r in rows),
            tuple(r.indicator for r in rows),
            _floats(r.value for r in rows),
            _floats(r.target for r in rows),
            _floats(r.previous for r in rows),
        )

    def __len__(self) -> int:
        return len(self.unit)


@dataclass(frozen=True)
class ScoringInput:
    """Everything the engine needs for one period."""

    units: tuple[Unit, ...]
    values: ValueColumns
    panel: tuple[PanelScore, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    exemptions: tuple[Exemption, ...] = ()

    @classmethod
    def from_rows(
        cls,
        units: Sequence[Unit],
        values: Iterable[Value],
        panel: Iterable[PanelScore] = (),
        adjustments: Iterable[Adjustment] = (),
        exemptions: Iterable[Exemption] = (),
    ) -> ScoringInput:
        """Bundle plain records into an input."""
        return cls(
            tuple(units),
            ValueColumns.from_rows(values),
            tuple(panel),
            tuple(adjustments),
            tuple(exemptions),
        )


def _floats(items: Iterable[float | None]) -> np.ndarray:
    return np.array([NAN if x is None else x for x in items], dtype=float)
