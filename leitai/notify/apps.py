"""Notifications: the channels a jurisdiction or unit is reached on, and the outbox."""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class NotifyConfig(areas.Area):
    name = "leitai.notify"
    label = "notify"
    verbose_name = _("Notifications")
    menu = (Menu(80, _("Notifications"), "leitai.notify.navigation.ENTRIES"),)
    # The worker's poll of the outbox.
    jobs = ("leitai.notify.services.send_due_job",)
