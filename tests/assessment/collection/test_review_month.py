"""A whole month in one action: 81 units × 22 indicators verified, or entered, in one batch."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from leitai.assessment.models import Indicator, IndicatorValue, Submission
from leitai.core.models import AuditEntry
from leitai.org.models import GroupMembership, Unit
from tests.assessment.collection_world import build_collection

pytestmark = pytest.mark.django_db

UNITS, INDICATORS = 81, 22


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def month(world):
    """Unit A plus 80 more units in G1, each with 22 signed-off values of February."""
    col = build_collection(world)
    base = col.indicators["P01"]
    extra = [
        Indicator(
            scheme=col.scheme,
            arena=base.arena,
            code=f"X{n:02d}",
            name=f"指标{n}",
            rule="completion",
            max_points=1,
            supplier="unit",
            groups=[],
            assessor=world.stats,
            order=10 + n,
        )
        for n in range(INDICATORS - 1)
    ]
    Indicator.objects.bulk_create(extra)
    codes = ["P01", *(i.code for i in extra)]
    Unit.objects.bulk_create(
        Unit(jurisdiction=world.county, code=f"M{n:03d}", name=f"单位{n}", kind="government")
        for n in range(UNITS - 1)
    )
    units = [world.unit_a, *Unit.objects.filter(code__startswith="M").order_by("code")]
    GroupMembership.objects.bulk_create(
        GroupMembership(year=world.year, group=world.group_1, unit=u) for u in units[1:]
    )
    Submission.objects.bulk_create(
        Submission(period=col.february, unit=u, state="submitted") for u in units
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            period=col.february,
            unit=u,
            indicator_code=code,
            value=Decimal(n),
            state="submitted",
            revision=2,
        )
        for n, u in enumerate(units)
        for code in codes
    )
    return col, units


def test_the_office_verifies_a_whole_month_in_one_click(month):
    col, _units = month
    values = list(IndicatorValue.objects.order_by("pk"))
    assert len(values) == UNITS * INDICATORS == 1782
    response = col.world.client_for("office").post(
        reverse("assessment:review_act", args=[col.february.pk]),
        {"action": "verify", "ids": [f"{v.pk}:{v.revision}" for v in values]},
    )
    assert response.status_code == 302
    assert set(IndicatorValue.objects.values_list("state", "revision")) == {("verified", 3)}
    assert set(Submission.objects.values_list("state", flat=True)) == {"verified"}
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.after["count"], len(entry.after["submissions_verified"])) == (
        "value.verify_many",
        1782,
        UNITS,
    )


def test_one_stale_value_refuses_the_whole_batch_and_names_it(month):
    col, _units = month
    values = list(IndicatorValue.objects.order_by("pk"))
    stale = values[100]
    IndicatorValue.objects.filter(pk=stale.pk).update(revision=5)
    client = col.world.client_for("office")
    response = client.post(
        reverse("assessment:review_act", args=[col.february.pk]),
        {"action": "verify", "ids": [f"{v.pk}:{v.revision}" for v in values]},
        follow=True,
    )
    text = response.content.decode()
    assert f"{stale.unit.code} {stale.indicator_code}" in text
    assert set(IndicatorValue.objects.values_list("state", flat=True)) == {"submitted"}
    assert not AuditEntry.objects.exists()


def test_the_assessor_verifies_only_its_indicators(month):
    col, _units = month
    mine = IndicatorValue.objects.filter(indicator_code="P01")
    Indicator.objects.filter(code="X00").update(assessor=col.world.unit_b)
    theirs = IndicatorValue.objects.get(unit=col.world.unit_a, indicator_code="X00")
    url = reverse("assessment:review_act", args=[col.february.pk])
    client = col.world.client_for("assessor")
    refused = client.post(url, {"action": "verify", "ids": [f"{theirs.pk}:2"]})
    assert refused.status_code == 404
    assert IndicatorValue.objects.get(pk=theirs.pk).state == "submitted"
    ok = client.post(url, {"action": "verify", "ids": [f"{v.pk}:2" for v in mine]})
    assert ok.status_code == 302
    assert IndicatorValue.objects.filter(state="verified").count() == UNITS
    assert AuditEntry.objects.get().after["count"] == UNITS


def test_the_assessor_enters_a_column_for_every_unit_with_one_audit_row(month):
    col, units = month
    IndicatorValue.objects.all().delete()
    data = {"action": "enter"}
    for n, unit in enumerate(units):
        data[f"e_{unit.pk}_R01"] = str(n + 1)
        data[f"eo_{unit.pk}_R01"] = ""
        data[f"er_{unit.pk}_R01"] = "0"
    response = col.world.client_for("assessor").post(
        reverse("assessment:review_act", args=[col.february.pk]), data
    )
    assert response.status_code == 302
    stored = dict(IndicatorValue.objects.values_list("unit__code", "value"))
    assert stored == {u.code: Decimal(n + 1) for n, u in enumerate(units)}
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.after["count"]) == ("value.enter_many", UNITS)
    assert entry.after["values"][f"{units[0].code}/R01"] == "1"
