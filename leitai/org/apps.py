"""The organisation: jurisdictions, units, years, groups, people and their roles."""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class OrgConfig(areas.Area):
    name = "leitai.org"
    label = "org"
    verbose_name = _("Organisation")
    menu = (Menu(60, _("Organisation"), "leitai.org.navigation.ENTRIES"),)
    api_routes = ("leitai.org.api.routes", "leitai.org.calendar.api.routes")
