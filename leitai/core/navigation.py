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


@dataclass(frozen=True)
class NavSection:
    """A menu heading (a dropdown) over the entries of one area."""

    label: str
    entries: tuple[NavEntry, ...]


# The menu's sections after Home: (heading, module holding that area's ENTRIES).
SECTIONS = [
    (_("Data"), "leitai.assessment.collection.navigation"),
    (_("Rankings"), "leitai.rankings.navigation"),
    (_("Key tasks"), "leitai.keytasks.navigation"),
    (_("Supervision"), "leitai.supervision.navigation"),
    (_("Scheme"), "leitai.assessment.scheme.navigation"),
    (_("Organisation"), "leitai.core.navigation"),
]


@functools.cache
def all_sections() -> tuple[NavSection, ...]:
    """Return the menu's sections in order (read once; apps import this module)."""
    return tuple(
        NavSection(label, tuple(import_module(module).ENTRIES)) for label, module in SECTIONS
    )


def sections_for(user) -> list[NavSection]:
    """Return the sections with the entries `user`'s roles may use; empty ones are left out."""
    from leitai.org.access import scope_for

    roles = scope_for(user).roles
    sections = [
        NavSection(s.label, tuple(e for e in s.entries if e.roles & roles)) for s in all_sections()
    ]
    return [section for section in sections if section.entries]


def navigation_for(user) -> list[NavEntry]:
    """Return every entry `user`'s roles may use, in menu order, Home first."""
    return [*HOME, *(entry for section in sections_for(user) for entry in section.entries)]
