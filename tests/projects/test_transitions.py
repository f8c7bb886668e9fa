"""The stages' state table against the services, for every (state, action) pair.

A step the table allows works for a person it names (one audit row) and is refused with
nothing changed for one it does not; a step the table does not allow is refused.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from leitai.core.models import AuditEntry
from leitai.projects import services
from leitai.projects.transitions import STAGE
from tests.projects.conftest import add_evidence, set_stage

D = dt.date
PAIRS = list(STAGE.pairs())
# The stage each action is tried on: a plain stage for complete, a checked one otherwise.
STAGE_FOR = {"complete": "signing", "claim": "start"}
PERMITTED = {
    "complete": "reporter_a",
    "claim": "reporter_a",
    "verify": "assessor",
    "send_back": "office",
    "reopen": "assessor",
}
REJECTED = {
    "complete": ["reporter_b", "assessor", "leader"],
    "claim": ["reporter_b", "assessor", "leader"],
    "verify": ["reporter_a", "leader", "other_office"],
    "send_back": ["reporter_a", "leader", "other_office"],
    "reopen": ["reporter_a", "leader_a", "other_office"],
}


def make_stage(pw, state, action):
    code = STAGE_FOR.get(action, "start")
    stage = set_stage(pw.project_a, code, state, None if state == "pending" else D(2022, 3, 20))
    add_evidence(stage, "contract", "photo")
    return stage


def take(action, actor, stage):
    if action in ("complete", "claim"):
        return services.stage_report(actor=actor, stage=stage, actual_on=D(2022, 3, 20))
    run = {
        "verify": services.stage_verify,
        "send_back": services.stage_send_back,
        "reopen": services.stage_reopen,
    }[action]
    return run(actor=actor, stage=stage, comment="核实现场")


def snapshot(stage):
    stage.refresh_from_db()
    return model_to_dict(stage), AuditEntry.objects.count()


def test_the_table_names_every_state_and_action():
    assert STAGE.states == ["pending", "reported", "returned", "done"]
    assert STAGE.actions == ["complete", "claim", "verify", "send_back", "reopen"]


@pytest.mark.parametrize(("state", "action", "step"), PAIRS, ids=[f"{s}-{a}" for s, a, _ in PAIRS])
def test_each_pair_against_the_service(pw, state, action, step):
    stage = make_stage(pw, state, action)
    for persona in REJECTED[action]:
        before = snapshot(stage)
        with pytest.raises(PermissionDenied):
            take(action, getattr(pw, persona), stage)
        assert snapshot(stage) == before
    before = snapshot(stage)
    actor = getattr(pw, PERMITTED[action])
    if step is None:
        with pytest.raises(ValidationError):
            take(action, actor, stage)
        assert snapshot(stage) == before
        return
    take(action, actor, stage)
    stage.refresh_from_db()
    assert stage.status == step.target
    assert AuditEntry.objects.count() == before[1] + 1
    assert AuditEntry.objects.latest("pk").action == f"project_stage.{action}"


def test_a_checked_stage_is_never_completed_directly(pw):
    stage = make_stage(pw, "pending", "claim")
    assert STAGE.allowed(pw.reporter_a, stage) == {"claim"}
    plain = make_stage(pw, "pending", "complete")
    assert STAGE.allowed(pw.reporter_a, plain) == {"complete"}
    assert STAGE.allowed(pw.assessor, plain) == set()
