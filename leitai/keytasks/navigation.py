"""This app's menu entries (see leitai/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from leitai.core.navigation import NavEntry
from leitai.org.models import Role

READERS = frozenset(
    {Role.OFFICE, Role.LEADER, Role.REPORTER, Role.UNIT_LEADER, Role.ASSESSOR, Role.SUPERVISOR}
)

ENTRIES: list = [
    NavEntry(_("Battle map"), "tasks:battle_map", READERS),
    NavEntry(_("Key tasks"), "tasks:task_list", READERS),
    NavEntry(_("Coordination"), "tasks:request_list", READERS),
    NavEntry(_("Dispatch notices"), "tasks:notice_list", frozenset({Role.OFFICE, Role.LEADER})),
]
