"""This app's menu entries (see leitai/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from leitai.core.navigation import NavEntry
from leitai.org.models import Role

READERS = frozenset(
    {Role.OFFICE, Role.LEADER, Role.REPORTER, Role.UNIT_LEADER, Role.ASSESSOR, Role.SUPERVISOR}
)

ENTRIES: list = [
    NavEntry(_("Project map"), "projects:project_map", READERS),
    NavEntry(_("Project events"), "projects:event_list", READERS),
    NavEntry(_("Ledger feeds"), "projects:feeds", frozenset({Role.OFFICE})),
]
