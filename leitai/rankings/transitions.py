"""State tables of the rankings: appeals, and snapshots from draft to published to superseded.

An appeal's state is its `state` field. A snapshot never changes, so its state is read from
its publication: a draft has none, a published snapshot has the current one, a superseded
snapshot's publication was replaced by a corrected re-issue. `SNAPSHOT` is a table of that
derived state (`DerivedTransitions`); its services check it and the publication they write
makes the new state.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as N_

from leitai.core.transitions import Step, Transitions, Who
from leitai.org.access import is_office_of
from leitai.rankings.models import Appeal, RankingSnapshot


class SnapshotState(models.TextChoices):
    """Where a snapshot stands, read from its publication."""

    DRAFT = "draft", N_("Draft")
    PUBLISHED = "published", N_("Published")
    SUPERSEDED = "superseded", N_("Superseded")


def snapshot_state(snapshot: RankingSnapshot) -> str:
    """Return the snapshot's state: draft, published or superseded."""
    publication = getattr(snapshot, "publication", None)
    if publication is None:
        return SnapshotState.DRAFT
    if publication.superseded_at is not None:
        return SnapshotState.SUPERSEDED
    return SnapshotState.PUBLISHED


class DerivedTransitions(Transitions):
    """A state table whose state is computed from the object, not stored in a field.

    `move` only checks: the service's own writes (a publication) make the new state.
    """

    def __init__(self, model, choices, state_of, *steps: Step):
        self.choices = choices
        self.derive = state_of
        super().__init__(model, *steps, field="state")

    @property
    def states(self) -> list[str]:
        return list(self.choices.values)

    def state_of(self, obj) -> str:
        return self.derive(obj)

    def move(self, user, obj, action: str) -> Step:
        return self.check(user, obj, action)

    def refusal(self, obj) -> str:
        label = self.choices(self.state_of(obj)).label
        return _("Not possible while it is “%(status)s”.") % {"status": label}


APPEAL_OFFICE = Who("office", lambda user, appeal: is_office_of(user, appeal.unit.jurisdiction_id))
SNAPSHOT_OFFICE = Who("office", lambda user, snapshot: is_office_of(user, snapshot.jurisdiction_id))

A = Appeal.State
APPEAL = Transitions(
    Appeal,
    Step("accept", {A.PENDING}, A.ACCEPTED, APPEAL_OFFICE),
    Step("reject", {A.PENDING}, A.REJECTED, APPEAL_OFFICE),
    # Compute the corrected re-issue an accepted appeal calls for.
    Step("reissue", {A.ACCEPTED}, None, APPEAL_OFFICE),
    field="state",
)

S = SnapshotState
SNAPSHOT = DerivedTransitions(
    RankingSnapshot,
    SnapshotState,
    snapshot_state,
    Step("publish", {S.DRAFT}, S.PUBLISHED, SNAPSHOT_OFFICE),
    # What the public page and the red/black list show; the results never change.
    Step("display", {S.PUBLISHED, S.SUPERSEDED}, None, SNAPSHOT_OFFICE),
    # Request a ranking notice (排名通报) of a published ranking.
    Step("notice", {S.PUBLISHED, S.SUPERSEDED}, None, SNAPSHOT_OFFICE),
)
