"""Password policy beyond Django's validators: characters of several kinds (等保 2.0 basics)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (
    ("lower", str.islower),
    ("upper", str.isupper),
    ("digit", str.isdigit),
    ("other", lambda ch: not ch.isalnum()),
)


class CharacterClassesValidator:
    """Require characters of at least `min_classes` of: lower case, upper case, digits, others."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        kinds = sum(1 for _name, test in CLASSES if any(test(ch) for ch in password))
        if kinds < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least %(count)s of: lower-case letters, upper-case "
            "letters, digits and other characters."
        ) % {"count": self.min_classes}


class PasswordHistoryValidator:
    """Refuse the person's current password and the ones before it, and remember each new one.

    How many are refused is the jurisdiction's `password_history` (default 5, 0 = no check):
    the current password counts as the first. The hashes are kept in `org.PasswordRecord`
    (never the passwords); Django calls `password_changed` after every save of a new password,
    wherever it was set (services, the admin, `createsuperuser`).
    """

    KEEP = 24  # the most the rule can ask for; older hashes are dropped

    def validate(self, password: str, user=None) -> None:
        from django.contrib.auth.hashers import check_password

        count = self._count(user)
        if not count:
            return
        hashes = self._hashes(user)[:count]
        if user.password and user.password not in hashes:
            hashes = [user.password, *hashes][:count]
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("This password was one of your last %(count)s passwords; choose another.")
                % {"count": count},
                code="password_reused",
            )

    def password_changed(self, password: str, user=None) -> None:
        from leitai.org.models import PasswordRecord

        if user is None or user.pk is None or not user.has_usable_password():
            return
        PasswordRecord.objects.create(user=user, password=user.password)
        stale = PasswordRecord.objects.filter(user=user).values_list("pk", flat=True)[self.KEEP :]
        PasswordRecord.objects.filter(pk__in=list(stale)).delete()

    @staticmethod
    def remember_previous(sender, instance, **kwargs) -> None:
        """Before a new password is saved, keep the old hash if it was never recorded.

        Passwords set without `password_changed` (Django's `create_user`, bulk creation) have
        no record; this keeps them in the history all the same, dated when the person joined.
        """
        from leitai.org.models import PasswordRecord

        if getattr(instance, "_password", None) is None or instance.pk is None:
            return
        old = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
        if not old or old.startswith("!") or old == instance.password:
            return
        if not PasswordRecord.objects.filter(user_id=instance.pk, password=old).exists():
            record = PasswordRecord.objects.create(user_id=instance.pk, password=old)
            joined = instance.date_joined
            PasswordRecord.objects.filter(pk=record.pk).update(set_at=joined)

    def get_help_text(self) -> str:
        return _("Your password cannot be one of your last few passwords.")

    @staticmethod
    def _count(user) -> int:
        if user is None or user.pk is None:
            return 0
        from leitai.org.selectors import security_settings_of

        return security_settings_of(user).password_history

    @staticmethod
    def _hashes(user) -> list[str]:
        from leitai.org.models import PasswordRecord

        return list(PasswordRecord.objects.filter(user=user).values_list("password", flat=True))


def password_set_at(user):
    """Return when the person's current password was set (their joining date if unknown)."""
    from leitai.org.models import PasswordRecord

    latest = PasswordRecord.objects.filter(user=user).values_list("set_at", flat=True).first()
    return latest or user.date_joined


def password_expired(user, now=None) -> bool:
    """Return whether the person's password is older than the jurisdiction's expiry (if any)."""
    import datetime as dt

    from django.utils import timezone

    from leitai.org.selectors import security_settings_of

    days = security_settings_of(user).password_expiry_days
    if not days or not user.has_usable_password():
        return False
    return (now or timezone.now()) >= password_set_at(user) + dt.timedelta(days=days)
