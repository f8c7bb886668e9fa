from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from leitai.selections.access import visible_selections


@login_required
def selection_list(request):
    """List the selections of the person's county."""
    selections = visible_selections(request.user).select_related("year")
    return render(request, "selections/list.html", {"selections": selections})
