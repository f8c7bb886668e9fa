"""Benchmark the battle map (挂图作战) of 200 key tasks with 1,500 milestones, served by gunicorn.

Usage: .venv/bin/python bench/tasks_bench.py [--quick] [--workers N] [--clients N]

Builds the demo county in a temporary LEITAI_DATA_DIR (migrate, collectstatic, demo), tops its
40 key tasks up to 200 tasks with 1,500 milestones and a weekly report for every week through
October, starts gunicorn on a free port of 127.0.0.1, logs the county leader in (a session made
in the database) and measures requests per second of a bounded loop of requests from client
threads against /healthz (a bare Django view returning a fixed string) and /tasks/map/.
Prints the ratio (target >= 0.3) and the in-process render time of the map when not cached.
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
from pathlib import Path

# bench/ is on sys.path when run as a script
from http_load import (
    browser_cookie,
    build_county,
    free_port,
    run_rounds,
    session_for,
    setup_django,
    start_server,
)

TARGET = 0.3
TASKS, MILESTONES = 200, 1500


def top_up() -> tuple[int, int]:
    """Add tasks, milestones and weekly reports until the year has 200 tasks, 1,500 milestones."""
    from leitai.keytasks.models import KeyTask, Milestone, TaskCategory, WeeklyReport
    from leitai.org.models import AssessmentYear, Unit

    year = AssessmentYear.objects.get(jurisdiction__code="370724", year=2022)
    categories = list(TaskCategory.objects.filter(year=year))
    units = list(Unit.objects.filter(jurisdiction_id=year.jurisdiction_id))
    rng = random.Random(7)
    have = KeyTask.objects.filter(year=year).count()
    new = KeyTask.objects.bulk_create(
        KeyTask(
            year=year,
            code=f"B{n:03d}",
            title=f"压力测试任务{n}",
            category=categories[n % len(categories)],
            lead_unit=rng.choice(units),
            start_date=dt.date(2022, 1, 1),
            end_date=dt.date(2022, 12, 31),
        )
        for n in range(TASKS - have)
    )
    missing = MILESTONES - Milestone.objects.filter(task__year=year).count()
    milestones = []
    for index in range(missing):
        task = new[index % len(new)]
        due = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        done = due if due < dt.date(2022, 10, 1) and rng.random() < 0.8 else None
        milestones.append(
            Milestone(
                task=task,
                order=index // len(new) + 1,
                title="节点",
                due_date=due,
                done_on=done,
                evidence="文件" if done else "",
            )
        )
    Milestone.objects.bulk_create(milestones)
    mondays = [dt.date(2022, 1, 3) + dt.timedelta(weeks=n) for n in range(43)]
    at = dt.datetime(2022, 10, 28, 9, tzinfo=dt.UTC)
    WeeklyReport.objects.bulk_create(
        WeeklyReport(
            task=t, week_start=m, progress=min(100, 2 * k), done_this_week="推进", submitted_at=at
        )
        for t in new
        for k, m in enumerate(mondays)
    )
    return KeyTask.objects.filter(year=year).count(), Milestone.objects.filter(
        task__year=year
    ).count()


def uncached_render_ms(username: str, repeat: int) -> float:
    """Return the median in-process time (ms) of the map page with an empty cache."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from leitai.core import cache

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    times = []
    for _ in range(repeat):
        cache.clear()
        started = time.perf_counter()
        response = client.get("/tasks/map/")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        assert response.content.count(b'data-testid="map-row-') == TASKS
    return 1000 * sorted(times)[len(times) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    requests = 200 if args.quick else 2000
    rounds = 1 if args.quick else 3

    data = Path(tempfile.mkdtemp(prefix="leitai-tasks-bench-"))
    env = {**os.environ, "LEITAI_DATA_DIR": str(data), "DEBUG": "0"}
    try:
        build_county(env)
        setup_django(env)
        tasks, milestones = top_up()
        session = session_for("leader")
        render_ms = uncached_render_ms("leader", 3 if args.quick else 7)
        port = free_port()
        server = start_server(env, port, args.workers)
        try:
            cookie = browser_cookie(port, session, "/tasks/map/")
            urls = {"healthz": "/healthz", "map": "/tasks/map/"}
            rates = run_rounds(port, urls, cookie, requests, args.clients, rounds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    ratio = rates["map"] / rates["healthz"]
    print(
        f"gunicorn {args.workers} worker(s), {args.clients} client threads, {requests} requests "
        f"per page per round; {tasks} tasks, {milestones} milestones"
    )
    print(f"{'page':<10} {'req/s':>8} {'ratio':>6}")
    for name, rate in rates.items():
        print(f"{name:<10} {rate:8.0f} {rate / rates['healthz']:6.2f}")
    print(f"map rendered without the cache: {render_ms:.0f} ms; target ratio >= {TARGET}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
