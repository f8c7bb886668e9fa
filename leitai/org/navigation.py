"""The organisation's menu entries (the section is declared in `leitai/org/apps.py`)."""

from django.utils.translation import gettext_lazy as _

from leitai.core.navigation import ALL_ROLES, NavEntry
from leitai.org.models import Role

ENTRIES: list = [
    NavEntry(_("Units"), "org:unit_list", ALL_ROLES),
    NavEntry(_("Groups"), "org:group_list", ALL_ROLES - {Role.JUDGE}),
    NavEntry(
        _("Supervision groups"),
        "org:supervision_group_list",
        frozenset({Role.OFFICE, Role.LEADER, Role.SUPERVISOR, Role.REPORTER, Role.UNIT_LEADER}),
    ),
    NavEntry(
        _("People"),
        "org:person_list",
        frozenset({Role.OFFICE, Role.LEADER, Role.REPORTER, Role.UNIT_LEADER, Role.ASSESSOR}),
    ),
    NavEntry(_("Import"), "org:import", frozenset({Role.OFFICE})),
    NavEntry(_("Working-day calendar"), "org:calendar", frozenset({Role.OFFICE})),
    NavEntry(_("Schedule"), "core:schedule", frozenset({Role.OFFICE})),
    NavEntry(_("Security"), "org:security", frozenset({Role.SECURITY_ADMIN})),
    NavEntry(_("Audit log"), "core:audit_list", frozenset({Role.AUDIT_ADMIN})),
]
