"""The person's own account: changing one's password through the service (audited)."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from leitai.core.forms import add_service_errors
from leitai.core.middleware import SessionIdleMiddleware
from leitai.org.services import person_change_own_password

EXPIRED = SessionIdleMiddleware.EXPIRED


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change page, saving through `person_change_own_password`.

    A person whose password expired is kept on this page until the change succeeds.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["password_expired"] = bool(self.request.session.get(EXPIRED))
        return context

    def form_valid(self, form):
        try:
            person_change_own_password(
                actor=self.request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        # Other sessions of the person end; this one stays logged in.
        update_session_auth_hash(self.request, self.request.user)
        self.request.session.pop(EXPIRED, None)
        return HttpResponseRedirect(self.get_success_url())
