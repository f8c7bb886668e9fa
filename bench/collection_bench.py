"""Benchmark the Excel round trip of collected values: 107 units × 40 indicators.

Usage: .venv/bin/python bench/collection_bench.py [--quick]

Builds a synthetic county in a temporary database (LEITAI_DATA_DIR in a temp folder), then
times (1) writing the office's template, (2) previewing an upload of every value (read and
check), (3) importing it (read, check, write all rows, one audit row) once into an empty period
and then again with every value changed. Each is reported as a
ratio to the floor: reading the same workbook with openpyxl alone (read-only mode, every
cell's value). Target: the import within 3x of that bare read. --quick repeats each once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["LEITAI_DATA_DIR"] = tempfile.mkdtemp(prefix="leitai-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitai.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from leitai.assessment.collection.exports import template_workbook  # noqa: E402
from leitai.assessment.collection.services.excel_values import (  # noqa: E402
    plan_upload,
    values_import,
)
from leitai.assessment.models import Arena, Indicator, IndicatorValue, Period, Scheme  # noqa: E402
from leitai.org.models import (  # noqa: E402
    AssessmentYear,
    Group,
    GroupMembership,
    Jurisdiction,
    Role,
    RoleGrant,
    Unit,
)
from leitai.progress import track  # noqa: E402

UNITS, INDICATORS = 107, 40


def build():
    """Create the county, its scheme of 40 unit-supplied indicators and an open month."""
    call_command("migrate", verbosity=0)
    county = Jurisdiction.objects.create(code="B00001", name="基准县", level="county")
    year = AssessmentYear.objects.create(
        jurisdiction=county, year=2022, name="2022", is_current=True
    )
    groups = [Group.objects.create(year=year, code=f"G{n}", name=f"第{n}组") for n in (1, 2, 3)]
    units = Unit.objects.bulk_create(
        Unit(jurisdiction=county, code=f"U{n:03d}", name=f"县第{n}号单位", kind="government")
        for n in range(1, UNITS + 1)
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(year=year, group=groups[n % 3], unit=u) for n, u in enumerate(units)
    )
    scheme = Scheme.objects.create(year=year, version=1, name="基准方案", state="active")
    arena = Arena.objects.create(scheme=scheme, code="A", name="项目建设", weight=100)
    Indicator.objects.bulk_create(
        Indicator(scheme=scheme, arena=arena, code=f"I{n:02d}", name=f"指标{n:02d}",
                  rule="relative", max_points=10, measure="个", order=n)
        for n in range(1, INDICATORS + 1)
    )  # fmt: skip
    now = timezone.now()
    period = Period.objects.create(
        year=year, kind="month", code="2022-01", starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2022, 1, 31), opens_at=now - dt.timedelta(days=5),
        deadline=now + dt.timedelta(days=5), locks_at=now + dt.timedelta(days=10), state="open",
    )  # fmt: skip
    office = get_user_model().objects.create_user("bench-office")
    RoleGrant.objects.create(user=office, role=Role.OFFICE, jurisdiction=county)
    return office, period


def filled(template: bytes, salt: int) -> bytes:
    """Return the template with every value cell filled (a new set of numbers per salt)."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.active
    for number, row in enumerate(sheet.iter_rows(min_row=4, min_col=9, max_col=9)):
        # Values near one another, so the plausibility check (factor 10 from the median) passes.
        row[0].value = (number * 7 + salt) % 97 + 500.5
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bare_read(data: bytes) -> int:
    """The floor: read every cell's value with openpyxl alone."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(len(row) for row in book.active.iter_rows(values_only=True))
    book.close()
    return count


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="time each step once")
    repeat = 1 if parser.parse_args().quick else 5
    office, period = build()
    template = template_workbook(office, period, None, "基准")
    uploads = [filled(template, salt) for salt in range(repeat + 2)]
    bare_read(uploads[0])  # warm up openpyxl's imports and caches before anything is timed
    results = {}
    steps = ["floor", "template", "preview", "import new", "import changed"]
    for step in track(steps, len(steps), "collection bench"):
        if step == "floor":
            results[step] = timed(lambda: bare_read(uploads[0]), repeat)
        elif step == "template":
            results[step] = timed(lambda: template_workbook(office, period, None, "基准"), repeat)
        elif step == "preview":
            results[step] = timed(
                lambda: plan_upload(user=office, period=period, data=uploads[0]), repeat
            )
        elif step == "import new":
            results[step] = _import_runs(office, period, uploads[1:2], 1)
        else:
            results[step] = _import_runs(office, period, uploads[2:] + uploads[:1], repeat)
    rows = UNITS * INDICATORS
    assert IndicatorValue.objects.filter(period=period).count() == rows
    floor = results["floor"]
    print(f"\n{UNITS} units × {INDICATORS} indicators = {rows} rows; median of {repeat}")
    print(f"{'step':<16}{'seconds':>10}{'× bare read':>14}")
    for step in steps:
        print(f"{step:<16}{results[step]:>10.3f}{results[step] / floor:>14.2f}")
    ok = max(results["import new"], results["import changed"]) / floor <= 3
    print(f"import within 3x of a bare openpyxl read: {'yes' if ok else 'NO'}")
    return 0


def _import_runs(office, period, uploads, repeat) -> float:
    runs = []
    for salt in range(repeat):
        data = uploads[salt % len(uploads)]  # a new set of numbers each time: every row changes
        start = time.perf_counter()
        plan = plan_upload(user=office, period=period, data=data)
        assert not plan.problems and len(plan.changes) == UNITS * INDICATORS, plan.problems[:3]
        values_import(actor=office, period=period, plan=plan)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


if __name__ == "__main__":
    sys.exit(main())
