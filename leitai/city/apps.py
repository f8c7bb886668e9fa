"""The city's assessment of counties (市考): city indicators, their carriers, the city's results
by file, and their feed into the county's rank indicators."""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class CityConfig(areas.Area):
    name = "leitai.city"
    label = "city"
    verbose_name = _("City assessment")
    menu = (Menu(35, _("City assessment"), "leitai.city.navigation.ENTRIES"),)
    api_routes = ("leitai.city.api.routes",)
    # The county's position on each city indicator, as the value of the rank indicator it feeds.
    system_values = ("leitai.city.feeds.city_positions",)
    # The carried shares of those indicators, for the engine's `carriers` input.
    carriers = ("leitai.city.feeds.city_carriers",)
