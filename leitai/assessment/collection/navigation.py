"""Menu entries of the collection side: data entry, review, chasing, judges' scores."""

from django.utils.translation import gettext_lazy as _

from leitai.core.navigation import NavEntry
from leitai.org.models import Role

ENTRIES: list = [
    NavEntry(
        _("Data entry"),
        "assessment:collect",
        frozenset({Role.REPORTER, Role.UNIT_LEADER, Role.ASSESSOR}),
    ),
    NavEntry(_("Review"), "assessment:review_home", frozenset({Role.ASSESSOR, Role.OFFICE})),
    NavEntry(_("Chasing"), "assessment:chasing_home", frozenset({Role.OFFICE})),
    NavEntry(_("Judges' scores"), "assessment:panel_home", frozenset({Role.OFFICE})),
]
