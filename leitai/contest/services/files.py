"""Presentation files (汇报材料): each unit's reporter or leader uploads its PPT, PPTX or PDF
before the contest starts; a new upload replaces the unit's file.

Files go through the project's checked-file path (`leitai.core.evidence`: the extension and the
first bytes agree, the size limit, a random stored name) and are sent only by the download view.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leitai.contest.models import Contest, ContestUnit, PresentationFile
from leitai.contest.transitions import CONTEST
from leitai.core.audit import record
from leitai.core.evidence import check_file, original_name, removes_files_on_error, store
from leitai.core.transactions import service
from leitai.org.access import scope_for

EXTENSIONS = ("ppt", "pptx", "pdf")


def check_presentation(upload):
    """Return the upload checked as a presentation file, or refuse naming the file."""
    name = original_name(getattr(upload, "name", ""))
    if PurePosixPath(name).suffix.lower().lstrip(".") not in EXTENSIONS:
        message = _("Presentation file: “%(name)s” is not accepted; upload a PPT, PPTX or PDF.")
        raise ValidationError({"file": [message % {"name": name}]})
    return check_file(upload, field="file", label=_("Presentation file"))


@removes_files_on_error
@service
def presentation_upload(*, actor, round: ContestUnit, upload) -> PresentationFile:
    """Store a unit's presentation file (its reporter or leader, before the start)."""
    contest = (
        Contest.objects.select_for_update()
        .select_related("year__jurisdiction")
        .get(pk=round.contest_id)
    )
    CONTEST.check(actor, contest, "upload")
    if round.unit_id not in scope_for(actor).own_unit_ids:
        raise PermissionDenied("only the unit's own people upload its presentation")
    checked = check_presentation(upload)
    existing = PresentationFile.objects.select_for_update().filter(round=round).first()
    before = {"file": existing.name} if existing else None
    old = (existing.file.storage, existing.file.name) if existing else None
    item = existing or PresentationFile(round=round)
    store(item.file, checked)
    item.name, item.size, item.uploaded_by = checked.name, checked.size, actor
    item.save()
    if old:
        storage, name = old
        transaction.on_commit(lambda: storage.delete(name))
    record(
        actor=actor,
        action="contest.presentation_upload",
        obj=item,
        before=before,
        after={"unit": round.unit.code, "file": item.name, "size": item.size},
        jurisdiction=contest.year.jurisdiction,
    )
    return item
