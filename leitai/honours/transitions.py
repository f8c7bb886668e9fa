"""State tables of honours: the draft from grading to the final list, and objections.

    draft ──publish (office)──▶ publicised ──finalise (office)──▶ final
    draft / publicised ──discard (office)──▶ discarded
    publicised ──object (office records an objection)──▶ publicised

    objection: pending ──uphold / dismiss (office)──▶ upheld / dismissed

Finalising also needs the publicity (公示) period over and no objection pending: the service
checks those after the table.
"""

from __future__ import annotations

from leitai.core.transitions import Step, Transitions, Who
from leitai.honours import access
from leitai.honours.models import HonoursDraft, Objection

OFFICE = Who("office", access.is_draft_office)
OBJECTION_OFFICE = Who("office", access.is_objection_office)

D = HonoursDraft.State
DRAFT = Transitions(
    HonoursDraft,
    Step("publish", {D.DRAFT}, D.PUBLICISED, OFFICE),
    Step("object", {D.PUBLICISED}, None, OFFICE),
    Step("finalise", {D.PUBLICISED}, D.FINAL, OFFICE),
    Step("discard", {D.DRAFT, D.PUBLICISED}, D.DISCARDED, OFFICE),
    field="state",
)

J = Objection.State
OBJECTION = Transitions(
    Objection,
    Step("uphold", {J.PENDING}, J.UPHELD, OBJECTION_OFFICE),
    Step("dismiss", {J.PENDING}, J.DISMISSED, OBJECTION_OFFICE),
    field="state",
)
