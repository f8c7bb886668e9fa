"""Voting: a person who logged in, or anyone with a one-time code (no log-in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from leitai.selections import selectors, services
from leitai.selections.access import selection_for_user
from leitai.selections.forms import CodeForm
from leitai.selections.models import Selection
from leitai.selections.transitions import SELECTION
from leitai.selections.views.public import too_many


def ballot_from(request, selection) -> dict:
    """Return title id → the chosen nominees' ids from the posted ballot."""
    choices = {}
    for title in selection.titles.all():
        ids = request.POST.getlist(f"title-{title.pk}")
        if ids:
            try:
                choices[title.pk] = [int(i) for i in ids]
            except ValueError as exc:
                raise ValidationError(_("The ballot is malformed.")) from exc
    return choices


def ballot_titles(selection, done=frozenset()) -> list[dict]:
    nominees = list(selectors.shortlist(selection))
    return [
        {"title": t, "nominees": [n for n in nominees if n.title_id == t.pk], "done": t.pk in done}
        for t in selectors.titles_of(selection)
    ]


@login_required
def vote(request, selection_id):
    """The ballot of a person who logged in: one vote per title."""
    selection = selection_for_user(request.user, selection_id)
    may_vote = SELECTION.may(request.user, selection, "vote")
    status = 200
    if request.method == "POST":
        try:
            choices = ballot_from(request, selection)
            services.vote_cast(selection=selection, choices=choices, voter=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            status = 400
        except PermissionDenied:
            messages.error(request, _("The vote is not open."))
            status = 403
        else:
            messages.success(request, _("Your vote was cast. Thank you."))
            return redirect("selections:vote", selection.pk)
    done = selectors.voted_titles(request.user, selection)
    return render(
        request,
        "selections/vote.html",
        {"selection": selection, "titles": ballot_titles(selection, done), "may_vote": may_vote},
        status=status,
    )


def code_vote(request, selection_id):
    """The ballot of a one-time code (no log-in): every title at once, then the code is used."""
    selection = get_object_or_404(Selection, pk=selection_id, status=Selection.Status.VOTING)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and too_many(request, "ballot"):
        form.is_valid()
        form.add_error(None, _("Too many submissions from your network; try again in an hour."))
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            choices = ballot_from(request, selection)
            services.vote_cast(selection=selection, choices=choices, code=form.cleaned_data["code"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            status = 400
        else:
            return render(request, "selections/voted.html", {"selection": selection})
    return render(
        request,
        "selections/code_vote.html",
        {"selection": selection, "titles": ballot_titles(selection), "form": form},
        status=status,
    )
