"""Explanations in Chinese and English for every indicator rule and arena score."""

import pytest

from leitai.scoring import PanelScore, Value

from .helpers import one_indicator, run, units


def explain(rule, value=None, target=None, previous=None, *, panel=(), **params):
    values = [] if value is None else [Value("A", "X", value, target, previous)]
    rows = [PanelScore("A", "X", str(j), s) for j, s in enumerate(panel)]
    result = run(
        one_indicator(rule, 40, **params),
        units("A", "B"),
        values + [Value("B", "X", 1, 1)] * (rule == "relative"),
        panel=rows,
    )
    r = result.unit("A").indicators["X"]
    return r.explain_zh, r.explain_en


@pytest.mark.parametrize(
    ("case", "zh", "en"),
    [
        (
            ("completion", 350, 400),
            "完成率 87.5%（实际 350 / 目标 400），得分 35.00 / 40",
            "Completion 87.5% (actual 350 / target 400), 35.00 / 40 points",
        ),
        (
            ("completion", 520, 400, None, {"cap": 1.2}),
            "完成率 130%（实际 520 / 目标 400），按上限 120% 计，得分 48.00 / 40",
            "Completion 130% (actual 520 / target 400), capped at 120%, 48.00 / 40 points",
        ),
        (
            ("completion", 100, 400, None, {"zero_below": 0.5}),
            "完成率 25%（实际 100 / 目标 400），低于 50% 不得分，得分 0.00 / 40",
            "Completion 25% (actual 100 / target 400), below 50% scores nothing, 0.00 / 40 points",
        ),
        (
            ("completion", 0, 20, None, {"direction": "lower"}),
            "完成率按上限 100% 计（目标 20 / 实际 0，越低越好，实际值不大于 0），得分 40.00 / 40",
            "Completion counted at the cap 100% (target 20 / actual 0, lower is better, "
            "actual not above 0), 40.00 / 40 points",
        ),
        (
            ("completion", 79.999, 100, None, {"zero_below": 0.8}),
            "完成率 79.999%（实际 80 / 目标 100），低于 80% 不得分，得分 0.00 / 40",
            "Completion 79.999% (actual 80 / target 100), below 80% scores nothing, "
            "0.00 / 40 points",
        ),
        (
            ("completion", 399.996, 400),
            "完成率 99.999%（实际 400 / 目标 400），得分 40.00 / 40",
            "Completion 99.999% (actual 400 / target 400), 40.00 / 40 points",
        ),
        (
            ("bands", 79.999, None, None, {"bands": [[80, 0.5]]}),
            "分档赋分：值 79.999 未达到任何档次，得分 0.00 / 40",
            "Bands: value 79.999 reaches no band, 0.00 / 40 points",
        ),
        (
            ("bands", 80.0000001, None, None, {"bands": [[80, 0.5]]}),
            "分档赋分：值 80.0000001，达到 ≥80 档（50%），得分 20.00 / 40",
            "Bands: value 80.0000001 in band ≥80 (50%), 20.00 / 40 points",
        ),
        (
            ("share", 0.99999),
            "完成情况 99.999%，得分 40.00 / 40",
            "Done 99.999%, 40.00 / 40 points",
        ),
        (
            ("completion", 25, 20, None, {"direction": "lower"}),
            "完成率 80%（目标 20 / 实际 25，越低越好），得分 32.00 / 40",
            "Completion 80% (target 20 / actual 25, lower is better), 32.00 / 40 points",
        ),
        (
            ("relative", 3),
            "比较赋分：值 3（组内最低 1，最高 3，越高越好，保底 60%），得分 40.00 / 40",
            "Comparison: value 3 (group low 1, high 3, higher is better, floor 60%), "
            "40.00 / 40 points",
        ),
        (
            ("relative", 3, None, None, {"direction": "lower"}),
            "比较赋分：值 3（组内最低 1，最高 3，越低越好，保底 60%），得分 24.00 / 40",
            "Comparison: value 3 (group low 1, high 3, lower is better, floor 60%), "
            "24.00 / 40 points",
        ),
        (
            ("relative", 1),
            "比较赋分：值 1，组内各单位相同，得满分，得分 40.00 / 40",
            "Comparison: value 1, all units of the group equal, full points, 40.00 / 40 points",
        ),
        (
            ("rank", 3, None, 5, {"peers": 13}),
            "位次 3 / 13（上期 5，进 2 位），得分 37.33 / 40",
            "Position 3 of 13 (previously 5, gained 2), 37.33 / 40 points",
        ),
        (
            ("rank", 5, None, 3, {"peers": 13}),
            "位次 5 / 13（上期 3，退 2 位），得分 34.67 / 40",
            "Position 5 of 13 (previously 3, lost 2), 34.67 / 40 points",
        ),
        (
            ("rank", 1, None, 1, {"peers": 13}),
            "位次 1 / 13（与上期持平），得分 40.00 / 40",
            "Position 1 of 13 (unchanged), 40.00 / 40 points",
        ),
        (
            ("rank", 13, None, None, {"peers": 13}),
            "位次 13 / 13，得分 24.00 / 40",
            "Position 13 of 13, 24.00 / 40 points",
        ),
        (
            ("bands", 85, None, None, {"bands": [[80, 0.5]]}),
            "分档赋分：值 85，达到 ≥80 档（50%），得分 20.00 / 40",
            "Bands: value 85 in band ≥80 (50%), 20.00 / 40 points",
        ),
        (
            ("bands", 5, None, None, {"bands": [[10, 0.5]], "direction": "lower"}),
            "分档赋分：值 5，达到 ≤10 档（50%），得分 20.00 / 40",
            "Bands: value 5 in band ≤10 (50%), 20.00 / 40 points",
        ),
        (
            ("bands", 70, None, None, {"bands": [[80, 0.5]]}),
            "分档赋分：值 70 未达到任何档次，得分 0.00 / 40",
            "Bands: value 70 reaches no band, 0.00 / 40 points",
        ),
        (("share", 0.75), "完成情况 75%，得分 30.00 / 40", "Done 75%, 30.00 / 40 points"),
        (("share",), "未报送，得分 0.00 / 40", "Not reported, 0.00 / 40 points"),
    ],
)
def test_indicator_explanations(case, zh, en):
    *args, params = case if isinstance(case[-1], dict) else (*case, {})
    assert explain(*args, **params) == (zh, en)


def test_panel_explanations():
    assert explain("panel", panel=[88, 90, 92, 85, 95]) == (
        "评委打分 5 人，去掉一个最高分 95、一个最低分 85，平均 90，得分 36.00 / 40",
        "Panel of 5, highest 95 and lowest 85 dropped, mean 90, 36.00 / 40 points",
    )
    assert explain("panel", panel=[80, 90]) == (
        "评委打分 2 人，平均 85，得分 34.00 / 40",
        "Panel of 2, mean 85, 34.00 / 40 points",
    )


def test_not_applicable_explanation():
    scheme = one_indicator("share", groups=["g2"])
    result = run(scheme, units("A") + units("B", group="g2"), [])
    r = result.unit("A").indicators["X"]
    assert (r.explain_zh, r.explain_en) == (
        "不适用本单位所在分组，不计入",
        "Not applicable to this group, not counted",
    )
    arena = result.unit("A").arena_details["a"]
    assert (arena.explain_zh, arena.explain_en) == (
        "本擂台无适用指标，不计入总分",
        "No indicator applies, arena not counted",
    )


def test_arena_explanation_in_english():
    from leitai.scoring import Adjustment

    rows = [Adjustment("A", "a", "bonus", "", 2), Adjustment("A", "a", "deduction", "", 80)]
    result = run(one_indicator("share"), units("A"), [Value("A", "X", 0.5)], adjustments=rows)
    arena = result.unit("A").arena_details["a"]
    assert arena.explain_en == (
        "Base 50.00 (20 of 40 points), bonus 2, deduction 80, floored at 0, arena score 0.00"
    )
    assert arena.explain_zh == (
        "基础分 50.00（得分 20 / 满分 40），加分 2，扣分 80，不低于 0，擂台得分 0.00"
    )


def test_capped_deduction_in_english():
    from leitai.scoring import Adjustment, parse_dict

    scheme = one_indicator("share")
    scheme["arenas"][0]["deduction_cap"] = 1
    rows = [Adjustment("A", "a", "deduction", "", 3)]
    result = run(parse_dict(scheme), units("A"), [Value("A", "X", 1)], adjustments=rows)
    assert result.unit("A").arena_details["a"].explain_en == (
        "Base 100.00 (40 of 40 points), deduction 1 (of 3, capped), arena score 99.00"
    )


def test_number_formatting():
    from leitai.scoring.explain import num, pct

    assert [num(2.0), num(2.5), num(2.456), num(-0.001), pct(0.875)] == [
        "2",
        "2.5",
        "2.46",
        "0",
        "87.5%",
    ]


def test_numbers_near_a_mark_get_the_digits_that_tell_them_apart():
    from leitai.scoring.explain import num, pct

    assert num(79.999, (80.0,)) == "79.999"
    assert num(80.0, (80.0,)) == "80"
    assert num(79.5, (80.0,)) == "79.5"
    assert num(1e-20, (0.0,)) == "1e-20"
    assert pct(1.19999, (1.2,)) == "119.999%"
