"""The public pages (no log-in): the 公示 list with its objection form, and the final list.

Objections and one-time-code ballots come from anyone, so each client address may send only
`PUBLIC_POSTS` of them an hour (the address as `leitai.core.throttle.client_address` reads it).
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.core.forms import add_service_errors
from leitai.core.throttle import client_address
from leitai.org.models import Jurisdiction
from leitai.selections import selectors, services
from leitai.selections.forms import ObjectionForm
from leitai.selections.models import Nomination, Selection

PUBLIC_POSTS = 10
WINDOW = 3600


def too_many(request, kind: str) -> bool:
    """Count one public post from the client's address; return whether it is over the limit."""
    key = f"selections:throttle:{kind}:{client_address(request)}"
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        count = 1
    return count > PUBLIC_POSTS


def public_index(request, code):
    """List a county's selections on public notice or final."""
    jurisdiction = get_object_or_404(Jurisdiction, code=code)
    selections = selectors.public_selections(jurisdiction.pk).select_related("year")
    return render(
        request,
        "selections/public_index.html",
        {"jurisdiction": jurisdiction, "selections": selections},
    )


def public_selection(request, selection_id):
    """The shortlist on public notice (with the objection form while it runs), or the final list."""
    selection = get_object_or_404(
        selectors.public_selections_all().select_related("year__jurisdiction"), pk=selection_id
    )
    nominees = list(selectors.shortlist(selection).filter(status=Nomination.Status.SHORTLISTED))
    today = timezone.localdate()
    notice_open = (
        selection.status == Selection.Status.PUBLICITY
        and selection.publicity_start <= today <= selection.publicity_end
    )
    form = ObjectionForm(request.POST or None, nominees=nominees) if notice_open else None
    status, received = 200, False
    if request.method == "POST":
        if form is None:
            raise Http404("not found")
        if too_many(request, "objection"):
            form.add_error(None, _("Too many submissions from your network; try again in an hour."))
            status = 429
        elif form.is_valid():
            nomination = next(n for n in nominees if n.pk == form.cleaned_data["nomination"])
            try:
                services.objection_submit(
                    nomination=nomination,
                    reason=form.cleaned_data["reason"],
                    contact=form.cleaned_data["contact"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                received = True
                form = ObjectionForm(nominees=nominees)
        else:
            status = 400
    return render(
        request,
        "selections/public.html",
        {
            "selection": selection,
            "jurisdiction": selection.year.jurisdiction,
            "nominees": nominees,
            "final": selectors.final_list(selection)
            if selection.status == Selection.Status.FINAL
            else [],
            "form": form,
            "received": received,
        },
        status=status,
    )
