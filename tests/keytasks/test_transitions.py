"""The coordination requests' state table against the services, for every (state, action) pair.

A step the table allows works for a person it names and is refused (nothing changed) for one
it does not; a step the table does not allow is refused with nothing changed.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from leitai.core.models import AuditEntry
from leitai.keytasks import services
from leitai.keytasks.models import CoordinationRequest
from leitai.keytasks.transitions import COORDINATION

PAIRS = list(COORDINATION.pairs())
# Who may take each step on task A, and who may not (a reporter of A may not answer, the
# county leader who is not the task's leader may not, nor may the office).
PERMITTED = {"answer": "leader", "follow_up": "reporter_a"}
REJECTED = {"answer": ["office", "reporter_a", "leader2"], "follow_up": ["leader", "reporter_b"]}


def make_request(tw, state: str) -> CoordinationRequest:
    """Return a request of task A in `state`, as the services would have left it."""
    answered = state != CoordinationRequest.Status.OPEN
    return CoordinationRequest.objects.create(
        task=tw.task_a,
        question="用地指标不足",
        raised_by=tw.reporter_a,
        raised_at=timezone.now(),
        status=state,
        answer="财政局牵头解决" if answered else "",
        answered_by=tw.leader if answered else None,
        answered_at=timezone.now() if answered else None,
        follow_up="资金已到位" if state == CoordinationRequest.Status.CLOSED else "",
    )


def take(action: str, actor, request: CoordinationRequest):
    if action == "answer":
        return services.request_answer(actor=actor, request=request, answer="再协调")
    return services.request_follow_up(actor=actor, request=request, follow_up="已落实")


def snapshot(request: CoordinationRequest) -> tuple[dict, int]:
    return model_to_dict(CoordinationRequest.objects.get(pk=request.pk)), AuditEntry.objects.count()


def test_the_table_names_every_state_and_action():
    assert COORDINATION.states == ["open", "answered", "closed"]
    assert COORDINATION.actions == ["answer", "follow_up"]


@pytest.mark.parametrize(("state", "action", "step"), PAIRS, ids=[f"{s}-{a}" for s, a, _ in PAIRS])
def test_each_pair_against_the_service(tw, state, action, step):
    request = make_request(tw, state)
    for persona in REJECTED[action]:
        before = snapshot(request)
        with pytest.raises(PermissionDenied):
            take(action, getattr(tw, persona), request)
        assert snapshot(request) == before
    actor = getattr(tw, PERMITTED[action])
    before = snapshot(request)
    if step is None:
        with pytest.raises(ValidationError):
            take(action, actor, request)
        assert snapshot(request) == before
        return
    take(action, actor, request)
    request.refresh_from_db()
    assert request.status == step.target
    assert AuditEntry.objects.count() == before[1] + 1
    assert AuditEntry.objects.latest("pk").action == f"coordination.{action}"


def test_pages_show_the_steps_the_table_allows(tw):
    requests = {state: make_request(tw, state) for state in COORDINATION.states}
    allowed = {
        (persona, state): COORDINATION.allowed(getattr(tw, persona), request)
        for persona in ("leader", "reporter_a", "office", "reporter_b")
        for state, request in requests.items()
    }
    assert allowed == {
        ("leader", "open"): {"answer"},
        ("leader", "answered"): {"answer"},
        ("leader", "closed"): set(),
        ("reporter_a", "open"): set(),
        ("reporter_a", "answered"): {"follow_up"},
        ("reporter_a", "closed"): set(),
        ("office", "open"): set(),
        ("office", "answered"): {"follow_up"},
        ("office", "closed"): set(),
        ("reporter_b", "open"): set(),
        ("reporter_b", "answered"): set(),
        ("reporter_b", "closed"): set(),
    }
