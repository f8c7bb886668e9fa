"""Presentation files: the unit uploads its PPT/PPTX/PDF before the start; the office (and the
host's console) and the unit itself open it through the download view, never the media folder."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitai.contest.access import may_see_presentation, presentation_for_user, round_for_user
from leitai.contest.forms import PresentationForm
from leitai.contest.models import Contest, PresentationFile
from leitai.contest.services import files
from leitai.contest.transitions import CONTEST
from leitai.contest.views.common import back_to, service_messages
from leitai.core.evidence import serve
from leitai.org.access import scope_for


def presentations(user, contest: Contest, order) -> dict:
    """Return the presentation files `user` may see on the contest's page, and the upload
    form for his own units while uploads are open."""
    stored = {p.round_id: p for p in PresentationFile.objects.filter(round__contest=contest)}
    rows = [(r, stored.get(r.pk)) for r in order if may_see_presentation(user, r)]
    own = scope_for(user).own_unit_ids
    uploadable = (
        {r.pk for r, _f in rows if r.unit_id in own}
        if CONTEST.may(user, contest, "upload")
        else set()
    )
    return {
        "presentations": rows,
        "uploadable": uploadable,
        "presentation_form": PresentationForm() if uploadable else None,
    }


@login_required
@require_POST
def presentation_upload(request, round_id):
    """Upload the unit's presentation file (its reporter or leader, before the start)."""
    round_ = round_for_user(request.user, round_id)
    if round_.unit_id not in scope_for(request.user).own_unit_ids:
        raise Http404("not found")
    form = PresentationForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return back_to(round_.contest, "presentations")
    try:
        item = files.presentation_upload(
            actor=request.user, round=round_, upload=form.cleaned_data["file"]
        )
    except ValidationError as exc:
        service_messages(request, exc)
    else:
        messages.success(request, _("Presentation file “%(name)s” uploaded.") % {"name": item.name})
    return back_to(round_.contest, "presentations")


@login_required
def presentation_download(request, round_id):
    """Send a unit's presentation file to the office or the unit's own people."""
    item = presentation_for_user(request.user, round_id)
    return serve(item.file, filename=item.name)
