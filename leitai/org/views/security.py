"""The security administrator's page: the jurisdiction's rules, API tokens and log-in locks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from leitai.core import tokens
from leitai.core.forms import add_service_errors
from leitai.core.throttle import failures_of
from leitai.org import services
from leitai.org.access import scope_for, security_person_for_user
from leitai.org.forms import SecuritySettingsForm
from leitai.org.models import Jurisdiction
from leitai.org.selectors import security_settings
from leitai.org.services.accounts import SECURITY_FIELDS


def security_jurisdiction(request) -> Jurisdiction:
    """Return the jurisdiction the security administrator acts in, or 404 for anyone else."""
    ids = scope_for(request.user).security_jurisdiction_ids
    if not ids:
        raise Http404("not found")
    return Jurisdiction.objects.get(pk=min(ids))


@login_required
def security(request):
    """Show and set the rules; list the API tokens and the locked log-ins of the jurisdiction."""
    jurisdiction = security_jurisdiction(request)
    current = security_settings(jurisdiction.pk)
    initial = {name: getattr(current, name) for name in SECURITY_FIELDS}
    form = SecuritySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.security_settings_update(
                actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("org:security")
    people = jurisdiction.grants.values_list("user_id", flat=True)
    issued = Token.objects.filter(user_id__in=people).select_related("user").order_by("created")
    token_rows = [{"token": t, "expires": tokens.expires_at(t)} for t in issued]
    locked = []
    for person in _people(jurisdiction):
        failures = failures_of(person.username)
        if failures:
            locked.append({"person": person, "failures": failures})
    return render(
        request,
        "org/security.html",
        {"jurisdiction": jurisdiction, "form": form, "tokens": token_rows, "locked": locked},
    )


def _people(jurisdiction):
    from axes.models import AccessAttempt
    from django.contrib.auth import get_user_model

    tried = AccessAttempt.objects.values_list("username", flat=True)
    people = get_user_model().objects.filter(role_grants__jurisdiction=jurisdiction)
    return people.filter(username__in=tried).distinct().order_by("username")


@login_required
@require_POST
def token_revoke(request, person_id):
    """Revoke a person's API token (the person's security administrator only)."""
    person = security_person_for_user(request.user, person_id)
    services.token_revoke(actor=request.user, person=person)
    messages.success(request, _("The API token is revoked."))
    return redirect("org:security")


@login_required
@require_POST
def unlock(request, person_id):
    """Lift a person's log-in lock (the person's security administrator only)."""
    jurisdiction = security_jurisdiction(request)
    person = security_person_for_user(request.user, person_id)
    services.person_unlock(actor=request.user, person=person, jurisdiction=jurisdiction)
    messages.success(request, _("Logging in is unlocked."))
    return redirect("org:security")
