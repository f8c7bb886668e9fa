"""Benchmark the leaderboard and scorecard pages of the demo county, served by gunicorn.

Usage: .venv/bin/python bench/rankings_bench.py [--quick] [--workers N] [--threads N]

Builds the demo county in a temporary LEITAI_DATA_DIR (migrate, collectstatic, demo), starts
gunicorn on a free port of 127.0.0.1 with the same settings for every page, logs a unit
reporter in (a session made in the database), and measures requests per second of a bounded
loop of requests from client threads against:
  - /healthz (a bare Django view returning a fixed string) — the baseline;
  - the newest published month's leaderboard of 第一组 (49 units);
  - 县体育事业发展中心's scorecard in that month.
Prints each page's requests/s and its ratio to /healthz (target >= 0.5). Pages of a snapshot
are cached after their first view (a snapshot never changes); the in-process render time of an
uncached page is printed too.
"""

from __future__ import annotations

import argparse
import os
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

TARGET = 0.5


def pages() -> dict[str, str]:
    """Return the URLs measured: the baseline and the two rankings pages."""
    from leitai.org.models import Group, Unit
    from leitai.rankings.selectors import latest_publication

    sports = Unit.objects.get(jurisdiction__code="370724", name="县体育事业发展中心")
    group = Group.objects.get(year__jurisdiction__code="370724", code="G1")
    publication = latest_publication(group.year_id)
    snapshot = publication.snapshot_id
    return {
        "healthz": "/healthz",
        "leaderboard": f"/rankings/snapshots/{snapshot}/?group={group.pk}",
        "scorecard": f"/rankings/snapshots/{snapshot}/units/{sports.pk}/",
    }


def uncached_render_ms(urls: dict[str, str], username: str, repeat: int) -> dict[str, float]:
    """Return the in-process render time (ms) of each rankings page with an empty cache."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from leitai.core import cache

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    out = {}
    for name in ("leaderboard", "scorecard"):
        times = []
        for _ in range(repeat):
            cache.clear()
            started = time.perf_counter()
            response = client.get(urls[name])
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (name, response.status_code)
        out[name] = 1000 * sorted(times)[len(times) // 2]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--data", help="reuse this LEITAI_DATA_DIR with the demo built (kept afterwards)"
    )
    args = parser.parse_args()
    requests = 200 if args.quick else 2000
    rounds = 1 if args.quick else 3

    data = Path(args.data or tempfile.mkdtemp(prefix="leitai-rankings-bench-"))
    env = {**os.environ, "LEITAI_DATA_DIR": str(data), "DEBUG": "0"}
    try:
        if not args.data:
            build_county(env)
        setup_django(env)
        urls = pages()
        session = session_for("reporter")
        render_ms = uncached_render_ms(urls, "reporter", 3 if args.quick else 9)
        port = free_port()
        server = start_server(env, port, args.workers, args.threads)
        try:
            # Like a browser after its first page: a session and a CSRF cookie.
            cookie = browser_cookie(port, session, urls["leaderboard"])
            rates = run_rounds(port, urls, cookie, requests, args.clients, rounds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        if not args.data:
            shutil.rmtree(data, ignore_errors=True)
    report(rates, render_ms, args, requests)
    return (
        0 if min(rates[n] / rates["healthz"] for n in ("leaderboard", "scorecard")) >= TARGET else 1
    )


def report(rates, render_ms, args, requests) -> None:
    print(
        f"gunicorn {args.workers} worker(s) × {args.threads} thread(s), {args.clients} client "
        f"threads, {requests} requests per page per round"
    )
    print(f"{'page':<12} {'req/s':>8} {'ratio':>6}  uncached render")
    for name, rate in rates.items():
        ratio = rate / rates["healthz"]
        render = f"{render_ms[name]:.0f} ms" if name in render_ms else ""
        print(f"{name:<12} {rate:8.0f} {ratio:6.2f}  {render}")
    print(f"target: ratio >= {TARGET}")


if __name__ == "__main__":
    sys.exit(main())
