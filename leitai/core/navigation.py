"""The menu: each entry names the roles that may use it; it collects each app's `navigation.py`."""

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

# Core's own entries, shown at the end of the organisation's section.
ENTRIES: list[NavEntry] = [
    NavEntry(_("Audit log"), "core:audit_list", frozenset({Role.OFFICE})),
]


@dataclass(frozen=True)
class NavSection:
    """A menu heading (a dropdown) over the entries of one area."""

    label: str
    entries: tuple[NavEntry, ...]


# The menu's sections after Home: (heading, module or modules holding that area's ENTRIES).
SECTIONS = [
    (_("Data"), "leitai.assessment.navigation_collection"),
    (_("Rankings"), "leitai.rankings.navigation"),
    (_("Key tasks"), "leitai.tasks.navigation"),
    (_("Supervision"), "leitai.supervision.navigation"),
    (_("Scheme"), "leitai.assessment.navigation_scheme"),
    (_("Organisation"), ("leitai.org.navigation", "leitai.core.navigation")),
]


@functools.cache
def all_sections() -> tuple[NavSection, ...]:
    """Return the menu's sections in order (read once; apps import this module)."""
    return tuple(NavSection(label, _entries(modules)) for label, modules in SECTIONS)


def _entries(modules: str | tuple[str, ...]) -> tuple[NavEntry, ...]:
    names = (modules,) if isinstance(modules, str) else modules
    return tuple(entry for name in names for entry in import_module(name).ENTRIES)


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
