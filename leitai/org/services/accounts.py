"""Account security: passwords, API tokens, log-in locks and the jurisdiction's security rules.

Each service writes one audit row in the person's (or the settings') jurisdiction. Who may
call what follows the three administrators of 等保 2.0 (docs/security.md): the office resets
passwords, the security administrator sets the rules, unlocks log-ins and revokes tokens.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.authtoken.models import Token

from leitai.core import tokens
from leitai.core.audit import record
from leitai.core.services import apply_changes
from leitai.core.tokens import revoke_all
from leitai.core.transactions import service
from leitai.org.access import is_security_admin_of, require_office, require_security_admin
from leitai.org.models import Jurisdiction, RoleGrant, SecuritySettings
from leitai.org.selectors import security_settings

SECURITY_FIELDS = (
    "token_days",
    "office_idle_hours",
    "unit_idle_hours",
    "password_history",
    "password_expiry_days",
    "audit_retention_days",
)


@service
def person_set_password(*, actor, person, password: str) -> None:
    """Set a person's password (the office resetting it); the password is never logged."""
    from django.contrib.auth.password_validation import validate_password

    scope_jurisdictions = set(person.role_grants.values_list("jurisdiction_id", flat=True))
    for jurisdiction_id in scope_jurisdictions or {None}:
        require_office(actor, jurisdiction_id)
    validate_password(password, person)
    person.set_password(password)
    person.save(update_fields=["password"])
    revoked = revoke_all(person)
    record(
        actor=actor,
        action="person.set_password",
        obj=person,
        after={"tokens_revoked": revoked},
        jurisdiction=person_jurisdiction(person),
    )


@service
def person_change_own_password(*, actor, old_password: str, new_password: str) -> None:
    """Change the logged-in person's own password; neither password is ever logged."""
    from django.contrib.auth.password_validation import validate_password
    from django.utils.translation import gettext as _

    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("login required")
    person = get_user_model().objects.select_for_update().get(pk=actor.pk)
    if not person.check_password(old_password):
        raise ValidationError(
            {"old_password": _("Your old password was entered incorrectly. Please enter it again.")}
        )
    try:
        validate_password(new_password, person)
    except ValidationError as exc:
        raise ValidationError({"new_password2": exc.messages}) from exc
    person.set_password(new_password)
    person.save(update_fields=["password"])
    actor.password = person.password  # the caller keeps its session valid with the new hash
    revoked = revoke_all(person)
    record(
        actor=person,
        action="person.change_own_password",
        obj=person,
        after={"tokens_revoked": revoked},
        jurisdiction=person_jurisdiction(person),
    )


def person_jurisdiction(person) -> Jurisdiction | None:
    """Return the jurisdiction whose office sees the person's account changes (the first)."""
    grant = (
        RoleGrant.objects.filter(user=person).select_related("jurisdiction").order_by("pk").first()
    )
    return grant.jurisdiction if grant else None


@service
def token_issue(*, person) -> Token:
    """Return the person's API token, a new one when there is none or it has expired."""
    token = Token.objects.select_for_update().filter(user=person).first()
    if token is not None and not tokens.is_expired(token):
        return token
    if token is not None:
        token.delete()
    token = Token.objects.create(user=person)
    record(
        actor=person,
        action="token.issue",
        obj=person,
        after={"expires": tokens.expires_at(token).isoformat()},
        jurisdiction=person_jurisdiction(person),
    )
    return token


@service
def token_revoke(*, actor, person) -> int:
    """Revoke the person's API token: the holder, or the security administrator of the person."""
    if getattr(actor, "pk", None) != person.pk:
        grants = person.role_grants.values_list("jurisdiction_id", flat=True)
        if not any(is_security_admin_of(actor, jurisdiction_id) for jurisdiction_id in grants):
            raise PermissionDenied("security administrator role required")
    revoked = revoke_all(person)
    if revoked:
        record(
            actor=actor,
            action="token.revoke",
            obj=person,
            before={"tokens": revoked},
            after={"tokens": 0},
            jurisdiction=person_jurisdiction(person),
        )
    return revoked


@service
def person_unlock(*, actor, person, jurisdiction: Jurisdiction) -> int:
    """Lift a log-in lock (too many wrong passwords) now; return the failures forgotten."""
    from axes.models import AccessAttempt

    from leitai.core.throttle import failures_of

    require_security_admin(actor, jurisdiction.pk)
    if not RoleGrant.objects.filter(user=person, jurisdiction=jurisdiction).exists():
        raise PermissionDenied("not a person of the jurisdiction")
    failures = failures_of(person.username)
    if not failures:
        return 0
    AccessAttempt.objects.filter(username=person.username).delete()
    record(
        actor=actor,
        action="person.unlock",
        obj=person,
        before={"failed_logins": failures},
        after={"failed_logins": 0},
        jurisdiction=jurisdiction,
    )
    return failures


@service
def security_settings_update(*, actor, jurisdiction: Jurisdiction, **changes) -> SecuritySettings:
    """Set the jurisdiction's token lifetime, idle timeouts, password rules and audit retention.

    Only its security administrator may; the audit retention cannot go below 180 days.
    """
    require_security_admin(actor, jurisdiction.pk)
    obj = SecuritySettings.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
    if obj is None:
        obj = security_settings(jurisdiction.pk)
        obj.jurisdiction = jurisdiction
    before, after = apply_changes(obj, changes, SECURITY_FIELDS)
    if after:  # the values in effect before (the defaults, when there was no row) and now
        obj.save()
        record(
            actor=actor,
            action="security_settings.update",
            obj=obj,
            before=before,
            after=after,
            jurisdiction=jurisdiction,
        )
    return obj
