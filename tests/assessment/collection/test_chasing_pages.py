"""The chasing board: late units first, the XLSX export, reminders and system values."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from leitai.assessment.models import IndicatorValue, Submission
from leitai.core.models import AuditEntry
from tests.assessment.collection_world import build_collection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared in English; the page language is Chinese by default.
    with translation.override("en"):
        yield


@pytest.fixture
def col(world):
    col = build_collection(world)
    col.february.deadline = timezone.now() - dt.timedelta(hours=1)
    col.february.save()
    Submission.objects.create(
        period=col.february, unit=world.unit_a, state="verified", submitted_at=timezone.now()
    )
    for code in ("P01", "P02"):
        IndicatorValue.objects.create(
            period=col.february, unit=world.unit_a, indicator_code=code, value=1, state="verified"
        )
    IndicatorValue.objects.create(
        period=col.february, unit=world.unit_b, indicator_code="P01", value=2, state="returned"
    )
    return col


def test_board_lists_late_units_first(col):
    response = col.world.client_for("office").get(
        reverse("assessment:chasing", args=[col.february.pk]), {"all": "1"}
    )
    rows = response.context["rows"]
    assert [(r.unit.code, r.late, r.state, r.filled, r.verified, r.returned) for r in rows] == [
        ("B01", True, "draft", 1, 0, 1),
        ("C01", True, "draft", 0, 0, 0),
        ("S01", True, "draft", 0, 0, 0),
        ("A01", False, "verified", 2, 2, 0),
    ]
    assert response.context["totals"] == {"units": 4, "late": 3, "signed": 1, "verified": 1}


def test_export_is_an_xlsx_of_the_board(col):
    response = col.world.client_for("office").get(
        reverse("assessment:chasing_export", args=[col.february.pk])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert [r[0] for r in rows] == ["B01", "C01", "S01", "A01"]
    assert rows[0][1:3] == ["县商务局", "第二组"]
    assert rows[0][4:9] == [1, 1, 0, 0, 1]
    assert rows[0][9] and rows[3][9] is None  # "late" (its word depends on the language)


def test_remind_sends_mail_with_an_audit_row(col, django_capture_on_commit_callbacks):
    col.world.reporter_b.email = "b@example.cn"
    col.world.reporter_b.save()
    url = reverse("assessment:chasing_remind", args=[col.february.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = col.world.client_for("office").post(url, follow=True)
    assert [m.to for m in mail.outbox] == [["b@example.cn"]]
    assert AuditEntry.objects.get(action="reminder.send").after["units"] == ["B01"]
    told = [str(m) for m in response.context["messages"]]
    assert told == [
        "已发送提醒邮件 1 封，涉及 1 个逾期单位。",
        "2 个逾期单位没有留有邮箱的填报员或负责人，请电话催报：C01、S01",
    ]
    rows = {r.unit.code: r for r in _board(col).context["rows"]}
    assert rows["B01"].reminded_at is not None
    assert rows["C01"].reminded_at is None


@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "leader", "other_office"])
def test_others_cannot_remind_or_refresh(col, persona):
    client = col.world.client_for(persona)
    for name in ("chasing_remind", "system_values"):
        assert client.post(reverse(f"assessment:{name}", args=[col.february.pk])).status_code == 404
    assert not mail.outbox
    assert not AuditEntry.objects.exists()


def test_refresh_system_values_button(col, monkeypatch):
    from leitai.assessment.collection.services import system_values

    def provider(*, year, period_code, period_end):
        return [
            type("V", (), {"unit_id": col.world.unit_a.pk, "indicator_code": "T01",
                           "value": 75.0, "note_zh": "3/4", "note_en": "3 of 4"})()
        ]  # fmt: skip

    monkeypatch.setattr(system_values, "provided", lambda kind: (provider,))
    url = reverse("assessment:system_values", args=[col.february.pk])
    assert col.world.client_for("office").post(url).status_code == 302
    value = IndicatorValue.objects.get(indicator_code="T01")
    assert (value.value, value.source, value.state) == (Decimal("75"), "system", "verified")


def _board(col, **query):
    response = col.world.client_for("office").get(
        reverse("assessment:chasing", args=[col.february.pk]), query
    )
    assert response.status_code == 200
    return response


def test_board_filters_by_group_state_and_search(col):
    from leitai.org.models import Unit

    Unit.objects.create(jurisdiction=col.world.county, code="Z01", name="县档案馆", kind="public")

    def codes(**query):
        return [r.unit.code for r in _board(col, **query).context["rows"]]

    # By default the units in the arena (in a group); S01 (the bureau) and Z01 are not.
    assert codes() == ["B01", "C01", "A01"]
    assert codes(all="1") == ["B01", "C01", "S01", "Z01", "A01"]
    assert _board(col).context["hidden"] == 2
    assert codes(group="G1") == ["C01", "A01"]
    assert codes(group="G2") == ["B01"]
    assert codes(state="late") == ["B01", "C01"]
    assert codes(state="verified") == ["A01"]
    assert codes(q="商务") == ["B01"]
    assert codes(q="a01") == ["A01"]
    assert codes(group="nonsense", state="nonsense") == ["B01", "C01", "A01"]


def test_board_shows_contacts_and_when_each_unit_was_reminded(
    col, django_capture_on_commit_callbacks
):
    w = col.world
    w.reporter_b.email, w.reporter_b.first_name = "b@example.cn", "陈静"
    w.reporter_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        col.world.client_for("office").post(
            reverse("assessment:chasing_remind", args=[col.february.pk])
        )
    rows = {r.unit.code: r for r in _board(col).context["rows"]}
    assert [p.username for p in rows["B01"].contacts] == ["reporter_b"]
    assert rows["A01"].contacts == [w.reporter_a, w.leader_a]
    reminded = AuditEntry.objects.get(action="reminder.send").created_at
    assert (rows["B01"].reminded_at, rows["A01"].reminded_at) == (reminded, None)
    text = _board(col).content.decode()
    assert "b@example.cn" in text and "by e-mail" not in text  # the page speaks Chinese
    assert "通过邮件" in text


def test_board_shows_each_contacts_phone(col, django_assert_max_num_queries):
    from leitai.org.models import PersonProfile

    PersonProfile.objects.create(user=col.world.reporter_b, phone="13812345678")
    response = _board(col)
    page = response.content.decode()
    assert 'href="tel:13812345678"' in page
    rows = {r.unit.code: r for r in response.context["rows"]}
    assert rows["B01"].contacts[0].profile.phone == "13812345678"
    # A01's people have no phone: nothing is shown for them, and no error.
    assert page.count('data-testid="chasing-phone"') == 1
