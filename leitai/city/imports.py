"""Reading the city's notice table (市考结果通报表) as cities send it.

One row per county and city indicator, with the position and, when given, the value and the
city's score. Title rows above the header, merged cells (a county's name merged down its
rows) and CSV in GBK are read by `leitai.tabular`; a workbook is read sheet by sheet until
one has the columns. Every problem names the sheet, the row and the column; nothing is kept
unless the whole table reads (the service applies the plan only on confirm).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop as N_

from leitai import tabular
from leitai.city.models import CityIndicator, CityRelease
from leitai.city.selectors import previous_positions
from leitai.core.imports import (
    Column,
    Problem,
    ProblemList,
    SheetSpec,
    Worksheet,
    add_issues,
    fingerprint,
    open_workbook,
    read_sheet,
)
from leitai.tabular.sources import CsvRows

SHEET = SheetSpec(
    "results",
    "市考结果",
    "results",
    (
        Column("county", "县市区", "county", required=True),
        Column("indicator", "指标", "indicator", required=True),
        Column("position", "位次", "position", required=True),
        Column("value", "数值", "value"),
        Column("score", "得分", "score"),
    ),
)
# Other headers cities use for the same columns (matched without brackets, e.g. 县（市、区）).
ALIASES = {
    "county": ("县", "县区", "县市", "地区", "区县", "单位", "county"),
    "indicator": ("指标名称", "考核指标", "指标代码", "项目", "indicator"),
    "position": ("排名", "名次", "排序", "位次排名", "position", "rank"),
    "value": ("完成值", "指标值", "完成情况", "增速", "value"),
    "score": ("得分", "分数", "赋分", "score"),
}
SUFFIXES = ("县", "市", "区")


def short_name(name: str) -> str:
    """Return a county's name without its 县/市/区 ending (临朐县 → 临朐), as tables vary."""
    name = tabular.clean(name).replace(" ", "")
    for suffix in SUFFIXES:
        if len(name) > 2 and name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@dataclass
class Line:
    """This county's result on one city indicator, with the last release's position."""

    indicator: CityIndicator
    position: int
    before: int | None
    counties: int

    @property
    def change(self) -> int | None:
        return None if self.before is None else self.before - self.position


@dataclass
class Plan:
    """What confirming would store: every row, and this county's line per indicator."""

    year_id: int
    period_code: str
    county: str
    rows: list[tuple[str, str, int, str | None, str | None]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    missing: list[CityIndicator] = field(default_factory=list)
    problems: ProblemList = field(default_factory=ProblemList)
    replaces: bool = False

    def digest(self) -> str:
        return fingerprint([self.year_id, self.period_code, self.county, self.rows])


def _spec() -> tabular.SheetSpec:
    table = SHEET.table()
    columns = {key: (*names, *ALIASES[key]) for key, names in table.columns.items()}
    return tabular.SheetSpec(table.name, columns, table.required, extra_ok=True, long_ok=True)


class _Sheet(SheetSpec):
    def table(self) -> tabular.SheetSpec:
        return _spec()


SPEC = _Sheet(SHEET.key, SHEET.zh, SHEET.en, SHEET.columns)


def worksheets(data: bytes, name: str, max_bytes: int) -> tuple[list[Worksheet], ProblemList]:
    """Return the sheets of an upload: a workbook's sheets, or one CSV file (UTF-8 or GBK)."""
    if tabular.is_workbook(data):
        book, problems = open_workbook(data, max_bytes=max_bytes)
        return ([Worksheet(t, rows) for t, rows in book.items()] if book else []), problems
    problems = ProblemList()
    try:
        text = tabular.decode(data, name)
    except tabular.TabularError as exc:
        add_issues(problems, exc.issues)
        return [], problems
    stream = io.StringIO(text, newline="")
    return [Worksheet(name, CsvRows(csv.reader(stream), stream))], problems


def read_results(data: bytes, name: str, *, year, period_code: str, max_bytes: int) -> Plan:
    """Read the city's notice table into a plan for `period_code` of `year` (problems listed)."""
    us = short_name(year.jurisdiction.name)
    plan = Plan(year.pk, period_code, us)
    sheets, plan.problems = worksheets(data, name, max_bytes)
    sheet = None
    for ws in sheets:
        found = ProblemList()
        sheet = read_sheet(ws, SPEC, found)
        if not found:
            break
        if ws is sheets[-1]:
            plan.problems.extend(found)
            return plan
    if sheet is None:
        return plan
    indicators = list(CityIndicator.objects.filter(year=year))
    known = {i.code: i for i in indicators} | {i.name: i for i in indicators}
    seen: dict[tuple[str, str], int] = {}
    ours: dict[int, int] = {}
    counties: dict[int, set] = {}
    for cells in sheet.rows:
        row = _row(cells, known, plan.problems)
        if row is None:
            continue
        ind, county, position, value, score = row
        key = (county, ind.code)
        if key in seen:
            plan.problems.append(
                cells["county"].problem(
                    N_("%(county)s appears twice for %(indicator)s (first in row %(first)s)."),
                    county=county,
                    indicator=ind.name,
                    first=seen[key],
                )
            )
            continue
        seen[key] = cells["county"].row
        counties.setdefault(ind.pk, set()).add(county)
        if short_name(county) == us:
            ours[ind.pk] = position
        plan.rows.append((ind.code, county, position, value, score))
    if not plan.rows and not plan.problems:
        plan.problems.append(Problem(N_("The table has no rows of results."), {}, sheet.title))
    if plan.rows and not ours and not plan.problems:
        plan.problems.append(
            Problem(
                N_("No row of %(county)s: is this the right table?"), {"county": us}, sheet.title
            )
        )
    _lines(plan, indicators, ours, counties)
    return plan


def _row(cells, known, problems):
    county = cells["county"].value
    code = cells["indicator"].value
    if not county:
        problems.append(cells["county"].problem(N_("The county is blank.")))
        return None
    ind = known.get(code)
    if ind is None:
        problems.append(
            cells["indicator"].problem(
                N_("Unknown city indicator %(code)s: add it on the city indicators page first."),
                code=code or "—",
            )
        )
        return None
    raw = cells["position"].value
    try:
        position = float(raw)
    except ValueError:
        position = 0.0
    if position != int(position) or not 1 <= position <= ind.peers:
        problems.append(
            cells["position"].problem(
                N_("The position must be a whole number from 1 to %(peers)s, got %(value)s."),
                peers=ind.peers,
                value=raw or "—",
            )
        )
        return None
    numbers = []
    for key in ("value", "score"):
        text = cells[key].value.rstrip("%")
        try:
            number = tabular.decimal(text) if text else None
        except tabular.CellError:
            number = False
        if number is not False:
            numbers.append(None if number is None else str(number))
        else:
            problems.append(cells[key].problem(N_("Not a number: %(value)s."), value=text))
            return None
    return ind, county, int(position), *numbers


def _lines(plan: Plan, indicators, ours: dict[int, int], counties: dict[int, set]) -> None:
    before = previous_positions(plan.year_id, plan.period_code)
    for ind in indicators:
        if ind.pk in ours:
            plan.lines.append(
                Line(ind, ours[ind.pk], before.get(ind.pk), len(counties.get(ind.pk, ())))
            )
        else:
            plan.missing.append(ind)
    plan.replaces = CityRelease.objects.filter(
        year_id=plan.year_id, period_code=plan.period_code
    ).exists()
