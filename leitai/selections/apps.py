"""Selections (评选): exemplars such as 六比六树 and every selection of the same shape."""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class SelectionsConfig(areas.Area):
    name = "leitai.selections"
    label = "selections"
    verbose_name = _("Selections")
    menu = (Menu(48, _("Selections"), "leitai.selections.navigation.ENTRIES"),)
    api_routes = ("leitai.selections.api.routes",)
    todo = ("leitai.selections.todo.todo",)
