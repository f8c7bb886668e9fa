"""Leitai's scoring engine: plain Python and NumPy, no Django.

The web application and `leitai score` both compute through `score()`.
"""

from leitai.scoring.engine import (
    ArenaResult,
    IndicatorResult,
    Result,
    Sensitivity,
    UnitResult,
    score,
)
from leitai.scoring.inputs import (
    Adjustment,
    Carrier,
    Exemption,
    PanelColumns,
    PanelScore,
    ScoringInput,
    Unit,
    Value,
    ValueColumns,
)
from leitai.scoring.panel import PanelClass, PanelFigures, RankVoteError, rank_vote_scores
from leitai.scoring.rollup import roll_up
from leitai.scoring.scheme import (
    Arena,
    Indicator,
    Scheme,
    SchemeError,
    dump_dict,
    dump_yaml,
    parse_dict,
    parse_yaml,
)
from leitai.scoring.sensitivity import sensitivity
from leitai.scoring.validate import InputError, Problem

__all__ = [
    "Adjustment",
    "Arena",
    "ArenaResult",
    "Carrier",
    "Exemption",
    "Indicator",
    "IndicatorResult",
    "InputError",
    "PanelClass",
    "PanelColumns",
    "PanelFigures",
    "PanelScore",
    "Problem",
    "RankVoteError",
    "Result",
    "Scheme",
    "SchemeError",
    "ScoringInput",
    "Sensitivity",
    "Unit",
    "UnitResult",
    "Value",
    "ValueColumns",
    "dump_dict",
    "dump_yaml",
    "parse_dict",
    "parse_yaml",
    "rank_vote_scores",
    "roll_up",
    "score",
    "sensitivity",
]
