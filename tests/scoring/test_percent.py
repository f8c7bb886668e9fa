"""The `share` rule's `percent` parameter and the warnings for values legal but suspicious."""

import json

import pytest

from leitai.scoring import SchemeError, Value, dump_dict, parse_dict

from .helpers import one_indicator, points, run, units
from .test_cli import EXAMPLE, case, edit, score  # noqa: F401 (fixture)


def test_percent_values_are_scored_as_a_hundredth():
    rows = [("A", 71.04), ("B", 150), ("C", -5), ("D", 100), ("E", 0.5)]
    got = points("share", rows, max_points=12, percent=True)
    assert got == {"A": pytest.approx(8.5248), "B": 12.0, "C": 0.0, "D": 12.0, "E": 0.06}


def test_without_percent_a_percentage_gets_full_marks_as_before():
    assert points("share", [("A", 71.04)], max_points=12) == {"A": 12.0}


@pytest.mark.parametrize(
    ("value", "percent", "zh", "en"),
    [
        (71.04, True, "完成情况 71.04%，得分 8.52 / 12", "Done 71.04%, 8.52 / 12 points"),
        (71.045, True, "完成情况 71.045%，得分 8.53 / 12", "Done 71.045%, 8.53 / 12 points"),
        (
            120,
            True,
            "完成情况 120%，按 100% 计，得分 12.00 / 12",
            "Done 120%, counted as 100%, 12.00 / 12 points",
        ),
        (
            -3,
            True,
            "完成情况 -3%，按 0 计，得分 0.00 / 12",
            "Done -3%, counted as 0, 0.00 / 12 points",
        ),
        (0.7104, False, "完成情况 71.04%，得分 8.52 / 12", "Done 71.04%, 8.52 / 12 points"),
        (
            71.04,
            False,
            "完成情况 7104%，按 100% 计，得分 12.00 / 12",
            "Done 7104%, counted as 100%, 12.00 / 12 points",
        ),
    ],
)
def test_explanation_shows_the_value_as_typed(value, percent, zh, en):
    result = run(one_indicator("share", 12, percent=percent), units("A"), [Value("A", "X", value)])
    r = result.unit("A").indicators["X"]
    assert (r.explain_zh, r.explain_en) == (zh, en)


def test_percent_is_parsed_dumped_and_checked():
    scheme = parse_dict(one_indicator("share", percent=True))
    assert scheme.indicators[0].percent is True
    assert parse_dict(one_indicator("share")).indicators[0].percent is False
    dumped = dump_dict(scheme)["arenas"][0]["indicators"][0]
    assert dumped["percent"] is True
    assert parse_dict(dump_dict(scheme)) == scheme
    with pytest.raises(SchemeError) as caught:
        parse_dict(one_indicator("share", percent="yes"))
    assert caught.value.messages == [
        "arena a, indicator X: percent must be true or false, got 'yes'"
    ]
    with pytest.raises(SchemeError) as caught:
        parse_dict(one_indicator("completion", percent=True))
    assert caught.value.messages == [
        "arena a, indicator X: unknown key 'percent' "
        "(allowed: code, name, rule, max_points, groups, direction, cap, zero_below)"
    ]


def test_share_above_one_without_percent_is_warned_once_per_indicator():
    values = [Value("A", "X", 0.5), Value("B", "X", 85), Value("C", "X", 71.04)]
    result = run(one_indicator("share", 12), units("A", "B", "C"), values)
    assert [str(w) for w in result.warnings] == [
        "values record 2, column value: indicator X: 2 values above 1 (first 85); if they are "
        "percentages, set `percent: true` on the indicator; as fractions they score full marks"
    ]


def test_share_above_hundred_with_percent_is_warned():
    values = [Value("A", "X", 85), Value("B", "X", 101)]
    result = run(one_indicator("share", 12, percent=True), units("A", "B"), values)
    assert [str(w) for w in result.warnings] == [
        "values record 2, column value: indicator X: 1 value above 100 (first 101); "
        "values above 100% score full marks: check them"
    ]


def test_completion_value_a_hundred_times_its_target_is_warned():
    values = [Value("A", "X", 99, 1), Value("B", "X", 100, 1), Value("C", "X", 5, 10)]
    result = run(one_indicator("completion", 12), units("A", "B", "C"), values)
    assert [str(w) for w in result.warnings] == [
        "values record 2, column value: indicator X: 1 value at least 100 times the target "
        "(first 100); check that value and target are in the same unit"
    ]


def test_plausible_values_give_no_warning():
    values = [Value("A", "X", 1), Value("B", "X", 0)]
    assert run(one_indicator("share", 12), units("A", "B"), values).warnings == ()
    values = [Value("A", "X", 100, 1.01)]
    assert run(one_indicator("completion", 12), units("A"), values).warnings == ()


def test_leitai_score_prints_and_writes_the_warning(case, capsys):  # noqa: F811
    edit(case / "data" / "values.csv", "JXJ,R1,0.75,,", "JXJ,R1,75,,")
    assert score(case) == 0
    captured = capsys.readouterr()
    line = (
        "values row 26, column value: indicator R1: 1 value above 1 (first 75); if they are "
        "percentages, set `percent: true` on the indicator; as fractions they score full marks"
    )
    assert captured.err == f"warning: {line}\n"
    doc = json.loads(captured.out)
    assert doc["warnings"] == [line]
    jxj = next(u for u in doc["units"] if u["unit"] == "JXJ")
    assert jxj["indicators"]["R1"]["points"] == 60.0


def test_leitai_score_with_percent_scores_what_was_typed(case, capsys):  # noqa: F811
    values = case / "data" / "values.csv"
    for unit, old, new in [("FGW", "1", "100"), ("JXJ", "0.75", "75"), ("ZJJ", "0.5", "50")]:
        edit(values, f"{unit},R1,{old},,", f"{unit},R1,{new},,")
    edit(values, "JYJ,R1,1,,", "JYJ,R1,100,,")
    edit(values, "WJJ,R1,0.8,,", "WJJ,R1,80,,")
    edit(
        case / "scheme.yaml",
        "rule: share, max_points: 60}",
        "rule: share, max_points: 60, percent: true}",
    )
    assert score(case) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    doc = json.loads(captured.out)
    r1 = {u["unit"]: u["indicators"]["R1"] for u in doc["units"]}
    assert {u: r["points"] for u, r in r1.items()} == {
        "FGW": 60.0, "JXJ": 45.0, "ZJJ": 30.0, "JYJ": 60.0, "WJJ": 48.0
    }  # fmt: skip
    assert r1["JXJ"]["explain"] == "完成情况 75%，得分 45.00 / 60"
    assert doc["warnings"] == []
    # The same shares typed as fractions give the documented example's points.
    documented = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))
    totals = {u["unit"]: u["total"] for u in doc["units"]}
    assert totals == {u["unit"]: u["total"] for u in documented["units"]}
    assert totals["JXJ"] == 84.0
