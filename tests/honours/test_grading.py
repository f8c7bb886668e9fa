"""The pure grading: quotas with each rounding, ties, gates, the smallest change, awards."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from leitai.honours import grading
from leitai.honours.grading import Facts, UnitInput, grade_year, with_points
from leitai.honours.rules import RulesError, parse_rules, quota_count

SHARES = {"A": 0.6, "B": 0.4}


NO_FACTS = Facts()


def unit(i, total, *, group="G1", b=None, facts=NO_FACTS, rank=None, a=None):
    arenas = {"A": total if a is None else a, "B": total if b is None else b}
    return UnitInput(i, f"U{i:02d}", group, total, rank or i, arenas, SHARES, facts)


def line(n, start=100.0, step=1.0):
    return [unit(i, start - (i - 1) * step) for i in range(1, n + 1)]


def rules(**over):
    data = {
        "method": "quota",
        "rounding": "half_up",
        "grades": [{"name": "优秀", "percent": 30}, {"name": "合格"}],
    }
    data.update(over)
    return parse_rules(data, arenas={"A", "B"})


def top_names(outcomes, units, grade="优秀"):
    return [u.name for u in units if outcomes[u.id].grade == grade]


EXPECTED = {  # group size → 30% rounded half up, up, down (0.3, 0.6, 0.9, 3, 14.7)
    1: {"half_up": 0, "up": 1, "down": 0},
    2: {"half_up": 1, "up": 1, "down": 0},
    3: {"half_up": 1, "up": 1, "down": 0},
    10: {"half_up": 3, "up": 3, "down": 3},
    49: {"half_up": 15, "up": 15, "down": 14},
}


@pytest.mark.parametrize("size", sorted(EXPECTED))
@pytest.mark.parametrize("rounding", ["half_up", "up", "down"])
def test_quota_takes_the_rounded_share_from_the_top(size, rounding):
    units = line(size)
    out = grade_year(rules(rounding=rounding), units)
    count = EXPECTED[size][rounding]
    assert quota_count(30, size, rounding) == count
    assert top_names(out, units) == [f"U{i:02d}" for i in range(1, count + 1)]
    assert top_names(out, units, "合格") == [f"U{i:02d}" for i in range(count + 1, size + 1)]


def test_quota_rounding_at_exact_halves():
    assert [quota_count(25, 2, r) for r in ("half_up", "up", "down")] == [1, 1, 0]
    assert [quota_count(50, 5, r) for r in ("half_up", "up", "down")] == [3, 3, 2]
    assert [quota_count(15, 10, r) for r in ("half_up", "up", "down")] == [2, 2, 1]


def test_four_grades_of_ten_fill_30_40_30_and_the_reason_names_the_place():
    r = rules(
        grades=[
            {"name": "优秀", "percent": 30},
            {"name": "良好", "percent": 40},
            {"name": "合格", "percent": 30},
            {"name": "不合格"},
        ]
    )
    units = line(10)
    out = grade_year(r, units)
    assert [out[u.id].grade for u in units] == ["优秀"] * 3 + ["良好"] * 4 + ["合格"] * 3
    assert out[2].reason_zh.startswith(
        "在优秀名额3个（10个单位×30%，四舍五入）中居第2位，评为优秀。"
    )
    assert out[5].reason_zh.startswith(
        "在良好名额4个（10个单位×40%，四舍五入）中居第2位，评为良好。"
    )


def test_counts_method_3_5_5_3_of_sixteen():
    r = rules(
        method="counts",
        grades=[
            {"name": "优秀", "count": 3},
            {"name": "良好", "count": 5},
            {"name": "合格", "count": 5},
            {"name": "不合格"},
        ],
    )
    units = line(16)
    out = grade_year(r, units)
    grades = [out[u.id].grade for u in units]
    assert grades == ["优秀"] * 3 + ["良好"] * 5 + ["合格"] * 5 + ["不合格"] * 3


def test_bands_give_the_grade_of_the_total():
    r = rules(method="bands", grades=[{"name": "优秀", "min_total": 95}, {"name": "合格"}])
    units = line(10)  # 100 … 91
    out = grade_year(r, units)
    assert top_names(out, units) == ["U01", "U02", "U03", "U04", "U05", "U06"]
    assert out[6].reason_zh.startswith("年度总分95.00，达到优秀分数线95分。")


def tied_group(size=10):
    """Totals 100, 99, 98, 98, 96 …: the third and fourth tie at the edge of a quota of 3."""
    units = line(size)
    units[3] = unit(4, 98.0, b=80.0)
    units[2] = unit(3, 98.0, b=70.0)
    return units


@pytest.mark.parametrize("size", [10, 49])
def test_tie_share_gives_both_the_grade_and_exceeds_the_quota(size):
    units = tied_group(size)
    out = grade_year(rules(tie="share"), units)
    quota = EXPECTED[size]["half_up"]
    if size == 10:
        assert top_names(out, units) == ["U01", "U02", "U03", "U04"]
        assert out[4].reason_zh.startswith("与U03总分并列于优秀名额边界，按并列同评规则评为优秀")
    else:  # the tie sits inside the quota of 15: nothing is exceeded
        assert top_names(out, units) == [f"U{i:02d}" for i in range(1, quota + 1)]


def test_tie_arena_lets_the_higher_arena_score_in_and_tells_the_other():
    units = tied_group()
    out = grade_year(rules(tie="arena", tie_arena="B"), units)
    assert top_names(out, units) == ["U01", "U02", "U04"]
    assert out[3].grade == "合格"
    assert out[3].reason_zh.startswith("与U04总分相同，按B得分高者优先，未进入优秀名额，评为合格。")


def test_tie_arena_with_equal_arena_scores_shares_the_grade():
    units = line(10)
    units[2] = unit(3, 98.0, b=75.0)
    units[3] = unit(4, 98.0, b=75.0)
    out = grade_year(rules(tie="arena", tie_arena="B"), units)
    assert top_names(out, units) == ["U01", "U02", "U03", "U04"]


@pytest.mark.parametrize("rounding", ["half_up", "up", "down"])
def test_ties_on_groups_of_one_two_and_three(rounding):
    units = [unit(1, 90.0), unit(2, 90.0), unit(3, 80.0)]
    out = grade_year(rules(rounding=rounding), units)
    expected = {"half_up": ["U01", "U02"], "up": ["U01", "U02"], "down": []}[rounding]
    assert top_names(out, units) == expected
    out = grade_year(rules(rounding=rounding), units[:1])
    assert top_names(out, units[:1]) == {"half_up": [], "up": ["U01"], "down": []}[rounding]


GATES = {
    "veto": (Facts(veto=("安全生产事故一票否决",)), {"kind": "veto"}),
    "below_target": (
        Facts(below_target={"P01": "P01 85 < 100"}),
        {"kind": "below_target", "indicator": "P01"},
    ),
    "red_problem": (Facts(red_problems=("第3号 未按期整改",)), {"kind": "red_problem"}),
    "last_place": (
        Facts(last_place_months=("2022-03", "2022-05", "2022-07")),
        {"kind": "last_place", "months": 3},
    ),
    "yellow_card": (Facts(yellow_problems=("第5号 滞后",)), {"kind": "yellow_card"}),
}


def three_grades(gate):
    return rules(
        grades=[{"name": "优秀", "percent": 30}, {"name": "良好", "percent": 40}, {"name": "合格"}],
        gates=[{**gate, "best": "良好"}],
    )


@pytest.mark.parametrize("kind", sorted(GATES))
def test_every_gate_drops_the_unit_and_the_next_moves_up(kind):
    facts, gate = GATES[kind]
    units = line(10)
    units[1] = unit(2, 99.0, facts=facts)
    out = grade_year(three_grades(gate), units)
    assert top_names(out, units) == ["U01", "U03", "U04"]
    assert out[2].grade == "良好"
    assert out[2].gates[0]["kind"] == kind
    assert f"因{grading.GATE_ZH[kind]}（" in out[2].reason_zh
    # Lifting the gate is the smallest change that would have moved it.
    assert out[2].nearest["gate"] == kind
    assert "解除" + grading.GATE_ZH[kind] in out[2].reason_zh


def test_last_place_in_fewer_months_than_the_rule_does_not_gate():
    facts = Facts(last_place_months=("2022-03", "2022-05"))
    units = line(10)
    units[1] = unit(2, 99.0, facts=facts)
    out = grade_year(three_grades({"kind": "last_place", "months": 3}), units)
    assert top_names(out, units) == ["U01", "U02", "U03"]
    assert out[2].gates == []


def test_below_target_gate_reads_only_its_indicator():
    units = line(10)
    units[0] = unit(1, 100.0, facts=Facts(below_target={"P02": "P02 1 < 2"}))
    gate = {"kind": "below_target", "indicator": "P01"}
    out = grade_year(three_grades(gate), units)
    assert out[1].grade == "优秀"


def regrade(r, units, changed):
    return grade_year(r, [changed if u.id == changed.id else u for u in units])[changed.id]


CASES = {
    "quota": rules(),
    "quota_down": rules(rounding="down"),
    "counts": rules(method="counts", grades=[{"name": "优秀", "count": 3}, {"name": "合格"}]),
    "bands": rules(method="bands", grades=[{"name": "优秀", "min_total": 97.5}, {"name": "合格"}]),
    "tie_arena": rules(tie="arena", tie_arena="B"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_smallest_change_moves_the_unit_and_a_cent_less_does_not(case):
    r = CASES[case]
    units = line(10, step=0.37)
    out = grade_year(r, units)
    first_out = next(u for u in units if out[u.id].grade == "合格")
    change = out[first_out.id].nearest
    assert change["arena"] == "A"  # the heavier arena needs the fewest points
    assert change["to"] == "优秀"
    moved = regrade(r, units, with_points(first_out, "A", change["points"]))
    assert moved.grade == "优秀"
    short = regrade(r, units, with_points(first_out, "A", change["points"] - 0.01))
    assert short.grade == "合格"
    assert f"A多得{change['points']:.2f}分" in out[first_out.id].reason_zh


def test_the_smallest_change_hand_worked():
    # Quota 3 of 10, totals 100, 99.63, 99.26, 98.89: U04 needs 0.37 more in total to tie
    # U03 (shared tie rule: a tie is enough), 0.37 / 0.6 = 0.6167 → 0.62 points in A.
    units = line(10, step=0.37)
    out = grade_year(rules(), units)
    assert out[4].nearest == {"arena": "A", "points": 0.62, "gate": None, "to": "优秀"}
    assert out[4].reason_zh.endswith("若A多得0.62分，即可评为优秀。")


def test_a_gated_unit_moves_by_its_gate_lifted_and_never_by_points():
    units = line(10, step=0.37)
    units[1] = unit(2, units[1].total, facts=Facts(veto=("否决",)))
    r = rules(gates=[{"kind": "veto", "best": "合格"}])
    out = grade_year(r, units)
    assert out[2].nearest == {"gate": "veto", "to": "优秀"}
    assert out[2].reason_zh == (
        "因一票否决（否决）不得评为优秀，评为合格，名额由后一位单位递补。若解除一票否决，即可评为优秀。"
    )
    # The unit just outside the quota after it moved up needs points only; gate lifts do nothing.
    assert out[5].nearest == {"arena": "A", "points": 0.62, "gate": None, "to": "优秀"}


def test_a_gated_unit_outside_the_quota_anyway_has_no_one_step_change():
    units = line(10, step=0.37)
    units[3] = unit(4, units[3].total, facts=Facts(veto=("否决",)))
    out = grade_year(rules(gates=[{"kind": "veto", "best": "合格"}]), units)
    assert out[4].nearest is None  # points cannot pass the gate, the lift alone is not enough
    assert out[4].reason_zh == "在前列等次名额之外，评为合格。"


def test_only_units_just_outside_get_a_smallest_change():
    units = line(20)
    out = grade_year(rules(), units)  # 6 优秀, then 14 合格
    with_change = [u.id for u in units if out[u.id].nearest]
    assert with_change == [7, 8, 9]


def test_unranked_unit_takes_the_last_grade():
    units = [*line(3), UnitInput(9, "U09", "G1", None, None, {}, {}, Facts())]
    out = grade_year(rules(rounding="up"), units)
    assert out[9].grade == "合格"
    assert out[9].reason_zh == "年度无排名，评为合格。"


def test_groups_are_graded_apart():
    units = line(3) + [unit(i, 50.0 - i, group="G2") for i in range(4, 7)]
    out = grade_year(rules(), units)
    assert top_names(out, units) == ["U01", "U04"]


def award_rules(*awards, **over):
    return rules(awards=list(awards), **over)


def test_advanced_by_grade_and_by_top_n_with_its_gates():
    units = line(10)
    units[0] = unit(1, 100.0, facts=Facts(veto=("否决",)))
    r = award_rules(
        {"kind": "advanced", "name": "先进单位", "grade": "优秀", "staff_percent": 25},
        {"kind": "advanced", "name": "前二", "top": 2, "gates": [{"kind": "veto"}]},
        grades=[{"name": "优秀", "percent": 30, "staff_percent": 20}, {"name": "合格"}],
    )
    out = grade_year(r, units)
    assert [u.id for u in units if any(a["name"] == "先进单位" for a in out[u.id].awards)] == [
        1,
        2,
        3,
    ]
    assert [u.id for u in units if any(a["name"] == "前二" for a in out[u.id].awards)] == [2, 3]
    assert out[1].gates == [
        {"kind": "award", "award": "前二", "evidence": "一票否决（否决）", "best": ""}
    ]
    assert out[2].staff_percent == "25"
    assert out[5].staff_percent is None


def test_progress_award_goes_to_the_largest_rise_from_q1():
    units = [
        unit(1, 100.0, rank=1, facts=Facts(q1_rank=2)),
        unit(2, 99.0, rank=2, facts=Facts(q1_rank=6)),  # rose 4
        unit(3, 98.0, rank=3, facts=Facts(q1_rank=8, veto=("否决",))),  # rose 5, gated
        unit(4, 97.0, rank=4, facts=Facts(q1_rank=7, last_year_rank=9)),  # rose 3 (5)
    ]
    r = award_rules({"kind": "progress", "name": "进步奖", "top": 1, "gates": [{"kind": "veto"}]})
    out = grade_year(r, units)
    assert out[2].awards == [
        {
            "kind": "progress",
            "name": "进步奖",
            "title": "进步奖",
            "reason_zh": "由一季度第6名升至第2名，上升4位",
            "reason_en": "rose 4 places, from 6 to 2",
        }
    ]
    assert [u.id for u in units if out[u.id].awards] == [2]
    last_year = award_rules({"kind": "progress", "name": "进步奖", "top": 1, "base": "last_year"})
    out = grade_year(last_year, units)
    assert [u.id for u in units if out[u.id].awards] == [4]


def test_single_award_per_arena_with_ties_at_the_edge():
    units = [unit(1, 90.0, a=95.0, b=70.0), unit(2, 89.0, a=95.0, b=80.0), unit(3, 88.0, a=1, b=1)]
    r = award_rules({"kind": "single", "name": "单项奖", "top": 1})
    out = grade_year(r, units, arena_names={"A": "改革创新", "B": "项目建设"})
    assert [a["title"] for a in out[1].awards] == ["单项奖（改革创新）"]
    assert [a["title"] for a in out[2].awards] == ["单项奖（改革创新）", "单项奖（项目建设）"]
    assert out[2].awards[1]["reason_zh"] == "项目建设得分80.00，居第1位"
    assert out[3].awards == []


def test_parser_names_every_problem_and_its_place():
    with pytest.raises(RulesError) as caught:
        parse_rules(
            {
                "method": "ranks",
                "grades": [{"name": "优秀", "percent": 130}, {"name": "优秀"}],
                "tie": "arena",
                "tie_arena": "Z",
                "gates": [
                    {"kind": "veto", "best": "卓越"},
                    {"kind": "below_target", "best": "优秀"},
                ],
                "awards": [{"kind": "single", "name": "", "top": 0}],
            },
            arenas={"A", "B"},
        )
    places = [p for p, _, _ in caught.value.problems]
    assert places == [
        "method",
        "grades[0].percent",
        "grades[1].name",
        "tie_arena",
        "gates[0].best",
        "gates[1].indicator",
        "awards[0].name",
        "awards[0].top",
    ]


def test_parser_refuses_a_missing_quota_and_a_non_object():
    with pytest.raises(RulesError) as caught:
        parse_rules({"grades": [{"name": "优秀"}, {"name": "合格"}]})
    assert [p for p, _, _ in caught.value.problems] == ["grades[0].percent"]
    with pytest.raises(RulesError):
        parse_rules([])


def test_grading_imports_no_django():
    folder = Path(grading.__file__).parent
    for name in ("grading.py", "rules.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("django"), name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("django") for a in node.names), name
