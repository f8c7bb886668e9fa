"""Plausibility: a value far from the unit's last period or its group needs a note."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from leitai.assessment.collection.plausibility import References, implausible, period_flags
from leitai.assessment.collection.services.collection import Entry, submission_save
from leitai.assessment.models import IndicatorValue
from leitai.core.models import AuditEntry
from tests.assessment.collection.test_excel_values import book, plan, problems, row
from tests.assessment.collection_world import build_collection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def col(world):
    col = build_collection(world)
    # January (the previous month): unit A reported 20 signings, unit B 30, unit C 25.
    for unit, value in ((world.unit_a, 20), (world.unit_b, 30), (world.unit_c, 25)):
        IndicatorValue.objects.create(
            period=col.january, unit=unit, indicator_code="P01", value=value, state="verified"
        )
    return col


@pytest.mark.parametrize(
    ("value", "reference", "flagged"),
    [
        ("200", "20", False),  # exactly 10×: still plausible
        ("200.01", "20", True),
        ("2", "20", False),  # exactly a tenth
        ("1.99", "20", True),
        ("-5", "20", True),  # the other sign
        ("0", "20", False),  # zero is not compared
        ("3", "0", False),
        ("5", None, False),
    ],
)
def test_the_rule(value, reference, flagged):
    ref = Decimal(reference) if reference is not None else None
    assert implausible(Decimal(value), ref) is flagged


def test_a_slip_is_refused_until_a_note_says_why(col):
    w = col.world
    with pytest.raises(ValidationError) as refused:
        submission_save(
            actor=w.reporter_a,
            period=col.february,
            unit=w.unit_a,
            entries=[Entry("P01", Decimal("1024"), 0)],
        )
    assert refused.value.message_dict == {
        "P01": [
            "1024 is far from last period's 20; check it, and if it is right say why in the note."
        ]
    }
    assert not IndicatorValue.objects.filter(period=col.february).exists()
    assert not AuditEntry.objects.exists()
    submission_save(
        actor=w.reporter_a,
        period=col.february,
        unit=w.unit_a,
        entries=[Entry("P01", Decimal("1024"), 0, "本月集中签约一批小微项目")],
    )
    value = IndicatorValue.objects.get(period=col.february, unit=w.unit_a)
    assert (value.value, value.note) == (Decimal("1024"), "本月集中签约一批小微项目")
    submission_save(  # a plausible value needs no note
        actor=w.reporter_b,
        period=col.february,
        unit=w.unit_b,
        entries=[Entry("P01", Decimal("33"), 0)],
    )


def test_without_a_last_period_the_group_median_is_the_reference(col):
    w = col.world
    IndicatorValue.objects.filter(period=col.january, unit=w.unit_a).delete()
    for unit, value in ((w.unit_b, 30), (w.unit_c, 25), (w.stats, 28)):
        IndicatorValue.objects.create(
            period=col.february, unit=unit, indicator_code="P01", value=value
        )
    flag = References(col.february).flag(w.unit_a.pk, "P01", Decimal("1024"))
    assert (flag.basis, flag.reference) == ("group", Decimal("28"))
    IndicatorValue.objects.filter(unit=w.stats).delete()  # two peers are too few to judge
    assert References(col.february).flag(w.unit_a.pk, "P01", Decimal("1024")) is None


def test_the_page_asks_for_the_note_and_keeps_what_was_typed(col):
    w = col.world
    client = w.client_for("reporter_a")
    url = reverse("assessment:submission", args=[col.february.pk, w.unit_a.pk])
    form = {"v_P01": "1024", "o_P01": "", "r_P01": "0", "action": "save"}
    refused = client.post(url, form)
    text = refused.content.decode()
    assert refused.status_code == 400
    assert 'data-testid="note-P01"' in text and 'value="1024"' in text
    assert not IndicatorValue.objects.filter(period=col.february).exists()
    saved = client.post(url, {**form, "n_P01": "集中签约", "no_P01": ""})
    assert saved.status_code == 302
    value = IndicatorValue.objects.get(period=col.february, unit=w.unit_a)
    assert (value.value, value.note) == (Decimal("1024"), "集中签约")
    page = client.get(url).content.decode()
    assert 'data-testid="flag-P01"' in page  # still shown, with its note


def test_the_bulk_api_names_each_implausible_value(col):
    from rest_framework.test import APIClient

    w = col.world
    client = APIClient()
    client.force_authenticate(w.reporter_a)
    body = {
        "period": col.february.pk,
        "unit": w.unit_a.pk,
        "values": [{"indicator_code": "P01", "value": "1024", "revision": 0}],
    }
    refused = client.post("/api/values/bulk/", body, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["P01"]
    body["values"][0]["note"] = "集中签约"
    assert client.post("/api/values/bulk/", body, format="json").status_code == 200


def test_the_upload_preview_asks_for_a_note_in_the_note_column(col):
    result = plan(col, "reporter_a", book([row("A01", "P01", 1024)]))
    assert problems(result) == [
        "填报数据 row 4, column I (本期值): A01 P01: 1024 is far from last period's 20; check it, "
        "and if it is right say why in the note."
    ]
    noted = plan(col, "reporter_a", book([row("A01", "P01", 1024, note="集中签约")]))
    assert problems(noted) == [] and len(noted.changes) == 1


def test_the_review_table_and_the_draft_check_show_the_flags(col):
    w = col.world
    value = IndicatorValue.objects.create(
        period=col.february, unit=w.unit_a, indicator_code="P01", value=1024, note="集中签约",
        state="submitted",
    )  # fmt: skip
    IndicatorValue.objects.create(
        period=col.february, unit=w.unit_b, indicator_code="P01", value=31, state="submitted"
    )
    assert [(v.pk, f.reference) for v, f in period_flags(col.february)] == [
        (value.pk, Decimal("20"))
    ]
    page = w.client_for("assessor").get(reverse("assessment:review", args=[col.february.pk]))
    flagged = [r.unit.code for r in page.context["rows"] if r.flag]
    assert flagged == ["A01"]
    with translation.override("zh-hans"):
        assert "集中签约" in page.content.decode()
