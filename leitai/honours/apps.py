"""Year-end honours (年终大表彰): the year's grades, unit awards, the decision and certificates."""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class HonoursConfig(areas.Area):
    name = "leitai.honours"
    label = "honours"
    verbose_name = _("Year-end honours")
    menu = (Menu(47, _("Honours"), "leitai.honours.navigation.ENTRIES"),)
    api_routes = ("leitai.honours.api.routes",)
