"""Period pages: the year's months, quarters and year; generate, open, close, lock, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from leitai.assessment.scheme import selectors
from leitai.assessment.scheme.access import period_for_user, visible_periods
from leitai.assessment.scheme.forms import PeriodForm
from leitai.assessment.scheme.services import periods as services
from leitai.assessment.scheme.transitions import PERIOD
from leitai.core.forms import add_service_errors
from leitai.org.access import is_office_of, visible_years, year_for_user
from leitai.org.views.common import chosen_year

ACTIONS = {
    "open": (services.period_open, pgettext_lazy("period action", "Open")),
    "close": (services.period_close, gettext_lazy("Close")),
    "lock": (services.period_lock, gettext_lazy("Lock")),
    "reopen": (services.period_reopen, gettext_lazy("Reopen")),
}
# The order the page shows the buttons in; the state table says which apply.
ORDER = ("open", "close", "reopen", "lock")


@login_required
def period_list(request):
    """List the year's periods with their dates and states; the office acts on them."""
    year = chosen_year(request)
    periods = selectors.periods_of_year(year, visible_periods(request.user))
    can_edit = is_office_of(request.user, year.jurisdiction_id)
    for period in periods:
        allowed = PERIOD.allowed(request.user, period)
        period.actions = [(name, ACTIONS[name][1]) for name in ORDER if name in allowed]
        period.may_update = "update" in allowed
    return render(
        request,
        "assessment/period_list.html",
        {
            "year": year,
            "years": visible_years(request.user).filter(jurisdiction_id=year.jurisdiction_id),
            "periods": periods,
            "can_edit": can_edit,
        },
    )


def _back(year_id: int):
    return redirect(f"{reverse('assessment:period_list')}?year={year_id}")


@login_required
@require_POST
def period_generate(request):
    """Create the year's missing periods with the default dates (office only)."""
    year = year_for_user(request.user, chosen_year(request).pk, for_change=True)
    created = services.periods_generate(actor=request.user, year=year)
    messages.success(request, _("%(count)s periods created.") % {"count": len(created)})
    return _back(year.pk)


@login_required
@require_POST
def period_action(request, period_id, action):
    """Open, close, lock or reopen a period (office only)."""
    if action not in ACTIONS:
        raise Http404("not found")
    period = period_for_user(request.user, period_id, for_change=True)
    try:
        ACTIONS[action][0](actor=request.user, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Period %(code)s updated.") % {"code": period.code})
    return _back(period.year_id)


@login_required
def period_edit(request, period_id):
    """Change when a period opens, is due and locks (office only)."""
    period = period_for_user(request.user, period_id, for_change=True)
    initial = {f: getattr(period, f) for f in ("opens_at", "deadline", "locks_at")}
    form = PeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return _back(period.year_id)
    title = _("Dates of %(code)s") % {"code": period.code}
    return render(
        request,
        "assessment/scheme_form.html",
        {
            "form": form,
            "title": title,
            "back_url": f"{reverse('assessment:period_list')}?year={period.year_id}",
        },
    )
