"""Arena scores, bonus and deduction with caps, totals, applicability, ranks and veto."""

import numpy as np
import pytest

from leitai.scoring import (
    Adjustment,
    Exemption,
    InputError,
    PanelScore,
    ScoringInput,
    Unit,
    Value,
    parse_dict,
    score,
)

SCHEME = parse_dict({
    "name": "s",
    "bonus_levels": {"national": 3, "provincial": 2, "municipal": 1, "county": 0.5},
    "arenas": [
        {"code": "p", "name": "项目建设", "weight": 30, "bonus_cap": 5, "deduction_cap": 4,
         "indicators": [
             {"code": "P1", "rule": "share", "max_points": 40},
             {"code": "P2", "rule": "share", "max_points": 60, "groups": ["g1"]},
         ]},
        {"code": "q", "name": "基层党建", "weight": 10, "indicators": [
            {"code": "Q1", "rule": "share", "max_points": 50, "groups": ["g1"]},
        ]},
    ],
})  # fmt: skip


def run(values, adjustments=(), exemptions=(), units=None, **kwargs):
    units = units or [Unit("A", "甲", "g1"), Unit("B", "乙", "g1"), Unit("C", "丙", "g2")]
    rows = [Value(u, i, v) for u, i, v in values]
    data = ScoringInput.from_rows(units, rows, (), adjustments, exemptions)
    return score(SCHEME, data, **kwargs)


FULL = [
    ("A", "P1", 1),
    ("A", "P2", 0.5),
    ("A", "Q1", 0.8),
    ("B", "P1", 0.5),
    ("B", "P2", 0.5),
    ("B", "Q1", 1),
    ("C", "P1", 0.25),
]


def test_arena_base_and_weighted_total():
    a = run(FULL).unit("A")
    assert a.arenas == {"p": pytest.approx(70.0), "q": pytest.approx(80.0)}
    assert a.total == pytest.approx((30 * 70 + 10 * 80) / 40)


def test_weights_renormalised_when_an_arena_does_not_apply():
    c = run(FULL).unit("C")
    assert c.arenas == {"p": 25.0, "q": None}
    assert c.total == 25.0
    assert c.indicators["P2"].points is None
    assert not c.indicators["P2"].applicable
    assert c.arena_details["q"].base is None


def test_bonus_by_level_and_points_is_capped():
    bonus = [
        Adjustment("B", "p", "bonus", "national"),
        Adjustment("B", "p", "bonus", "county"),
        Adjustment("B", "p", "bonus", "", 1),
    ]
    b = run(FULL, bonus).unit("B")
    assert b.arena_details["p"].bonus == 4.5
    assert b.arenas["p"] == 54.5
    capped = run(FULL, [*bonus, Adjustment("B", "p", "bonus", "provincial")]).unit("B")
    assert capped.arena_details["p"].bonus == 5.0
    assert "加分 5（合计 6.5，按上限计）" in capped.arena_details["p"].explain_zh


def test_points_win_over_level():
    b = run(FULL, [Adjustment("B", "p", "bonus", "national", 0.25)]).unit("B")
    assert b.arena_details["p"].bonus == 0.25


def test_deduction_is_capped_and_score_never_below_zero():
    c = run(
        FULL, [Adjustment("C", "p", "deduction", "", 3), Adjustment("C", "p", "deduction", "", 3)]
    ).unit("C")
    assert (c.arena_details["p"].deduction, c.arenas["p"]) == (4.0, 21.0)
    nothing = [("C", "P1", 0.01)]
    c = run(
        nothing,
        [Adjustment("C", "q", "deduction", "", 1), Adjustment("C", "p", "deduction", "", 3)],
    ).unit("C")
    assert c.arenas["p"] == 0.0
    assert "不低于 0" in c.arena_details["p"].explain_zh


def test_uncapped_arena_takes_all_adjustments():
    a = run(FULL, [Adjustment("A", "q", "bonus", "", 30)]).unit("A")
    assert a.arenas["q"] == 110.0


def test_adjustment_in_an_arena_that_does_not_apply_is_ignored():
    c = run(FULL, [Adjustment("C", "q", "bonus", "", 3)]).unit("C")
    assert (c.arenas["q"], c.total) == (None, 25.0)


def test_missing_value_scores_zero_and_is_flagged():
    a = run([("A", "P1", 1)]).unit("A")
    assert a.indicators["P2"].points == 0.0
    assert a.indicators["P2"].missing
    assert a.arenas["p"] == 40.0


def test_exemption_removes_the_indicator_from_the_unit():
    a = run(FULL, exemptions=[Exemption("A", "P2")]).unit("A")
    assert not a.indicators["P2"].applicable
    assert a.arenas["p"] == 100.0
    assert a.indicators["P2"].explain_zh == "免考核，不计入"


def test_unit_with_no_applicable_indicator_is_unranked_and_listed_last():
    result = run(FULL, exemptions=[Exemption("C", "P1")])
    c = result.unit("C")
    assert (c.total, c.rank, c.rank_change, c.arenas) == (None, None, None, {"p": None, "q": None})
    assert [u.unit for u in result.ordered()] == ["A", "B", "C"]


def test_ranks_are_within_groups_and_a_group_of_one_ranks_first():
    result = run(FULL)
    assert [(u.unit, u.rank) for u in result.ordered()] == [("A", 1), ("B", 2), ("C", 1)]


def test_ties_share_a_rank_and_the_next_rank_skips():
    units = [Unit(c, c, "g1") for c in "WXYZ"]
    values = [("W", "P1", 1), ("X", "P1", 0.5), ("Y", "P1", 0.5), ("Z", "P1", 0.25)]
    result = run(values, units=units)
    assert [(u.unit, u.rank) for u in result.ordered()] == [("W", 1), ("X", 2), ("Y", 2), ("Z", 4)]


def test_vetoed_unit_ranks_after_every_other_unit_of_its_group():
    result = run(FULL, [Adjustment("A", "", "veto", note="安全事故")])
    ordered = [(u.unit, u.rank, u.vetoed) for u in result.ordered()]
    assert ordered == [("B", 1, False), ("A", 2, True), ("C", 1, False)]


def test_rank_change_against_previous_ranks():
    result = run(FULL, previous_ranks={"A": 2, "B": 2, "C": 4})
    assert {u.unit: u.rank_change for u in result.ordered()} == {"A": 1, "B": 0, "C": 3}


def test_no_rank_change_when_new_or_in_another_group_before():
    result = run(FULL, previous_ranks={"A": 2, "C": 1}, previous_groups={"A": "g2", "C": "g2"})
    assert {u.unit: u.rank_change for u in result.ordered()} == {"A": None, "B": None, "C": 0}


def test_unit_lookup_without_explanations():
    a = run(FULL).unit("A", explain=False)
    assert a.indicators["P1"].explain_zh == ""
    assert a.arena_details["p"].explain_en == ""
    assert a.sensitivity is None


def test_previous_positions_come_from_the_previous_column():
    scheme = parse_dict(
        {
            "name": "r",
            "arenas": [
                {
                    "code": "a",
                    "weight": 1,
                    "indicators": [
                        {
                            "code": "K",
                            "rule": "rank",
                            "max_points": 10,
                            "peers": 3,
                            "floor": 0.5,
                            "advance": 1,
                        }
                    ],
                }
            ],
        }
    )
    data = ScoringInput.from_rows([Unit("A", "A", "g")], [Value("A", "K", 2, None, 3)])
    assert score(scheme, data).unit("A").indicators["K"].points == 8.5


def test_panel_values_come_from_the_panel_sheet():
    scheme = parse_dict(
        {
            "name": "r",
            "arenas": [
                {
                    "code": "a",
                    "weight": 1,
                    "indicators": [{"code": "J", "rule": "panel", "max_points": 10}],
                }
            ],
        }
    )
    units = [Unit("A", "A", "g"), Unit("B", "B", "g")]
    panel = [PanelScore("A", "J", "1", 90), PanelScore("B", "J", "1", 60)]
    result = score(scheme, ScoringInput.from_rows(units, [], panel))
    assert [u.total for u in result.ordered()] == [90.0, 60.0]


class TestInputProblems:
    def problems(self, values=(), units=None, **rows) -> list[str]:
        units = units or [Unit("A", "甲", "g1"), Unit("C", "丙", "g2")]
        data = ScoringInput.from_rows(units, values, **rows)
        with pytest.raises(InputError) as caught:
            score(SCHEME, data)
        return str(caught.value).splitlines()

    def test_unknown_unit_and_indicator(self):
        assert self.problems([Value("Z", "P9", 1)]) == [
            "values record 1, column indicator: unknown indicator 'P9'",
            "values record 1, column unit: unknown unit 'Z'",
        ]

    def test_duplicate_value_row(self):
        got = self.problems([Value("A", "P1", 1), Value("A", "P1", 0.5)])
        assert got == ["values record 2: duplicate row: same unit and indicator as record 1"]

    def test_infinite_number(self):
        got = self.problems([Value("A", "P1", float("inf"))])
        assert got == ["values record 1, column value: not a finite number"]

    def test_duplicate_and_blank_units(self):
        units = [Unit("A", "a", "g1"), Unit("A", "b", "g1"), Unit("", "c", "")]
        assert self.problems(units=units) == [
            "units record 2, column unit: duplicate unit A",
            "units record 3, column unit: unit code is blank",
            "units record 3, column group: unit  has no group",
        ]

    def test_unknown_group_reference(self):
        units = [Unit("C", "c", "g2")]
        assert self.problems(units=units) == [
            "scheme: arena p, indicator P2: unknown group g1",
            "scheme: arena q, indicator Q1: unknown group g1",
        ]

    def test_panel_rows(self):
        panel = [
            PanelScore("Z", "P1", "1", 101),
            PanelScore("A", "Q9", "1", 50),
            PanelScore("A", "Q9", "1", 50),
        ]
        assert self.problems(panel=panel) == [
            "panel record 1, column indicator: not a panel indicator: 'P1'",
            "panel record 1, column score: score must be 0-100, got 101",
            "panel record 1, column unit: unknown unit 'Z'",
            "panel record 2, column indicator: unknown 'Q9'",
            "panel record 3, column indicator: unknown 'Q9'",
        ]

    def test_adjustment_rows(self):
        rows = [
            Adjustment("Z", "p", "prize"),
            Adjustment("A", "x", "bonus", "", -1),
            Adjustment("A", "p", "deduction", "galactic"),
            Adjustment("A", "x", "veto"),
        ]
        assert self.problems(adjustments=rows) == [
            "adjustments record 1, column unit: unknown unit 'Z'",
            "adjustments record 1, column kind: unknown kind 'prize' "
            "(use bonus, deduction or veto)",
            "adjustments record 2, column arena: unknown arena 'x'",
            "adjustments record 2, column points: points must be a number >= 0",
            "adjustments record 3, column level: unknown level 'galactic' and no points "
            "(levels: national, provincial, municipal, county)",
            "adjustments record 4, column arena: unknown arena 'x'",
        ]

    def test_exemption_rows(self):
        rows = [Exemption("Z", "P9"), Exemption("A", "P1"), Exemption("A", "P1")]
        assert self.problems(exemptions=rows) == [
            "exemptions record 1, column unit: unknown unit 'Z'",
            "exemptions record 1, column indicator: unknown indicator 'P9'",
            "exemptions record 3: duplicate row: same unit and indicator as record 2",
        ]


def test_scores_large_inputs_given_as_columns():
    from leitai.scoring import ValueColumns

    n = 1000
    codes = tuple(f"U{i}" for i in range(n))
    units = tuple(Unit(c, c, "g1") for c in codes)
    values = ValueColumns(
        codes, ("P1",) * n, np.linspace(0, 1, n), np.full(n, np.nan), np.full(n, np.nan)
    )
    result = score(SCHEME, ScoringInput(units, values))
    assert result.unit("U999").rank == 1
    assert result.unit("U0").rank == n
