"""Every change to the project ledger: one function, one transaction, one audit row each."""

from leitai.projects.services.events import event_create
from leitai.projects.services.imports import ledger_import_apply
from leitai.projects.services.ledger import (
    PROJECT_FIELDS,
    feeds_update,
    project_create,
    project_update,
)
from leitai.projects.services.progress import (
    month_update,
    stage_reopen,
    stage_report,
    stage_send_back,
    stage_verify,
)

__all__ = [
    "PROJECT_FIELDS",
    "event_create",
    "feeds_update",
    "ledger_import_apply",
    "month_update",
    "project_create",
    "project_update",
    "stage_reopen",
    "stage_report",
    "stage_send_back",
    "stage_verify",
]
