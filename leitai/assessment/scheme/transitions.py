"""State tables of the scheme side: scheme versions, periods and adjustments.

Services take every step through these tables (`take`); pages and the API ask them which
buttons to show (`allowed`, `may`, `possible`).

- Scheme: draft → active (put in force; the version in force before is retired); a draft may
  be discarded; a draft or the version in force may be edited, a retired one never.
- Period: pending → open → closed → locked; the office may reopen a closed period. Opening and
  locking are also done by the system when their time comes (the actor is then None).
- Adjustment: proposed → approved or rejected (the office); an approved bonus is superseded
  when a higher bonus for the same matter is approved.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from leitai.assessment.models import Adjustment, Period, Scheme
from leitai.core.transitions import Step, Transitions, Who
from leitai.org.access import is_office_of


def jurisdiction_of(obj) -> int:
    """Return the jurisdiction id of a scheme, a period or an adjustment."""
    if isinstance(obj, Adjustment):
        obj = obj.period
    return obj.year.jurisdiction_id


OFFICE = Who("office", lambda user, obj: is_office_of(user, jurisdiction_of(obj)))
SYSTEM = Who("the system", lambda user, obj: user is None)

S, P, A = Scheme.State, Period.State, Adjustment.State

SCHEME = Transitions(
    Scheme,
    Step("edit", {S.DRAFT, S.ACTIVE}, None, OFFICE),
    Step("activate", {S.DRAFT}, S.ACTIVE, OFFICE),
    Step("retire", {S.ACTIVE}, S.RETIRED, OFFICE),
    Step("discard", {S.DRAFT}, None, OFFICE),
    field="state",
)

PERIOD = Transitions(
    Period,
    Step("update", {P.PENDING, P.OPEN, P.CLOSED}, None, OFFICE),
    Step("open", {P.PENDING}, P.OPEN, OFFICE | SYSTEM),
    Step("close", {P.OPEN}, P.CLOSED, OFFICE),
    Step("lock", {P.OPEN, P.CLOSED}, P.LOCKED, OFFICE | SYSTEM),
    Step("reopen", {P.CLOSED}, P.OPEN, OFFICE),
    field="state",
)

ADJUSTMENT = Transitions(
    Adjustment,
    Step("approve", {A.PROPOSED}, A.APPROVED, OFFICE),
    Step("reject", {A.PROPOSED}, A.REJECTED, OFFICE),
    Step("supersede", {A.APPROVED}, A.SUPERSEDED, OFFICE),
    field="state",
)


def take(table: Transitions, user, obj, action: str, refusal: str | None = None) -> Step:
    """Check the step and set the object's new state, as `table.move` does.

    `refusal` replaces the table's message when the object's state does not allow the step
    (a service's own, more telling message, e.g. "Only a draft can be put in force.").
    """
    try:
        return table.move(user, obj, action)
    except ValidationError:
        if refusal is None:
            raise
        raise ValidationError(refusal) from None


def refuse_early(table: Transitions, user, obj, action: str) -> None:
    """Raise PermissionDenied before any lock is taken when `who` of the step rejects `user`."""
    step = table.step(action)
    if not step.who(user, obj):
        raise PermissionDenied(f"{table.model.__name__}.{action}: {step.who.name} required")
