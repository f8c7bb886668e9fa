"""Every (state, action) pair of the rankings' state tables, through the services.

For a pair the table allows, the service works for the office and is refused to another
county's office with nothing changed; for a pair it does not allow, the service is refused
with nothing changed (the object's fields, its publications and notices, the audit rows).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from leitai.core.models import AuditEntry, BackgroundJob
from leitai.rankings import services
from leitai.rankings.models import Appeal, Notice, Publication, RankingSnapshot
from leitai.rankings.notices import services as notice_services
from leitai.rankings.notices.transitions import NOTICE
from leitai.rankings.transitions import APPEAL, SNAPSHOT, snapshot_state
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)
from tests.rankings.notice_fixtures import HEADING, QUICK


def _pairs(table):
    pairs = table.pairs()
    return [pytest.param(state, action, id=f"{state}-{action}") for state, action, _ in pairs]


def _world_state(obj) -> dict:
    """What a refused step must leave as it was: the object's fields and the rows around it."""
    obj = type(obj).objects.get(pk=obj.pk)
    fields = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    return {
        "fields": {k: str(v) for k, v in fields.items()},
        "audit": AuditEntry.objects.count(),
        "snapshots": RankingSnapshot.objects.count(),
        "publications": list(Publication.objects.values_list("pk", "superseded_at", "list_size")),
        "notices": Notice.objects.count(),
        "appeals": list(Appeal.objects.values_list("pk", "state")),
    }


def _refused(call, obj, error=(ValidationError, PermissionDenied)) -> None:
    before = _world_state(obj)
    with pytest.raises(error):
        call()
    assert _world_state(obj) == before


# --- appeals ----------------------------------------------------------------------------------


def _published(tiny) -> RankingSnapshot:
    snapshot = services.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-01"], check=QUICK
    )
    services.snapshot_publish(actor=tiny.office, snapshot=snapshot, appeal_days=3)
    return snapshot


def _appeal_in(tiny, state: str) -> Appeal:
    publication = _published(tiny).publication
    appeal = services.appeal_file(
        actor=tiny.leader_a, publication=publication, unit=tiny.unit_a, reason="P2 少报了"
    )
    if state != Appeal.State.PENDING:
        accept = state == Appeal.State.ACCEPTED
        services.appeal_decide(actor=tiny.office, appeal=appeal, accept=accept, decision="复核")
    return Appeal.objects.get(pk=appeal.pk)


def _appeal_act(action: str, actor, appeal: Appeal):
    if action == "reissue":
        period = appeal.publication.period
        return lambda: services.snapshot_compute(
            actor=actor, period=period, appeal=appeal, check=QUICK
        )
    accept = action == "accept"
    return lambda: services.appeal_decide(
        actor=actor, appeal=appeal, accept=accept, decision="复核"
    )


@pytest.mark.parametrize("state,action", _pairs(APPEAL))
def test_appeal_table(tiny, state, action):
    appeal = _appeal_in(tiny, state)
    step = APPEAL.steps[action] if state in APPEAL.steps[action].sources else None
    if step is None:
        _refused(_appeal_act(action, tiny.office, appeal), appeal, ValidationError)
        return
    _refused(_appeal_act(action, tiny.other_office, appeal), appeal, PermissionDenied)
    audit = AuditEntry.objects.count()
    _appeal_act(action, tiny.office, appeal)()
    appeal.refresh_from_db()
    assert appeal.state == (step.target or state)
    assert AuditEntry.objects.count() == audit + 1
    if action == "reissue":
        assert RankingSnapshot.objects.filter(appeal=appeal).count() == 1


# --- snapshots --------------------------------------------------------------------------------


def _snapshot_in(tiny, state: str) -> RankingSnapshot:
    period = tiny.periods["2022-01"]
    if state == "draft":
        return services.snapshot_compute(actor=tiny.office, period=period, check=QUICK)
    first = _published(tiny)
    if state == "superseded":
        again = services.snapshot_compute(
            actor=tiny.office, period=period, check=QUICK, reason="更正"
        )
        services.snapshot_publish(actor=tiny.office, snapshot=again)
    return RankingSnapshot.objects.select_related("publication").get(pk=first.pk)


def _snapshot_act(action: str, actor, snapshot: RankingSnapshot):
    if action == "publish":
        return lambda: services.snapshot_publish(actor=actor, snapshot=snapshot)
    if action == "display":
        return lambda: services.publication_update(
            actor=actor, publication=snapshot.publication, list_size=5
        )
    return lambda: notice_services.notice_request(actor=actor, snapshot=snapshot, **HEADING)


@pytest.mark.parametrize("state,action", _pairs(SNAPSHOT))
def test_snapshot_table(tiny, media, state, action):
    snapshot = _snapshot_in(tiny, state)
    assert snapshot_state(snapshot) == state
    step = SNAPSHOT.steps[action] if state in SNAPSHOT.steps[action].sources else None
    if step is None and action == "display":
        # A draft has no publication to pass to the service: the page refuses it.
        before = _world_state(snapshot)
        url = reverse("rankings:display", args=[snapshot.pk])
        response = tiny.client_for("office").post(url, {"list_size": 5, "public_shows": "totals"})
        assert response.status_code == 404 and _world_state(snapshot) == before
        return
    if step is None:
        _refused(_snapshot_act(action, tiny.office, snapshot), snapshot, ValidationError)
        return
    _refused(_snapshot_act(action, tiny.other_office, snapshot), snapshot, PermissionDenied)
    audit = AuditEntry.objects.count()
    _snapshot_act(action, tiny.office, snapshot)()
    snapshot = RankingSnapshot.objects.select_related("publication").get(pk=snapshot.pk)
    assert snapshot_state(snapshot) == (step.target or state)
    assert AuditEntry.objects.count() > audit


# --- ranking notices --------------------------------------------------------------------------


def _broken(*args, **kwargs):
    raise RuntimeError("broken")


def _notice_in(tiny, months, state: str, settings, monkeypatch) -> Notice:
    if state == Notice.State.PENDING:
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    if state == Notice.State.FAILED:
        monkeypatch.setattr(notice_services, "notice_pdf", _broken)
    notice = notice_services.notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    monkeypatch.undo()
    if state == Notice.State.PENDING:
        # Its job is gone, so the office may retry it too (progress.render_failed).
        BackgroundJob.objects.filter(pk=notice.job_id).update(status="failed")
    notice = Notice.objects.select_related("snapshot", "job").get(pk=notice.pk)
    assert notice.state == state
    return notice


def _notice_act(action: str, actor, notice: Notice):
    if action == "render":
        return lambda: notice_services.notice_render(notice_id=notice.pk, report=lambda *a: None)
    if action == "fail":
        return lambda: notice_services.notice_render_failed(
            error=RuntimeError("x"), notice_id=notice.pk
        )
    if action == "retry":
        return lambda: notice_services.notice_retry(actor=actor, notice=notice)
    public = action == "release"
    return lambda: notice_services.notice_release(actor=actor, notice=notice, public=public)


@pytest.mark.parametrize("state,action", _pairs(NOTICE))
def test_notice_table(tiny, months, media, settings, monkeypatch, state, action):
    notice = _notice_in(tiny, months, state, settings, monkeypatch)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"}
    }  # a retry leaves its render to a worker: pending
    step = NOTICE.steps[action] if state in NOTICE.steps[action].sources else None
    if step is None and action == "fail":
        # The failure hook of a render that already ended leaves the notice as it is.
        before = _world_state(notice)
        _notice_act(action, tiny.office, notice)()
        assert _world_state(notice) == before
        return
    if step is None:
        _refused(_notice_act(action, tiny.office, notice), notice, ValidationError)
        return
    if action not in ("render", "fail"):  # the job's steps are taken for whoever asked
        _refused(_notice_act(action, tiny.other_office, notice), notice, PermissionDenied)
    audit = AuditEntry.objects.count()
    _notice_act(action, tiny.office, notice)()
    notice.refresh_from_db()
    assert notice.state == (step.target or state)
    assert AuditEntry.objects.count() == audit + 1
    if action in ("release", "take_off"):
        assert notice.public is (action == "release")
