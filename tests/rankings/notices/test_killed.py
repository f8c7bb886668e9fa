"""A notice whose worker was killed mid-render: clean-up, a true message, progress as it goes."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from leitai.core.jobs import fail_stalled, run_job
from leitai.core.models import BackgroundJob
from leitai.rankings.models import Notice
from leitai.rankings.notices import services as notice_services
from leitai.rankings.notices.services import notice_request, notice_retry
from tests.rankings.notice_fixtures import *  # noqa: F403  (fixtures)
from tests.rankings.notice_fixtures import HEADING
from tests.rankings.notices.test_failure import english


class WorkerKilled(BaseException):
    """Stands for the worker process dying: no `except Exception` (nor clean-up) runs."""


def _killed_at_the_pdf(*args, **kwargs):
    raise WorkerKilled


def _files(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def _expected(notice: Notice, kinds=("docx", "pdf", "xlsx")) -> list[str]:
    year = timezone.localdate().year
    base = f"{notice.snapshot.jurisdiction.code}-{notice.snapshot.period.code}-{notice.pk}"
    return sorted(f"notices/{year}/{base}.{kind}" for kind in kinds)


def _worker() -> None:
    """Run the worker's sweep of stalled jobs (a scheduled job), then the queued jobs."""
    fail_stalled()
    call_command("worker", "--batch", "--no-schedule", verbosity=0)


@pytest.fixture
def killed(tiny, months, media, settings, monkeypatch):
    """A notice whose worker died after writing the Excel and Word files, 31 s ago."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.LEITAI_JOB_TIMEOUT = 30
    notice = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    monkeypatch.setattr(notice_services, "notice_pdf", _killed_at_the_pdf)
    with pytest.raises(WorkerKilled):  # the process dies inside the job: nothing records it
        run_job(notice.job_id)
    monkeypatch.undo()
    BackgroundJob.objects.filter(pk=notice.job_id).update(
        started_at=timezone.now() - dt.timedelta(seconds=31)
    )
    notice.refresh_from_db()
    assert (notice.state, notice.job.status) == ("pending", "running")
    # What the killed render left: the two files written before the PDF.
    assert _files(media) == _expected(notice, ("docx", "xlsx"))
    return notice


STALLED_EN = "Generating the files stopped: no result after 30 seconds."
STALLED_ZH = "文件生成中途停止：30 秒后仍无结果。"
NONE_KEPT_EN = (
    "No file was kept. Try again; if it fails again, ask the administrator to look at the "
    "server log."
)
NONE_KEPT_ZH = "未保留任何文件。请重试；如仍失败，请联系管理员查看服务器日志。"
LEFT_EN = (
    "Files of the failed attempt are still on the server; trying again replaces them. If it "
    "fails again, ask the administrator to look at the server log."
)
LEFT_ZH = "失败时生成的文件仍留在服务器上，重试时将被替换。如仍失败，请联系管理员查看服务器日志。"


def _status(tiny, notice, *, lang_en: bool) -> str:
    client = tiny.client_for("office")
    if lang_en:
        english(client)
    return client.get(f"/rankings/notices/{notice.pk}/status/").content.decode()


def test_a_killed_render_is_cleaned_up_and_its_retry_leaves_only_its_files(tiny, killed, media):
    _worker()  # fails the stalled job, runs its hook
    killed.refresh_from_db()
    assert (killed.state, killed.job.status, killed.job.message) == (
        "failed",
        "failed",
        "JobStalled: the worker stopped: no result after 30 seconds",
    )
    assert _files(media) == []  # the hook deleted what the killed render wrote
    page = _status(tiny, killed, lang_en=True)
    assert STALLED_EN in page and NONE_KEPT_EN in page and LEFT_EN not in page
    page = _status(tiny, killed, lang_en=False)
    assert STALLED_ZH in page and NONE_KEPT_ZH in page and LEFT_ZH not in page
    api = english(tiny.client_for("office")).get(f"/api/notices/{killed.pk}/").json()
    assert (api["state"], api["error"]) == ("failed", STALLED_EN)
    notice = notice_retry(actor=tiny.office, notice=killed)
    _worker()
    notice.refresh_from_db()
    assert notice.state == "ready"
    assert sorted([notice.docx.name, notice.pdf.name, notice.xlsx.name]) == _expected(notice)
    assert _files(media) == _expected(notice)  # nothing beside the retry's files


def test_files_the_hook_could_not_delete_are_named_and_replaced_by_the_retry(
    tiny, killed, media, monkeypatch
):
    storage = Notice._meta.get_field("pdf").storage

    def refuse(name):
        raise PermissionError(name)

    monkeypatch.setattr(storage, "delete", refuse)
    _worker()
    monkeypatch.undo()
    killed.refresh_from_db()
    assert killed.state == "failed"
    assert _files(media) == _expected(killed, ("docx", "xlsx"))  # still there
    page = _status(tiny, killed, lang_en=True)
    assert STALLED_EN in page and LEFT_EN in page and NONE_KEPT_EN not in page
    page = _status(tiny, killed, lang_en=False)
    assert STALLED_ZH in page and LEFT_ZH in page and NONE_KEPT_ZH not in page
    notice = notice_retry(actor=tiny.office, notice=killed)
    _worker()
    notice.refresh_from_db()
    assert notice.state == "ready"
    # The same names as the killed render's, not new ones beside them.
    assert sorted([notice.docx.name, notice.pdf.name, notice.xlsx.name]) == _expected(notice)
    assert _files(media) == _expected(notice)
    assert notice.xlsx.read()[:2] == b"PK" and notice.pdf.read()[:4] == b"%PDF"


def test_a_render_error_after_a_killed_one_leaves_no_file(tiny, killed, media, monkeypatch):
    _worker()
    notice = notice_retry(actor=tiny.office, notice=killed)
    monkeypatch.setattr(
        notice_services, "notice_pdf", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x"))
    )
    _worker()
    notice.refresh_from_db()
    assert (notice.state, notice.error) == ("failed", "The PDF file could not be generated.")
    assert _files(media) == []
    page = _status(tiny, notice, lang_en=True)
    assert "The PDF file could not be generated." in page and NONE_KEPT_EN in page


@pytest.mark.django_db(transaction=True)
def test_the_progress_is_seen_while_the_files_are_written(tiny, months, media, settings):
    """Another connection (the page polling) sees each stage while the worker renders."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    notice = notice_request(actor=tiny.office, snapshot=months[1], **HEADING)
    seen: list[tuple[int, str]] = []

    def poll() -> None:
        try:
            seen.append(
                BackgroundJob.objects.values_list("progress", "message").get(pk=notice.job_id)
            )
        finally:
            connections.close_all()

    def polled(render):
        def wrapper(*args, **kwargs):
            thread = threading.Thread(target=poll)
            thread.start()
            thread.join()
            return render(*args, **kwargs)

        return wrapper

    originals = {k: getattr(notice_services, k) for k in ("notice_xlsx", "notice_docx")}
    originals["notice_pdf"] = notice_services.notice_pdf
    with pytest.MonkeyPatch.context() as patch:
        for name, render in originals.items():
            patch.setattr(notice_services, name, polled(render))
        _worker()
    poll()
    assert seen == [
        (10, "ranking read"),
        (25, "Excel file written"),
        (40, "Word file written"),
        (100, "PDF file written"),
    ]
    notice.refresh_from_db()
    assert notice.state == "ready" and notice.job.status == "done"
