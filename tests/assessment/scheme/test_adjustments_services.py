"""Adjustments: propose, approve, reject; the same matter never counts twice; refusals."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from leitai.assessment.models import Adjustment
from leitai.assessment.scheme.services.adjustments import (
    adjustment_approve,
    adjustment_propose,
    adjustment_reject,
)
from leitai.core.models import AuditEntry
from tests.assessment.scheme_factory import make_period, make_scheme


@pytest.fixture(autouse=True)
def english():
    """Messages in English, whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def march(world):
    make_scheme(world.year)
    return make_period(world.year, "2022-03")


def _propose(world, period, *, actor=None, unit=None, **fields):
    values = {
        "arena_code": "projects",
        "kind": "bonus",
        "matter": "全国文明单位",
        "level": "national",
    }
    values.update(fields)
    return adjustment_propose(
        actor=actor or world.office, period=period, unit=unit or world.unit_a, **values
    )


def _rows():
    return sorted(Adjustment.objects.values_list("matter", "level", "points", "state"))


def test_propose_and_approve(world, march):
    row = _propose(world, march, actor=world.assessor, document="鲁政字〔2022〕1号")
    assert (row.state, row.proposed_by, row.document) == (
        "proposed",
        world.assessor,
        "鲁政字〔2022〕1号",
    )
    adjustment_approve(actor=world.office, adjustment=row, note="属实")
    row.refresh_from_db()
    assert (row.state, row.decided_by, row.decision_note) == ("approved", world.office, "属实")
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "adjustment.propose",
        "adjustment.approve",
    ]


def test_higher_level_supersedes_the_lower(world, march):
    april = make_period(world.year, "2022-04")
    lower = _propose(world, march, level="municipal")
    adjustment_approve(actor=world.office, adjustment=lower)
    higher = _propose(world, april, level="provincial")
    adjustment_approve(actor=world.office, adjustment=higher)
    assert _rows() == [
        ("全国文明单位", "municipal", None, "superseded"),
        ("全国文明单位", "provincial", None, "approved"),
    ]
    audit = AuditEntry.objects.filter(action="adjustment.approve").order_by("id").last()
    assert audit.after["superseded"] == [lower.pk]


def test_lower_level_refused_while_higher_approved(world, march):
    higher = _propose(world, march, level="provincial")
    adjustment_approve(actor=world.office, adjustment=higher)
    lower = _propose(world, march, level="county")
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        adjustment_approve(actor=world.office, adjustment=lower)
    assert exc.value.messages == [
        "全国文明单位 already counts for this unit (approved in 2022-03); "
        "the same matter may not count twice."
    ]
    assert _rows() == [
        ("全国文明单位", "county", None, "proposed"),
        ("全国文明单位", "provincial", None, "approved"),
    ]
    assert AuditEntry.objects.count() == audits


def test_lower_in_a_locked_period_is_not_superseded(world, march):
    lower = _propose(world, march, level="county")
    adjustment_approve(actor=world.office, adjustment=lower)
    march.state = "locked"
    march.save()
    higher = _propose(world, make_period(world.year, "2022-04"), level="national")
    with pytest.raises(ValidationError):
        adjustment_approve(actor=world.office, adjustment=higher)
    assert Adjustment.objects.get(pk=lower.pk).state == "approved"


def test_same_deduction_twice_refused(world, march):
    first = _propose(
        world, march, kind="deduction", level="", points=Decimal(2), matter="安全事故", reason="r"
    )
    adjustment_approve(actor=world.office, adjustment=first)
    second = _propose(
        world, march, kind="deduction", level="", points=Decimal(3), matter="安全事故", reason="r"
    )
    with pytest.raises(ValidationError):
        adjustment_approve(actor=world.office, adjustment=second)
    assert Adjustment.objects.get(pk=second.pk).state == "proposed"


def test_reject_needs_a_reason(world, march):
    row = _propose(world, march)
    with pytest.raises(ValidationError):
        adjustment_reject(actor=world.office, adjustment=row)
    adjustment_reject(actor=world.office, adjustment=row, note="材料不全")
    row.refresh_from_db()
    assert (row.state, row.decision_note) == ("rejected", "材料不全")
    with pytest.raises(ValidationError):
        adjustment_approve(actor=world.office, adjustment=row)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"level": "", "points": None}, "level"),
        ({"level": "galactic"}, "level"),
        ({"arena_code": "nowhere"}, "arena_code"),
        ({"kind": "deduction", "level": "", "points": None, "reason": "r"}, "points"),
        ({"kind": "deduction", "level": "", "points": Decimal(1)}, "reason"),
        ({"kind": "veto", "level": ""}, "reason"),
        ({"kind": "veto", "level": "county", "reason": "r"}, "level"),
        ({"matter": ""}, "matter"),
    ],
)
def test_propose_refusals(world, march, fields, field):
    with pytest.raises(ValidationError) as exc:
        _propose(world, march, **fields)
    assert field in exc.value.message_dict
    assert Adjustment.objects.count() == 0 and AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    "persona", ["reporter_a", "leader_a", "supervisor", "judge", "leader", "other_office"]
)
def test_propose_refused_for_other_roles(world, march, persona):
    with pytest.raises(PermissionDenied):
        _propose(world, march, actor=getattr(world, persona))
    assert Adjustment.objects.count() == 0


def test_propose_for_a_unit_of_another_county_refused(world, march):
    with pytest.raises(ValidationError):
        _propose(world, march, unit=world.other_unit)
    assert Adjustment.objects.count() == 0


@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "leader", "other_office"])
def test_decide_refused_for_others(world, march, persona):
    row = _propose(world, march)
    with pytest.raises(PermissionDenied):
        adjustment_approve(actor=getattr(world, persona), adjustment=row)
    with pytest.raises(PermissionDenied):
        adjustment_reject(actor=getattr(world, persona), adjustment=row, note="x")
    assert Adjustment.objects.get().state == "proposed"
    assert AuditEntry.objects.count() == 1


def test_locked_period_refuses_everything(world, march):
    row = _propose(world, march)
    march.state = "locked"
    march.save()
    with pytest.raises(ValidationError):
        _propose(world, march, matter="其他")
    with pytest.raises(ValidationError):
        adjustment_approve(actor=world.office, adjustment=row)
    with pytest.raises(ValidationError):
        adjustment_reject(actor=world.office, adjustment=row, note="x")
    assert _rows() == [("全国文明单位", "national", None, "proposed")]
