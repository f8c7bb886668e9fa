"""How far a notice's files got, as the pages and the API show it: state, percent, error.

The error is stored as an English message id (the `N_`-marked ones below) and translated
here, in the language of the request; the technical detail stays in the job and the log.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from leitai.core.jobs import duration, job_timeout
from leitai.core.models import BackgroundJob
from leitai.rankings.models import Notice
from leitai.rankings.notices.models import FORMATS

GENERIC_ERROR = N_("The files could not be generated.")
# The worker stopped (killed, restarted) before the files were done; %(time)s is the time limit.
STALLED_ERROR = N_("Generating the files stopped: no result after %(time)s.")
STEP_ERRORS = {
    "content": N_("The ranking could not be read for the notice."),
    "xlsx": N_("The Excel file could not be generated."),
    "docx": N_("The Word file could not be generated."),
    "pdf": N_("The PDF file could not be generated."),
}


@dataclass(frozen=True)
class Progress:
    """A notice's state as shown: `failed` also covers a pending notice whose job is gone."""

    state: str
    percent: int
    error: str
    queued: bool
    files_left: bool = False

    @property
    def ready(self) -> bool:
        return self.state == Notice.State.READY

    @property
    def failed(self) -> bool:
        return self.state == Notice.State.FAILED


def file_base(notice: Notice) -> str:
    """Return the name (without folder and suffix) the notice's files are written under."""
    snapshot = notice.snapshot
    return f"{snapshot.jurisdiction.code}-{snapshot.period.code}-{notice.pk}"


def leftover_files(notice: Notice) -> list[str]:
    """Return the files a render of the notice wrote that the notice does not keep.

    A render writes `<folder>/<base>.<suffix>` (the folder is the year it ran); one whose worker
    was killed leaves them behind. The year the notice's job started and this year are looked at.
    """
    moments = {timezone.localtime()}
    job = notice.job
    if job is not None and job.started_at is not None:
        moments.add(timezone.localtime(job.started_at))
    base = file_base(notice)
    found = []
    for kind in FORMATS:
        field = notice._meta.get_field(kind)
        kept = notice.file_of(kind).name
        for folder in sorted({moment.strftime(field.upload_to) for moment in moments}):
            name = field.storage.generate_filename(posixpath.join(folder, f"{base}.{kind}"))
            if name != kept and field.storage.exists(name):
                found.append(name)
    return found


def failure_message(error: str) -> str:
    """Translate a stored error message id into the request's language."""
    message = gettext(error or GENERIC_ERROR)
    if error == STALLED_ERROR:
        message %= {"time": duration(job_timeout())}
    return message


def render_failed(notice: Notice) -> bool:
    """Tell whether the notice's files failed and will not come without a retry."""
    if notice.state == Notice.State.FAILED:
        return True
    # The failure hook did not run (or the job row was deleted): it will never finish either.
    lost = notice.job_id is None or notice.job.status == BackgroundJob.Status.FAILED
    return notice.state == Notice.State.PENDING and lost


def notice_progress(notice: Notice) -> Progress:
    """Return the notice's progress with its error translated (select_related("job") first)."""
    job = notice.job
    if render_failed(notice):
        return Progress(
            state=Notice.State.FAILED,
            percent=job.progress if job else 0,
            error=failure_message(notice.error),
            queued=False,
            files_left=bool(leftover_files(notice)),
        )
    if notice.state == Notice.State.READY:
        return Progress(state=notice.state, percent=100, error="", queued=False)
    queued = job is not None and job.status == BackgroundJob.Status.QUEUED
    return Progress(state=notice.state, percent=job.progress if job else 0, error="", queued=queued)
