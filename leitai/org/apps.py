"""The organisation: jurisdictions, units, years, groups, people and their roles."""

from django.utils.translation import gettext_lazy as _

from leitai.core.areas import Area, Menu


class OrgConfig(Area):
    name = "leitai.org"
    label = "org"
    verbose_name = _("Organisation")
    menu = (Menu(60, _("Organisation"), "leitai.org.navigation.ENTRIES"),)
    api_routes = ("leitai.org.api.routes",)
