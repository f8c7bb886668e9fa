"""This app's menu entries (see leitai/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from leitai.core.navigation import NavEntry
from leitai.org.models import Role

PEOPLE = frozenset({Role.OFFICE, Role.LEADER, Role.SUPERVISOR, Role.REPORTER, Role.UNIT_LEADER})

ENTRIES: list = [
    NavEntry(_("Rectification"), "supervision:ledger", PEOPLE),
    NavEntry(_("Inspection rounds"), "supervision:round_list", PEOPLE),
    NavEntry(_("Supervision settings"), "supervision:settings", frozenset({Role.OFFICE})),
]
