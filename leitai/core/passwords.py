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
