"""The rank rule's per-place step, position tables and average positions, and carried shares:
hand-worked values (SCORING.md, docs/scoring.md)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from leitai.scoring import (
    Carrier,
    InputError,
    SchemeError,
    ScoringInput,
    Unit,
    Value,
    dump_dict,
    parse_dict,
    score,
)
from leitai.scoring.rules import Columns, position_points, rank


def indicator(**params):
    data = {"name": "t", "arenas": [{"code": "a", "weight": 1, "indicators": [
        {"code": "R", "rule": "rank", "max_points": 10, **params}]}]}  # fmt: skip
    return parse_dict(data).indicators[0]


def points(ind, k, k0=np.nan):
    k, k0 = np.atleast_1d(np.asarray(k, float)), np.full(np.size(k), k0, dtype=float)
    columns = Columns(k, np.full(len(k), np.nan), k0, np.zeros(len(k), np.int64), 1)
    return rank(ind, columns, np.ones(len(k), dtype=bool)).tolist()


def test_the_step_takes_five_percent_a_place_and_replaces_the_floor():
    ind = indicator(peers=8, step=0.05)
    # 10 x (1 - 0.05 x (k - 1)): 10, 9.5, 9, ..., 6.5 at the eighth place.
    assert points(ind, [1, 2, 3, 8]) == pytest.approx([10.0, 9.5, 9.0, 6.5], abs=1e-12)
    # Twenty-one places of 5%: the twenty-first is worth 0, not less.
    assert points(indicator(peers=25, step=0.05), [21, 25]) == [0.0, 0.0]


def test_the_step_keeps_advance_retreat_and_cap():
    ind = indicator(peers=8, step=0.05, advance=0.5, retreat=1, cap=1.0)
    # Third, up from fifth: 9 + 2 x 0.5 = 10. Second, up from eighth: 9.5 + 3 = 12.5, capped 10.
    assert points(ind, [3], 5) == [10.0]
    assert points(ind, [2], 8) == [10.0]
    # Fourth, down from second: 8.5 - 2 x 1 = 6.5.
    assert points(ind, [4], 2) == [6.5]


def test_the_position_table_adds_to_the_top_five_and_takes_from_the_last_five():
    ind = indicator(
        peers=13, cap=1.2, top_points=[5, 4, 3, 2, 1], bottom_points=[-1, -2, -3, -4, -5]
    )
    # floor 0.6: base = 10 x (1 - 0.4 x (k - 1)/12).
    # k=1: 10 + 5 = 15, capped at 12. k=2: 9.6667 + 4 = 13.6667, capped 12.
    # k=5: 8.6667 + 1 = 9.6667. k=7: 8, no entry. k=9: 7.3333 - 1 = 6.3333. k=13: 6 - 5 = 1.
    expected = [12.0, 12.0, 10 - 16 / 12 + 1, 8.0, 10 - 32 / 12 - 1, 1.0]
    assert points(ind, [1, 2, 5, 7, 9, 13]) == pytest.approx(expected, abs=1e-12)


def test_a_place_in_both_tables_takes_the_top_tables_points():
    ind = indicator(peers=8, top_points=[5, 4, 3, 2, 1], bottom_points=[-1, -2, -3, -4, -5])
    # Eight peers: places 4 and 5 are in the top five and in the last five.
    assert position_points(ind, np.array([1.0, 4.0, 5.0, 6.0, 8.0, np.nan])).tolist() == [
        5.0, 2.0, 1.0, -3.0, -5.0, 0.0,
    ]  # fmt: skip


def test_an_average_position_counts_at_its_nearest_place_a_half_at_the_better():
    ind = indicator(peers=8, step=0.05, average=True, advance=0.5, top_points=[1, 0.5])
    # 2.4 -> place 2: 10 x (1 - 0.05 x 1.4) = 9.3, + 0.5 = 9.8.
    # 2.5 -> place 2: 9.25 + 0.5 = 9.75; 2.6 -> place 3: 9.2.
    assert points(ind, [2.4, 2.5, 2.6]) == pytest.approx([9.8, 9.75, 9.2], abs=1e-12)
    # Up from an average of 3.6 to 2.4: 1.2 places x 0.5 = 0.6 more: 10.4, capped at 10.
    assert points(ind, [2.4], 3.6) == [10.0]


def test_the_scheme_refuses_floor_with_step_and_tables_longer_than_the_peers():
    with pytest.raises(SchemeError) as caught:
        indicator(peers=4, floor=0.5, step=0.05, top_points=[5, 4, 3, 2, 1], bottom_points="x")
    assert caught.value.messages == [
        "arena a, indicator R: bottom_points must be a list of points by place, got 'x'",
        "arena a, indicator R: give floor or step, not both "
        "(step replaces the floor's straight line)",
        "arena a, indicator R: top_points lists 5 places but there are 4 peers",
    ]
    with pytest.raises(SchemeError) as caught:
        indicator(peers=8, step=1.5, average="yes")
    assert caught.value.messages == [
        "arena a, indicator R: step must be a fraction in [0, 1], got 1.5",
        "arena a, indicator R: average must be true or false, got 'yes'",
    ]


def test_the_new_parameters_dump_only_when_set_and_read_back():
    plain = dump_dict(parse_dict(SCHEME))["arenas"][0]["indicators"]
    assert plain[0] == {"code": "GDP", "name": "GDP增速", "rule": "rank", "max_points": 10.0,
                        "direction": "higher", "peers": 8, "floor": 0.6, "advance": 0.5,
                        "retreat": 0.5, "cap": 1.0}  # fmt: skip
    stepped = {**SCHEME["arenas"][0]["indicators"][0], "step": 0.05, "top_points": [2, 1]}
    stepped["average"] = True
    del stepped["floor"]
    scheme = parse_dict({**SCHEME, "arenas": [{**SCHEME["arenas"][0], "indicators": [stepped]}]})
    dumped = dump_dict(scheme)
    ind = dumped["arenas"][0]["indicators"][0]
    assert "floor" not in ind
    assert (ind["step"], ind["top_points"], ind["average"]) == (0.05, [2.0, 1.0], True)
    assert "bottom_points" not in ind
    assert parse_dict(dumped) == scheme


SCHEME = {
    "name": "率先进位",
    "arenas": [
        {
            "code": "city",
            "name": "率先进位",
            "weight": 1,
            "indicators": [
                {"code": "GDP", "name": "GDP增速", "rule": "rank", "max_points": 10, "peers": 8,
                 "floor": 0.6, "advance": 0.5, "retreat": 0.5},
                {"code": "TAX", "name": "税收", "rule": "share", "max_points": 10},
            ],
        }
    ],
}  # fmt: skip


def carried(carriers, values=None):
    units = [Unit("FGW", "发改局", "g"), Unit("GXJ", "工信局", "g"), Unit("TJJ", "统计局", "g")]
    values = values or [
        Value("FGW", "GDP", 3, previous=5),
        Value("GXJ", "GDP", 3, previous=5),
        Value("FGW", "TAX", 0.5),
        Value("GXJ", "TAX", 1.0),
        Value("TJJ", "TAX", 1.0),
    ]
    return score(parse_dict(SCHEME), ScoringInput.from_rows(units, values, carriers=carriers))


def test_carried_shares_weigh_points_and_maximum():
    result = carried(
        [Carrier("FGW", "GDP", 0.6), Carrier("GXJ", "GDP", 0.4), Carrier("TJJ", "GDP", 0.5)]
    )
    fgw, gxj, tjj = (result.unit(code) for code in ("FGW", "GXJ", "TJJ"))
    # Third of eight, up from fifth: 10 x (1 - 0.4 x 2/7) + 2 x 0.5 = 9.857142857142858.
    full = 10 - 8 / 7 + 1.0
    assert fgw.indicators["GDP"].points == pytest.approx(0.6 * full, abs=1e-12)
    assert fgw.indicators["GDP"].max_points == pytest.approx(6.0, abs=1e-12)
    assert gxj.indicators["GDP"].points == pytest.approx(0.4 * full, abs=1e-12)
    # FGW: 100 x (5.9142857 + 5) / (6 + 10) = 68.2142857; GXJ: 100 x (3.9428571 + 10) / 14.
    assert fgw.arenas["city"] == pytest.approx(100 * (0.6 * full + 5) / 16, abs=1e-9)
    assert gxj.arenas["city"] == pytest.approx(100 * (0.4 * full + 10) / 14, abs=1e-9)
    assert (
        fgw.indicators["GDP"].explain_zh == "位次 3 / 8（上期 5，进 2 位），承担 60%，得分 5.91 / 6"
    )
    assert fgw.indicators["GDP"].explain_en == (
        "Position 3 of 8 (previously 5, gained 2), carried share 60%, 5.91 / 6 points"
    )
    # TJJ carries half of GDP and has no position: missing, 0 of 5.
    assert tjj.indicators["GDP"].missing
    assert tjj.indicators["GDP"].explain_zh == "未报送，承担 50%，得分 0.00 / 5"
    assert tjj.arenas["city"] == pytest.approx(100 * 10 / 15, abs=1e-9)
    assert tjj.arena_details["city"].explain_zh == (
        "基础分 66.67（得分 10 / 满分 15），擂台得分 66.67"
    )


def test_a_weight_of_one_scores_as_no_carrier():
    assert carried([Carrier("FGW", "GDP", 1.0)]).unit("FGW") == carried([]).unit("FGW")


def test_bad_carriers_are_named_by_record_and_column():
    with pytest.raises(InputError) as caught:
        carried(
            [
                Carrier("XXX", "GDP", 0.5),
                Carrier("FGW", "NOPE", 0.5),
                Carrier("FGW", "GDP", 0.0),
                Carrier("GXJ", "GDP", 1.5),
                Carrier("FGW", "GDP", float("nan")),
            ]
        )
    assert [str(p) for p in caught.value.problems] == [
        "carriers record 1, column unit: unknown unit 'XXX'",
        "carriers record 2, column indicator: unknown indicator 'NOPE'",
        "carriers record 3, column weight: weight must be in (0, 1], got 0",
        "carriers record 4, column weight: weight must be in (0, 1], got 1.5",
        "carriers record 5, column weight: weight must be in (0, 1], got nan",
        "carriers record 5: duplicate row: same unit and indicator as record 3",
    ]


def test_an_average_position_may_be_fractional_but_stays_within_the_peers():
    scheme = parse_dict({**SCHEME, "arenas": [{**SCHEME["arenas"][0], "indicators": [
        {**SCHEME["arenas"][0]["indicators"][0], "average": True}]}]})  # fmt: skip
    units = [Unit("FGW", "发改局", "g")]
    result = score(scheme, ScoringInput.from_rows(units, [Value("FGW", "GDP", 2.5, previous=3.2)]))
    # 10 x (1 - 0.4 x 1.5/7) + 0.7 x 0.5 = 9.142857142857142 + 0.35.
    assert result.unit("FGW").indicators["GDP"].points == pytest.approx(
        10 - 6 / 7 + 0.35, abs=1e-12
    )
    assert result.unit("FGW").indicators["GDP"].explain_zh == (
        "平均位次 2.5 / 8（上期 3.2，进 0.7 位），得分 9.49 / 10"
    )
    with pytest.raises(InputError) as caught:
        score(scheme, ScoringInput.from_rows(units, [Value("FGW", "GDP", 8.5, previous=0.5)]))
    assert [str(p) for p in caught.value.problems] == [
        "values record 1, column previous: position of rank indicator GDP must be a number "
        "in 1..8, got 0.5",
        "values record 1, column value: position of rank indicator GDP must be a number "
        "in 1..8, got 8.5",
    ]


def test_leitai_score_reads_a_carriers_sheet_with_chinese_headers(tmp_path, capsys):
    from leitai.scoring import cli

    (tmp_path / "scheme.json").write_text(json.dumps(SCHEME), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "units.csv").write_text("unit,name,group\nFGW,发改局,g\nGXJ,工信局,g\n", "utf-8")
    (data / "values.csv").write_text(
        "unit,indicator,value,target,previous\nFGW,GDP,3,,5\nGXJ,GDP,3,,5\n"
        "FGW,TAX,0.5,,\nGXJ,TAX,1,,\n",
        "utf-8",
    )
    (data / "承担.csv").write_text("单位代码,指标代码,份额\nFGW,GDP,60%\nGXJ,GDP,\n", "gbk")
    out = tmp_path / "out.json"
    assert cli.main([str(tmp_path / "scheme.json"), str(data), "-o", str(out)]) == 0
    doc = {u["unit"]: u for u in json.loads(out.read_text("utf-8"))["units"]}
    out.unlink()
    full = 10 - 8 / 7 + 1.0
    assert doc["FGW"]["indicators"]["GDP"]["points"] == pytest.approx(0.6 * full, abs=1e-12)
    assert doc["FGW"]["indicators"]["GDP"]["max_points"] == pytest.approx(6.0, abs=1e-12)
    assert doc["GXJ"]["indicators"]["GDP"]["max_points"] == 10.0  # blank weight: 1
    assert doc["FGW"]["indicators"]["GDP"]["explain"] == (
        "位次 3 / 8（上期 5，进 2 位），承担 60%，得分 5.91 / 6"
    )
    (data / "承担.csv").write_text("单位代码,指标代码,份额\nFGW,GDP,1.5\nFGW,GDP,abc\n", "utf-8")
    capsys.readouterr()
    assert cli.main([str(tmp_path / "scheme.json"), str(data), "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == ["承担 row 3, column 份额: not a number: 'abc'"]
    (data / "承担.csv").write_text("单位代码,指标代码,份额\nFGW,GDP,1.5\n", "utf-8")
    assert cli.main([str(tmp_path / "scheme.json"), str(data), "-o", str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "承担 row 2, column 份额: weight must be in (0, 1], got 1.5"
    ]
    assert not out.exists()
