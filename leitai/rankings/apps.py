from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "leitai.rankings"
    label = "rankings"
    verbose_name = _("Rankings and notices")
