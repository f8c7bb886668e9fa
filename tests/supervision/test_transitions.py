"""The problem's state table, pair by pair: each step works for the people it names, from the
statuses it names, and is refused for everyone else and from every other status, changing nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from leitai.core.models import AuditEntry
from leitai.supervision import services
from leitai.supervision.models import Problem, ProblemEvent
from leitai.supervision.transitions import PROBLEM
from tests.conftest import PERSONAS
from tests.supervision.conftest import pdf

TARGET = dt.date(2022, 6, 1)

# Who may take each step, written out independently of the table.
PERMITTED = {
    "plan_draft": {"reporter_a", "leader_a"},
    "plan_submit": {"leader_a"},
    "progress": {"reporter_a", "leader_a"},
    "complete": {"leader_a"},
    "sign_off": {"supervisor", "office"},
    "send_back": {"supervisor", "office"},
    "withdraw": {"office"},
}

PLAN = {"measures": "补齐台账", "responsible": "张三", "target_date": TARGET}
CALLS = {
    "plan_draft": lambda u, p: services.rectification_plan_draft(actor=u, problem=p, **PLAN),
    "plan_submit": lambda u, p: services.rectification_plan_submit(actor=u, problem=p, **PLAN),
    "progress": lambda u, p: services.rectification_progress(actor=u, problem=p, text="进展"),
    "complete": lambda u, p: services.rectification_complete(
        actor=u, problem=p, text="完成", files=[pdf()]
    ),
    "sign_off": lambda u, p: services.problem_sign_off(actor=u, problem=p),
    "send_back": lambda u, p: services.problem_send_back(actor=u, problem=p, reason="不合格"),
    "withdraw": lambda u, p: services.problem_withdraw(actor=u, problem=p, reason="重复"),
}
PAIRS = list(PROBLEM.pairs())


def test_the_table_covers_every_service():
    assert set(PROBLEM.actions) == set(CALLS) == set(PERMITTED)


def _in_state(problem: Problem, status: str) -> Problem:
    target = None if status == Problem.Status.OPEN else TARGET
    signed = TARGET if status == Problem.Status.SIGNED_OFF else None
    Problem.objects.filter(pk=problem.pk).update(
        status=status, target_date=target, signed_off_on=signed
    )
    return Problem.objects.select_related("year", "unit").get(pk=problem.pk)


def _snapshot(problem: Problem):
    fields = model_to_dict(Problem.objects.get(pk=problem.pk))
    return fields, AuditEntry.objects.count(), ProblemEvent.objects.count()


def _refused(world, problem, action, personas) -> None:
    before = _snapshot(problem)
    for persona in personas:
        with pytest.raises((PermissionDenied, ValidationError)):
            CALLS[action](getattr(world, persona), problem)
        assert _snapshot(problem) == before, persona


@pytest.mark.parametrize(
    ("status", "action", "step"), PAIRS, ids=[f"{s}-{a}" for s, a, _step in PAIRS]
)
def test_every_pair_of_the_table(world, sv, status, action, step):
    problem = _in_state(sv.problem, status)
    who = {p for p in PERSONAS if PROBLEM.step(action).who(getattr(world, p), problem)}
    assert who == PERMITTED[action]
    if step is None:
        _refused(world, problem, action, PERSONAS)
        return
    _refused(world, problem, action, [p for p in PERSONAS if p not in who])
    assert PROBLEM.allowed(getattr(world, sorted(who)[0]), problem) >= {action}
    audits = AuditEntry.objects.count()
    done = CALLS[action](getattr(world, sorted(who)[0]), problem)
    assert Problem.objects.get(pk=done.pk).status == (step.target or status)
    assert AuditEntry.objects.count() == audits + 1
