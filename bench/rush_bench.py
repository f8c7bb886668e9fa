"""Benchmark the deadline rush: every arena unit saves its month and signs off within a minute.

Usage: .venv/bin/python bench/rush_bench.py [--quick] [--db sqlite|postgres|both]
                                            [--window S] [--soak S] [--workers N]

For each database (SQLite as shipped; PostgreSQL when one answers on 127.0.0.1:5432, in a
database of its own that is dropped afterwards) it builds the demo county, opens 2022-11 for
entries again with none of its values, gives each of the 81 arena units a reporter and a unit
leader, and starts gunicorn (3 workers) on 127.0.0.1. Then the rush: each unit starts at a
random moment of the window (60 s) and
  - its reporter reads the form, saves every value it supplies and hands it over for sign-off
    — three units in four through the API (one bulk save), one in four through the page (the
    form POST with its CSRF token);
  - its leader signs off (API `submit`).
Afterwards every value must be stored exactly once as sent (revision 1) and every unit signed
off. Then a browsing soak (leaderboards, scorecards, home pages, the submission pages) fills
the cache folder for `--soak` seconds (600 by default), and the same rush runs again: its time
must be no worse than the first one's.

Prints per database: requests, errors, values lost, units signed off, p50/p95/max of the write
requests, the cache folder's file count and the second rush's time as a ratio of the first.
Targets: 0 errors and nothing lost on both; p95 < 1 s on PostgreSQL; second/first <= 1.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

# bench/ is on sys.path when run as a script
from http_load import ROOT, build_county, free_port, session_for, setup_django, start_server

PG_HOST, PG_PORT = "127.0.0.1", 5432
P95_TARGET = 1.0
SLOWDOWN_TARGET = 1.1


# --- set-up (in this process, on the server's database) ------------------------------------


@dataclass
class Unit:
    pk: int
    code: str
    codes: list[str]
    reporter_token: str
    leader_token: str
    reporter_session: str
    through_page: bool
    last: dict[str, str]  # last period's values: the rush sends plausible ones near them


@dataclass
class Rush:
    period_id: int
    units: list[Unit]


def open_the_month() -> Rush:
    """Open 2022-11 again, empty, with a reporter and a leader (token, session) per unit."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from leitai.assessment.collection.selectors import previous_period, unit_indicators
    from leitai.assessment.models import Evidence, Indicator, IndicatorValue, Period, Submission
    from leitai.org.models import GroupMembership, Role, RoleGrant

    period = Period.objects.get(year__jurisdiction__code="370724", code="2022-11")
    now = timezone.now()
    Period.objects.filter(pk=period.pk).update(
        state=Period.State.OPEN,
        opens_at=now - dt.timedelta(days=5),
        deadline=now + dt.timedelta(hours=2),
        locks_at=now + dt.timedelta(days=1),
    )
    period.refresh_from_db()
    IndicatorValue.objects.filter(period=period).delete()
    Evidence.objects.filter(period=period).delete()
    Submission.objects.filter(period=period).delete()
    users = get_user_model()
    members = (
        GroupMembership.objects.filter(year=period.year)
        .select_related("unit")
        .order_by("unit__code")
    )
    before = previous_period(period)
    last = {
        (u, c): str(v)
        for u, c, v in IndicatorValue.objects.filter(
            period=before, value__isnull=False
        ).values_list("unit_id", "indicator_code", "value")
    }
    units = []
    for index, member in enumerate(members):
        unit = member.unit
        people = {}
        for role in (Role.REPORTER, Role.UNIT_LEADER):
            name = f"rush-{role}-{unit.code}".lower()
            person, _created = users.objects.get_or_create(username=name)
            RoleGrant.objects.get_or_create(
                user=person, role=role, jurisdiction=unit.jurisdiction, unit=unit
            )
            people[role] = person
        codes = [
            i.code for i in unit_indicators(period, unit) if i.supplier == Indicator.Supplier.UNIT
        ]
        units.append(
            Unit(
                pk=unit.pk,
                code=unit.code,
                codes=codes,
                reporter_token=Token.objects.get_or_create(user=people[Role.REPORTER])[0].key,
                leader_token=Token.objects.get_or_create(user=people[Role.UNIT_LEADER])[0].key,
                reporter_session=session_for(people[Role.REPORTER].username),
                through_page=index % 4 == 3,
                last={c: last.get((unit.pk, c), "100") for c in codes},
            )
        )
    cache.clear()
    return Rush(period.pk, units)


def sent_value(unit: Unit, code: str, round_no: int) -> str:
    """The value a unit sends in a round: last period's, a few per cent up (plausible)."""
    from decimal import Decimal

    rise = Decimal(100 + (unit.pk + sum(map(ord, code))) % 9 + round_no) / 100
    return str((Decimal(unit.last[code]) * rise).quantize(Decimal("0.01")))


def check_stored(rush: Rush, round_no: int) -> tuple[int, int]:
    """Return (values not stored exactly once as sent, units not signed off)."""
    from decimal import Decimal

    from leitai.assessment.models import IndicatorValue, Submission

    stored = {
        (v.unit_id, v.indicator_code): v
        for v in IndicatorValue.objects.filter(period_id=rush.period_id)
    }
    lost = 0
    for unit in rush.units:
        for code in unit.codes:
            value = stored.get((unit.pk, code))
            wanted = Decimal(sent_value(unit, code, round_no))
            # Saved once (revision 1), then marked signed off once (revision 2).
            if value is None or value.value != wanted or value.revision != 2:
                lost += 1
    signed = Submission.objects.filter(
        period_id=rush.period_id, state__in=["submitted", "verified"]
    ).count()
    return lost, len(rush.units) - signed


# --- the clients (plain HTTP) --------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    write_times: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, expected: int, what: str, seconds: float, write: bool):
        with self.lock:
            self.requests += 1
            if status != expected:
                self.errors.append(f"{what}: {status}")
            if write:
                self.write_times.append(seconds)


class Client:
    def __init__(self, port: int, tally: Tally, headers: dict[str, str]):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.tally = tally
        self.headers = {"Host": "127.0.0.1", **headers}

    def call(self, method, path, body=None, headers=None, expected=200, write=False):
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers={**self.headers, **(headers or {})})
        response = self.conn.getresponse()
        data = response.read()
        self.tally.add(
            response.status, expected, f"{method} {path}", time.perf_counter() - started, write
        )
        return response, data

    def close(self):
        self.conn.close()


def api_unit(port: int, rush: Rush, unit: Unit, round_no: int, tally: Tally) -> None:
    reporter = Client(port, tally, {"Authorization": f"Token {unit.reporter_token}"})
    _response, data = reporter.call(
        "GET", f"/api/submissions/?period={rush.period_id}&unit={unit.pk}"
    )
    revisions = {}
    _response, data = reporter.call(
        "GET", f"/api/values/?period={rush.period_id}&unit={unit.pk}&page_size=500"
    )
    for item in json.loads(data).get("results", []):
        revisions[item["indicator_code"]] = item["revision"]
    body = {
        "period": rush.period_id,
        "unit": unit.pk,
        "values": [
            {
                "indicator_code": code,
                "value": sent_value(unit, code, round_no),
                "revision": revisions.get(code, 0),
            }
            for code in unit.codes
        ],
    }
    json_headers = {"Content-Type": "application/json"}
    _response, data = reporter.call(
        "POST", "/api/values/bulk/", json.dumps(body), json_headers, write=True
    )
    submission = json.loads(data).get("submission", {}).get("id")
    reporter.call(
        "POST", f"/api/submissions/{submission}/request-signoff/", "", json_headers, write=True
    )
    reporter.close()
    sign_off(port, unit, submission, tally)


def page_unit(port: int, rush: Rush, unit: Unit, round_no: int, tally: Tally) -> None:
    path = f"/assessment/collect/{rush.period_id}/units/{unit.pk}/"
    browser = Client(port, tally, {"Cookie": f"sessionid={unit.reporter_session}"})
    response, data = browser.call("GET", path)
    page = data.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = next(
        v.split(";", 1)[0]
        for k, v in response.getheaders()
        if k.lower() == "set-cookie" and v.startswith("csrftoken=")
    )
    form = {"csrfmiddlewaretoken": token, "action": "ready"}
    for code in unit.codes:
        revision = re.search(rf'name="r_{code}" value="(\d*)"', page)
        form[f"v_{code}"] = sent_value(unit, code, round_no)
        form[f"o_{code}"] = ""
        form[f"r_{code}"] = revision.group(1) if revision else "0"
    browser.call(
        "POST",
        path,
        urlencode(form),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={unit.reporter_session}; {cookie}",
            "Referer": f"http://127.0.0.1:{port}{path}",
        },
        expected=302,
        write=True,
    )
    browser.close()
    api = Client(port, tally, {"Authorization": f"Token {unit.reporter_token}"})
    _response, data = api.call("GET", f"/api/submissions/?period={rush.period_id}&unit={unit.pk}")
    results = json.loads(data).get("results", [])
    api.close()
    sign_off(port, unit, results[0]["id"] if results else 0, tally)


def sign_off(port: int, unit: Unit, submission: int, tally: Tally) -> None:
    leader = Client(port, tally, {"Authorization": f"Token {unit.leader_token}"})
    leader.call(
        "POST",
        f"/api/submissions/{submission}/submit/",
        "",
        {"Content-Type": "application/json"},
        write=True,
    )
    leader.close()


def run_rush(port: int, rush: Rush, round_no: int, window: float) -> tuple[Tally, float]:
    """Start every unit at a random moment of the window; return the tally and the time."""
    from leitai.progress import Progress

    tally = Tally()
    rng = random.Random(round_no)
    bar = Progress(len(rush.units), f"rush {round_no}", stream=sys.stderr)
    bar_lock = threading.Lock()

    def one(unit: Unit, delay: float) -> None:
        time.sleep(delay)
        try:
            (page_unit if unit.through_page else api_unit)(port, rush, unit, round_no, tally)
        except Exception as exc:
            with tally.lock:
                tally.errors.append(f"{unit.code}: {exc!r}")
        with bar_lock:
            bar.advance()

    threads = [
        threading.Thread(target=one, args=(unit, rng.uniform(0, window))) for unit in rush.units
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bar.finish()
    return tally, time.perf_counter() - started


def soak(port: int, rush: Rush, seconds: float, clients: int = 4) -> int:
    """Browse the demo's pages from several sessions for `seconds`; return requests made."""
    from leitai.org.models import Group
    from leitai.rankings.selectors import latest_publication

    group = Group.objects.get(year__jurisdiction__code="370724", code="G1")
    snapshot = latest_publication(group.year_id).snapshot_id
    shared = [f"/rankings/snapshots/{snapshot}/?group={group.pk}", "/"]
    shared += [f"/rankings/snapshots/{snapshot}/units/{u.pk}/" for u in rush.units[:40]]
    stop = time.perf_counter() + seconds
    counts = [0] * clients

    def browse(index: int) -> None:
        rng = random.Random(index)
        while time.perf_counter() < stop:
            unit = rush.units[rng.randrange(len(rush.units))]
            own = f"/assessment/collect/{rush.period_id}/units/{unit.pk}/"
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request(
                "GET",
                rng.choice([*shared, own]),
                headers={"Host": "127.0.0.1", "Cookie": f"sessionid={unit.reporter_session}"},
            )
            conn.getresponse().read()
            conn.close()
            counts[index] += 1

    threads = [threading.Thread(target=browse, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts)


def reset_month(rush: Rush) -> None:
    from django.core.cache import cache

    from leitai.assessment.models import IndicatorValue, Submission

    IndicatorValue.objects.filter(period_id=rush.period_id).delete()
    Submission.objects.filter(period_id=rush.period_id).delete()
    cache.clear()


# --- one database ----------------------------------------------------------------------------


def postgres_answers() -> bool:
    try:
        socket.create_connection((PG_HOST, PG_PORT), timeout=1).close()
        return True
    except OSError:
        return False


def recreate_postgres(name: str) -> str:
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres", autocommit=True
    ) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@{PG_HOST}:{PG_PORT}/{name}"


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres", autocommit=True
    ) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def cache_files(data: Path) -> int:
    return sum(1 for p in (data / "cache").rglob("*") if p.is_file())


def run_database(kind: str, args) -> dict:
    data = Path(tempfile.mkdtemp(prefix=f"leitai-rush-{kind}-"))
    env = {**os.environ, "LEITAI_DATA_DIR": str(data), "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    pg_name = "leitai_rush_bench"
    if kind == "postgres":
        env["DATABASE_URL"] = recreate_postgres(pg_name)
    try:
        build_county(env)
        setup_django(env)
        rush = open_the_month()
        port = free_port()
        server = start_server(env, port, args.workers)
        try:
            first, first_time = run_rush(port, rush, 1, args.window)
            lost, unsigned = check_stored(rush, 1)
            files_before = cache_files(data)
            browsed = soak(port, rush, args.soak) if args.soak else 0
            files_after = cache_files(data)
            reset_month(rush)
            second, second_time = run_rush(port, rush, 2, args.window)
            lost2, unsigned2 = check_stored(rush, 2)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data, ignore_errors=True)
        if kind == "postgres":
            drop_postgres(pg_name)
    return {
        "db": kind,
        "units": len(rush.units),
        "values": sum(len(u.codes) for u in rush.units),
        "requests": first.requests,
        "errors": first.errors + second.errors,
        "lost": lost + lost2,
        "unsigned": unsigned + unsigned2,
        "p50": percentile(first.write_times, 0.5),
        "p95": percentile(first.write_times, 0.95),
        "max": max(first.write_times, default=0.0),
        "p95_second": percentile(second.write_times, 0.95),
        "first": first_time,
        "second": second_time,
        "browsed": browsed,
        "files": (files_before, files_after),
    }


def report(rows: list[dict], args) -> bool:
    print(
        f"gunicorn {args.workers} workers on 127.0.0.1; each unit starts within "
        f"{args.window:.0f} s; soak {args.soak:.0f} s between the two rushes"
    )
    print(
        f"{'db':<9}{'units':>6}{'values':>7}{'reqs':>6}{'errors':>7}{'lost':>5}{'unsigned':>9}"
        f"{'p50 s':>7}{'p95 s':>7}{'max s':>7}{'p95 2nd':>8}{'2nd/1st':>8}  cache files"
    )
    ok = True
    for r in rows:
        slowdown = r["p95_second"] / r["p95"] if r["p95"] else 1.0
        print(
            f"{r['db']:<9}{r['units']:>6}{r['values']:>7}{r['requests']:>6}{len(r['errors']):>7}"
            f"{r['lost']:>5}{r['unsigned']:>9}{r['p50']:>7.2f}{r['p95']:>7.2f}{r['max']:>7.2f}"
            f"{r['p95_second']:>8.2f}{slowdown:>8.2f}  {r['files'][0]} → {r['files'][1]}"
            f" ({r['browsed']} pages browsed)"
        )
        for error in r["errors"][:5]:
            print(f"    {error}")
        ok &= not r["errors"] and not r["lost"] and not r["unsigned"]
        if r["db"] == "postgres":
            ok &= r["p95"] < P95_TARGET
        ok &= slowdown <= SLOWDOWN_TARGET or r["p95_second"] < 0.25
    print(
        f"targets: 0 errors, 0 lost, every unit signed off; p95 < {P95_TARGET:.0f} s on PostgreSQL;"
        f" second rush's p95 <= {SLOWDOWN_TARGET}× the first's"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 15 s window and a 20 s soak")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--window", type=float, help="seconds over which the units start")
    parser.add_argument("--soak", type=float, help="seconds of browsing between the rushes")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    args.window = args.window if args.window is not None else (15 if args.quick else 60)
    args.soak = args.soak if args.soak is not None else (20 if args.quick else 600)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if "postgres" in kinds and not postgres_answers():
        print("PostgreSQL does not answer on 127.0.0.1:5432: the rush runs on SQLite only")
        kinds.remove("postgres")
    rows = []
    for kind in kinds:
        # Each database in a process of its own: Django is set up once per process.
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                kind,
                "--window",
                str(args.window),
                "--soak",
                str(args.soak),
                "--workers",
                str(args.workers),
            ],
            cwd=ROOT,
            capture_output=False,
            stdout=subprocess.PIPE,
            text=True,
        )
        if out.returncode != 0:
            print(f"{kind}: the rush did not run")
            return 1
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return 0 if report(rows, args) else 1


if __name__ == "__main__":
    if "--one" in sys.argv:
        one = argparse.ArgumentParser()
        one.add_argument("--one")
        one.add_argument("--window", type=float)
        one.add_argument("--soak", type=float)
        one.add_argument("--workers", type=int)
        print(json.dumps(run_database(one.parse_args().one, one.parse_args())))
        sys.exit(0)
    sys.exit(main())
