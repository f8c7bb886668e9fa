"""The worked examples of docs/scoring.md (算例), computed by the engine."""

import pytest

from leitai.scoring import Adjustment, Carrier, Value, parse_dict

from .helpers import one_indicator, run, units


def test_share_in_percent():
    result = run(one_indicator("share", 20, percent=True), units("A"), [Value("A", "X", 71.04)])
    r = result.unit("A").indicators["X"]
    assert (r.points, r.explain_zh) == (pytest.approx(14.208), "完成情况 71.04%，得分 14.21 / 20")


def test_deduction_over_its_cap():
    scheme = one_indicator("share", 100)
    scheme["arenas"][0]["deduction_cap"] = 5
    rows = [Adjustment("A", "a", "deduction", "", 3), Adjustment("A", "a", "deduction", "", 4)]
    result = run(scheme, units("A"), [Value("A", "X", 0.9)], adjustments=rows)
    arena = result.unit("A").arena_details["a"]
    assert (arena.score, arena.explain_zh) == (
        85.0,
        "基础分 90.00（得分 90 / 满分 100），扣分 5（合计 7，按上限计），擂台得分 85.00",
    )


def test_veto_order():
    values = [Value("甲", "X", 0.95), Value("乙", "X", 0.8), Value("丙", "X", 0.7)]
    veto = [Adjustment("甲", "", "veto")]
    result = run(one_indicator("share", 100), units("甲", "乙", "丙"), values, adjustments=veto)
    assert {u: result.unit(u).rank for u in ("甲", "乙", "丙")} == {"甲": 3, "乙": 1, "丙": 2}


def test_weights_renormalised_when_an_arena_does_not_apply():
    arenas = [
        {"code": code, "weight": w, "indicators": [{"code": code.upper(), "rule": "share",
         "max_points": 100, **({"groups": ["other"]} if code == "advance" else {})}]}
        for code, w in (("projects", 30), ("advance", 30), ("reform", 20), ("party", 20))
    ]  # fmt: skip
    scheme = parse_dict({"name": "s", "arenas": arenas})
    values = [Value("A", "PROJECTS", 0.9), Value("A", "REFORM", 0.8), Value("A", "PARTY", 0.7)]
    result = run(scheme, units("A") + units("B", group="other"), values)
    a = result.unit("A")
    assert a.arenas["advance"] is None
    assert a.total == pytest.approx(5700 / 70)
    assert round(a.total, 2) == 81.43


def test_ties():
    values = [Value(u, "X", v) for u, v in zip("ABCD", (0.9, 0.855, 0.855, 0.8), strict=True)]
    result = run(one_indicator("share", 100), units(*"ABCD"), values)
    assert [result.unit(u).rank for u in "ABCD"] == [1, 2, 2, 4]


def test_lower_is_better_bands():
    scheme = one_indicator("bands", 10, bands=[[0, 1], [2, 0.5]], direction="lower")
    values = [Value(u, "X", v) for u, v in zip("ABCD", (0, 1, 2, 3), strict=True)]
    result = run(scheme, units(*"ABCD"), values)
    got = {u: (result.unit(u).indicators["X"].points, result.unit(u).indicators["X"].explain_zh)
           for u in "ABCD"}  # fmt: skip
    assert got == {
        "A": (10.0, "分档赋分：值 0，达到 ≤0 档（100%），得分 10.00 / 10"),
        "B": (5.0, "分档赋分：值 1，达到 ≤2 档（50%），得分 5.00 / 10"),
        "C": (5.0, "分档赋分：值 2，达到 ≤2 档（50%），得分 5.00 / 10"),
        "D": (0.0, "分档赋分：值 3 未达到任何档次，得分 0.00 / 10"),
    }


def test_rater_classes():
    from leitai.scoring import PanelScore

    scores = {"A": [95, 88, 87, 86, 86, 85, 70], "B": [80, 84, 82, 82]}
    panel = [
        PanelScore("U", "X", f"{c}{j}", s, c)
        for c, row in scores.items()
        for j, s in enumerate(row)
    ]
    scheme = one_indicator("panel", 20, classes={"A": 60, "B": 40})
    r = run(scheme, units("U"), [], panel=panel).unit("U").indicators["X"]
    assert (r.points, r.explain_zh) == (
        pytest.approx(16.928, abs=1e-12),
        "A类 7 人，去掉一个最高分 95、一个最低分 70 后平均 86.4，权重 60%；B类 4 人，平均 82，"
        "权重 40%；加权平均 84.64，得分 16.93 / 20",
    )
    scheme = one_indicator("panel", 20, classes={"A": 60, "B": 40, "C": 10})
    r = run(scheme, units("U"), [], panel=panel).unit("U").indicators["X"]
    assert r.points == pytest.approx(16.928, abs=1e-12)
    assert "；C类无评分，权重按比例重新分配；" in r.explain_zh


def test_rank_votes():
    from leitai.scoring import PanelScore, rank_vote_scores

    # The unit's places among three units with five judges: 1, 2, 2, 3, 1.
    ballots = [[1, 2, 3], [2, 1, 3], [2, 3, 1], [3, 1, 2], [1, 2, 3]]
    panel = [
        PanelScore(unit, "X", f"J{j}", s)
        for j, ranks in enumerate(ballots)
        for unit, s in zip("UVW", rank_vote_scores(ranks), strict=True)
    ]
    r = run(one_indicator("panel", 10), units(*"UVW"), [], panel=panel).unit("U").indicators["X"]
    assert (r.points, r.explain_zh) == (
        pytest.approx(9.8, abs=1e-12),
        "评委打分 5 人，去掉一个最高分 100、一个最低分 94，平均 98，得分 9.80 / 10",
    )
    assert rank_vote_scores(list(range(1, 36)))[33:] == [1.0, 0.0]


def test_rank_step_and_position_tables():
    step = one_indicator("rank", 10, peers=13, step=0.05)
    result = run(step, units(*"ABC"), [Value("A", "X", 1), Value("B", "X", 3), Value("C", "X", 13)])
    assert [result.unit(u).indicators["X"].points for u in "ABC"] == pytest.approx([10, 9, 4])
    tables = one_indicator("rank", 10, peers=13, step=0.05, cap=1.2, top_points=[5, 4, 3, 2, 1],
                           bottom_points=[-1, -2, -3, -4, -5])  # fmt: skip
    result = run(tables, units("B", "C"), [Value("B", "X", 3, previous=5), Value("C", "X", 13)])
    b, c = result.unit("B").indicators["X"], result.unit("C").indicators["X"]
    assert (b.points, b.explain_zh) == (
        pytest.approx(12.0),
        "位次 3 / 13（上期 5，进 2 位），每位递减 5%，位次加 3 分，得分 12.00 / 10",
    )
    assert c.points == 0.0
    average = one_indicator("rank", 10, peers=8, step=0.05, average=True)
    result = run(average, units("A"), [Value("A", "X", 2.4)])
    assert result.unit("A").indicators["X"].points == pytest.approx(9.3)


def test_carried_shares():
    scheme = parse_dict({"name": "s", "arenas": [{"code": "a", "weight": 1, "indicators": [
        {"code": "GDP", "rule": "rank", "max_points": 10, "peers": 8, "advance": 0.5},
        {"code": "S", "rule": "share", "max_points": 10}]}]})  # fmt: skip
    values = [Value("FGW", "GDP", 3, previous=5), Value("GXJ", "GDP", 3, previous=5)]
    values += [Value("FGW", "S", 0.5), Value("GXJ", "S", 1)]
    carriers = [Carrier("FGW", "GDP", 0.6), Carrier("GXJ", "GDP", 0.4)]
    result = run(scheme, units("FGW", "GXJ"), values, carriers=carriers)
    fgw, gxj = result.unit("FGW"), result.unit("GXJ")
    assert round(fgw.indicators["GDP"].points, 3) == 5.914
    assert round(gxj.indicators["GDP"].points, 3) == 3.943
    assert (
        fgw.indicators["GDP"].explain_zh == "位次 3 / 8（上期 5，进 2 位），承担 60%，得分 5.91 / 6"
    )
    assert round(fgw.arenas["a"], 2) == 68.21
