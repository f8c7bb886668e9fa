"""Dated steps: a step carries the day it happened, within limits, so deductions fall right.

The problem of the fixture was found on 2022-05-10 (general: deadline 2022-06-09, so an
overdue rectification counts in June, on 2022-06-10). The office enters the steps on 5 July.
"""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leitai.supervision import services
from leitai.supervision.deductions import deductions_for_period
from tests.supervision.conftest import pdf
from tests.supervision.test_services import snapshot

D = dt.date
JUNE, JULY = (D(2022, 6, 1), D(2022, 6, 30)), (D(2022, 7, 1), D(2022, 7, 31))


def kinds(world, period):
    rows = deductions_for_period(year=world.year, period_start=period[0], period_end=period[1])
    return [(r.unit_id, r.note_zh) for r in rows]


def completed_on(world, sv, day):
    """Plan on 2022-05-12 and completion on `day`, entered on 2022-07-05."""
    sv.set_today(D(2022, 7, 5))
    p = services.rectification_plan_submit(
        actor=world.leader_a,
        problem=sv.problem,
        measures="补齐台账",
        responsible="张三",
        target_date=D(2022, 6, 1),
        on=D(2022, 5, 12),
    )
    return services.rectification_complete(
        actor=world.leader_a, problem=p, text="已完成", files=[pdf()], on=day
    )


def test_a_back_dated_sign_off_before_the_deadline_costs_no_overdue(world, sv):
    p = completed_on(world, sv, D(2022, 6, 5))
    p = services.problem_sign_off(actor=world.supervisor, problem=p, on=D(2022, 6, 8))
    assert (p.status, p.signed_off_on, p.plan_submitted_on) == (
        "signed_off",
        D(2022, 6, 8),
        D(2022, 5, 12),
    )
    story = list(p.events.values_list("kind", "on"))
    assert story == [
        ("plan_submitted", D(2022, 5, 12)),
        ("completed", D(2022, 6, 5)),
        ("signed_off", D(2022, 6, 8)),
    ]
    assert kinds(world, JUNE) == []
    assert kinds(world, JULY) == []


def test_a_sign_off_on_the_day_it_is_entered_is_overdue_in_june(world, sv):
    p = completed_on(world, sv, D(2022, 6, 5))
    p = services.problem_sign_off(actor=world.supervisor, problem=p)
    assert p.signed_off_on == D(2022, 7, 5)
    assert kinds(world, JUNE) == [(world.unit_a.pk, "整改逾期 1 项，扣 1.0 分")]
    assert kinds(world, JULY) == []


def test_a_back_dated_send_back_counts_in_its_own_month(world, sv):
    p = completed_on(world, sv, D(2022, 6, 5))
    services.problem_send_back(
        actor=world.supervisor, problem=p, reason="照片不清楚", on=D(2022, 6, 7)
    )
    assert kinds(world, JUNE) == [
        (world.unit_a.pk, "整改逾期 1 项，扣 1.0 分"),
        (world.unit_a.pk, "整改退回重改 1 次，扣 0.5 分"),
    ]
    assert kinds(world, JULY) == []


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (D(2022, 7, 6), "日期 2022-07-06 晚于今天。"),
        (D(2022, 6, 4), "日期 2022-06-04 早于该问题的上一步（2022-06-05）。"),
    ],
)
def test_a_date_outside_the_limits_is_refused_and_changes_nothing(world, sv, day, message):
    p = completed_on(world, sv, D(2022, 6, 5))
    before = snapshot(p)
    with pytest.raises(ValidationError) as refused:
        services.problem_sign_off(actor=world.supervisor, problem=p, on=day)
    assert refused.value.message_dict == {"on": [message]}
    assert snapshot(p) == before


def test_a_plan_may_not_be_dated_before_the_problem_was_found(world, sv):
    sv.set_today(D(2022, 7, 5))
    before = snapshot(sv.problem)
    with pytest.raises(ValidationError) as refused:
        services.rectification_plan_submit(
            actor=world.leader_a,
            problem=sv.problem,
            measures="补齐台账",
            responsible="张三",
            target_date=D(2022, 6, 1),
            on=D(2022, 5, 9),
        )
    assert refused.value.message_dict == {
        "on": ["日期 2022-05-09 早于该问题的上一步（2022-05-10）。"]
    }
    assert snapshot(sv.problem) == before


def test_the_page_takes_the_date_and_refuses_a_future_one_in_chinese(world, sv):
    p = completed_on(world, sv, D(2022, 6, 5))
    client = world.client_for("supervisor")
    url = reverse("supervision:problem_step", args=[p.pk, "sign_off"])
    page = client.get(reverse("supervision:problem_detail", args=[p.pk]))
    form = lxml.html.fromstring(page.content.decode()).xpath("//*[@data-testid='form-sign_off']")[0]
    help_text = " ".join(form.text_content().split())
    assert "不得晚于今天，也不得早于该问题的上一步" in help_text
    before = snapshot(p)
    refused = client.post(url, {"sign_off-text": "", "sign_off-on": "2022-07-06"})
    assert refused.status_code == 400
    assert "日期 2022-07-06 晚于今天。" in refused.content.decode()
    assert snapshot(p) == before
    done = client.post(url, {"sign_off-text": "", "sign_off-on": "2022-06-08"})
    assert done.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.signed_off_on) == ("signed_off", D(2022, 6, 8))


def test_the_ledger_counts_a_back_dated_sign_off_as_closed(world, sv):
    p = completed_on(world, sv, D(2022, 6, 5))
    services.problem_sign_off(actor=world.supervisor, problem=p, on=D(2022, 6, 8))
    client = world.client_for("office")
    counts = {}
    for day in ("2022-06-07", "2022-06-08"):
        page = client.get(reverse("supervision:ledger") + "?as_of=" + day)
        doc = lxml.html.fromstring(page.content.decode())
        counts[day] = [
            doc.xpath(f"string(//*[@data-testid='count-{c}'])") for c in ("blue", "done")
        ]
    assert counts == {"2022-06-07": ["1", "0"], "2022-06-08": ["0", "1"]}
