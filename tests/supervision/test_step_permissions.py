"""Every rectification step through the pages, by every persona: who may, who gets 403 or 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from leitai.core.models import AuditEntry
from leitai.supervision.models import Problem
from tests.conftest import PERSONAS
from tests.supervision.conftest import pdf

A_SIDE = {"office", "leader", "supervisor", "reporter_a", "leader_a"}
PLAN = {"plan-measures": "补齐", "plan-responsible": "张三", "plan-target_date": "2022-06-01"}

# (action, state the problem is in, form data maker, personas allowed)
STEPS = [
    ("plan_draft", "open", lambda: PLAN, {"reporter_a", "leader_a"}),
    ("plan_submit", "open", lambda: PLAN, {"leader_a"}),
    ("progress", "in_progress", lambda: {"progress-text": "进展"}, {"reporter_a", "leader_a"}),
    (
        "complete",
        "in_progress",
        lambda: {"complete-text": "完成", "complete-files": [pdf()]},
        {"leader_a"},
    ),
    ("sign_off", "submitted", dict, {"supervisor", "office"}),
    ("send_back", "submitted", lambda: {"send_back-reason": "不合格"}, {"supervisor", "office"}),
    ("withdraw", "open", lambda: {"withdraw-reason": "重复"}, {"office"}),
]


@pytest.mark.parametrize(("action", "status", "data", "allowed"), STEPS, ids=[s[0] for s in STEPS])
def test_step_answers_each_persona(world, sv, action, status, data, allowed):
    Problem.objects.filter(pk=sv.problem.pk).update(
        status=status, target_date=dt.date(2022, 6, 1) if status != "open" else None
    )
    url = reverse("supervision:problem_step", args=[sv.problem.pk, action])
    before = model_to_dict(Problem.objects.get(pk=sv.problem.pk))
    for persona in [p for p in PERSONAS if p not in allowed]:
        response = world.client_for(persona).post(url, data())
        expected = 403 if persona in A_SIDE else 404
        assert response.status_code == expected, f"{persona} got {response.status_code}"
        assert model_to_dict(Problem.objects.get(pk=sv.problem.pk)) == before
        assert AuditEntry.objects.count() == 0
    response = world.client_for(sorted(allowed)[0]).post(url, data())
    assert response.status_code == 302, response.content
    assert AuditEntry.objects.count() == 1


def test_unknown_step_is_not_found(world, sv):
    url = reverse("supervision:problem_step", args=[sv.problem.pk, "delete"])
    assert world.client_for("office").post(url, {}).status_code == 404
    url = reverse("supervision:problem_step", args=[sv.problem.pk, "sign_off"])
    assert world.client_for("office").get(url).status_code == 405
