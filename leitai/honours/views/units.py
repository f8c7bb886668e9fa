"""A unit's year page and grade history; the public honours roll and its big screen."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from leitai.honours import access, selectors
from leitai.honours.models import HonoursDraft
from leitai.org.models import Jurisdiction


@login_required
def unit_year(request, draft_id, unit_id):
    """One unit's grade, awards, gates and reason in a draft."""
    draft = access.draft_for_user(request.user, draft_id)
    entry = draft.entries.select_related("unit", "group").filter(unit_id=unit_id).first()
    if entry is None:
        raise Http404("not found")
    gates = [{**g, "label": GATE_LABELS.get(g["kind"], "")} for g in entry.gates]
    context = {"draft": draft, "entry": entry, "gates": gates}
    return render(request, "honours/unit_year.html", context)


GATE_LABELS = {
    "veto": _("Veto"),
    "below_target": _("Indicator below its target"),
    "red_problem": _("Rectification problem still red at year end"),
    "yellow_card": _("Yellow card"),
    "last_place": _("Last place in the monthly ranking"),
}


@login_required
def unit_history(request, unit_id):
    """The unit's grades and awards in every year's final list."""
    unit = access.unit_for_history(request.user, unit_id)
    entries = access.visible_entries(request.user).filter(
        unit=unit, draft__state=HonoursDraft.State.FINAL
    )
    entries = entries.select_related("draft__year").order_by("-draft__year__year")
    return render(request, "honours/unit_history.html", {"unit": unit, "entries": entries})


def public_roll(request, code):
    """The honours roll (荣誉榜) of a county's newest final list, no log-in."""
    jurisdiction = get_object_or_404(Jurisdiction, code=code)
    draft = selectors.final_list(jurisdiction)
    context = {"jurisdiction": jurisdiction, "draft": draft, **selectors.roll(draft)}
    return render(request, "honours/public_roll.html", context)


def big_screen(request, code):
    """The honours roll on the big screen, no log-in."""
    jurisdiction = get_object_or_404(Jurisdiction, code=code)
    draft = selectors.final_list(jurisdiction)
    context = {"jurisdiction": jurisdiction, "draft": draft, **selectors.roll(draft)}
    return render(request, "honours/big_screen.html", context)
