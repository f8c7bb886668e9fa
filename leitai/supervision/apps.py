"""Supervision: inspection rounds, visits, problems and their rectification, deductions."""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class SupervisionConfig(areas.Area):
    name = "leitai.supervision"
    label = "supervision"
    verbose_name = _("Supervision and rectification")
    menu = (Menu(40, _("Supervision"), "leitai.supervision.navigation.ENTRIES"),)
    api_routes = ("leitai.supervision.api.routes",)
    # Its items of the home page's to-do list.
    todo = ("leitai.supervision.todo.todo",)
