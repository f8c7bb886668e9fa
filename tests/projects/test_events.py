"""Events: recorded by the office with one audit row; the collective start's summary table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from leitai.core.models import AuditEntry
from leitai.projects import services
from leitai.projects.models import Event
from leitai.projects.selectors import event_tally
from tests.conftest import PERSONAS
from tests.projects.conftest import make_project

D = dt.date


@pytest.fixture
def start(pw):
    """A collective start of project A (80 000, plan 1 200), B (80 000, 600) and a third one."""
    third = make_project(pw.year, pw.unit_a, "P03", total="600000", plan=[10] * 12)
    return services.event_create(
        actor=pw.office,
        year=pw.year,
        kind="collective_start",
        title="第一季度集中开工",
        held_on=D(2022, 3, 28),
        projects=[pw.project_a, pw.project_b, third],
    )


def test_the_summary_by_type_size_band_and_unit(pw, start):
    tally = event_tally(start)
    rows = {g: [(r.label, r.projects, r.total, r.this_year) for r in tally[g]] for g in tally}
    assert rows["total"] == [("", 3, Decimal("760000.00"), Decimal("1920.00"))]
    assert rows["unit"] == [
        ("县发展和改革局", 2, Decimal("680000.00"), Decimal("1320.00")),
        ("县商务局", 1, Decimal("80000.00"), Decimal("600.00")),
    ]
    assert [r[:2] for r in rows["band"]] == [("50亿元以上", 1), ("5亿—10亿元", 2)]
    assert rows["kind"] == [("产业项目", 3, Decimal("760000.00"), Decimal("1920.00"))]
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["project_event.create"]


def test_refused_to_a_unit_and_for_another_year(pw):
    with pytest.raises(PermissionDenied):
        services.event_create(
            actor=pw.reporter_a,
            year=pw.year,
            kind="inspection",
            title="观摩",
            held_on=D(2022, 5, 1),
        )
    with pytest.raises(ValidationError) as err:
        services.event_create(
            actor=pw.office,
            year=pw.year,
            kind="inspection",
            title="观摩",
            held_on=D(2021, 5, 1),
            projects=[pw.other_project],
        )
    assert set(err.value.message_dict) == {"held_on", "projects"}
    assert (Event.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_event_pages_per_persona(pw, start, client):
    pages = {
        reverse("projects:event_list"): dict.fromkeys(PERSONAS, 200) | {"judge": 404},
        reverse("projects:event_detail", args=[start.pk]): dict.fromkeys(PERSONAS, 200)
        | {"judge": 404, "other_office": 404},
        reverse("projects:event_create"): dict.fromkeys(PERSONAS, 404)
        | {"office": 200, "other_office": 200},
    }
    for url, expected in pages.items():
        got = {p: pw.client_for(p).get(url).status_code for p in PERSONAS}
        assert got == expected, url
        assert client.get(url).status_code == 302
