"""How far a notice's files got, as the pages and the API show it: state, percent, error.

The error is stored as an English message id (the `N_`-marked ones below) and translated
here, in the language of the request; the technical detail stays in the job and the log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from leitai.core.models import BackgroundJob
from leitai.rankings.models import Notice

GENERIC_ERROR = N_("The files could not be generated.")
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

    @property
    def ready(self) -> bool:
        return self.state == Notice.State.READY

    @property
    def failed(self) -> bool:
        return self.state == Notice.State.FAILED


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
            error=gettext(notice.error or GENERIC_ERROR),
            queued=False,
        )
    if notice.state == Notice.State.READY:
        return Progress(state=notice.state, percent=100, error="", queued=False)
    queued = job is not None and job.status == BackgroundJob.Status.QUEUED
    return Progress(state=notice.state, percent=job.progress if job else 0, error="", queued=queued)
