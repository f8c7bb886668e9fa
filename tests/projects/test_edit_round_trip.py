"""The project edit page saved unchanged changes no row (dates, plan and co-units included)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from leitai.projects import services
from tests.core.test_edit_forms_round_trip import every_row, form_errors, submit_unchanged


def test_project_edit_saved_unchanged_changes_nothing(pw):
    project = services.project_create(
        actor=pw.office,
        year=pw.year,
        co_units=[pw.unit_c],
        plan=[Decimal("120.50")] * 6 + [Decimal("0")] * 6,
        planned={"signing": dt.date(2022, 2, 1), "entry": dt.date(2022, 9, 30)},
        code="P20",
        name="冷链物流园",
        unit=pw.unit_a,
        leader=pw.leader,
        level="city",
        kind="infrastructure",
        location="东城街道",
        total_investment=Decimal("65000.25"),
    )
    client = pw.client_for("office")
    before = every_row()
    status, body = submit_unchanged(client, reverse("projects:project_edit", args=[project.pk]))
    assert status == 302, form_errors(body)
    after = every_row()
    assert [k for k in before if before[k] != after[k]] == []
