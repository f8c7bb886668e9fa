"""Key tasks (重点任务): tasks, milestones, weekly reports, dispatch notices, the battle map.

The app label stays "tasks" (its tables, URLs and templates are named so); the package is
`keytasks` so that it is never confused with background jobs (`leitai.core.jobs`).
"""

from django.utils.translation import gettext_lazy as _

from leitai.core import areas
from leitai.core.areas import Menu


class TasksConfig(areas.Area):
    name = "leitai.keytasks"
    label = "tasks"
    verbose_name = _("Key tasks and weekly dispatch")
    menu = (Menu(30, _("Key tasks"), "leitai.keytasks.navigation.ENTRIES"),)
    api_routes = ("leitai.keytasks.api.routes",)
    # Milestone shares feed the indicators the scheme marks as system-supplied (系统生成).
    system_values = ("leitai.keytasks.feeds.share_values",)
    # Its items of the home page's to-do list.
    todo = ("leitai.keytasks.todo.todo",)
