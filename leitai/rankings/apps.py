from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "leitai.rankings"
    label = "rankings"
    verbose_name = _("Rankings and notices")

    def ready(self) -> None:
        # A scheme version that results were computed with must copy on write.
        from leitai.assessment.scheme.selectors import IN_USE_CHECKS
        from leitai.rankings.selectors import scheme_has_snapshots

        if scheme_has_snapshots not in IN_USE_CHECKS:
            IN_USE_CHECKS.append(scheme_has_snapshots)
