"""Every change to key tasks: one function, one transaction, one audit row each.

The services live in this package's modules, one per kind of object; they are named here too,
so callers write `services.task_create(...)`.
"""

from leitai.keytasks.services.dispatch import notice_generate
from leitai.keytasks.services.imports import tasks_import_apply
from leitai.keytasks.services.milestones import (
    MILESTONE_FIELDS,
    REPORT_FIELDS,
    milestone_change,
    milestone_complete,
    milestone_create,
    milestone_update,
    report_submit,
)
from leitai.keytasks.services.requests import request_answer, request_follow_up, request_raise
from leitai.keytasks.services.tasks import (
    SETTINGS_FIELDS,
    TASK_FIELDS,
    category_create,
    dispatch_settings_update,
    task_create,
    task_update,
)

__all__ = [
    "MILESTONE_FIELDS",
    "REPORT_FIELDS",
    "SETTINGS_FIELDS",
    "TASK_FIELDS",
    "category_create",
    "dispatch_settings_update",
    "milestone_change",
    "milestone_complete",
    "milestone_create",
    "milestone_update",
    "notice_generate",
    "report_submit",
    "request_answer",
    "request_follow_up",
    "request_raise",
    "task_create",
    "task_update",
    "tasks_import_apply",
]
