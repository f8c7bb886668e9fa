"""Benchmark the cache folder: is a value save or a leaderboard slower once the folder is full?

Usage: .venv/bin/python bench/cache_bench.py [--quick] [--data DIR] [--rounds N] [--soak N]

Builds the demo county in a temporary LEITAI_DATA_DIR (migrate, collectstatic, demo) and uses
the shipped cache, the folder `<data>/cache`, in this process through Django's test client. One
round is what a rush does: a unit reporter saves a value through the API
(`POST /api/values/`, an audited change: a new cache generation), then opens the newest
published month's leaderboard of 第一组 (its page for this person is rendered again around the
cached body and stored). Three cache folders of the shipped kind are compared:
  - **fresh**: empty at the start;
  - **prefilled**: 18,000 entries (24 h lifetimes, Django's file format) written straight into
    it, as a long browsing day leaves the folder;
  - **soaked**: after a soak of `--soak` cycles, each a value save (a new generation) followed by
    the leaderboard as viewed by each of 12 people (supervisors, leaders, the office).
The rounds take turns between the three folders (the process's cache is switched to each in
turn), so the machine's load and the database, which grows by the saves, weigh on all three
alike. Prints each folder's file count and the median save and leaderboard times with their
ratio to the fresh folder's (target ≈ 1.0).
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
TARGET = 1.3  # a ratio above this fails the run


class Rush:
    """A reporter saving one value again and again, and the leaderboard viewed in between."""

    def __init__(self):
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.utils import timezone

        from leitai.assessment.models import Period
        from leitai.assessment.scheme.services.periods import period_reopen, period_update
        from leitai.org.models import Group, Unit
        from leitai.rankings.selectors import latest_publication

        users = get_user_model().objects
        self.reporter = Client(HTTP_HOST="127.0.0.1")
        self.reporter.force_login(users.get(username="reporter2"))
        self.viewers = []
        for name in VIEWERS:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(users.get(username=name))
            self.viewers.append(client)
        county = "370724"
        unit = Unit.objects.get(jurisdiction__code=county, name="县商务局")
        period = Period.objects.get(year__jurisdiction__code=county, code="2022-10")
        # October is the demo's closed month where 县商务局 has a value returned: the office
        # opens it again and moves its dates ahead, as it can.
        now = timezone.now()
        office = users.get(username="office")
        period_reopen(actor=office, period=period)
        period_update(
            actor=office,
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
            raise RuntimeError("the reporter has no value to save in 2022-10")
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

    def round(self) -> tuple[float, float]:
        """Return the seconds of a value save and of the leaderboard that follows it."""
        return self.save(), self.get(self.reporter)

    def soak(self, cycles: int) -> None:
        for _ in range(cycles):
            self.save()
            for client in self.viewers:
                self.get(client)


def cache_folder(location: Path):
    """Return a cache of the configured kind (the shipped folder cache) in `location`."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    params = dict(settings.CACHES["default"])
    backend = import_string(params.pop("BACKEND"))
    params.pop("LOCATION")
    return backend(str(location), params)


def use(folder) -> None:
    """Make `folder` this process's shared cache (Django's `cache` and `caches["default"]`)."""
    from django.core.cache import caches

    caches._connections.default = folder


def files(location: Path) -> int:
    return sum(1 for p in location.rglob("*") if p.is_file())


def prefill(location: Path, n: int) -> None:
    """Write n entries into a folder as Django's file cache stores them (24 h lifetimes)."""
    payload = pickle.dumps(time.time() + 24 * 3600) + zlib.compress(pickle.dumps("x" * 2000))
    for i in range(n):
        name = hashlib.md5(f":1:bench:fill:{i}".encode()).hexdigest() + ".djcache"
        (location / name).write_bytes(payload)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, a shorter soak")
    parser.add_argument("--rounds", type=int, help="rounds per measure (default 60, quick 10)")
    parser.add_argument("--soak", type=int, help="soak cycles (default 300, quick 40)")
    parser.add_argument(
        "--data", help="reuse this LEITAI_DATA_DIR with the demo built (kept afterwards)"
    )
    args = parser.parse_args()
    rounds = args.rounds or (10 if args.quick else 60)
    cycles = args.soak if args.soak is not None else (40 if args.quick else 300)

    data = Path(args.data or tempfile.mkdtemp(prefix="leitai-cache-bench-"))
    env = {**os.environ, "LEITAI_DATA_DIR": str(data), "DEBUG": "0"}
    env.pop("LEITAI_CACHE_URL", None)  # the shipped default: the folder in the data folder
    names = ("fresh", "prefilled", "soaked")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    try:
        if not args.data:
            build_county(env)
        setup_django(env)
        rush = Rush()
        locations = {name: data / f"cache-bench-{name}" for name in names}
        folders = {}
        for name, location in locations.items():
            shutil.rmtree(location, ignore_errors=True)
            folders[name] = cache_folder(location)
        prefill(locations["prefilled"], PREFILL)
        use(folders["soaked"])
        started = time.perf_counter()
        rush.soak(cycles)
        soak_s = time.perf_counter() - started
        counts = {name: files(location) for name, location in locations.items()}
        for name in names:
            use(folders[name])
            for _ in range(3):
                rush.round()  # warm up: the sessions, the snapshot page's body
        for _ in range(rounds):
            for name in names:
                use(folders[name])
                times[name].append(rush.round())
    finally:
        if args.data:
            for name in names:
                shutil.rmtree(data / f"cache-bench-{name}", ignore_errors=True)
        else:
            shutil.rmtree(data, ignore_errors=True)
    print(
        f"{rounds} rounds per folder, taking turns; soak: {cycles} cycles × {len(VIEWERS)} "
        f"viewers in {soak_s:.0f} s"
    )
    print(f"{'folder':<10} {'files':>7} {'save ms':>8} {'ratio':>6} {'board ms':>9} {'ratio':>6}")
    medians = {
        name: [1000 * statistics.median(t[i] for t in times[name]) for i in (0, 1)]
        for name in names
    }
    save0, board0 = medians["fresh"]
    worst = 0.0
    for name in names:
        save, board = medians[name]
        worst = max(worst, save / save0, board / board0)
        ratios = f"{save:8.1f} {save / save0:6.2f} {board:9.1f} {board / board0:6.2f}"
        print(f"{name:<10} {counts[name]:7d} {ratios}")
    print(f"target: ratio ≈ 1.0 (fails above {TARGET})")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
