"""Coordination requests (需协调解决的问题): raised, answered by the leader, followed up.

Answering and following up are steps of the state table `leitai.keytasks.transitions`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.core.audit import record
from leitai.core.transactions import service
from leitai.keytasks.access import require_report
from leitai.keytasks.models import (
    CoordinationRequest,
    KeyTask,
)
from leitai.keytasks.transitions import COORDINATION

# --- coordination requests -----------------------------------------------------------------


@service
def request_raise(*, actor, task: KeyTask, question: str) -> CoordinationRequest:
    """Raise a problem needing the leader's coordination, outside a weekly report."""
    require_report(actor, task)
    if not question.strip():
        raise ValidationError({"question": _("Describe the problem.")})
    obj = CoordinationRequest.objects.create(
        task=task, question=question.strip(), raised_by=actor, raised_at=timezone.now()
    )
    record(
        actor=actor,
        action="coordination.raise",
        obj=obj,
        after={"task": task.pk, "question": obj.question},
        unit=task.lead_unit,
        jurisdiction=task.year.jurisdiction,
    )
    return obj


@service
def request_answer(*, actor, request: CoordinationRequest, answer: str) -> CoordinationRequest:
    """Answer (or re-answer) a request of a task in the actor's charge."""
    obj = _locked_request(request)
    before = {"status": obj.status, "answer": obj.answer}
    _move(actor, obj, "answer", "answer", _("This request is closed."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    obj.answer = answer.strip()
    obj.answered_by, obj.answered_at = actor, timezone.now()
    obj.save()
    record(
        actor=actor,
        action="coordination.answer",
        obj=obj,
        before=before,
        after={"status": obj.status, "answer": obj.answer},
        unit=obj.task.lead_unit,
        jurisdiction=obj.task.year.jurisdiction,
    )
    return obj


@service
def request_follow_up(
    *, actor, request: CoordinationRequest, follow_up: str
) -> CoordinationRequest:
    """Record what the lead unit did after the answer, and close the request."""
    obj = _locked_request(request)
    message = _("Only an answered request can be followed up.")
    _move(actor, obj, "follow_up", "follow_up", message)
    if not follow_up.strip():
        raise ValidationError({"follow_up": _("Describe the follow-up.")})
    obj.follow_up = follow_up.strip()
    obj.followed_up_at = timezone.now()
    obj.save()
    record(
        actor=actor,
        action="coordination.follow_up",
        obj=obj,
        before={"status": CoordinationRequest.Status.ANSWERED.value, "follow_up": ""},
        after={"status": obj.status, "follow_up": obj.follow_up},
        unit=obj.task.lead_unit,
        jurisdiction=obj.task.year.jurisdiction,
    )
    return obj


def _locked_request(request: CoordinationRequest) -> CoordinationRequest:
    requests = CoordinationRequest.objects.select_for_update(of=("self",))
    return requests.select_related("task", "task__year", "task__lead_unit").get(pk=request.pk)


def _move(actor, obj: CoordinationRequest, action: str, field: str, message: str) -> None:
    """Take the table's step; a state that does not allow it is an error on the form's field."""
    try:
        COORDINATION.move(actor, obj, action)
    except ValidationError as exc:
        raise ValidationError({field: message}) from exc
