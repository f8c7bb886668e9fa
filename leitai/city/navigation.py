"""This app's menu entries (see leitai/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from leitai.core.navigation import NavEntry
from leitai.org.models import Role

ENTRIES: list = [
    NavEntry(_("City assessment"), "city:overview", frozenset({Role.OFFICE})),
]
