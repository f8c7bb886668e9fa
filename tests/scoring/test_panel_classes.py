"""Rater classes of a panel indicator and rank votes, against hand-worked values (SCORING.md 6)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leitai.scoring import (
    Indicator,
    InputError,
    PanelClass,
    PanelFigures,
    PanelScore,
    RankVoteError,
    SchemeError,
    dump_dict,
    parse_dict,
    rank_vote_scores,
    roll_up,
)

from .helpers import one_indicator, run, units


def rows(unit: str, cls: str, scores, *, prefix: str | None = None) -> list[PanelScore]:
    """Judges <prefix>0, <prefix>1, ... of class `cls` scoring `unit` on indicator X."""
    prefix = cls if prefix is None else prefix
    return [PanelScore(unit, "X", f"{prefix}{j}", s, cls) for j, s in enumerate(scores)]


def scored(panel, max_points=20, unit_codes=("U",), **params):
    return run(one_indicator("panel", max_points, **params), units(*unit_codes), [], panel=panel)


# A: seven judges, trimmed: drop 95 and 70, (88 + 87 + 86 + 86 + 85) / 5 = 86.4.
# B: four judges, not trimmed: (80 + 84 + 82 + 82) / 4 = 82.
SEVEN_A = [95, 88, 87, 86, 86, 85, 70]
FOUR_B = [80, 84, 82, 82]


class TestTwoClasses:
    def test_trimmed_in_one_class_and_not_the_other(self):
        result = scored(
            rows("U", "A", SEVEN_A) + rows("U", "B", FOUR_B), classes={"A": 60, "B": 40}
        )
        got = result.unit("U").indicators["X"]
        # m = (60 × 86.4 + 40 × 82) / 100 = 84.64; p = 20 × 84.64 / 100 = 16.928.
        assert got.points == pytest.approx(16.928, abs=1e-12)
        assert got.explain_zh == (
            "A类 7 人，去掉一个最高分 95、一个最低分 70 后平均 86.4，权重 60%；"
            "B类 4 人，平均 82，权重 40%；加权平均 84.64，得分 16.93 / 20"
        )
        assert got.explain_en == (
            "Class A: 7 judges, highest 95 and lowest 70 dropped, mean 86.4, weight 60%; "
            "class B: 4 judges, mean 82, weight 40%; weighted mean 84.64, 16.93 / 20 points"
        )

    def test_figures_per_class(self):
        result = scored(
            rows("U", "A", SEVEN_A) + rows("U", "B", FOUR_B), classes={"A": 60, "B": 40}
        )
        figures = result.panel_figures("U", "X")
        assert figures.mean == pytest.approx(84.64, abs=1e-12)
        assert figures.count == 11
        assert not figures.renormalised
        a, b = figures.classes
        assert (a.code, a.weight, a.count, a.share, a.trimmed) == ("A", 60.0, 7, 0.6, True)
        assert a.mean == pytest.approx(86.4, abs=1e-12)
        assert (a.top, a.bottom, a.dropped_top, a.dropped_bottom) == (95.0, 70.0, "A0", "A6")
        assert b == PanelClass("B", 40.0, 4, 82.0, 0.4, False, 84.0, 80.0, None, None)

    def test_the_order_of_the_classes_in_the_scheme_changes_no_number(self):
        panel = rows("U", "A", SEVEN_A) + rows("U", "B", FOUR_B)
        ab = scored(panel, classes={"A": 60, "B": 40}).unit("U").indicators["X"]
        ba = scored(panel, classes={"B": 40, "A": 60}).unit("U").indicators["X"]
        assert ab.points == ba.points  # exactly: classes are summed in the order of their codes
        assert ba.explain_zh.startswith("B类 4 人，平均 82，权重 40%；A类 7 人")

    def test_units_are_scored_independently(self):
        panel = rows("U", "A", SEVEN_A) + rows("V", "B", FOUR_B) + rows("V", "A", [50, 60])
        result = scored(panel, unit_codes=("U", "V"), classes={"A": 3, "B": 1})
        # U has only class A: m = 86.4. V: A mean 55, B mean 82: (3 × 55 + 1 × 82) / 4 = 61.75.
        assert result.unit("U").indicators["X"].points == pytest.approx(17.28, abs=1e-12)
        assert result.unit("V").indicators["X"].points == pytest.approx(12.35, abs=1e-12)


class TestClassWithoutScores:
    def test_weights_are_renormalised_and_the_explanation_says_so(self):
        panel = rows("U", "A", [80, 90, 100]) + rows("U", "B", [70, 80])
        result = scored(panel, max_points=40, classes={"A": 50, "B": 30, "C": 20})
        got = result.unit("U").indicators["X"]
        # Shares 50/80 = 62.5% and 30/80 = 37.5%: m = 0.625 × 90 + 0.375 × 75 = 84.375.
        assert got.points == pytest.approx(33.75, abs=1e-12)
        assert got.explain_zh == (
            "A类 3 人，平均 90，权重 62.5%；B类 2 人，平均 75，权重 37.5%；"
            "C类无评分，权重按比例重新分配；加权平均 84.38，得分 33.75 / 40"
        )
        assert got.explain_en == (
            "Class A: 3 judges, mean 90, weight 62.5%; class B: 2 judges, mean 75, weight 37.5%; "
            "class C has no scores, weights re-normalised; weighted mean 84.38, 33.75 / 40 points"
        )
        figures = result.panel_figures("U", "X")
        assert figures.renormalised
        assert figures.classes[2] == PanelClass("C", 20.0, 0, None, 0.0, False, None, None)

    def test_two_classes_without_scores_leave_one_class_at_full_weight(self):
        classes = {"甲": 5, "乙": 3, "县领导": 2}
        result = scored(rows("U", "县领导", [88, 92]), classes=classes)
        got = result.unit("U").indicators["X"]
        assert got.points == pytest.approx(18.0, abs=1e-12)
        assert got.explain_zh == (
            "县领导 2 人，平均 90，权重 100%；甲、乙无评分，权重按比例重新分配，得分 18.00 / 20"
        )
        assert got.explain_en == (
            "Class 县领导: 2 judges, mean 90, weight 100%; class 甲, class 乙 have no scores, "
            "weights re-normalised, 18.00 / 20 points"
        )

    def test_no_scores_in_any_class_is_missing(self):
        result = scored(rows("V", "A", [90]), unit_codes=("U", "V"), classes={"A": 1, "B": 1})
        got = result.unit("U").indicators["X"]
        assert (got.points, got.missing, got.explain_zh) == (0.0, True, "未报送，得分 0.00 / 20")
        figures = result.panel_figures("U", "X")
        assert (figures.mean, figures.count, figures.renormalised) == (None, 0, False)


class TestOneClass:
    def test_a_single_declared_class_is_the_plain_rule(self):
        panel = rows("U", "A", [88, 90, 92, 85, 95])
        got = scored(panel, max_points=40, classes={"A": 1}).unit("U").indicators["X"]
        assert got.points == 36.0
        assert got.explain_zh == (
            "A类 5 人，去掉一个最高分 95、一个最低分 85 后平均 90，权重 100%，得分 36.00 / 40"
        )

    def test_without_classes_the_explanation_is_as_before(self):
        panel = rows("U", "", [88, 90, 92, 85, 95], prefix="J")
        result = scored(panel, max_points=40)
        got = result.unit("U").indicators["X"]
        assert got.points == 36.0
        assert got.explain_zh == (
            "评委打分 5 人，去掉一个最高分 95、一个最低分 85，平均 90，得分 36.00 / 40"
        )
        figures = result.panel_figures("U", "X")
        assert figures == PanelFigures(
            90.0, 5, (PanelClass("", 1.0, 5, 90.0, 1.0, True, 95.0, 85.0, "J4", "J3"),)
        )


class TestTrimFrom:
    def test_one_below_trim_from_is_a_plain_mean_and_at_trim_from_is_trimmed(self):
        # trim_from 4. A: 3 scores, plain mean 250 / 3. B: 4 scores, drop 100 and 70, mean 85.
        panel = rows("U", "A", [70, 80, 100]) + rows("U", "B", [70, 80, 90, 100])
        result = scored(panel, max_points=30, trim_from=4, classes={"A": 1, "B": 1})
        got = result.unit("U").indicators["X"]
        # m = (250 / 3 + 85) / 2 = 84.1666…; p = 30 × m / 100 = 25.25.
        assert got.points == pytest.approx(25.25, abs=1e-12)
        assert got.explain_zh == (
            "A类 3 人，平均 83.33，权重 50%；"
            "B类 4 人，去掉一个最高分 100、一个最低分 70 后平均 85，权重 50%；"
            "加权平均 84.17，得分 25.25 / 30"
        )
        a, b = result.panel_figures("U", "X").classes
        assert (a.trimmed, a.dropped_top, a.dropped_bottom) == (False, None, None)
        assert (b.trimmed, b.dropped_top, b.dropped_bottom) == (True, "B3", "B0")


class TestTies:
    def test_only_one_of_the_tied_highest_and_lowest_is_dropped(self):
        # 90, 90, 80, 80, 85: drop one 90 and one 80, mean of 90, 80, 85 = 85.
        panel = rows("U", "A", [90, 90, 80, 80, 85])
        result = scored(panel, max_points=40, classes={"A": 1})
        assert result.unit("U").indicators["X"].points == 34.0
        (a,) = result.panel_figures("U", "X").classes
        # The last listed of the tied highest and the first listed of the tied lowest.
        assert (a.mean, a.dropped_top, a.dropped_bottom) == (85.0, "A1", "A2")

    def test_all_equal_scores_drop_two_different_judges(self):
        result = scored(rows("U", "A", [85] * 5), classes={"A": 1})
        (a,) = result.panel_figures("U", "X").classes
        assert (a.mean, a.dropped_top, a.dropped_bottom) == (85.0, "A4", "A0")

    def test_judges_given_as_numbers_come_back_as_numbers(self):
        import numpy as np

        from leitai.scoring import PanelColumns, ScoringInput, parse_dict, score

        scheme = parse_dict(one_indicator("panel", 10, classes={"A": 1}))
        panel = PanelColumns(
            ("U",) * 5, ("X",) * 5, np.arange(5), np.array([60.0, 70, 80, 90, 100]), ("A",) * 5
        )
        result = score(scheme, ScoringInput(tuple(units("U")), _no_values(), panel))
        (a,) = result.panel_figures("U", "X").classes
        assert (a.dropped_top, a.dropped_bottom) == (4, 0)
        assert type(a.dropped_top) is int


def _no_values():
    from leitai.scoring import ValueColumns

    return ValueColumns.from_rows(())


class TestBadClasses:
    def problems(self, panel, **params):
        with pytest.raises(InputError) as caught:
            scored(panel, unit_codes=("U",), **params)
        return [str(p) for p in caught.value.problems]

    def test_a_class_not_in_classes(self):
        panel = rows("U", "A", [90]) + rows("U", "D", [80])
        assert self.problems(panel, classes={"A": 60, "B": 40}) == [
            "panel record 2, column class: unknown class 'D': "
            "indicator X is scored by rater classes A, B"
        ]

    def test_a_blank_class_when_the_indicator_has_classes(self):
        panel = rows("U", "A", [90]) + rows("U", "", [80], prefix="J")
        assert self.problems(panel, classes={"A": 60, "B": 40}) == [
            "panel record 2, column class: class is blank: "
            "indicator X is scored by rater classes A, B"
        ]

    def test_a_class_without_classes(self):
        panel = rows("U", "", [90], prefix="J") + rows("U", "A", [80])
        assert self.problems(panel) == [
            "panel record 2, column class: indicator X has no rater classes: "
            "leave class blank, got 'A'"
        ]

    def test_nothing_is_scored_and_other_problems_are_listed_too(self):
        panel = rows("U", "C", [101])
        assert self.problems(panel, classes={"A": 1}) == [
            "panel record 1, column class: unknown class 'C': indicator X is scored by rater "
            "classes A",
            "panel record 1, column score: score must be 0-100, got 101",
        ]


class TestSchemeClasses:
    def indicator(self, **params) -> Indicator:
        return parse_dict(one_indicator("panel", 20, **params)).indicators[0]

    def test_mapping_and_pairs_give_the_same_classes_in_scheme_order(self):
        assert self.indicator(classes={"B": 40, "A": 60}).classes == (("B", 40.0), ("A", 60.0))
        assert self.indicator(classes=[["B", 40], ["A", 60]]).classes == (
            ("B", 40.0),
            ("A", 60.0),
        )
        assert self.indicator(classes={1: 2, " 县领导 ": 3}).classes == (
            ("1", 2.0),
            ("县领导", 3.0),
        )

    def test_dump_round_trips_and_a_panel_without_classes_dumps_as_before(self):
        scheme = parse_dict(one_indicator("panel", 20, classes={"A": 60, "B": 40}, trim_from=4))
        dumped = dump_dict(scheme)["arenas"][0]["indicators"][0]
        assert dumped["classes"] == {"A": 60.0, "B": 40.0}
        assert dumped["trim_from"] == 4
        assert parse_dict(dump_dict(scheme)) == scheme
        plain = dump_dict(parse_dict(one_indicator("panel", 20)))["arenas"][0]["indicators"][0]
        assert "classes" not in plain

    @pytest.mark.parametrize(
        ("classes", "message"),
        [
            ({"A": 0}, "classes weight of A must be a number > 0, got 0"),
            ({"A": -5}, "classes weight of A must be a number > 0, got -5"),
            ({"A": "sixty"}, "classes weight of A must be a number > 0, got 'sixty'"),
            ({"A": True}, "classes weight of A must be a number > 0, got True"),
            ({"": 1}, "classes: a rater class code must be non-empty text, got ''"),
            ({True: 1}, "classes: a rater class code must be non-empty text, got True"),
            ([["A", 1], [" A", 2]], "classes: duplicate rater class 'A'"),
            ({}, "classes must name at least one rater class (or be left out)"),
            ([], "classes must name at least one rater class (or be left out)"),
            ("A:60", "classes must map each rater class to its weight, e.g. {A: 60, B: 40}, got"),
            ([["A", 1, 2]], "classes must map each rater class to its weight"),
        ],
    )
    def test_bad_classes_are_refused(self, classes, message):
        with pytest.raises(SchemeError) as caught:
            self.indicator(classes=classes)
        assert len(caught.value.messages) == 1
        assert caught.value.messages[0].startswith("arena a, indicator X: " + message)

    def test_classes_belong_to_panel_indicators_only(self):
        with pytest.raises(SchemeError, match="unknown key 'classes'"):
            parse_dict(one_indicator("share", 20, classes={"A": 1}))

    def test_the_python_api_checks_and_normalises_classes(self):
        ind = Indicator("X", "X", "panel", 20.0, classes={"A": 60, "B": 40})
        assert ind.classes == (("A", 60.0), ("B", 40.0))
        with pytest.raises(SchemeError) as caught:
            Indicator("X", "X", "panel", 20.0, classes={"A": 0, "": 1})
        assert caught.value.messages == [
            "indicator X: classes weight of A must be a number > 0, got 0",
            "indicator X: classes: a rater class code must be non-empty text, got ''",
        ]


def test_figures_of_other_rules_and_of_a_year_are_none():
    from leitai.scoring import Value

    scheme = {
        "name": "t",
        "arenas": [
            {
                "code": "a",
                "weight": 1,
                "indicators": [
                    {"code": "S", "rule": "share", "max_points": 10},
                    {"code": "X", "rule": "panel", "max_points": 10},
                ],
            }
        ],
    }
    result = run(scheme, units("U"), [Value("U", "S", 1.0)], panel=rows("U", "", [90], prefix="J"))
    assert result.panel_figures("U", "S") is None
    assert result.panel_figures("U", "X").mean == 90.0
    year = roll_up({"Q1": result})
    assert year.panel_figures("U", "X") is None


class TestRankVotes:
    def test_rank_k_scores_100_minus_step_times_k_minus_1(self):
        assert rank_vote_scores([1, 2, 3, 4]) == [100.0, 97.0, 94.0, 91.0]
        assert rank_vote_scores([3, 1, 2], step=2.5) == [95.0, 100.0, 97.5]
        assert rank_vote_scores([2.0, 1.0]) == [97.0, 100.0]
        assert rank_vote_scores([]) == []

    def test_a_score_below_zero_is_zero(self):
        scores = rank_vote_scores(list(range(1, 41)))
        # Rank 34 gives 100 − 3 × 33 = 1; rank 35 would give −2 and scores 0.
        assert scores[33] == 1.0
        assert scores[34:] == [0.0] * 6

    @pytest.mark.parametrize(
        ("ranks", "step", "messages"),
        [
            ([1, 2], 0, ["step must be a number > 0, got 0"]),
            ([1, 2], -3, ["step must be a number > 0, got -3"]),
            ([1, 2], float("nan"), ["step must be a number > 0, got nan"]),
            ([1, 2], True, ["step must be a number > 0, got True"]),
            ([1, 3], 3, ["item 2: a rank must be a whole number in 1..2, got 3"]),
            ([0, 1], 3, ["item 1: a rank must be a whole number in 1..2, got 0"]),
            ([1, 1.5], 3, ["item 2: a rank must be a whole number in 1..2, got 1.5"]),
            ([1, "2"], 3, ["item 2: a rank must be a whole number in 1..2, got '2'"]),
            ([True, 2], 3, ["item 1: a rank must be a whole number in 1..2, got True"]),
            ([2, 1, 2], 3, ["item 3: rank 2 already given at item 1"]),
            (
                [5, 5],
                0,
                [
                    "step must be a number > 0, got 0",
                    "item 1: a rank must be a whole number in 1..2, got 5",
                    "item 2: a rank must be a whole number in 1..2, got 5",
                ],
            ),
        ],
    )
    def test_bad_ranks_are_refused(self, ranks, step, messages):
        with pytest.raises(RankVoteError) as caught:
            rank_vote_scores(ranks, step)
        assert caught.value.messages == messages

    def test_rank_votes_then_go_through_the_panel_rule_with_trimming(self):
        # Five judges each order three units. Unit U's ranks: 1, 2, 2, 3, 1.
        ballots = {
            "J1": [1, 2, 3],
            "J2": [2, 1, 3],
            "J3": [2, 3, 1],
            "J4": [3, 1, 2],
            "J5": [1, 2, 3],
        }
        panel = []
        for judge, ranks in ballots.items():
            for unit, s in zip("UVW", rank_vote_scores(ranks), strict=True):
                panel.append(PanelScore(unit, "X", judge, s))
        result = scored(panel, max_points=10, unit_codes=("U", "V", "W"))
        # U: 100, 97, 97, 94, 100: drop one 100 and 94, mean (97 + 97 + 100) / 3 = 98.
        got = result.unit("U").indicators["X"]
        assert got.points == pytest.approx(9.8, abs=1e-12)
        assert got.explain_zh == (
            "评委打分 5 人，去掉一个最高分 100、一个最低分 94，平均 98，得分 9.80 / 10"
        )
        # V: 97, 100, 94, 100, 97: drop 100 and 94, mean (97 + 97 + 100) / 3 = 98 as well.
        # W: 94, 94, 100, 97, 94: drop 100 and 94, mean (94 + 94 + 97) / 3 = 95.
        assert result.unit("W").indicators["X"].points == pytest.approx(9.5, abs=1e-12)
        assert [u.rank for u in result.ordered()] == [1, 1, 3]


def old_rule(scores: list[float], trim_from: int) -> float:
    """The panel rule before classes, written out plainly."""
    kept = sorted(scores)[1:-1] if len(scores) >= trim_from else list(scores)
    return sum(kept) / len(kept)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 100), min_size=1, max_size=9),
    st.integers(3, 6),
    st.floats(0.01, 1000),
    st.sampled_from(["A", "县领导", "7"]),
)
def test_one_class_gives_exactly_the_rule_without_classes(scores, trim_from, weight, code):
    plain = scored(rows("U", "", scores, prefix="J"), max_points=30, trim_from=trim_from)
    classed = scored(
        rows("U", code, scores, prefix="J"),
        max_points=30,
        trim_from=trim_from,
        classes={code: weight},
    )
    points = plain.unit("U", explain=False).indicators["X"].points
    assert classed.unit("U", explain=False).indicators["X"].points == points
    assert points == pytest.approx(30 * old_rule(scores, trim_from) / 100, rel=1e-12, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0, 100), min_size=1, max_size=7),
    st.lists(st.floats(0, 100), min_size=1, max_size=7),
    st.floats(0.01, 100),
    st.floats(0.01, 100),
)
def test_two_classes_give_the_weighted_mean_of_the_class_rules(a, b, wa, wb):
    result = scored(
        rows("U", "A", a) + rows("U", "B", b), max_points=100, classes={"A": wa, "B": wb}
    )
    mean_a, mean_b = old_rule(a, 5), old_rule(b, 5)
    expected = (wa * mean_a + wb * mean_b) / (wa + wb)
    got = result.unit("U", explain=False).indicators["X"].points
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-10)
    figures = result.panel_figures("U", "X")
    class_means = [c.mean for c in figures.classes]
    assert min(class_means) <= figures.mean <= max(class_means)
