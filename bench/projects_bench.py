"""Benchmark the project map (项目挂图作战) of 500 projects, served by gunicorn, and the feeds.

Usage: .venv/bin/python bench/projects_bench.py [--quick] [--workers N] [--clients N] [--port P]

Builds the demo county in a temporary LEITAI_DATA_DIR (migrate, collectstatic, demo), adds 500
projects with their 7 stages and 12 months (planned investment, completed through October,
stage dates around their plans), starts gunicorn on 127.0.0.1 (port 8160 by default) and
measures requests per second of /healthz (a bare Django view) and /projects/?month=10 as the
office. Prints their ratio, the in-process render time of the map, and the time of the
October feed computation (`ledger_values`) over the 500 projects.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

# bench/ is on sys.path when run as a script
from http_load import (
    browser_cookie,
    build_county,
    run_rounds,
    session_for,
    setup_django,
    start_server,
)

PROJECTS = 500


def add_projects() -> int:
    """Add 500 projects with stages and months to the demo county's 2022 ledger."""
    from leitai.org.models import AssessmentYear, Unit
    from leitai.projects.models import Project, ProjectFeed, ProjectMonth, ProjectStage
    from leitai.projects.schedule import STAGE_ORDER

    year = AssessmentYear.objects.get(jurisdiction__code="370724", year=2022)
    units = list(Unit.objects.filter(jurisdiction_id=year.jurisdiction_id))
    rng = random.Random(18)
    projects = Project.objects.bulk_create(
        Project(
            year=year,
            code=f"BP{n:03d}",
            name=f"压力测试项目{n}",
            unit=rng.choice(units),
            level=rng.choice(["province", "city", "county"]),
            kind=rng.choice(["industry", "infrastructure", "livelihood", "other"]),
            total_investment=Decimal(rng.randint(10000, 800000)),
        )
        for n in range(PROJECTS)
    )
    months, stages = [], []
    for p in projects:
        plan = Decimal(rng.randint(50, 2000))
        for m in range(1, 13):
            done = (plan * Decimal(rng.uniform(0.6, 1.2))).quantize(Decimal("0.01"))
            months.append(
                ProjectMonth(project=p, month=m, planned=plan, completed=done if m <= 10 else None)
            )
        day = dt.date(2022, 1, 10)
        for code, order in STAGE_ORDER.items():
            day += dt.timedelta(days=rng.randint(20, 70))
            reached = day <= dt.date(2022, 10, 31) and rng.random() < 0.8
            actual = day + dt.timedelta(days=rng.randint(-10, 20)) if reached else None
            actual = actual if actual and actual <= dt.date(2022, 10, 31) else None
            stages.append(
                ProjectStage(
                    project=p,
                    stage=code,
                    order=order,
                    planned_on=day if day.year == 2022 else None,
                    actual_on=actual,
                    status="done" if actual else "pending",
                )
            )
    ProjectMonth.objects.bulk_create(months)
    ProjectStage.objects.bulk_create(stages)
    for metric, code in [("investment_rate", "BXM1"), ("start_rate", "BXM2")]:
        ProjectFeed.objects.get_or_create(year=year, metric=metric, indicator_code=code)
    return Project.objects.filter(year=year).count()


def render_ms(username: str, repeat: int) -> float:
    """Return the median in-process time (ms) of the map page."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get("/projects/?month=10")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return 1000 * sorted(times)[len(times) // 2]


def feed_ms(repeat: int) -> tuple[float, int]:
    """Return the median time (ms) of October's feed computation and the values it gives."""
    from leitai.projects.feeds import ledger_values

    times, values = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        values = ledger_values(year=2022, period_code="2022-10", period_end=dt.date(2022, 10, 31))
        times.append(time.perf_counter() - started)
    return 1000 * sorted(times)[len(times) // 2], len(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=8160)
    args = parser.parse_args()
    requests = 100 if args.quick else 1000
    rounds = 1 if args.quick else 3

    data = Path(tempfile.mkdtemp(prefix="leitai-projects-bench-"))
    env = {**os.environ, "LEITAI_DATA_DIR": str(data), "DEBUG": "0"}
    try:
        build_county(env)
        setup_django(env)
        count = add_projects()
        session = session_for("office")
        page_ms = render_ms("office", 3 if args.quick else 7)
        feeds_ms, values = feed_ms(3 if args.quick else 7)
        server = start_server(env, args.port, args.workers)
        try:
            cookie = browser_cookie(args.port, session, "/projects/?month=10")
            urls = {"healthz": "/healthz", "map": "/projects/?month=10"}
            rates = run_rounds(args.port, urls, cookie, requests, args.clients, rounds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    print(
        f"gunicorn {args.workers} worker(s), {args.clients} client threads, {requests} requests "
        f"per page per round; {count} projects"
    )
    print(f"{'page':<10} {'req/s':>8} {'ratio':>6}")
    for name, rate in rates.items():
        print(f"{name:<10} {rate:8.1f} {rate / rates['healthz']:6.3f}")
    print(f"map rendered in-process: {page_ms:.0f} ms")
    print(f"October feeds over {count} projects: {feeds_ms:.0f} ms, {values} values")
    return 0


if __name__ == "__main__":
    sys.exit(main())
