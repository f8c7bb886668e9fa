"""Scheme services: YAML import and export, editing, versions, copy-on-write, refusals."""

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from leitai import scoring
from leitai.assessment.models import Arena, Indicator, IndicatorValue, Scheme
from leitai.assessment.scheme.selectors import scheme_metadata, scheme_yaml
from leitai.assessment.scheme.services.scheme import (
    arena_create,
    arena_update,
    indicator_delete,
    indicator_update,
    scheme_activate,
    scheme_copy_last_year,
    scheme_discard,
    scheme_import,
    scheme_update,
)
from leitai.core.models import AuditEntry
from leitai.org.models import AssessmentYear
from tests.assessment.scheme_factory import SMALL_YAML, make_period, make_scheme


@pytest.fixture(autouse=True)
def english():
    """Messages in English, whatever the catalogue holds."""
    with translation.override("en"):
        yield


def _snapshot():
    return (
        list(Scheme.objects.values_list("pk", "version", "state", "name", "quarter_weights")),
        list(Arena.objects.values_list("pk", "code", "weight", "name")),
        list(Indicator.objects.values_list("pk", "code", "max_points", "params", "name")),
        AuditEntry.objects.count(),
    )


def test_import_creates_a_draft_that_round_trips(world):
    scheme = scheme_import(actor=world.office, year=world.year, text=SMALL_YAML)
    assert (scheme.version, scheme.state) == (1, "draft")
    assert list(scheme.indicators.values_list("code", flat=True)) == [
        "P1",
        "P2",
        "R1",
        "R2",
        "R3",
        "R4",
    ]
    exported = scheme_yaml(scheme)
    assert exported == scoring.dump_yaml(scoring.parse_yaml(SMALL_YAML))
    again = scheme_import(actor=world.office, year=world.year, text=exported)
    assert again.version == 2
    assert scheme_yaml(again) == exported
    audit = AuditEntry.objects.get(action="scheme.import", object_id=str(scheme.pk))
    assert audit.after == {"version": 1, "arenas": 2}


def test_import_fills_default_parameters(world):
    text = SMALL_YAML.replace("cap: 1.2, zero_below: 0.0", "cap: 1.2")
    scheme = scheme_import(actor=world.office, year=world.year, text=text)
    assert scheme.indicators.get(code="P1").params == {"cap": 1.2, "zero_below": 0.0}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "peers: 13,",
            "peers: 1,",
            "arena advance, indicator R1: peers must be a whole number >= 2, got 1",
        ),
        ("peers: 13,", "", "arena advance, indicator R1: missing parameter peers for rule rank"),
        (
            "rule: share",
            "rule: yesno",
            "arena advance, indicator R3: unknown rule 'yesno' "
            "(use one of completion, relative, rank, bands, share, panel)",
        ),
        (
            "[2.0, 0.5]",
            "[-1.0, 0.5]",
            "arena advance, indicator R2: band 2: thresholds must be strictly ascending",
        ),
        ("weight: 40.0", "weight: 0", "arena advance: weight must be a number > 0, got 0"),
        ("code: P2", "code: P1", "arena projects, indicator P1: duplicate indicator code"),
        (
            "floor: 0.6}",
            "floor: 0.6, colour: red}",
            "arena projects, indicator P2: unknown key 'colour' "
            "(allowed: code, name, rule, max_points, groups, direction, floor)",
        ),
    ],
)
def test_import_reports_the_engines_errors(world, old, new, message):
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        scheme_import(actor=world.office, year=world.year, text=SMALL_YAML.replace(old, new, 1))
    assert message in exc.value.message_dict["yaml"]
    assert _snapshot() == before


def test_import_refuses_unknown_groups(world):
    with pytest.raises(ValidationError) as exc:
        scheme_import(actor=world.office, year=world.year, text=SMALL_YAML.replace("[G1]", "[G9]"))
    assert exc.value.message_dict["groups"] == ["Indicator P2: unknown group G9 for this year."]
    assert Scheme.objects.count() == 0


def test_import_with_metadata(world):
    meta = yaml.safe_dump(
        {
            "indicators": {
                "R1": {
                    "supplier": "assessor",
                    "assessor": "S01",
                    "measure": "位",
                    "description": "全市13县位次",
                }
            }
        },
        allow_unicode=True,
    )
    scheme = scheme_import(actor=world.office, year=world.year, text=SMALL_YAML, metadata=meta)
    r1 = scheme.indicators.get(code="R1")
    assert (r1.supplier, r1.assessor, r1.measure) == ("assessor", world.stats, "位")
    assert scheme_metadata(scheme)["indicators"]["R1"] == {
        "supplier": "assessor",
        "assessor": "S01",
        "measure": "位",
        "description": "全市13县位次",
    }
    bad = meta.replace("S01", "Z99")
    with pytest.raises(ValidationError) as exc:
        scheme_import(actor=world.office, year=world.year, text=SMALL_YAML, metadata=bad)
    assert exc.value.message_dict["metadata"] == ["Indicator R1: unknown assessor unit Z99"]
    assert Scheme.objects.count() == 1


def test_judges_scores_are_supplied_by_the_office(world):
    scheme = scheme_import(actor=world.office, year=world.year, text=SMALL_YAML)
    suppliers = dict(scheme.indicators.values_list("code", "supplier"))
    assert suppliers["R4"] == "office"  # the panel indicator, without a metadata file
    assert suppliers["R1"] == "unit"
    meta = yaml.safe_dump({"indicators": {"R4": {"supplier": "unit"}}})
    with pytest.raises(ValidationError) as exc:
        scheme_import(actor=world.office, year=world.year, text=SMALL_YAML, metadata=meta)
    assert exc.value.message_dict["metadata"] == [
        "Indicator R4: A judges' scores (panel) indicator is supplied by the office (judges' "
        "scores)."
    ]
    assert Scheme.objects.count() == 1
    r4 = scheme.indicators.get(code="R4")
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        indicator_update(actor=world.office, indicator=r4, supplier="unit")
    assert exc.value.message_dict["supplier"] == [
        "A judges' scores (panel) indicator is supplied by the office (judges' scores)."
    ]
    r4.refresh_from_db()
    assert (r4.supplier, AuditEntry.objects.count()) == ("office", audits)


@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "leader", "judge", "other_office"])
def test_import_refused_for_others(world, persona):
    with pytest.raises(PermissionDenied):
        scheme_import(actor=getattr(world, persona), year=world.year, text=SMALL_YAML)
    assert Scheme.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_activate_retires_the_version_in_force(world):
    old = make_scheme(world.year)
    draft = make_scheme(world.year, state=Scheme.State.DRAFT, version=2)
    scheme_activate(actor=world.office, scheme=draft)
    old.refresh_from_db()
    draft.refresh_from_db()
    assert (old.state, draft.state) == ("retired", "active")
    with pytest.raises(ValidationError):
        scheme_activate(actor=world.office, scheme=old)
    assert AuditEntry.objects.filter(action="scheme.activate").count() == 1


def test_discard_only_a_draft(world):
    active = make_scheme(world.year)
    with pytest.raises(ValidationError):
        scheme_discard(actor=world.office, scheme=active)
    draft = make_scheme(world.year, state=Scheme.State.DRAFT, version=2)
    scheme_discard(actor=world.office, scheme=draft)
    assert list(Scheme.objects.values_list("version", flat=True)) == [1]


def test_copy_last_year(world):
    last = AssessmentYear.objects.create(jurisdiction=world.county, year=2021, name="2021年度")
    source = make_scheme(last)
    source.name = "2021年度擂台比武"
    source.save()
    with pytest.raises(ValidationError):
        scheme_copy_last_year(actor=world.office, year=last)
    copy = scheme_copy_last_year(actor=world.office, year=world.year)
    assert (copy.year, copy.version, copy.state, copy.name) == (
        world.year,
        1,
        "draft",
        "2022年度擂台比武",
    )
    assert copy.based_on == source
    assert scheme_yaml(copy) == scheme_yaml(source).replace("2021", "2022")
    assert copy.indicators.count() == 6 and source.indicators.count() == 6
    with pytest.raises(PermissionDenied):
        scheme_copy_last_year(actor=world.other_office, year=world.year)


def test_edit_in_place_while_no_data(world):
    scheme = make_scheme(world.year)
    p1 = scheme.indicators.get(code="P1")
    indicator_update(actor=world.office, indicator=p1, max_points=50.0, params={"cap": 1.5})
    p1.refresh_from_db()
    assert (p1.max_points, p1.params) == (50.0, {"cap": 1.5, "zero_below": 0.0})
    assert Scheme.objects.count() == 1
    audit = AuditEntry.objects.get(action="indicator.update")
    assert audit.after == {"max_points": 50.0, "params": {"cap": 1.5}}


def test_rule_change_once_data_exist_makes_a_new_version(world):
    scheme = make_scheme(world.year)
    period = make_period(world.year)
    IndicatorValue.objects.create(period=period, unit=world.unit_a, indicator_code="P1", value=5)
    p1 = scheme.indicators.get(code="P1")
    new = indicator_update(actor=world.office, indicator=p1, max_points=50.0)
    scheme.refresh_from_db()
    assert scheme.state == "retired"
    assert (new.scheme.version, new.scheme.state, new.max_points) == (2, "active", 50.0)
    assert new.scheme.based_on == scheme
    assert scheme.indicators.get(code="P1").max_points == 40.0
    assert new.scheme.indicators.count() == 6
    audit = AuditEntry.objects.get()
    assert audit.action == "indicator.update"
    assert audit.after == {"max_points": 50.0, "new_version": 2, "replaced_version": 1}


def test_name_change_once_data_exist_stays_in_place(world):
    scheme = make_scheme(world.year)
    period = make_period(world.year)
    IndicatorValue.objects.create(period=period, unit=world.unit_a, indicator_code="P1", value=5)
    p1 = scheme.indicators.get(code="P1")
    indicator_update(actor=world.office, indicator=p1, name="固投完成率", measure="%")
    assert Scheme.objects.count() == 1
    with pytest.raises(ValidationError) as exc:
        indicator_update(actor=world.office, indicator=p1, code="P9")
    assert "code" in exc.value.message_dict


def test_arena_weight_change_copies_on_write(world):
    scheme = make_scheme(world.year)
    IndicatorValue.objects.create(
        period=make_period(world.year), unit=world.unit_a, indicator_code="P1", value=5
    )
    arena = scheme.arenas.get(code="projects")
    new = arena_update(actor=world.office, arena=arena, weight=50.0)
    assert (new.scheme.version, new.weight) == (2, 50.0)
    assert Scheme.objects.get(version=1).arenas.get(code="projects").weight == 60.0


def test_scheme_quarter_weights(world):
    scheme = make_scheme(world.year)
    scheme_update(
        actor=world.office, scheme=scheme, quarter_weights={"Q1": 2, "Q2": 1, "Q3": 1, "Q4": 1}
    )
    with pytest.raises(ValidationError) as exc:
        scheme_update(actor=world.office, scheme=scheme, quarter_weights={"Q1": -1})
    assert exc.value.messages == ["scheme quarter_weights: Q1 must be a number >= 0, got -1"]
    scheme.refresh_from_db()
    assert scheme.quarter_weights == {"Q1": 2, "Q2": 1, "Q3": 1, "Q4": 1}


def test_engine_refusal_changes_nothing(world):
    scheme = make_scheme(world.year)
    before = _snapshot()
    r1 = scheme.indicators.get(code="R1")
    with pytest.raises(ValidationError) as exc:
        indicator_update(actor=world.office, indicator=r1, params={"peers": 1})
    assert exc.value.messages == [
        "arena advance, indicator R1: peers must be a whole number >= 2, got 1"
    ]
    only = scheme.indicators.filter(arena__code="advance")
    for ind in only.exclude(code="R1"):
        indicator_delete(actor=world.office, indicator=ind)
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        indicator_delete(actor=world.office, indicator=r1)
    assert exc.value.messages == ["arena advance: indicators must be a non-empty list"]
    assert _snapshot() == before


@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "leader", "other_office"])
def test_edit_refused_for_others(world, persona):
    scheme = make_scheme(world.year)
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        indicator_update(
            actor=getattr(world, persona),
            indicator=scheme.indicators.get(code="P1"),
            max_points=1.0,
        )
    assert _snapshot() == before


def test_retired_version_refuses_changes(world):
    scheme = make_scheme(world.year, state=Scheme.State.RETIRED)
    with pytest.raises(ValidationError):
        scheme_update(actor=world.office, scheme=scheme, name="x")


def test_arena_create_with_first_indicator(world):
    scheme = make_scheme(world.year, state=Scheme.State.DRAFT)
    arena = arena_create(
        actor=world.office,
        scheme=scheme,
        code="party",
        name="基层党建",
        weight=20.0,
        first_indicator={"code": "D1", "name": "党建考核", "rule": "share", "max_points": 10.0},
    )
    assert (arena.order, arena.indicators.get().code) == (3, "D1")
    with pytest.raises(ValidationError):
        arena_create(
            actor=world.office,
            scheme=scheme,
            code="party2",
            name="x",
            weight=20.0,
            first_indicator={"code": "D1", "name": "重复", "rule": "share", "max_points": 10.0},
        )
    assert scheme.arenas.count() == 3
