from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "leitai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_save

        from leitai.core.auth import connect_signals
        from leitai.core.middleware import SessionIdleMiddleware
        from leitai.core.passwords import PasswordHistoryValidator

        connect_signals()
        user_logged_in.connect(SessionIdleMiddleware.mark_login, dispatch_uid="leitai-session-seen")
        pre_save.connect(
            PasswordHistoryValidator.remember_previous,
            sender=get_user_model(),
            dispatch_uid="leitai-password-history",
        )
