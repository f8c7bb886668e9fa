"""Golden cases of the six indicator rules, worked by hand."""

import pytest

from leitai.scoring import InputError, PanelScore

from .helpers import one_indicator, points, run, units

approx = pytest.approx


class TestCompletion:
    def test_rate_times_max_points(self):
        assert points("completion", [("A", 350, 400)]) == {"A": 35.0}

    def test_default_cap_is_one(self):
        assert points("completion", [("A", 500, 400)]) == {"A": 40.0}

    def test_cap_lets_over_fulfilment_earn_more(self):
        got = points("completion", [("A", 440, 400), ("B", 520, 400)], cap=1.2)
        assert got == {"A": approx(44.0), "B": approx(48.0)}

    def test_zero_below(self):
        got = points("completion", [("A", 150, 400), ("B", 200, 400)], zero_below=0.5)
        assert got == {"A": 0.0, "B": 20.0}

    def test_negative_value_scores_nothing(self):
        assert points("completion", [("A", -10, 400)]) == {"A": 0.0}

    def test_lower_is_better(self):
        got = points("completion", [("A", 20, 25), ("B", 30, 25)], direction="lower")
        assert got == {"A": 40.0, "B": approx(40 * 25 / 30)}

    def test_lower_is_better_with_value_at_or_below_zero_earns_the_cap(self):
        got = points("completion", [("A", 0, 25), ("B", -5, 25)], direction="lower", cap=1.2)
        assert got == {"A": approx(48.0), "B": approx(48.0)}

    def test_lower_with_cap_below_zero_below_scores_nothing(self):
        got = points("completion", [("A", 0, 25)], direction="lower", zero_below=1.5)
        assert got == {"A": 0.0}

    @pytest.mark.parametrize("target", [0, -1, None])
    def test_target_must_be_positive(self, target):
        with pytest.raises(InputError, match="target of completion indicator X must be"):
            points("completion", [("A", 10, target)])

    def test_blank_value_needs_no_target(self):
        result = run(one_indicator("completion"), units("A"), [])
        assert result.unit("A").indicators["X"].missing


class TestRelative:
    def test_linear_between_floor_and_max(self):
        got = points("relative", [("A", 10), ("B", 20), ("C", 30)], max_points=30)
        assert got == {"A": approx(18.0), "B": approx(24.0), "C": approx(30.0)}

    def test_lower_is_better(self):
        got = points("relative", [("A", 10), ("B", 20), ("C", 30)], 30, direction="lower")
        assert got == {"A": approx(30.0), "B": approx(24.0), "C": approx(18.0)}

    def test_floor_zero(self):
        got = points("relative", [("A", 10), ("B", 20), ("C", 30)], max_points=30, floor=0)
        assert got == {"A": 0.0, "B": 15.0, "C": 30.0}

    def test_all_equal_values_score_max(self):
        assert points("relative", [("A", 7), ("B", 7)], max_points=30) == {"A": 30, "B": 30}

    def test_a_single_value_scores_max(self):
        result = run(one_indicator("relative", 30), units("A", "B"), [_v("A", 5)])
        assert result.unit("A").indicators["X"].points == 30.0
        assert result.unit("B").indicators["X"].missing

    def test_groups_compare_separately(self):
        people = units("A", "B") + units("C", "D", group="g2")
        values = [_v("A", 10), _v("B", 20), _v("C", 100), _v("D", 300)]
        result = run(one_indicator("relative", 10, floor=0), people, values)
        got = [result.unit(c).indicators["X"].points for c in "ABCD"]
        assert got == [0.0, 10.0, 0.0, 10.0]


class TestRank:
    def test_position_between_floor_and_max(self):
        got = points("rank", [("A", 1), ("B", 7), ("C", 13)], max_points=50, peers=13)
        assert got == {"A": 50.0, "B": approx(40.0), "C": approx(30.0)}

    def test_advance_adds_points_per_place_gained_then_cap(self):
        rows = [("A", 3, None, 5), ("B", 3, None, 5)]
        assert points("rank", rows[:1], 50, peers=13, advance=2) == {"A": 50.0}
        got = points("rank", rows[1:], 50, peers=13, advance=2, cap=1.2)
        assert got == {"B": approx(50 * (1 - 0.4 * 2 / 12) + 4)}

    def test_retreat_takes_points_per_place_lost(self):
        got = points("rank", [("A", 6, None, 4), ("B", 6, None, 6)], 50, peers=13, retreat=2)
        assert got == {
            "A": approx(50 * (1 - 0.4 * 5 / 12) - 4),
            "B": approx(50 * (1 - 0.4 * 5 / 12)),
        }

    def test_points_never_below_zero(self):
        got = points("rank", [("A", 13, None, 1)], 50, peers=13, floor=0, retreat=5)
        assert got == {"A": 0.0}

    @pytest.mark.parametrize("position", [0, 14, 2.5])
    def test_position_must_be_in_range(self, position):
        with pytest.raises(InputError, match=r"whole number in 1..13, got"):
            points("rank", [("A", position)], peers=13)

    def test_previous_position_must_be_in_range(self):
        with pytest.raises(InputError, match="column previous"):
            points("rank", [("A", 2, None, 20)], peers=13)


class TestBands:
    BANDS = [[80, 0.6], [90, 0.8], [95, 1]]

    def test_greatest_threshold_reached(self):
        rows = [("A", 96), ("B", 95), ("C", 91), ("D", 80), ("E", 79)]
        got = points("bands", rows, 50, bands=self.BANDS)
        assert got == {"A": 50.0, "B": 50.0, "C": 40.0, "D": 30.0, "E": 0.0}

    def test_lower_is_better_takes_smallest_threshold_at_or_above(self):
        rows = [("A", 5), ("B", 10), ("C", 15), ("D", 21)]
        got = points("bands", rows, 50, bands=[[10, 1], [20, 0.5]], direction="lower")
        assert got == {"A": 50.0, "B": 50.0, "C": 25.0, "D": 0.0}


class TestShare:
    def test_share_clipped_to_zero_and_one(self):
        got = points("share", [("A", 0.75), ("B", 1.5), ("C", -0.2)], max_points=60)
        assert got == {"A": 45.0, "B": 60.0, "C": 0.0}


class TestPanel:
    def _score(self, scores, **params):
        rows = [PanelScore("A", "X", f"J{j}", s) for j, s in enumerate(scores)]
        result = run(one_indicator("panel", 40, **params), units("A"), [], panel=rows)
        return result.unit("A").indicators["X"]

    def test_trims_one_highest_and_one_lowest_from_five(self):
        assert self._score([88, 90, 92, 85, 95]).points == approx(36.0)

    def test_plain_mean_below_trim_from(self):
        assert self._score([70, 80, 100]).points == approx(40 * 250 / 300)

    def test_trim_from_three(self):
        assert self._score([70, 80, 100], trim_from=3).points == approx(32.0)

    def test_no_scores_is_missing(self):
        result = self._score([])
        assert (result.points, result.missing) == (0.0, True)


def _v(unit, value):
    from leitai.scoring import Value

    return Value(unit, "X", value)


def test_relative_rule_finds_its_own_group_range():
    import numpy as np

    from leitai.scoring.rules import Columns, relative
    from leitai.scoring.scheme import Indicator

    ind = Indicator("X", "X", "relative", 10.0, floor=0.5)
    c = Columns(np.array([1.0, 3.0, 9.0]), np.full(3, np.nan), np.full(3, np.nan),
                np.array([0, 0, 1]), 2)  # fmt: skip
    assert relative(ind, c, np.array([True, True, True])).tolist() == [5.0, 10.0, 10.0]
