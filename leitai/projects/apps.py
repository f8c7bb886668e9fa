"""The project ledger (项目建设): projects through their life, monthly updates, the map, feeds."""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class ProjectsConfig(areas.Area):
    name = "leitai.projects"
    label = "projects"
    verbose_name = _("Project ledger")
    menu = (Menu(35, _("Projects"), "leitai.projects.navigation.ENTRIES"),)
    api_routes = ("leitai.projects.api.routes",)
    # The ledger's figures feed the indicators the office chose (系统生成).
    system_values = ("leitai.projects.feeds.ledger_values",)
