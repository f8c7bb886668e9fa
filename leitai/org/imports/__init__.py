"""Importing the organisation from one Excel workbook: read, plan, then apply all or nothing.

`read_workbook` turns the file into clean cells, `plan_import` compares them with the database
and names every problem by sheet, row and column, and `org_import_apply` (the one write) applies
a fresh plan in one transaction with one audit row (all three in `plan`). `template_workbook`
(in `template`) writes the same layout, filled with what is there now, so export → edit →
re-import works. Each sheet has its module — `units`, `groups`, `supervision`, `people` — with
its columns, the planning of its rows, how a planned change is applied, and its template rows.
What every Excel import shares (cells, `Problem`, `ImportRejected`) is in `leitai.core.imports`.
"""

from leitai.core.imports import ImportRejected, Problem
from leitai.org.imports.plan import (
    SHEETS,
    Book,
    Change,
    Plan,
    org_import_apply,
    plan_import,
    read_workbook,
)
from leitai.org.imports.template import template_workbook

__all__ = [
    "SHEETS",
    "Book",
    "Change",
    "ImportRejected",
    "Plan",
    "Problem",
    "org_import_apply",
    "plan_import",
    "read_workbook",
    "template_workbook",
]
