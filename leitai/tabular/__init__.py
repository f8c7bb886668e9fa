"""Reading the tables offices send: CSV files and .xlsx workbooks, with no Django.

One reader for every upload and for `leitai score` (docs/scoring.md, "Input files"):

- `sources.csv_rows(path)` / `sources.xlsx_sheets(path)`: stream (row number, cells). CSV in
  UTF-8, UTF-8 with BOM or GB18030; an .xlsx that is not a workbook is refused; dates,
  booleans and formulas saved without a result keep their type; percent-formatted numbers
  become `cells.Percent`; merged ranges are filled with their top-left value.
- `tables.read_table(rows, spec, label, problems, limits)`: find the header (below any title
  rows) by the column names and aliases of a `SheetSpec`, skip blank rows and note rows,
  refuse rows longer than the header, and enforce `Limits(rows, cells)` while streaming.
- `cells.number(cell)` / `cells.text(cell)` / `cells.is_not_reported(cell)`: the one cell
  cleaner (full-width digits, 1,234, "85%" → Percent(0.85); dates, booleans, formulas
  without a result refused with a CellError saying what to do); `cells.clean(cell)` and
  `cells.decimal(cell)` read the same way for the web uploads and forms (text; exact Decimal).
- `problems.Problems`: keeps the first 200 problems and counts the rest ("... and N more
  problems"); `TabularError(messages)` is what a reader raises for files it cannot read. A
  problem is English text or an `Issue` (code + params + text) that a caller may word itself.

Every message names the file or sheet, the row as a spreadsheet user counts it, and the
column as written in the header.
"""

from leitai.tabular.cells import (
    CellError,
    Formula,
    Percent,
    clean,
    decimal,
    is_not_reported,
    number,
    text,
)
from leitai.tabular.problems import Issue, Problems, TabularError
from leitai.tabular.sources import csv_rows, decode, is_workbook, read_text, xlsx_sheets
from leitai.tabular.tables import Limits, SheetSpec, Table, read_table

__all__ = [
    "CellError",
    "Formula",
    "Issue",
    "Limits",
    "Percent",
    "Problems",
    "SheetSpec",
    "Table",
    "TabularError",
    "clean",
    "csv_rows",
    "decimal",
    "decode",
    "is_not_reported",
    "is_workbook",
    "number",
    "read_table",
    "read_text",
    "text",
    "xlsx_sheets",
]
