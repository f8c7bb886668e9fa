"""This app's menu entries (see leitai/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from leitai.core.navigation import NavEntry
from leitai.org.models import Role

PEOPLE = frozenset(
    {
        Role.OFFICE,
        Role.LEADER,
        Role.ASSESSOR,
        Role.REPORTER,
        Role.UNIT_LEADER,
        Role.SUPERVISOR,
        Role.JUDGE,
    }
)

ENTRIES: list = [
    NavEntry(_("Selections"), "selections:list", PEOPLE),
]
