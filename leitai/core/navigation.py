"""The menu: each entry names the roles that may use it; apps add their entries here."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import import_module

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leitai.org.models import Role


@dataclass(frozen=True)
class NavEntry:
    """One menu entry: its label, URL name and the roles that see it."""

    label: str
    url_name: str
    roles: frozenset[str]
    icon: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ALL_ROLES = frozenset(Role.values)

HOME = [NavEntry(_("Home"), "home", ALL_ROLES, "house")]

# The organisation's entries come after the work of the apps below.
ENTRIES: list[NavEntry] = [
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
    NavEntry(_("Audit log"), "core:audit_list", frozenset({Role.OFFICE})),
]


# Apps whose `navigation.ENTRIES` appear between Home and the organisation, in this order.
APPS = ["leitai.assessment", "leitai.rankings", "leitai.tasks", "leitai.supervision"]


@functools.cache
def all_entries() -> tuple[NavEntry, ...]:
    """Return every menu entry in menu order (read once; apps import this module)."""
    app_entries = [e for app in APPS for e in import_module(f"{app}.navigation").ENTRIES]
    return (*HOME, *app_entries, *ENTRIES)


def navigation_for(user) -> list[NavEntry]:
    """Return the entries `user`'s roles may use, in menu order."""
    from leitai.org.access import scope_for

    roles = scope_for(user).roles
    return [entry for entry in all_entries() if entry.roles & roles]
