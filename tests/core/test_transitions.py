"""The state-table machinery every area's `transitions.py` builds on."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leitai.core.models import BackgroundJob
from leitai.core.transitions import ANYONE, Step, Transitions, Who

S = BackgroundJob.Status
boss = Who("boss", lambda user, obj: user == "boss")
owner = Who("owner", lambda user, obj: user == obj.owner)

TABLE = Transitions(
    BackgroundJob,
    Step("start", {S.QUEUED}, S.RUNNING, boss),
    Step("finish", {S.RUNNING}, S.DONE, boss | owner),
    Step("note", {S.QUEUED, S.RUNNING}, None, ANYONE),
)


def job(status, owner="ann"):
    return SimpleNamespace(status=status, owner=owner, get_status_display=lambda: str(status))


def test_allowed_lists_the_steps_of_the_state_that_the_person_may_take():
    assert TABLE.allowed("boss", job(S.QUEUED)) == {"start", "note"}
    assert TABLE.allowed("ann", job(S.QUEUED)) == {"note"}
    assert TABLE.allowed("ann", job(S.RUNNING)) == {"finish", "note"}
    assert TABLE.allowed("bob", job(S.RUNNING)) == {"note"}
    assert TABLE.allowed("boss", job(S.DONE)) == frozenset()
    assert TABLE.possible(job(S.RUNNING)) == {"finish", "note"}
    assert TABLE.may("ann", job(S.RUNNING), "finish") is True
    assert TABLE.may("bob", job(S.RUNNING), "finish") is False


def test_move_sets_the_target_state_and_a_recording_step_keeps_it():
    obj = job(S.QUEUED)
    assert TABLE.move("boss", obj, "start").target == S.RUNNING
    assert obj.status == S.RUNNING
    TABLE.move("ann", obj, "note")
    assert obj.status == S.RUNNING


def test_a_person_the_rule_rejects_is_refused_before_the_state_is_looked_at():
    obj = job(S.DONE)
    with pytest.raises(PermissionDenied, match="start: boss required"):
        TABLE.check("ann", obj, "start")
    assert obj.status == S.DONE


def test_a_state_the_step_does_not_start_from_is_a_validation_error_on_the_state_field():
    obj = job(S.DONE)
    with pytest.raises(ValidationError) as refused:
        TABLE.move("boss", obj, "start")
    assert list(refused.value.message_dict) == ["status"]
    assert obj.status == S.DONE


def test_pairs_walks_every_state_and_action_once():
    pairs = list(TABLE.pairs())
    assert len(pairs) == len(S.values) * 3
    allowed = {(state, action) for state, action, step in pairs if step is not None}
    assert allowed == {
        (S.QUEUED, "start"),
        (S.RUNNING, "finish"),
        (S.QUEUED, "note"),
        (S.RUNNING, "note"),
    }
    assert TABLE.states == ["queued", "running", "done", "failed"]
    assert TABLE.actions == ["start", "finish", "note"]


def test_rules_combine_and_name_themselves():
    both = boss & owner
    assert (boss | owner).name == "boss or owner"
    assert both.name == "boss and owner"
    assert both("boss", job(S.QUEUED, owner="boss")) is True
    assert both("boss", job(S.QUEUED)) is False


def test_a_table_refuses_unknown_states_and_repeated_actions():
    with pytest.raises(ValueError, match="unknown states"):
        Transitions(BackgroundJob, Step("x", {"nowhere"}, S.DONE, ANYONE))
    with pytest.raises(ValueError, match="unknown states"):
        Transitions(BackgroundJob, Step("x", {S.QUEUED}, "nowhere", ANYONE))
    with pytest.raises(ValueError, match="twice"):
        Transitions(
            BackgroundJob,
            Step("x", {S.QUEUED}, S.DONE, ANYONE),
            Step("x", {S.RUNNING}, S.DONE, ANYONE),
        )
