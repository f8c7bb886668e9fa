from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "leitai.keytasks"
    label = "tasks"
    verbose_name = _("Key tasks and weekly dispatch")
