"""The key-task app: the package is leitai.keytasks; its app label stays "tasks", so the
migrations, tables, permissions, URL names and the templates/tasks/ folder keep that name.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "leitai.keytasks"
    label = "tasks"
    verbose_name = _("Key tasks and weekly dispatch")
