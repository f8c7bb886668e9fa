"""A notice whose files fail: it says so (page, API) without leaking, and the office retries."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from rest_framework.test import APIClient

from leitai.core.models import AuditEntry, BackgroundJob
from leitai.rankings.models import Notice
from leitai.rankings.notices import services as notice_services
from leitai.rankings.notices.services import notice_request, notice_retry
from tests.conftest import PERSONAS
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)
from tests.rankings.notice_fixtures import HEADING

# What the renderer raises: a path and another county's unit, which must never reach a page.
LEAK = "/srv/leitai/secret 昌乐县商务局"
PDF_ERROR = "The PDF file could not be generated."
SAME_COUNTY = set(PERSONAS) - {"other_office"}


def _broken_pdf(*args, **kwargs):
    raise RuntimeError(LEAK)


@pytest.fixture
def broken_pdf(monkeypatch):
    monkeypatch.setattr(notice_services, "notice_pdf", _broken_pdf)
    return monkeypatch


@pytest.fixture
def failed(tiny, months, media, broken_pdf):
    """A notice whose PDF failed to render; the renderer works again afterwards."""
    notice = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    broken_pdf.undo()
    return notice


def english(client):
    """Choose English, as the language switch does (pages speak Chinese otherwise)."""
    client.cookies["django_language"] = "en"
    return client


def _snapshot_of_state(notice: Notice) -> tuple:
    """Return everything a refused retry must leave as it was."""
    notice.refresh_from_db()
    return (
        notice.state,
        notice.error,
        notice.job_id,
        notice.docx.name,
        notice.pdf.name,
        notice.xlsx.name,
        BackgroundJob.objects.count(),
        AuditEntry.objects.count(),
    )


def _actions(notice: Notice) -> list[str]:
    rows = AuditEntry.objects.filter(object_type="rankings.notice", object_id=str(notice.pk))
    return list(rows.order_by("id").values_list("action", flat=True))


# --- the failure ---------------------------------------------------------------------------


def test_render_error_fails_the_job_and_the_notice(failed, media):
    failed.refresh_from_db()
    assert (failed.state, failed.error) == ("failed", PDF_ERROR)
    assert failed.job.status == "failed"
    assert LEAK in failed.job.message  # the technical detail stays with the job (and the log)
    assert (failed.docx.name, failed.pdf.name, failed.xlsx.name, failed.body) == ("", "", "", [])
    assert failed.generated_at is None
    # The Word and Excel files written before the PDF failed are not left behind.
    assert not any(p.is_file() for p in media.rglob("*"))
    assert _actions(failed) == ["notice.request", "notice.fail"]
    entry = AuditEntry.objects.get(action="notice.fail")
    assert entry.before == {"state": "pending"}
    assert entry.after == {"state": "failed", "error": PDF_ERROR}


def test_a_failed_content_step_says_so(tiny, months, media, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError(LEAK)

    monkeypatch.setattr(notice_services, "notice_content", broken)
    notice = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    error = "The ranking could not be read for the notice."
    assert (notice.state, notice.error) == ("failed", error)


def test_worker_failure_fails_the_notice(tiny, months, media, settings, broken_pdf):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    notice = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    assert notice.state == "pending"
    call_command("worker", "--batch", "--no-schedule", verbosity=0)
    notice.refresh_from_db()
    assert (notice.state, notice.error, notice.job.status) == ("failed", PDF_ERROR, "failed")


def test_a_notice_whose_worker_died_fails_and_can_be_retried(tiny, months, media, settings):
    import datetime as dt

    from django.utils import timezone

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    notice = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    # A worker claimed it, then was killed: the job says running for over the time limit.
    BackgroundJob.objects.filter(pk=notice.job_id).update(
        status="running", started_at=timezone.now() - dt.timedelta(hours=1)
    )
    # The worker's schedule fails the stalled job (leitai.core.schedule.fail_stalled_jobs).
    call_command("worker", "--batch", verbosity=0)
    notice.refresh_from_db()
    assert (notice.state, notice.error, notice.job.status) == (
        "failed",
        "Generating the files stopped: no result after %(time)s.",
        "failed",
    )
    assert _actions(notice)[-1] == "notice.fail"
    notice = notice_retry(actor=tiny.office, notice=notice)
    call_command("worker", "--batch", "--no-schedule", verbosity=0)
    notice.refresh_from_db()
    assert notice.state == "ready" and notice.pdf.name


def test_a_failing_hook_still_fails_the_job(tiny, months, media, broken_pdf):
    def hook_broken(**kwargs):
        raise RuntimeError("hook")

    broken_pdf.setattr(notice_services.notice_render, "on_failure", hook_broken)
    notice = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    assert (notice.state, notice.job.status) == ("pending", "failed")
    # The page still reads it as failed and lets the office retry.
    page = english(tiny.client_for("office")).get(f"/rankings/notices/{notice.pk}/status/")
    assert "The files could not be generated." in page.content.decode()
    assert 'data-testid="retry"' in page.content.decode()
    broken_pdf.undo()
    assert notice_retry(actor=tiny.office, notice=notice).state == "ready"


# --- the pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(SAME_COUNTY))
def test_page_shows_the_failure(tiny, failed, persona):
    client = english(tiny.client_for(persona))
    for url in (f"/rankings/notices/{failed.pk}/", f"/rankings/notices/{failed.pk}/status/"):
        page = client.get(url).content.decode()
        assert 'data-testid="notice-failed"' in page
        assert PDF_ERROR in page
        assert "hx-get" not in page and "progress-bar" not in page  # the polling stops
        assert LEAK not in page and "RuntimeError" not in page and "Traceback" not in page
        assert ('data-testid="retry"' in page) is (persona == "office")


def test_page_shows_the_failure_in_the_pages_language(tiny, failed):
    Notice.objects.filter(pk=failed.pk).update(error="The files could not be generated.")
    url = f"/rankings/notices/{failed.pk}/"
    page = tiny.client_for("office").get(url).content.decode()  # Chinese unless chosen
    assert 'data-testid="notice-failed"' in page and "hx-get" not in page
    assert "文件生成失败。" in page and "The files could not be generated." not in page
    assert LEAK not in page and "RuntimeError" not in page
    page = english(tiny.client_for("office")).get(url).content.decode()
    assert "The files could not be generated." in page and "文件生成失败。" not in page


def test_list_shows_the_failed_state(tiny, failed):
    url = f"/rankings/snapshots/{failed.snapshot_id}/notices/"
    page = english(tiny.client_for("office")).get(url).content.decode()
    assert 'data-testid="state-failed"' in page and LEAK not in page


# --- retry -----------------------------------------------------------------------------------


def test_office_retries_and_gets_the_files(tiny, failed):
    old_job = failed.job_id
    response = tiny.client_for("office").post(f"/rankings/notices/{failed.pk}/retry/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/rankings/notices/{failed.pk}/")
    failed.refresh_from_db()
    assert (failed.state, failed.error) == ("ready", "")
    assert failed.job_id != old_job and failed.job.status == "done"
    assert failed.pdf.read()[:4] == b"%PDF" and failed.docx.name and failed.xlsx.name
    assert failed.body and failed.generated_at is not None
    assert Notice.objects.count() == 1  # the same notice, same number: not a new one
    assert _actions(failed) == ["notice.request", "notice.fail", "notice.retry", "notice.render"]
    retry = AuditEntry.objects.get(action="notice.retry")
    assert retry.actor == tiny.office
    assert retry.before == {"state": "failed", "error": PDF_ERROR}
    assert retry.after == {"state": "pending", "error": ""}
    assert AuditEntry.objects.get(action="notice.render").actor == tiny.office
    page = tiny.client_for("office").get(f"/rankings/notices/{failed.pk}/status/")
    assert 'data-testid="downloads"' in page.content.decode()


def test_retry_that_fails_again(tiny, failed, broken_pdf):
    broken_pdf.setattr(notice_services, "notice_pdf", _broken_pdf)
    notice = notice_retry(actor=tiny.office, notice=failed)
    assert (notice.state, notice.error, notice.job.status) == ("failed", PDF_ERROR, "failed")
    assert _actions(notice) == ["notice.request", "notice.fail", "notice.retry", "notice.fail"]


def test_retry_on_a_worker_queues_it(tiny, failed, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    notice = notice_retry(actor=tiny.office, notice=failed)
    assert (notice.state, notice.error, notice.job.status) == ("pending", "", "queued")
    page = tiny.client_for("office").get(f"/rankings/notices/{notice.pk}/status/")
    assert "hx-get" in page.content.decode()
    call_command("worker", "--batch", "--no-schedule", verbosity=0)
    notice.refresh_from_db()
    assert notice.state == "ready" and notice.pdf.name


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"office"}))
def test_retry_page_refused_to_others(tiny, failed, persona):
    before = _snapshot_of_state(failed)
    response = tiny.client_for(persona).post(f"/rankings/notices/{failed.pk}/retry/")
    assert response.status_code == 404
    assert _snapshot_of_state(failed) == before


def test_retry_page_anonymous_and_get(tiny, failed):
    before = _snapshot_of_state(failed)
    from django.test import Client

    response = Client().post(f"/rankings/notices/{failed.pk}/retry/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert tiny.client_for("office").get(f"/rankings/notices/{failed.pk}/retry/").status_code == 405
    assert tiny.client_for("office").post("/rankings/notices/999999/retry/").status_code == 404
    assert _snapshot_of_state(failed) == before


def test_retry_page_refuses_a_ready_notice(tiny, notice):
    before = _snapshot_of_state(notice)
    client = english(tiny.client_for("office"))
    response = client.post(f"/rankings/notices/{notice.pk}/retry/")
    assert response.status_code == 302
    assert _snapshot_of_state(notice) == before
    page = client.get(response["Location"]).content.decode()
    assert "Only a notice whose files failed can be generated again." in page


@pytest.mark.parametrize(
    "persona", ["leader", "leader_a", "reporter_a", "assessor", "judge", "other_office"]
)
def test_retry_service_refused_to_others(tiny, failed, persona):
    before = _snapshot_of_state(failed)
    with pytest.raises(PermissionDenied):
        notice_retry(actor=getattr(tiny, persona), notice=failed)
    assert _snapshot_of_state(failed) == before


def test_retry_service_refuses_a_ready_or_pending_notice(tiny, notice, settings):
    before = _snapshot_of_state(notice)
    with pytest.raises(ValidationError) as info:
        notice_retry(actor=tiny.office, notice=notice)
    assert set(info.value.message_dict) == {"state"}
    assert _snapshot_of_state(notice) == before
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pending = notice_request(actor=tiny.office, snapshot=notice.snapshot, **HEADING)
    before = _snapshot_of_state(pending)
    with pytest.raises(ValidationError):
        notice_retry(actor=tiny.office, notice=pending)
    assert _snapshot_of_state(pending) == before


# --- the API -------------------------------------------------------------------------------


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return english(client)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_shows_the_failure(tiny, failed, persona):
    response = _api(getattr(tiny, persona)).get(f"/api/notices/{failed.pk}/")
    if persona not in SAME_COUNTY:
        assert response.status_code == 404
        return
    data = response.json()
    assert (data["state"], data["error"], data["files"]) == ("failed", PDF_ERROR, {})
    assert LEAK not in response.content.decode()


def test_api_error_in_the_callers_language(tiny, failed):
    Notice.objects.filter(pk=failed.pk).update(error="The files could not be generated.")
    client = APIClient()
    client.force_authenticate(tiny.office)
    assert client.get(f"/api/notices/{failed.pk}/").json()["error"] == "文件生成失败。"
    data = _api(tiny.office).get(f"/api/notices/?snapshot={failed.snapshot_id}").json()
    assert [(n["state"], n["error"]) for n in data["results"]] == [
        ("failed", "The files could not be generated.")
    ]


def test_api_state_of_ready_and_pending(tiny, notice, settings):
    data = _api(tiny.leader).get(f"/api/notices/{notice.pk}/").json()
    assert (data["state"], data["error"], data["progress"]) == ("ready", "", 100)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pending = notice_request(actor=tiny.office, snapshot=notice.snapshot, **HEADING)
    data = _api(tiny.leader).get(f"/api/notices/{pending.pk}/").json()
    assert (data["state"], data["error"], data["progress"], data["files"]) == (
        "pending",
        "",
        0,
        {},
    )


# --- notices stuck before this fix -----------------------------------------------------------


def test_migration_fails_notices_stuck_behind_a_failed_job(tiny, months, media, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    stuck = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    waiting = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    BackgroundJob.objects.filter(pk=stuck.job_id).update(status="failed")
    migration = importlib.import_module("leitai.rankings.migrations.0004_notice_error")
    migration.fail_stuck_notices(apps, None)
    stuck.refresh_from_db()
    waiting.refresh_from_db()
    assert (stuck.state, stuck.error) == ("failed", "The files could not be generated.")
    assert (waiting.state, waiting.error) == ("pending", "")
