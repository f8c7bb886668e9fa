"""The quarterly arena contest (一季一打擂): live judging on phones, sealed scores, the reveal."""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class ContestConfig(areas.Area):
    name = "leitai.contest"
    label = "contest"
    verbose_name = _("Arena contest")
    menu = (Menu(45, _("Arena contest"), "leitai.contest.navigation.ENTRIES"),)
    api_routes = ("leitai.contest.api.routes",)
    todo = ("leitai.contest.todo.todo",)
