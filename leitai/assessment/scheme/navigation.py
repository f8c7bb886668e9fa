"""Menu entries of the scheme side of the assessment app."""

from django.utils.translation import gettext_lazy as _

from leitai.core.navigation import ALL_ROLES, NavEntry
from leitai.org.models import Role

ALL = ALL_ROLES
ENTRIES: list = [
    NavEntry(_("Scheme"), "assessment:scheme_list", ALL),
    NavEntry(_("Periods"), "assessment:period_list", frozenset({Role.OFFICE, Role.LEADER})),
    NavEntry(
        _("Targets"),
        "assessment:target_grid",
        frozenset({Role.OFFICE, Role.LEADER, Role.ASSESSOR, Role.REPORTER, Role.UNIT_LEADER}),
    ),
    NavEntry(
        _("Adjustments"),
        "assessment:adjustment_list",
        frozenset({Role.OFFICE, Role.LEADER, Role.ASSESSOR, Role.REPORTER, Role.UNIT_LEADER}),
    ),
]
