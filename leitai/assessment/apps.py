"""The assessment app: the scheme (`scheme/`) and the monthly data collection (`collection/`)."""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class AssessmentConfig(areas.Area):
    name = "leitai.assessment"
    label = "assessment"
    verbose_name = _("Scheme and data collection")
    menu = (
        Menu(10, _("Data"), "leitai.assessment.collection.navigation.ENTRIES"),
        Menu(50, _("Scheme"), "leitai.assessment.scheme.navigation.ENTRIES"),
    )
    api_routes = (
        "leitai.assessment.scheme.api.routes",
        "leitai.assessment.collection.api.routes",
    )
    # Its items of the home page's to-do list.
    todo = ("leitai.assessment.collection.todo.todo",)
    # Run by `leitai worker` on a schedule (leitai/core/schedule.py).
    schedule = (
        "leitai.assessment.scheme.services.periods.periods_due",
        "leitai.assessment.collection.services.reminders.reminders_due",
    )
