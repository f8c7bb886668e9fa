"""The menu: Home, then the sections every area declares (`leitai.core.areas.Menu`).

Each entry names the roles that may use it; an area keeps its entries in its `navigation.py`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.urls import reverse
from django.utils.module_loading import import_string
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


# Every role that works with the assessment's data; the security and audit administrators
# (三员分立, docs/security.md) see only their own pages.
ALL_ROLES = frozenset(Role.values) - {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}

HOME = [NavEntry(_("Home"), "home", frozenset(Role.values), "house")]


@dataclass(frozen=True)
class NavSection:
    """A menu heading (a dropdown) over the entries of one area."""

    label: str
    entries: tuple[NavEntry, ...]


@functools.cache
def all_sections() -> tuple[NavSection, ...]:
    """Return the menu's sections in order (read once; apps import this module)."""
    from leitai.core.areas import menus

    return tuple(NavSection(m.heading, tuple(import_string(m.entries))) for m in menus())


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
