"""Generate the corpus of office files that `leitai score` must read or refuse exactly.

Run from the repository root: `python tests/scoring/files/generate.py`. The files are committed,
so the tests need nothing but the repository; `tests/scoring/test_corpus.py` lists the expected
outcome of each. Every case is the county example (examples/county-small) as an office might
really send it: saved as GBK CSV, as a workbook with Chinese names, a title row and merged
cells, or broken in one way.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[2] / "examples" / "county-small"
SHEETS = ("units", "values", "panel", "adjustments", "exemptions")
CHINESE = {
    "units": ("单位", ["单位代码", "单位名称", "分组"]),
    "values": ("数据", ["单位代码", "指标代码", "数值", "目标值", "上期值"]),
    "panel": ("评委打分", ["单位代码", "指标代码", "评委", "分数"]),
    "adjustments": ("加扣分", ["单位代码", "擂台", "类型", "级别", "分值", "事由"]),
    "exemptions": ("免考核", ["单位代码", "指标代码"]),
}
KINDS = {"bonus": "加分", "deduction": "扣分", "veto": "一票否决"}
LEVELS = {"national": "国家级", "provincial": "省级", "": ""}
FIXED = dt.datetime(2022, 11, 5, 9, 0)


def example_rows(sheet: str) -> list[list[str]]:
    """Return the example's rows of one sheet (header first)."""
    with (EXAMPLE / "data" / f"{sheet}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_csv(folder: Path, name: str, rows: list[list], encoding: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    (folder / f"{name}.csv").write_bytes(buffer.getvalue().encode(encoding))


def csv_folder(name: str, encoding: str, *, chinese: bool, change=None) -> Path:
    """Write the example as a folder of CSV files."""
    folder = HERE / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for sheet in SHEETS:
        rows = example_rows(sheet)
        title = sheet
        if chinese:
            title, header = CHINESE[sheet]
            rows = [header, *rows[1:]]
        if change:
            rows = change(sheet, rows)
        write_csv(folder, title, rows, encoding)
    return folder


def _number(text: str):
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def new_book() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.created = book.properties.modified = FIXED
    return book


def chinese_workbook(path: Path) -> None:
    """The example as an office's workbook: Chinese names, title rows, merged group cells, notes."""
    book = new_book()
    for sheet in SHEETS:
        title, header = CHINESE[sheet]
        ws = book.create_sheet(title)
        rows = example_rows(sheet)[1:]
        if sheet == "adjustments":
            rows = [[r[0], r[1], KINDS[r[2]], LEVELS[r[3]], *r[4:]] for r in rows]
        ws.append([f"2022年10月考核{title}"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append([])
        ws.append(header)
        for row in rows:
            ws.append([_number(c) if sheet in ("values", "panel") else c for c in row])
        if sheet == "units":
            # The group column merged down over the units of each group: C4:C6 and C7:C8.
            for top, bottom in ((4, 6), (7, 8)):
                for r in range(top + 1, bottom + 1):
                    ws.cell(r, 3).value = None
                ws.merge_cells(start_row=top, start_column=3, end_row=bottom, end_column=3)
        ws.append([])
        ws.append(["注：数据截至2022年10月31日，由各单位填报、县考核办审核。"])
        ws.append(["填报人：张三  联系电话：0536-1234567"])
    book.save(path)


def example_workbook(change=None) -> openpyxl.Workbook:
    """The example as a plain workbook with English names (values as numbers)."""
    book = new_book()
    for sheet in SHEETS:
        ws = book.create_sheet(sheet)
        for n, row in enumerate(example_rows(sheet)):
            ws.append(row if n == 0 else [_number(c) for c in row])
    if change:
        change(book)
    return book


def set_value(book, unit: str, indicator: str, value, number_format: str | None = None) -> None:
    ws = book["values"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == unit and row[1].value == indicator:
            row[2].value = value
            if number_format:
                row[2].number_format = number_format
            return
    raise KeyError((unit, indicator))


def main() -> None:
    for old in HERE.iterdir():
        if old.name not in ("generate.py", "__pycache__"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    shutil.copy(EXAMPLE / "scheme.yaml", HERE / "scheme.yaml")
    # Files an office saves, read exactly like the example.
    csv_folder("gbk-csv", "gb18030", chinese=True)
    csv_folder("utf8-bom-csv", "utf-8-sig", chinese=False)
    chinese_workbook(HERE / "chinese-workbook.xlsx")
    (HERE / "scheme-gbk.yaml").write_bytes(
        (EXAMPLE / "scheme.yaml").read_text(encoding="utf-8").encode("gb18030")
    )
    (HERE / "previous-gbk.csv").write_bytes("单位代码,排名\r\nFGW,2\r\nJXJ,1\r\n".encode("gb18030"))

    # Not reported marks and percentages.
    def marks(sheet, rows):
        if sheet == "values":
            for row, mark in zip(rows[1:], ("—", "/", "无", "未报"), strict=False):
                row[2] = mark  # FGW, JXJ, ZJJ, JYJ on P1
        return rows

    csv_folder("marks-csv", "utf-8", chinese=False, change=marks)

    def percents(sheet, rows):
        if sheet == "values":
            for row in rows:
                if row[:2] == ["JXJ", "R1"]:
                    row[2] = "75%"
        return rows

    csv_folder("percent-share-csv", "utf-8", chinese=False, change=percents)

    def percent_bands(sheet, rows):
        if sheet == "values":
            for row in rows:
                if row[:2] == ["FGW", "A2"]:
                    row[2] = "96%"
        return rows

    csv_folder("percent-bands-csv", "utf-8", chinese=False, change=percent_bands)
    example_workbook(lambda b: set_value(b, "JXJ", "R1", 0.75, "0%")).save(
        HERE / "percent-format.xlsx"
    )

    # Refused: a row longer than the header (an unquoted 1,520), typed cells, formulas.
    def long_row(sheet, rows):
        if sheet == "values":
            rows[2] = ["JXJ", "P1", "1", "520", "400", ""]
        return rows

    csv_folder("long-row-csv", "utf-8", chinese=False, change=long_row)
    example_workbook(lambda b: set_value(b, "FGW", "P1", dt.datetime(2022, 3, 1))).save(
        HERE / "date-cell.xlsx"
    )
    example_workbook(lambda b: set_value(b, "FGW", "P1", dt.time(8, 30))).save(
        HERE / "time-cell.xlsx"
    )
    example_workbook(lambda b: set_value(b, "FGW", "P1", True)).save(HERE / "bool-cell.xlsx")
    # openpyxl saves formulas without their results, as any program but Excel does.
    example_workbook(lambda b: set_value(b, "FGW", "P1", "=300+50")).save(
        HERE / "formula-no-result.xlsx"
    )

    # Not workbooks.
    (HERE / "empty.xlsx").write_bytes(b"")
    (HERE / "text.xlsx").write_text("unit,name,group\nFGW,县发改局,第一组\n", encoding="utf-8")
    (HERE / "random.xlsx").write_bytes(bytes((i * 7919 + 13) % 256 for i in range(4096)))
    shutil.copy(HERE / "chinese-workbook.xlsx", HERE / "renamed-workbook.dat")

    # Last period's own output as --previous (CSV and XLSX as `leitai score` writes them).
    shutil.copy(EXAMPLE / "expected.csv", HERE / "previous-output.csv")
    from leitai.scoring.cli import main as score

    data = str(EXAMPLE / "data")
    score([str(EXAMPLE / "scheme.yaml"), data, "-o", str(HERE / "previous-output.xlsx")])


if __name__ == "__main__":
    main()
