"""Generate the weekly dispatch notice (周调度通报) of a year and store it (office).

Its content comes from `leitai.keytasks.dispatch.notice_content`; the stored notice is what
its page and files show.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from leitai.core.audit import record
from leitai.core.transactions import service
from leitai.keytasks.dispatch import notice_content
from leitai.keytasks.models import DispatchNotice
from leitai.keytasks.status import week_start
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear


@service
def notice_generate(*, actor, year: AssessmentYear, week: dt.date) -> DispatchNotice:
    """Compute and store (or replace) the dispatch notice of the week containing `week`."""
    require_office(actor, year.jurisdiction_id)
    monday = week_start(week)
    content = notice_content(year, monday)
    notice = DispatchNotice.objects.select_for_update().filter(year=year, week_start=monday).first()
    before = None
    if notice is None:
        notice = DispatchNotice(year=year, week_start=monday)
    else:
        before = {"counts": notice.content.get("counts"), "generated_at": notice.generated_at}
    notice.as_of = dt.date.fromisoformat(content["as_of"])
    notice.content = content
    notice.generated_by = actor
    notice.generated_at = timezone.now()
    notice.save()
    record(
        actor=actor,
        action="dispatch_notice.generate",
        obj=notice,
        before=before and {**before, "generated_at": before["generated_at"].isoformat()},
        after={"week_start": monday.isoformat(), "counts": content["counts"]},
        jurisdiction=year.jurisdiction,
    )
    return notice
