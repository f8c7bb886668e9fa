"""Rankings: computing, snapshots, publication, appeals, leaderboards and ranking notices."""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class RankingsConfig(areas.Area):
    name = "leitai.rankings"
    label = "rankings"
    verbose_name = _("Rankings and notices")
    menu = (Menu(20, _("Rankings"), "leitai.rankings.navigation.ENTRIES"),)
    api_routes = ("leitai.rankings.api.routes",)
    # A scheme version that results were computed with must copy on write.
    in_use_checks = ("leitai.rankings.selectors.scheme_has_snapshots",)
    # Rendering a ranking notice's documents (DOCX, PDF, XLSX) runs as a background job.
    jobs = ("leitai.rankings.notices.services.notice_render",)
    # Its items of the home page's to-do list.
    todo = ("leitai.rankings.todo.todo",)
