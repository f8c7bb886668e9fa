"""The state table of a ranking notice's files: being generated, ready, or failed.

The background job moves a notice from pending to ready (`render`), its failure hook to
failed (`fail`); the office retries a failed notice and offers a ready one on the public page.
A pending notice whose job is gone counts as failed too (`progress.render_failed`), so `retry`
also starts from pending and its service asks that question besides the table.
"""

from __future__ import annotations

from leitai.core.transitions import ANYONE, Step, Transitions, Who
from leitai.org.access import is_office_of
from leitai.rankings.notices.models import Notice

OFFICE = Who("office", lambda user, notice: is_office_of(user, notice.snapshot.jurisdiction_id))
# The background job acts for whoever asked; the office decided when it asked.
JOB = Who("the background job", ANYONE.test)

N = Notice.State
NOTICE = Transitions(
    Notice,
    Step("render", {N.PENDING}, N.READY, JOB),
    Step("fail", {N.PENDING}, N.FAILED, JOB),
    Step("retry", {N.PENDING, N.FAILED}, N.PENDING, OFFICE),
    Step("release", {N.READY}, None, OFFICE),
    Step("take_off", {N.PENDING, N.READY, N.FAILED}, None, OFFICE),
    field="state",
)
