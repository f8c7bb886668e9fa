"""The scheme parser and validator: every error named by arena and indicator, all at once."""

import copy

import pytest

from leitai.scoring import Scheme, SchemeError, dump_dict, dump_yaml, parse_dict, parse_yaml
from leitai.scoring.scheme import DEFAULT_BONUS_LEVELS

from .helpers import one_indicator

EXAMPLE = """
name: 2022年度县直部门重点任务擂台比武
bonus_levels: {national: 3, provincial: 2, municipal: 1, county: 0.5}
quarter_weights: {Q1: 1, Q2: 1, Q3: 1, Q4: 1}
arenas:
  - code: projects
    name: 项目建设
    weight: 30
    bonus_cap: 5
    deduction_cap: 10
    indicators:
      - {code: P1, name: 固定资产投资完成率, rule: completion, max_points: 40, cap: 1.2}
      - {code: P2, name: 新开工项目数, rule: relative, max_points: 30, groups: [第一组]}
"""


def errors_of(data) -> list[str]:
    with pytest.raises(SchemeError) as caught:
        parse_dict(data)
    return caught.value.messages


def with_indicator(**fields) -> dict:
    scheme = one_indicator(fields.pop("rule", "share"))
    scheme["arenas"][0]["indicators"][0].update(fields)
    return scheme


def test_parses_the_contract_example_with_defaults():
    scheme = parse_yaml(EXAMPLE)
    p1, p2 = scheme.indicators
    assert scheme.name == "2022年度县直部门重点任务擂台比武"
    assert (scheme.arenas[0].weight, scheme.arenas[0].bonus_cap) == (30.0, 5.0)
    assert (p1.cap, p1.zero_below, p1.direction, p1.groups) == (1.2, 0.0, "higher", ())
    assert (p2.floor, p2.groups, p2.higher) == (0.6, ("第一组",), True)
    assert scheme.bonus_level("county") == 0.5
    assert scheme.quarter_weight("Q3") == 1.0


def test_defaults_when_optional_sections_are_absent():
    scheme = parse_dict(one_indicator("panel"))
    assert dict(scheme.bonus_levels) == DEFAULT_BONUS_LEVELS
    assert dict(scheme.quarter_weights) == {"Q1": 1, "Q2": 1, "Q3": 1, "Q4": 1}
    assert scheme.indicators[0].trim_from == 5
    assert scheme.indicators[0].name == "X"
    assert scheme.arenas[0].deduction_cap is None


def test_partial_quarter_weights_default_the_rest_to_one():
    data = one_indicator("share")
    data["quarter_weights"] = {"Q4": 2}
    assert dict(parse_dict(data).quarter_weights) == {"Q1": 1, "Q2": 1, "Q3": 1, "Q4": 2}


@pytest.mark.parametrize(
    "text",
    [
        EXAMPLE,
        dump_yaml(
            parse_dict(
                one_indicator("bands", bands=[[1, 0.5], [2, 1]], direction="lower", groups=["g"])
            )
        ),
    ],
)
def test_dump_round_trips(text):
    scheme = parse_yaml(text)
    assert isinstance(scheme, Scheme)
    assert parse_dict(dump_dict(scheme)) == scheme
    assert parse_yaml(dump_yaml(scheme)) == scheme


def test_every_rule_round_trips_with_all_parameters():
    rules = [
        {"code": "C", "rule": "completion", "max_points": 1, "cap": 1.5, "zero_below": 0.3},
        {"code": "R", "rule": "relative", "max_points": 2, "floor": 0},
        {
            "code": "K",
            "rule": "rank",
            "max_points": 3,
            "peers": 5,
            "floor": 0.5,
            "advance": 1,
            "retreat": 2,
            "cap": 1.1,
        },
        {"code": "P", "rule": "panel", "max_points": 4, "trim_from": 7},
    ]
    data = {
        "name": "n",
        "arenas": [{"code": "a", "weight": 2, "deduction_cap": 0, "indicators": rules}],
    }
    scheme = parse_dict(data)
    assert parse_dict(copy.deepcopy(dump_dict(scheme))) == scheme
    assert scheme.indicators[2].retreat == 2.0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rule": "magic"}, "arena a, indicator X: unknown rule 'magic'"),
        ({"rule": "rank"}, "arena a, indicator X: missing parameter peers for rule rank"),
        ({"rule": "bands"}, "arena a, indicator X: missing parameter bands for rule bands"),
        ({"max_points": 0}, "arena a, indicator X: max_points must be a number > 0, got 0"),
        ({"max_points": "ten"}, "max_points must be a number > 0, got 'ten'"),
        ({"max_points": True}, "max_points must be a number > 0, got True"),
        ({"direction": "up"}, "arena a, indicator X: unknown direction 'up'"),
        ({"colour": "red"}, "arena a, indicator X: unknown key 'colour'"),
        ({"cap": 2}, "arena a, indicator X: unknown key 'cap'"),
        ({"rule": "relative", "floor": 1.5}, "floor must be a fraction in [0, 1], got 1.5"),
        ({"rule": "completion", "cap": 0}, "cap must be a number > 0, got 0"),
        ({"rule": "completion", "zero_below": -1}, "zero_below must be a number >= 0"),
        ({"rule": "rank", "peers": 1}, "peers must be a whole number >= 2, got 1"),
        ({"rule": "rank", "peers": 2.5}, "peers must be a whole number >= 2, got 2.5"),
        ({"rule": "rank", "peers": 5, "advance": -1}, "advance must be a number >= 0"),
        ({"rule": "panel", "trim_from": 2}, "trim_from must be a whole number >= 3, got 2"),
        ({"rule": "bands", "bands": []}, "bands must be a non-empty list"),
        ({"rule": "bands", "bands": [[2, 0.5], [1, 1]]}, "band 2: thresholds must be strictly"),
        ({"rule": "bands", "bands": [[1, 0.5], [1, 1]]}, "band 2: thresholds must be strictly"),
        ({"rule": "bands", "bands": [[1, 1.5]]}, "band 1 fraction must be a fraction in [0, 1]"),
        ({"rule": "bands", "bands": [[1, -0.1]]}, "band 1 fraction must be a fraction"),
        ({"rule": "bands", "bands": [[1]]}, "band 1 must be [threshold, fraction]"),
        ({"rule": "bands", "bands": [["x", 1]]}, "band 1 must be [threshold, fraction]"),
        ({"groups": "g1"}, "groups must be a list of group names"),
        ({"code": ""}, "arena a, indicator #1: missing code"),
        ({"code": ["x"]}, "arena a, indicator #1: code must be text"),
    ],
)
def test_indicator_errors_name_arena_and_indicator(fields, message):
    assert any(message in error for error in errors_of(with_indicator(**fields))), message


def test_unknown_rule_still_reports_unknown_keys():
    errors = errors_of(with_indicator(rule="magic", colour=1))
    assert len(errors) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weight": 0}, "arena a: weight must be a number > 0, got 0"),
        ({"weight": -3}, "arena a: weight must be a number > 0, got -3"),
        ({"bonus_cap": -1}, "arena a: bonus_cap must be a number >= 0"),
        ({"deduction_cap": "x"}, "arena a: deduction_cap must be a number >= 0"),
        ({"indicators": []}, "arena a: indicators must be a non-empty list"),
        ({"colour": 1}, "arena a: unknown key 'colour'"),
        ({"code": None}, "arena #1: missing code"),
        ({"indicators": ["X"]}, "arena a, indicator #1: must be a mapping"),
    ],
)
def test_arena_errors(change, message):
    data = one_indicator("share")
    data["arenas"][0].update(change)
    assert any(message in error for error in errors_of(data)), errors_of(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "scheme: missing name"),
        ({"arenas": []}, "scheme: arenas must be a non-empty list"),
        ({"arenas": ["a"]}, "arena #1: must be a mapping"),
        ({"extra": 1}, "scheme: unknown key 'extra'"),
        ({"bonus_levels": {"national": -1}}, "scheme bonus_levels: national must be a number"),
        ({"bonus_levels": []}, "bonus_levels must be a non-empty mapping"),
        ({"quarter_weights": {"Q5": 1}}, "unknown quarter 'Q5'"),
        ({"quarter_weights": {"Q1": 0}}, "Q1 must be a number > 0, got 0"),
        ({"quarter_weights": [1, 1]}, "quarter_weights must be a non-empty mapping"),
    ],
)
def test_scheme_errors(change, message):
    data = one_indicator("share")
    data.update(change)
    assert any(message in error for error in errors_of(data)), errors_of(data)


def test_duplicate_codes():
    arena = one_indicator("share")["arenas"][0]
    data = {"name": "n", "arenas": [arena, copy.deepcopy(arena)]}
    assert errors_of(data) == [
        "arena a, indicator X: duplicate indicator code",
        "arena a: duplicate arena code",
    ]


def test_collects_every_error_not_just_the_first():
    data = with_indicator(max_points=-1, direction="sideways", colour=2)
    data["arenas"][0]["weight"] = 0
    assert len(errors_of(data)) == 4


@pytest.mark.parametrize("data", [None, [], "text"])
def test_scheme_must_be_a_mapping(data):
    assert errors_of(data) == ["scheme must be a mapping with name and arenas"]


def test_invalid_yaml():
    with pytest.raises(SchemeError, match="scheme is not valid YAML"):
        parse_yaml("name: [unclosed")


def test_error_text_lists_messages():
    error = SchemeError(["one", "two"])
    assert str(error) == "one\ntwo"
