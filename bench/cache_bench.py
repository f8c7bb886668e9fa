"""Benchmark the cache folder: is a value save or a leaderboard slower once the folder is full?

Usage: .venv/bin/python bench/cache_bench.py [--quick] [--data DIR] [--rounds N] [--soak N]

Builds the demo county in a temporary LEITAI_DATA_DIR (migrate, collectstatic, demo) and uses
the shipped cache, the folder `<data>/cache`, in this process through Django's test client. One
round is what a rush does: a unit reporter saves a value through the API
(`POST /api/values/`, an audited change: a new cache generation), then opens the newest
published month's leaderboard of 第一组 (its page for this person is rendered again around the
cached body and stored). Each figure is the median of the rounds, taken
  - **fresh**: after emptying the folder;
  - **prefilled**: after writing 18,000 entries (24 h lifetimes, Django's file format) straight
    into the folder, as a long browsing day leaves it;
  - **soaked**: after a soak of `--soak` cycles, each a value save (a new generation) followed by
    the leaderboard as viewed by each of 12 people (supervisors, leaders, the office);
  - **fresh again**: after emptying the folder once more (a control: the machine's load and the
    database, which grows by the saves, change over the run).
Prints the folder's file count and each median with its ratio to the mean of the two fresh
measures (target ≈ 1.0).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import pickle
import shutil
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

# bench/ is on sys.path when run as a script
from http_load import build_county, setup_django

PREFILL = 18_000
VIEWERS = ["office", "leader", "leader_wang", "leader_li", *(f"dudao{n:02d}" for n in range(1, 9))]
TARGET = 1.25  # a ratio above this fails the run


class Rush:
    """A reporter saving one value again and again, and the leaderboard viewed in between."""

    def __init__(self):
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.utils import timezone

        from leitai.assessment.models import Period
        from leitai.assessment.services.periods import period_update
        from leitai.org.models import Group, Unit
        from leitai.rankings.selectors import latest_publication

        users = get_user_model().objects
        self.reporter = Client(HTTP_HOST="127.0.0.1")
        self.reporter.force_login(users.get(username="reporter"))
        self.viewers = []
        for name in VIEWERS:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(users.get(username=name))
            self.viewers.append(client)
        county = "370724"
        unit = Unit.objects.get(jurisdiction__code=county, name="县发展和改革局")
        period = Period.objects.get(year__jurisdiction__code=county, code="2022-11")
        # The demo's open month is long past its dates today: move them ahead, as the office can.
        now = timezone.now()
        period_update(
            actor=users.get(username="office"),
            period=period,
            deadline=now + dt.timedelta(days=30),
            locks_at=now + dt.timedelta(days=60),
        )
        group = Group.objects.get(year__jurisdiction__code=county, code="G1")
        snapshot = latest_publication(group.year_id).snapshot_id
        self.board = f"/rankings/snapshots/{snapshot}/?group={group.pk}"
        listing = self.reporter.get(f"/api/values/?period={period.pk}&unit={unit.pk}").json()
        editable = [v for v in listing["results"] if v["state"] in ("draft", "returned")]
        if not editable:
            raise RuntimeError("the reporter has no value to save in 2022-11")
        value = editable[0]
        self.body = {
            "period": period.pk,
            "unit": unit.pk,
            "indicator_code": value["indicator_code"],
            "revision": value["revision"],
        }
        self.n = 0
        for client in (self.reporter, *self.viewers):
            self.get(client)  # the first view makes the CSRF cookie, as a browser's would

    def get(self, client) -> float:
        started = time.perf_counter()
        response = client.get(self.board)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{self.board}: {response.status_code}")
        return elapsed

    def save(self) -> float:
        self.n += 1
        body = {**self.body, "value": str(100 + self.n % 50)}
        started = time.perf_counter()
        response = self.reporter.post("/api/values/", body, content_type="application/json")
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"value save: {response.status_code} {response.content[:300]!r}")
        self.body["revision"] = response.json()["revision"]
        return elapsed

    def rounds(self, n: int) -> tuple[float, float]:
        """Return the median ms of a value save and of the leaderboard over n rounds."""
        saves, boards = [], []
        for _ in range(n):
            saves.append(self.save())
            boards.append(self.get(self.reporter))
        return 1000 * statistics.median(saves), 1000 * statistics.median(boards)

    def soak(self, cycles: int) -> None:
        for _ in range(cycles):
            self.save()
            for client in self.viewers:
                self.get(client)


def folder() -> Path:
    from django.conf import settings

    return Path(settings.CACHES["default"]["LOCATION"])


def files() -> int:
    return sum(1 for p in folder().rglob("*") if p.is_file())


def empty_folder() -> None:
    """Empty the cache (and this process's copies); the logged-in sessions stay valid."""
    from leitai.core import cache

    cache.clear()


def prefill(n: int) -> None:
    """Write n entries into the folder as Django's file cache stores them (24 h lifetimes)."""
    payload = pickle.dumps(time.time() + 24 * 3600) + zlib.compress(pickle.dumps("x" * 2000))
    for i in range(n):
        name = hashlib.md5(f":1:bench:fill:{i}".encode()).hexdigest() + ".djcache"
        (folder() / name).write_bytes(payload)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, a shorter soak")
    parser.add_argument("--rounds", type=int, help="rounds per measure (default 40, quick 10)")
    parser.add_argument("--soak", type=int, help="soak cycles (default 300, quick 40)")
    parser.add_argument(
        "--data", help="reuse this LEITAI_DATA_DIR with the demo built (kept afterwards)"
    )
    args = parser.parse_args()
    rounds = args.rounds or (10 if args.quick else 40)
    cycles = args.soak if args.soak is not None else (40 if args.quick else 300)

    data = Path(args.data or tempfile.mkdtemp(prefix="leitai-cache-bench-"))
    env = {**os.environ, "LEITAI_DATA_DIR": str(data), "DEBUG": "0"}
    env.pop("LEITAI_CACHE_URL", None)  # the shipped default: the folder in the data folder
    results: dict[str, tuple[int, float, float]] = {}
    try:
        if not args.data:
            build_county(env)
        setup_django(env)
        empty_folder()
        rush = Rush()
        rush.rounds(5)  # warm up
        empty_folder()
        rush.rounds(1)
        results["fresh"] = (files(), *rush.rounds(rounds))
        empty_folder()
        prefill(PREFILL)
        results["prefilled"] = (files(), *rush.rounds(rounds))
        empty_folder()
        started = time.perf_counter()
        rush.soak(cycles)
        soak_s = time.perf_counter() - started
        results["soaked"] = (files(), *rush.rounds(rounds))
        empty_folder()
        rush.rounds(1)
        results["fresh again"] = (files(), *rush.rounds(rounds))
    finally:
        if not args.data:
            shutil.rmtree(data, ignore_errors=True)
    print(
        f"{rounds} rounds per measure; soak: {cycles} cycles × {len(VIEWERS)} viewers "
        f"in {soak_s:.0f} s"
    )
    print(f"{'folder':<12} {'files':>7} {'save ms':>8} {'ratio':>6} {'board ms':>9} {'ratio':>6}")
    save0 = (results["fresh"][1] + results["fresh again"][1]) / 2
    board0 = (results["fresh"][2] + results["fresh again"][2]) / 2
    worst = 0.0
    for name, (count, save, board) in results.items():
        worst = max(worst, save / save0, board / board0)
        ratios = f"{save:8.1f} {save / save0:6.2f} {board:9.1f} {board / board0:6.2f}"
        print(f"{name:<12} {count:7d} {ratios}")
    print(f"target: ratio ≈ 1.0 (fails above {TARGET})")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
