"""This app's menu entries (see leitai/core/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from leitai.core.navigation import NavEntry
from leitai.org.models import Role

OFFICE = frozenset({Role.OFFICE})

ENTRIES: list = [
    NavEntry(_("Notification channels"), "notify:channel_list", OFFICE),
    NavEntry(_("Delivery log"), "notify:delivery_log", OFFICE),
]
