"""This app's menu entries (see leitai/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from leitai.core.navigation import ALL_ROLES, NavEntry
from leitai.org.models import Role

ENTRIES: list = [
    NavEntry(_("Rankings"), "rankings:index", ALL_ROLES, "trophy"),
    NavEntry(_("Trends"), "rankings:trends", ALL_ROLES, "graph-up"),
    NavEntry(_("Ranking desk"), "rankings:desk", frozenset({Role.OFFICE})),
    NavEntry(_("Appeals"), "rankings:appeal_list", frozenset({Role.OFFICE, Role.UNIT_LEADER})),
    NavEntry(_("Big screen"), "rankings:bigscreen", frozenset({Role.OFFICE, Role.LEADER})),
]
