"""State tables of the collection side: a unit's submission and its values.

Services take every step through these tables; pages and the API ask them which buttons to
show. Who may act is decided by `collection.access` (`can_fill`, `can_sign_off`, `can_review`).

- Submission: draft → ready (the reporter asks for sign-off) → submitted (the unit leader signs
  off) → verified (every unit value verified, by the system). A returned value sends it back
  to `returned`, which the unit edits like a draft; the office's lock of the period ends it.
  `edit` (values, highlight, evidence) keeps the state.
- IndicatorValue: draft → submitted (with the sign-off) → verified, or returned to the unit
  by its reviewer (the indicator's assessor or the office).
"""

from __future__ import annotations

from leitai.assessment.collection import access
from leitai.assessment.models import IndicatorValue, Submission
from leitai.assessment.scheme.access import active_scheme
from leitai.core.transitions import ANYONE, Step, Transitions, Who
from leitai.org.access import is_office_of


def _period_jurisdiction(obj) -> int:
    return obj.period.year.jurisdiction_id


FILLER = Who("reporter or unit leader or office", lambda user, obj: access.can_fill(user, obj.unit))
SIGNER = Who("unit leader or office", lambda user, obj: access.can_sign_off(user, obj.unit))
OFFICE = Who("office", lambda user, obj: is_office_of(user, _period_jurisdiction(obj)))


def indicator_of(value: IndicatorValue):
    """Return the indicator of the value in the scheme in force, or None."""
    scheme = active_scheme(value.period.year)
    return scheme and scheme.indicators.filter(code=value.indicator_code).first()


def _reviews(user, value: IndicatorValue) -> bool:
    indicator = indicator_of(value)
    return indicator is not None and access.can_review(user, indicator, value.unit)


REVIEWER = Who("assessor of the indicator or office", _reviews)

S, V = Submission.State, IndicatorValue.State
NOT_LOCKED = {S.DRAFT, S.READY, S.SUBMITTED, S.VERIFIED, S.RETURNED}

SUBMISSION = Transitions(
    Submission,
    Step("edit", {S.DRAFT, S.READY, S.RETURNED}, None, FILLER),
    Step("request_signoff", {S.DRAFT, S.RETURNED}, S.READY, FILLER),
    Step("submit", {S.DRAFT, S.READY, S.RETURNED}, S.SUBMITTED, SIGNER),
    # Taken by the system when the last unit value is verified.
    Step("verify", {S.SUBMITTED}, S.VERIFIED, ANYONE),
    # Follows a value's return; who may return it is the value table's REVIEWER.
    Step("return", NOT_LOCKED, S.RETURNED, ANYONE),
    Step("lock", NOT_LOCKED, S.LOCKED, OFFICE),
    field="state",
)

VALUE = Transitions(
    IndicatorValue,
    Step("submit", {V.DRAFT, V.RETURNED}, V.SUBMITTED, SIGNER),
    Step("verify", {V.SUBMITTED}, V.VERIFIED, REVIEWER),
    Step("return", {V.SUBMITTED, V.VERIFIED}, V.RETURNED, REVIEWER),
    field="state",
)


def new_submission(period, unit) -> Submission:
    """Return the submission a unit without one would have (a draft, not saved)."""
    return Submission(period=period, unit=unit)
