from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "leitai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from leitai.core.auth import connect_signals

        connect_signals()
