"""Reads for the ledger's pages and API, scoped through access.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from leitai.projects.access import visible_projects
from leitai.projects.feeds import UnitFigures, unit_figures
from leitai.projects.models import Project, ProjectMonth, ProjectStage
from leitai.projects.schedule import (
    completion_rate,
    elapsed_share,
    gap_points,
    project_colour,
    stage_state,
)

DONE = ProjectStage.Status.DONE


def year_projects(user, year) -> QuerySet[Project]:
    """Return the projects of `year` that `user` may see, with what the map shows."""
    return (
        visible_projects(user)
        .filter(year=year)
        .select_related("unit", "leader", "year")
        .prefetch_related(
            Prefetch("stages", queryset=ProjectStage.objects.order_by("order")),
            Prefetch("months", queryset=ProjectMonth.objects.order_by("month")),
        )
        .order_by("unit__code", "code")
    )


@dataclass
class StageCell:
    stage: ProjectStage
    state: str


@dataclass
class ProjectRow:
    """One row of the project map."""

    project: Project
    cells: list[StageCell]
    colour: str
    late_days: int
    planned_year: Decimal
    completed: Decimal
    rate: Decimal | None
    gap: Decimal | None


def project_row(project: Project, as_of: dt.date) -> ProjectRow:
    """Return the map row of a project (its stages and months prefetched) as of a day."""
    stages = list(project.stages.all())
    cells, triples = [], []
    for s in stages:
        counted = s.status == DONE and s.actual_on is not None and s.actual_on <= as_of
        cells.append(StageCell(s, stage_state(s.planned_on, s.actual_on, counted, as_of)))
        triples.append((s.planned_on, s.actual_on, counted))
    colour, late = project_colour(triples, as_of)
    months = list(project.months.all())
    planned = sum((m.planned for m in months), Decimal(0))
    done = sum((m.completed or 0 for m in months if m.month <= as_of.month), Decimal(0))
    rate = completion_rate(done, planned)
    gap = gap_points(rate, as_of.month) if rate is not None else None
    return ProjectRow(project, cells, colour, late, planned, done, rate, gap)


@dataclass
class UnitGap:
    """A unit's (or the county's) investment against 序时进度."""

    name: str
    planned_year: Decimal
    completed: Decimal
    rate: Decimal | None
    gap: Decimal | None
    projects: int
    behind: int = 0


@dataclass
class MapData:
    rows: list[ProjectRow]
    units: list[UnitGap]
    county: UnitGap
    elapsed: Decimal
    counts: dict = field(default_factory=dict)


def _gap(name, planned, completed, month, projects, behind) -> UnitGap:
    rate = completion_rate(completed, planned)
    gap = gap_points(rate, month) if rate is not None else None
    return UnitGap(name, planned, completed, rate, gap, projects, behind)


def map_data(projects, as_of: dt.date) -> MapData:
    """Return the rows, the gap per unit and county-wide, and the colour counts."""
    rows = [project_row(p, as_of) for p in projects]
    by_unit: dict[int, list[ProjectRow]] = {}
    for row in rows:
        by_unit.setdefault(row.project.unit_id, []).append(row)
    units = []
    for unit_rows in by_unit.values():
        planned = sum((r.planned_year for r in unit_rows), Decimal(0))
        completed = sum((r.completed for r in unit_rows), Decimal(0))
        behind = sum(r.colour in ("behind", "stalled") for r in unit_rows)
        name = unit_rows[0].project.unit.name
        units.append(_gap(name, planned, completed, as_of.month, len(unit_rows), behind))
    units.sort(key=lambda u: (u.gap is None, u.gap if u.gap is not None else 0))
    planned = sum((u.planned_year for u in units), Decimal(0))
    completed = sum((u.completed for u in units), Decimal(0))
    behind = sum(u.behind for u in units)
    county = _gap("", planned, completed, as_of.month, len(rows), behind)
    counts = {
        c: sum(r.colour == c for r in rows) for c in ("ahead", "on_time", "behind", "stalled")
    }
    return MapData(rows, units, county, elapsed_share(as_of.month), counts)


def figures_for(projects, period_end: dt.date) -> dict[int, UnitFigures]:
    """Return the feed figures of the given projects' units."""
    return unit_figures(projects, period_end)


@dataclass
class TallyRow:
    """One line of an event's summary table."""

    label: str
    projects: int = 0
    total: Decimal = Decimal(0)
    this_year: Decimal = Decimal(0)


def event_tally(event) -> dict[str, list[TallyRow]]:
    """Return the event's projects tallied by type, size band and unit, with a total line.

    Each line: number of projects, their total investment and this year's planned investment
    (Σ of the 12 months), in 万元. This is the collective-start table a county sends up.
    """
    from leitai.projects.models import SizeBand

    projects = event.projects.select_related("unit").prefetch_related("months")
    groups: dict[str, dict[str, TallyRow]] = {"kind": {}, "band": {}, "unit": {}}
    total = TallyRow("")
    for p in projects:
        year_plan = sum((m.planned for m in p.months.all()), Decimal(0))
        keys = {
            "kind": p.get_kind_display(),
            "band": str(SizeBand(p.size_band).label),
            "unit": p.unit.name,
        }
        for group, label in keys.items():
            row = groups[group].setdefault(label, TallyRow(label))
            _add(row, p.total_investment, year_plan)
        _add(total, p.total_investment, year_plan)
    tally = {group: sorted(rows.values(), key=lambda r: -r.total) for group, rows in groups.items()}
    tally["total"] = [total]
    return tally


def _add(row: TallyRow, total: Decimal, this_year: Decimal) -> None:
    row.projects += 1
    row.total += total
    row.this_year += this_year
