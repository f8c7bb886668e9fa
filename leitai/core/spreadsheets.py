"""The one writer of every spreadsheet Leitai produces: text stays text, never a formula.

Formula injection (CSV/XLSX injection, OWASP): a unit's name, a note or a problem description
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would otherwise be
written as a live formula (openpyxl turns any string starting with ``=`` into one), and a
spreadsheet program would evaluate it when the file is opened — ``=HYPERLINK("http://…"&C5)``
leaks neighbouring cells. Every workbook is therefore built with :func:`new_workbook` and
turned into bytes with :func:`workbook_bytes` (or saved with :func:`save_workbook`), which
rewrites every such cell as a plain string cell carrying Excel's *quote prefix* style (the
flag Excel sets when someone types a leading apostrophe). The quote prefix is formatting, not
data: the cell's value is the text exactly as typed, so a template downloaded and uploaded
again reads back unchanged and the importers have nothing to strip. Numbers stay numbers.

CSV has no styles, so :func:`csv_writer` follows OWASP's advice for it and prefixes such text
with a single quote; :func:`csv_unquote` removes exactly that prefix. A test
(tests/core/test_spreadsheets.py) fails if any module outside this one creates a workbook or a
CSV writer itself.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from openpyxl import Workbook

# openpyxl is imported where a workbook is made: `leitai score` writing CSV or JSON, and
# StreamingWorkbook, need none of it (its import is a fifth of a county run's start-up).

# What a spreadsheet program may read as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text the CSV writer prefixes: a formula start, after any quotes a previous escape added.
_CSV_ESCAPED = re.compile(r"'*[=+\-@\t\r]")
# A plain number written as text ("-1.5", "+3", "2e-05") is no formula: it stays as it is.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """Return True for text a spreadsheet program could evaluate as a formula."""
    return (
        isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value)
    )


def new_workbook() -> Workbook:
    """Return an empty workbook (one sheet); write it out with :func:`workbook_bytes`."""
    from openpyxl import Workbook

    return Workbook()


def neutralise(workbook: Workbook) -> int:
    """Make every formula-like cell a quote-prefixed string cell; return how many there were."""
    from openpyxl.cell.cell import MergedCell

    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell, MergedCell):
                    continue
                if cell.data_type == "f" or is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    count += 1
    return count


def new_streaming_workbook() -> Workbook:
    """Return a write-only workbook for large outputs; append rows made by :func:`safe_row`
    and save it with its own ``save`` (nothing is kept in memory to neutralise later)."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def safe_row(sheet, row) -> list:
    """Return a row for a write-only sheet: formula-like text as quote-prefixed string cells."""
    from openpyxl.cell.cell import WriteOnlyCell

    out = []
    for value in row:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            value = cell
        out.append(value)
    return out


def workbook_bytes(workbook: Workbook) -> bytes:
    """Return the workbook as XLSX bytes with no formula in it."""
    neutralise(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def save_workbook(workbook: Workbook, path: Path | str) -> None:
    """Save the workbook to a file with no formula in it."""
    Path(path).write_bytes(workbook_bytes(workbook))


def csv_cell(value: Any) -> Any:
    """Return the value for a CSV cell: formula-like text gets a leading single quote."""
    if isinstance(value, str) and _CSV_ESCAPED.match(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_unquote(text: str) -> str:
    """Remove the single quote :func:`csv_cell` added, and nothing else."""
    if _CSV_ESCAPED.match(text) and text.startswith("'"):
        return text[1:]
    return text


class SafeCsvWriter:
    """A ``csv.writer`` whose rows pass through :func:`csv_cell`."""

    def __init__(self, stream: TextIO, **options: Any):
        self._writer = csv.writer(stream, **options)
        self._stream = stream

    def writerow(self, row) -> Any:
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)

    def writecolumns(self, columns: list[list[str]]) -> None:
        """Write rows given as columns of text, exactly as writerows() would write them.

        The rows are joined as they are, and the text is checked in a few passes of C: no
        quote, carriage return or formula character (a "-" only where it starts no cell, or
        starts a number), one delimiter fewer than cells a row, one line a row. Otherwise each
        column is escaped and quoted cell by cell, as writerow() does.
        """
        dialect = self._writer.dialect
        simple = dialect.quoting == csv.QUOTE_MINIMAL and not dialect.escapechar
        if len(columns) < 2 or not simple or dialect.lineterminator != "\n":
            self.writerows(zip(*columns, strict=True))
            return
        if not columns[0]:
            return
        text = _joined(columns, dialect.delimiter)
        if not self._plain(text, len(columns[0]), len(columns)):
            text = _joined([self._column(column) for column in columns], dialect.delimiter)
        self._stream.write(text)

    def _plain(self, text: str, rows: int, width: int) -> bool:
        """Tell whether rows joined as they are need no escaping and no quoting."""
        delimiter = self._writer.dialect.delimiter
        if any(c in text for c in "'\"\r=+@\t") or text.count("\n") != rows:
            return False
        if text.count(delimiter) != rows * (width - 1):
            return False  # a cell holds a delimiter: it needs quotes
        at = text.find("-")
        while at >= 0:
            end = at + 1
            if at == 0 or text[at - 1] in (delimiter, "\n"):  # a cell starting with "-"
                end = min(i for i in (text.find(delimiter, at), text.find("\n", at)) if i >= 0)
                if not _NUMBER.fullmatch(text, at, end):
                    return False
            at = text.find("-", end)
        return True

    def _column(self, column: list[str]) -> list[str]:
        special = self._writer.dialect.delimiter + self._writer.dialect.quotechar + "\r\n"
        column = list(map(csv_cell, column))
        return [self._quoted(c) if any(s in c for s in special) else c for c in column]

    def _quoted(self, cell: str) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, self._writer.dialect).writerow([cell])
        return buffer.getvalue()[: -len(self._writer.dialect.lineterminator)]


def _joined(columns: list[list[str]], delimiter: str) -> str:
    return "\n".join(map(delimiter.join, zip(*columns, strict=True))) + "\n"


def csv_writer(stream: TextIO, **options: Any) -> SafeCsvWriter:
    """Return a CSV writer that never writes formula-like text as is."""
    return SafeCsvWriter(stream, **options)


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006"
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BOOLS = {False: '<c t="b"><v>0</v></c>', True: '<c t="b"><v>1</v></c>'}
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{MAIN_NS}"><fonts count="1"><font><sz val="11"/>'
    '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/>'
    '</fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border>'
    '<left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class StreamingWorkbook:
    """An .xlsx written a block of rows at a time, for outputs too large for openpyxl.

    Cells come as columns of Python values (text, float, int, bool or None); each column is
    turned into cell XML in one pass, text written inline, formula-like text as a string cell
    with the quote prefix style (as :func:`safe_row` does), so nothing in it is a formula.
    Each sheet streams to a temporary file; `save` zips them. Column widths are sized from a
    sheet's header and first rows, and the header row is frozen.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.sheets: list[_XmlSheet] = []

    SAMPLE = 200  # rows (the header first) that size a sheet's columns

    def create_sheet(self, title: str, header: list[str]) -> _XmlSheet:
        """Return a new sheet with its header row; append rows with its append_columns."""
        path = self.folder / f"sheet{len(self.sheets) + 1}.xml"
        sheet = _XmlSheet(path, header, self.SAMPLE)
        sheet.title = title
        self.sheets.append(sheet)
        return sheet

    def save(self, path: Path) -> None:
        import zipfile

        sheets = "".join(
            f'<sheet name="{_escape(s.title)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, s in enumerate(self.sheets, start=1)
        )
        relations = "".join(
            f'<Relationship Id="rId{n}" Type="{REL_NS}/worksheet" '
            f'Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(self.sheets) + 1)
        )
        styles_id = len(self.sheets) + 1
        relations += (
            f'<Relationship Id="rId{styles_id}" Type="{REL_NS}/styles" Target="styles.xml"/>'
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(self.sheets) + 1)
        )
        office = "application/vnd.openxmlformats-officedocument"
        parts = {
            "[Content_Types].xml": (
                f'{_HEAD}<Types xmlns="{PACKAGE_NS}/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{office}.spreadsheetml.'
                'sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="'
                f'{office}.spreadsheetml.styles+xml"/>{overrides}</Types>'
            ),
            "_rels/.rels": (
                f'{_HEAD}<Relationships xmlns="{PACKAGE_NS}/relationships"><Relationship '
                f'Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
                "</Relationships>"
            ),
            "xl/workbook.xml": (
                f'{_HEAD}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{sheets}'
                "</sheets></workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{_HEAD}<Relationships xmlns="{PACKAGE_NS}/relationships">{relations}'
                "</Relationships>"
            ),
            "xl/styles.xml": _STYLES,
        }
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, text in parts.items():
                archive.writestr(name, text)
            for n, sheet in enumerate(self.sheets, start=1):
                sheet.close()
                archive.write(sheet.path, f"xl/worksheets/sheet{n}.xml")


class _XmlSheet:
    """One sheet of a StreamingWorkbook: rows held until its widths are known, then streamed."""

    def __init__(self, path: Path, header: list[str], widths_from: int):
        self.path, self.title = path, ""
        self.header = list(header)
        self.widths_from = widths_from
        self.sample: list | None = [self.header]
        self.pending: list[str] = [_xml_rows([[h] for h in self.header])[0]]
        self.stream = None

    def append_columns(self, columns: list[list]) -> None:
        """Append rows given as columns of Python values."""
        if not columns or not columns[0]:
            return
        rows = _xml_rows(columns)
        if self.sample is None:
            self.stream.write("".join(rows))
            return
        self.sample += list(zip(*(c[: self.widths_from] for c in columns), strict=True))
        self.sample = self.sample[: self.widths_from]
        self.pending += rows
        if len(self.sample) >= self.widths_from:
            self._start()

    def _start(self) -> None:
        widths = []
        for position in range(len(self.header)):
            width = max(_width(r[position]) if position < len(r) else 0 for r in self.sample)
            widths.append(min(max(width + 2, 8), 60))
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
            for n, w in enumerate(widths, start=1)
        )
        self.stream = self.path.open("w", encoding="utf-8")
        self.stream.write(
            f'{_HEAD}<worksheet xmlns="{MAIN_NS}"><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            "</sheetView></sheetViews>"
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
            + "".join(self.pending)
        )
        self.sample = None
        self.pending = []

    def close(self) -> None:
        if self.sample is not None:
            self._start()
        self.stream.write("</sheetData></worksheet>")
        self.stream.close()


def _width(value: Any) -> int:
    if isinstance(value, float):
        return 10
    # Chinese characters take two columns on screen.
    return sum(2 if ord(c) > 0x2E80 else 1 for c in str("" if value is None else value))


def _escape(text: str) -> str:
    if _XML_ILLEGAL.search(text):
        raise ValueError(f"a character a workbook cannot hold in {text!r}")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_rows(columns: list[list]) -> list[str]:
    """Return the <row> elements of rows given as columns of Python values."""
    from itertools import repeat

    cells = [_xml_cells(column) for column in columns]
    n = len(columns[0])
    return list(map("".join, zip(repeat("<row>", n), *cells, repeat("</row>", n), strict=False)))


def _xml_cells(column: list) -> list[str]:
    """Return the <c> elements of one column of values (one pass per kind of value)."""
    kinds = set(map(type, column))
    if kinds <= {float, type(None)} or kinds <= {int, type(None)}:
        if type(None) in kinds:
            return [_xml_cell(v) for v in column]
        return _wrapped("<c><v>", list(map("{:.16g}".format, column)), "</v></c>")
    if kinds == {bool}:
        return [_BOOLS[v] for v in column]
    if kinds <= {str}:
        joined = "\n".join(column)
        plain = not (any(c in joined for c in "&<>=+-@\t\r") or _XML_ILLEGAL.search(joined))
        if plain and "" not in column:
            return _wrapped(
                '<c t="inlineStr"><is><t xml:space="preserve">', column, "</t></is></c>"
            )
    return [_xml_cell(v) for v in column]


def _wrapped(before: str, texts: list[str], after: str) -> list[str]:
    """Return each text between `before` and `after` (one str.join per cell)."""
    from itertools import repeat

    n = len(texts)
    return list(map("".join, zip(repeat(before, n), texts, repeat(after, n), strict=True)))


def _xml_cell(value: Any) -> str:
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f"<c><v>{value:.16g}</v></c>"  # as openpyxl writes numbers
    text = str(value)
    if not text:
        return "<c/>"
    style = ' s="1"' if is_formula_like(text) else ""
    return f'<c t="inlineStr"{style}><is><t xml:space="preserve">{_escape(text)}</t></is></c>'
