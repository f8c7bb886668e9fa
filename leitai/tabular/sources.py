"""Rows of CSV files and .xlsx workbooks, streamed, with spreadsheet row numbers.

CSV: UTF-8, UTF-8 with BOM, or GB18030 (which covers GBK and GB2312, Excel's "CSV" on Chinese
Windows). XLSX (a path, or the bytes of an upload): read with openpyxl's streaming parser;
dates, booleans and formulas saved without a result keep their type (see cells.py), numbers
shown as percentages become cells.Percent, and merged ranges are filled with their top-left
value. A file that cannot be read raises TabularError with an Issue.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from itertools import repeat
from pathlib import Path

from leitai.tabular.cells import Formula, Percent
from leitai.tabular.problems import Issue, TabularError

ENCODINGS = ("utf-8-sig", "gb18030")
MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
Rows = Iterator[tuple[int, list]]
CHUNK, OVERLAP = 1 << 20, 256  # merged ranges are found a megabyte of XML at a time


def decode(data: bytes, name: str) -> str:
    """Return the text of a CSV file in UTF-8 (with or without BOM) or GB18030."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    message = (
        f"{name}: not a text file in UTF-8 or GB18030 (GBK): "
        "save it from Excel as “CSV UTF-8” or “CSV (逗号分隔)”"
    )
    raise TabularError([Issue("not_text", {"name": name}, message)])


def read_text(path: Path) -> str:
    """Read a whole text file (CSV or YAML) in UTF-8, UTF-8 with BOM or GB18030."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        message = f"{path}: cannot read ({exc.strerror})"
        issue = Issue("cannot_read", {"name": str(path), "reason": exc.strerror}, message)
        raise TabularError([issue]) from exc
    return decode(data, str(path))


class CsvRows:
    """(row number, cells) of a CSV file, row 1 first; `rest()` hands over the unread rows,
    `grid()` the unread rows as columns when they are a plain grid."""

    def __init__(self, reader, stream: io.StringIO):
        self._reader = reader
        self._stream = stream  # what the reader reads, line by line
        self._number = 0

    def __iter__(self) -> CsvRows:
        return self

    def __next__(self) -> tuple[int, list]:
        row = next(self._reader)
        self._number += 1
        return self._number, row

    def rest(self) -> tuple[int, list[list[str]]]:
        """Return the number of the next row and every row not yet read, in one list."""
        first = self._number + 1
        rows = list(self._reader)
        self._number += len(rows)
        return first, rows

    def grid(self) -> tuple[int, list[list[str]]] | None:
        """Return the number of the next row and the rows not yet read as columns, when they
        are a plain grid: no quote, carriage return alone or NUL, and the same number of cells
        on every line (a blank line has one). The cells are what the CSV reader would give,
        without building a list per row. None (and nothing read) otherwise."""
        at = self._stream.tell()
        text = self._stream.read()
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()  # the file's last line break
        counts = set(map(str.count, lines, repeat(",")))
        if len(counts) != 1 or any(c in text for c in '"\r\x00') or "" in lines:
            self._stream.seek(at)
            return None
        width = counts.pop() + 1
        cells = ",".join(lines).split(",")
        first = self._number + 1
        self._number += len(lines)
        return first, [cells[k::width] for k in range(width)]


def csv_rows(path: Path) -> CsvRows:
    """Yield (row number, cells) of a CSV file; row 1 is the first line."""
    stream = io.StringIO(read_text(path), newline="")
    return CsvRows(csv.reader(stream), stream)


def is_workbook(source: Path | bytes) -> bool:
    """Tell whether a file (path or bytes) is a zip archive holding an Excel workbook."""
    return _not_workbook(source) is None


def _not_workbook(source: Path | bytes) -> str | None:
    """Return why a file is not a workbook ("BadZipFile", "KeyError"), or None."""
    import zipfile  # only for workbooks: a CSV run does without it

    try:
        with zipfile.ZipFile(_open(source)) as archive:
            found = "xl/workbook.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return "BadZipFile"
    return None if found else "KeyError"


def _open(source: Path | bytes):
    return io.BytesIO(source) if isinstance(source, bytes) else source


def xlsx_sheets(source: Path | bytes, name: str | None = None) -> dict[str, Rows]:
    """Return, per sheet title, a lazy iterator over (row number, cells) of that sheet.

    `source` is a path or the bytes of an upload; `name` names it in messages (default: path).
    """
    name = str(source) if name is None else name
    reason = _not_workbook(source)
    if reason is not None:
        message = (
            f"{name}: not an Excel workbook (.xlsx): save it from Excel or WPS as "
            "“Excel 工作簿 (*.xlsx)”; an old .xls or a renamed CSV file cannot be read"
        )
        raise TabularError([Issue("not_workbook", {"name": name, "reason": reason}, message)])
    try:
        workbook = _load(_open(source))
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        reason = type(exc).__name__
        message = f"{name}: the workbook cannot be opened ({reason}): save it again"
        raise TabularError(
            [Issue("cannot_open", {"name": name, "reason": reason}, message)]
        ) from exc
    return {ws.title: _sheet_rows(workbook, ws) for ws in workbook.worksheets}


def _load(source):
    """Open a workbook for streaming: openpyxl's read-only load, minus the size probe.

    openpyxl's read-only sheet probes its size on opening, and a sheet saved without a
    <dimension> element (as openpyxl's own write-only mode saves it) is then parsed whole
    before the first row is read: 200,000 junk rows would all be parsed, whatever the limit.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Sheet(ReadOnlyWorksheet):
        def _get_size(self):
            """Skip the probe: the rows are streamed by _sheet_rows, which needs no size."""

    class Reader(ExcelReader):
        def read_worksheets(self):
            for sheet, rel in self.parser.find_sheets():
                if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                    ws = Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                    self.wb._sheets.append(ws)

    reader = Reader(source, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _sheet_rows(workbook, ws) -> Rows:
    """Stream one sheet, filling merged ranges (read from the sheet's XML first).

    This uses openpyxl's streaming sheet parser directly (a few of its private attributes,
    pinned with openpyxl's version), because its read-only worksheet cannot tell a formula
    without a result from a blank cell, and has no merged ranges.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    merged = _merges(workbook, ws)
    percent_styles = _percent_styles(workbook)

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            if element.get("t") == "inlineStr":
                _plain_inline(element)
            cell = super().parse_cell(element)
            if cell["value"] is None:
                formula = element.find(FORMULA_TAG)
                if formula is not None:
                    cell["value"] = Formula("=" + (formula.text or ""))
            elif cell["style_id"] in percent_styles and cell["data_type"] == "n":
                cell["value"] = Percent(cell["value"])
            return cell

    def rows() -> Rows:
        origins: dict[tuple[int, int], object] = {}
        with workbook._archive.open(ws._worksheet_path) as source:
            parser = Parser(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, cells in parser.parse():
                row = [None] * (cells[-1]["column"] if cells else 0)
                for cell in cells:
                    row[cell["column"] - 1] = cell["value"]
                if merged:
                    _fill(merged, origins, number, row)
                yield number, row

    return rows()


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FORMULA_TAG, INLINE_TAG, TEXT_TAG, RUN_TAG, VALUE_TAG = (
    MAIN + t for t in ("f", "is", "t", "r", "v")
)


def _plain_inline(element) -> None:
    """Turn an inline string cell into a plain text cell (openpyxl reads those 5× faster)."""
    from xml.etree.ElementTree import SubElement

    inline = element.find(INLINE_TAG)
    if inline is not None:
        runs = [run.findtext(TEXT_TAG) or "" for run in inline.iterfind(RUN_TAG)]
        element.set("t", "str")
        SubElement(element, VALUE_TAG).text = (inline.findtext(TEXT_TAG) or "") + "".join(runs)


def _merges(workbook, ws) -> tuple[set, dict[int, list[tuple[int, tuple[int, int]]]]]:
    """Return the top-left cells of merged ranges, and per row the other cells with theirs."""
    from openpyxl.utils import column_index_from_string

    tops: set[tuple[int, int]] = set()
    by_row: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for left, top, right, bottom in _merge_refs(workbook, ws):
        c0, c1 = column_index_from_string(left.decode()), column_index_from_string(right.decode())
        r0, r1 = int(top), int(bottom)
        tops.add((r0, c0))
        for r in range(r0, r1 + 1):
            by_row.setdefault(r, []).extend(
                (c, (r0, c0)) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)
            )
    return (tops, by_row) if tops else ()


def _merge_refs(workbook, ws) -> Iterator[tuple[bytes, ...]]:
    """Yield the corners of each merged range, scanning the sheet's XML a chunk at a time."""
    tail = b""
    with workbook._archive.open(ws._worksheet_path) as source:
        while chunk := source.read(CHUNK):
            data, last = tail + chunk, 0
            for match in MERGE.finditer(data):
                yield match.groups()
                last = match.end()
            tail = data[max(last, len(data) - OVERLAP) :]


def _fill(merged, origins: dict, number: int, row: list) -> None:
    """Remember this row's top-left cells of merged ranges, and fill its other merged cells."""
    tops, by_row = merged
    for c, value in enumerate(row, start=1):
        if (number, c) in tops:
            origins[(number, c)] = value
    for c, origin in by_row.get(number, ()):
        if c > len(row):
            row.extend([None] * (c - len(row)))
        row[c - 1] = origins.get(origin)


def _percent_styles(workbook) -> set[int]:
    """Return the style ids whose number format shows a percentage."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    styles = set()
    for style_id, style in enumerate(workbook._cell_styles):
        code = BUILTIN_FORMATS.get(style.numFmtId)
        if code is None:
            custom = style.numFmtId - BUILTIN_FORMATS_MAX_SIZE
            formats = workbook._number_formats
            code = formats[custom] if 0 <= custom < len(formats) else ""
        if "%" in re.sub(r'"[^"]*"|\\.', "", code):
            styles.add(style_id)
    return styles
