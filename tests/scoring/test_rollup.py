"""Year roll-up from quarters with quarter weights, then the year's adjustments."""

import pytest

from leitai.scoring import (
    Adjustment,
    InputError,
    ScoringInput,
    Unit,
    Value,
    parse_dict,
    roll_up,
    score,
)

SCHEME = parse_dict({
    "name": "y",
    "quarter_weights": {"Q1": 1, "Q2": 1, "Q3": 1, "Q4": 2},
    "arenas": [
        {"code": "a", "weight": 3, "bonus_cap": 2, "indicators": [
            {"code": "X", "rule": "share", "max_points": 10}]},
        {"code": "b", "weight": 1, "indicators": [
            {"code": "Y", "rule": "share", "max_points": 10, "groups": ["g1"]}]},
    ],
})  # fmt: skip
UNITS = [Unit("A", "甲", "g1"), Unit("B", "乙", "g1")]


def quarter(values, units=UNITS, adjustments=()):
    rows = [Value(u, i, v) for u, i, v in values]
    return score(SCHEME, ScoringInput.from_rows(units, rows, adjustments=adjustments))


Q1 = [("A", "X", 1.0), ("A", "Y", 1.0), ("B", "X", 0.5), ("B", "Y", 0.5)]
Q4 = [("A", "X", 0.5), ("A", "Y", 0.5), ("B", "X", 1.0), ("B", "Y", 1.0)]


def test_year_total_is_quarter_weighted_mean_of_totals():
    year = roll_up({"Q1": quarter(Q1), "Q4": quarter(Q4)})
    a, b = year.unit("A"), year.unit("B")
    assert a.total == pytest.approx((100 + 2 * 50) / 3)
    assert b.total == pytest.approx((50 + 2 * 100) / 3)
    assert (b.rank, a.rank) == (1, 2)
    assert a.arenas["a"] == pytest.approx(200 / 3)
    assert a.indicators == {}


def test_year_adjustments_change_the_arena_and_total_with_caps():
    year = roll_up(
        {"Q1": quarter(Q1), "Q4": quarter(Q4)},
        [Adjustment("A", "a", "bonus", "national"), Adjustment("B", "", "veto")],
        previous_ranks={"A": 2},
    )
    a, b = year.unit("A"), year.unit("B")
    assert a.arenas["a"] == pytest.approx(200 / 3 + 2)
    assert a.total == pytest.approx(200 / 3 + 3 / 4 * 2)
    assert (a.rank, a.rank_change, b.rank, b.vetoed) == (1, 1, 2, True)
    assert "加分 2（合计 3，按上限计）" in a.arena_details["a"].explain_zh


def test_only_quarters_in_which_the_unit_was_ranked_count():
    newcomer = [*UNITS, Unit("C", "丙", "g1")]
    q4 = quarter([*Q4, ("C", "X", 1.0), ("C", "Y", 1.0)], units=newcomer)
    year = roll_up({"Q1": quarter(Q1), "Q4": q4})
    assert year.unit("C").total == 100.0


def test_a_veto_in_any_quarter_vetoes_the_year():
    vetoed = quarter(Q1, adjustments=[Adjustment("A", "", "veto")])
    year = roll_up({"Q1": vetoed, "Q4": quarter(Q1)})
    assert year.unit("A").vetoed


def test_bad_year_input():
    with pytest.raises(InputError, match="unknown quarter 'Q5'"):
        roll_up({"Q5": quarter(Q1)})
    with pytest.raises(InputError, match="unknown unit 'Z'"):
        roll_up({"Q1": quarter(Q1)}, [Adjustment("Z", "a", "bonus", "", 1)])
