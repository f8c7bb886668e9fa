"""Audit recipes of the rankings: snapshots, publication, appeals, notices and their files."""

from __future__ import annotations

from django.core.management import call_command

from leitai.rankings import services
from leitai.rankings.notices import services as notices
from tests.core.audit.harness import CREATE, recipe
from tests.rankings.notice_fixtures import HEADING, QUICK
from tests.rankings.notices.test_official_layout import SETTINGS

R = "leitai.rankings.services."
N = "leitai.rankings.notices.services."


def _computed(c, code="2022-01"):
    return services.snapshot_compute(actor=c.office, period=c.tiny.periods[code], check=QUICK)


def _published(c, code="2022-01"):
    snapshot = _computed(c, code)
    services.snapshot_publish(actor=c.office, snapshot=snapshot, appeal_days=3)
    return snapshot


@recipe(R + "snapshot_compute", kind=CREATE)
def _(c):
    period = c.tiny.periods["2022-01"]
    return lambda: services.snapshot_compute(actor=c.office, period=period, check=QUICK)


@recipe(R + "snapshot_publish", kind=CREATE)
def _(c):
    snapshot = _computed(c)
    return lambda: services.snapshot_publish(actor=c.office, snapshot=snapshot, appeal_days=3)


@recipe(R + "publication_update")
def _(c):
    publication = _published(c).publication
    return lambda: services.publication_update(
        actor=c.office, publication=publication, public=True, public_shows="totals"
    )


@recipe(R + "publishing_rule_save")
def _(c):
    c.tiny  # noqa: B018 - the year's scheme
    return lambda: services.publishing_rule_save(
        actor=c.office, year=c.year, max_missing_percent=50
    )


@recipe(R + "appeal_file")
def _(c):
    publication = _published(c).publication
    return lambda: services.appeal_file(
        actor=c.leader_a, publication=publication, unit=c.unit_a, reason="P2 少报了"
    )


@recipe(R + "appeal_decide")
def _(c):
    publication = _published(c).publication
    appeal = services.appeal_file(
        actor=c.leader_a, publication=publication, unit=c.unit_a, reason="P2 少报了"
    )
    return lambda: services.appeal_decide(
        actor=c.office, appeal=appeal, accept=True, decision="P2 更正为 20"
    )


def _pending_notice(c):
    """A notice of February whose files the job runner has not rendered yet."""
    c.settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    snapshot = _published(c, "2022-02")
    return notices.notice_request(actor=c.office, snapshot=snapshot, **HEADING)


@recipe(N + "notice_request")
def _(c):
    c.settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    snapshot = _published(c, "2022-02")
    return lambda: notices.notice_request(actor=c.office, snapshot=snapshot, **HEADING)


@recipe(N + "notice_rendered")
def _(c):
    """Run by the background job `notice_render` when the files are written."""
    _pending_notice(c)
    return lambda: call_command("worker", "--batch", "--no-schedule", verbosity=0)


@recipe(N + "notice_render_failed")
def _(c):
    """The background job's failure hook."""
    notice = _pending_notice(c)
    return lambda: notices.notice_render_failed(error=RuntimeError("x"), notice_id=notice.pk)


@recipe(N + "notice_retry")
def _(c):
    notice = _pending_notice(c)
    notices.notice_render_failed(error=RuntimeError("x"), notice_id=notice.pk)
    return lambda: notices.notice_retry(actor=c.office, notice=notice)


@recipe(N + "notice_release")
def _(c):
    notice = _pending_notice(c)
    call_command("worker", "--batch", "--no-schedule", verbosity=0)
    return lambda: notices.notice_release(actor=c.office, notice=notice, public=True)


@recipe(N + "notice_settings_save")
def _(c):
    return lambda: notices.notice_settings_save(
        actor=c.office, jurisdiction=c.county, **{**SETTINGS, "doc_prefix": "临擂字"}
    )
