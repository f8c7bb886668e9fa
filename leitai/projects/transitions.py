"""The state table of the project ledger: a project's stages (阶段).

A stage is reached when the responsible unit reports its actual date. Most stages count at
once (`complete`); 开工 and 入库 count only after the office or the statistics bureau
(assessor) has checked the listed evidence (`claim`, then `verify` or `send_back` with a
comment; a stage sent back is claimed again). A checker may `reopen` a stage counted by
mistake.
"""

from __future__ import annotations

from leitai.core.transitions import Step, Transitions, Who
from leitai.projects.access import can_check, can_update
from leitai.projects.models import ProjectStage
from leitai.projects.schedule import GATED

S = ProjectStage.Status

PLAIN_STAGE_BY_UNIT = Who(
    "the responsible unit or the office, for a stage without a check",
    lambda user, stage: stage.stage not in GATED and can_update(user, stage.project),
)
GATED_STAGE_BY_UNIT = Who(
    "the responsible unit or the office, for a checked stage",
    lambda user, stage: stage.stage in GATED and can_update(user, stage.project),
)
CHECKER = Who(
    "the office or the statistics bureau", lambda user, stage: can_check(user, stage.project)
)

STAGE = Transitions(
    ProjectStage,
    Step("complete", {S.PENDING, S.RETURNED}, S.DONE, PLAIN_STAGE_BY_UNIT),
    Step("claim", {S.PENDING, S.RETURNED}, S.REPORTED, GATED_STAGE_BY_UNIT),
    Step("verify", {S.REPORTED}, S.DONE, CHECKER),
    Step("send_back", {S.REPORTED}, S.RETURNED, CHECKER),
    Step("reopen", {S.DONE}, S.PENDING, CHECKER),
)
