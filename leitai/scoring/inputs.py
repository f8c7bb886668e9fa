"""Frozen input records of the engine: plain codes and numbers, never model instances."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat

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
    """One judge's 0-100 score of a unit on a panel indicator; `rater_class` is the judge's
    class among the indicator's `classes` ("" = the default class of a panel without classes).
    """

    unit: str
    indicator: str
    judge: str
    score: float
    rater_class: str = ""


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
class Carrier:
    """A unit's share (0 < weight <= 1) of an indicator it carries with other units (SCORING.md,
    "Carried shares"): its points and maximum on that indicator are multiplied by the weight."""

    unit: str
    indicator: str
    weight: float = 1.0


@dataclass(frozen=True)
class ValueColumns:
    """The values sheet as columns, for large inputs; NaN marks a blank number.

    `unit` and `indicator` hold codes, or (for speed) integer arrays of positions in
    ScoringInput.units and Scheme.indicators.
    """

    unit: Sequence[str] | np.ndarray
    indicator: Sequence[str] | np.ndarray
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
class PanelColumns:
    """The panel sheet as columns; unit and indicator as in ValueColumns, judge any codes.

    `rater_class` holds each score's class code ("" = the default class); None means every
    score is in the default class (the sheet has no class column).
    """

    unit: Sequence[str] | np.ndarray
    indicator: Sequence[str] | np.ndarray
    judge: Sequence[str] | np.ndarray
    score: np.ndarray
    rater_class: Sequence[str] | None = None

    @classmethod
    def from_rows(cls, rows: Iterable[PanelScore]) -> PanelColumns:
        """Build the columns from PanelScore records."""
        rows = list(rows)
        classes = tuple(r.rater_class for r in rows)
        return cls(
            tuple(r.unit for r in rows),
            tuple(r.indicator for r in rows),
            tuple(r.judge for r in rows),
            _floats(r.score for r in rows),
            classes if any(classes) else None,
        )

    def __len__(self) -> int:
        return len(self.unit)


@dataclass(frozen=True)
class ScoringInput:
    """Everything the engine needs for one period."""

    units: tuple[Unit, ...]
    values: ValueColumns
    panel: PanelColumns = field(default_factory=lambda: PanelColumns.from_rows(()))
    adjustments: tuple[Adjustment, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    carriers: tuple[Carrier, ...] = ()

    @classmethod
    def from_rows(
        cls,
        units: Sequence[Unit],
        values: Iterable[Value],
        panel: Iterable[PanelScore] = (),
        adjustments: Iterable[Adjustment] = (),
        exemptions: Iterable[Exemption] = (),
        carriers: Iterable[Carrier] = (),
    ) -> ScoringInput:
        """Bundle plain records into an input."""
        return cls(
            tuple(units),
            ValueColumns.from_rows(values),
            PanelColumns.from_rows(panel),
            tuple(adjustments),
            tuple(exemptions),
            tuple(carriers),
        )


def _floats(items: Iterable[float | None]) -> np.ndarray:
    return np.array([NAN if x is None else x for x in items], dtype=float)


def lookup(codes: Sequence[str] | np.ndarray, index: dict[str, int]) -> np.ndarray:
    """Return the position of each code in `index` (-1 when unknown); positions pass through."""
    if isinstance(codes, np.ndarray) and codes.dtype.kind in "iu":
        positions = codes.astype(np.int64, copy=False)
        if not len(positions) or (positions.min() >= 0 and positions.max() < len(index)):
            return positions
        return np.where((positions >= 0) & (positions < len(index)), positions, -1)
    return np.fromiter(map(index.get, codes, repeat(-1)), dtype=np.int64, count=len(codes))


def encode(codes: Sequence[str] | np.ndarray) -> np.ndarray:
    """Return a small integer per distinct code (integer arrays pass through)."""
    if isinstance(codes, np.ndarray) and codes.dtype.kind in "iu":
        return codes.astype(np.int64)
    index: dict = {}
    return np.fromiter((index.setdefault(c, len(index)) for c in codes), np.int64, len(codes))
