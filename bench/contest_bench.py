"""Benchmark the contest's busiest second: 30 judges submit their sheets for one unit at once.

Usage: .venv/bin/python bench/contest_bench.py [--quick] [--db sqlite|postgres] [--judges N]
                                               [--workers N] [--port P]

Builds the demo county in a temporary data folder (PostgreSQL: a database of its own, dropped
afterwards), sets up a contest of 第一组 on a quarter that is not locked, feeding the panel
indicator R03, with N guest judges (30, spread over R03's rater classes), draws, starts it and
opens scoring for the first unit.
Then gunicorn (3 workers) serves it on 127.0.0.1 and N threads, released by one barrier, each
POST their sheet to the judges' API with their own link token; meanwhile one thread polls the
big screen's fragment (as the office, back to back) and reads its count of judges submitted.
Afterwards every thread sends its sheet again with the same key (the phone's resend).

Prints: the submissions' errors, sheets stored (must be N, each judge once, also after the
resends), p50/p95/max of the submissions, and the time from a submission being sent to the
first screen fragment that counts it (median, p95). The screen in the hall polls every second,
so a judge's submission shows there within this time plus at most one second.
Targets: 0 errors, N sheets stored once; screen time p95 < 1 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from http_load import build_county, free_port, session_for, setup_django, start_server
from rush_bench import drop_postgres, percentile, postgres_answers, recreate_postgres

SCREEN_TARGET = 1.0
COUNT = re.compile(r'data-testid="screen-count">[^<0-9]*(\d+)')


def set_up(judges: int) -> dict:
    """Create the contest on the server's database and bring its first unit to scoring."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from leitai.assessment.models import Period
    from leitai.contest import selectors
    from leitai.contest.models import ContestUnit
    from leitai.contest.services import live, setup
    from leitai.demo import org
    from leitai.org.models import AssessmentYear, Group

    office = get_user_model().objects.get(username="office")
    year = AssessmentYear.objects.get(jurisdiction=org.demo_county(), year=org.YEAR)
    period = (
        Period.objects.filter(year=year, kind=Period.Kind.QUARTER)
        .exclude(state=Period.State.LOCKED)
        .order_by("code")
        .first()
    )
    group = Group.objects.get(year=year, name="第一组")
    contest = setup.contest_create(
        actor=office,
        year=year,
        period=period,
        groups=[group],
        name="压力测试擂台比武",
        held_on=timezone.localdate(),
        minutes=8,
        indicator_code="R03",
        criteria=[
            {"name": "工作实绩", "max": 40},
            {"name": "创新亮点", "max": 30},
            {"name": "汇报质量", "max": 20},
            {"name": "答辩", "max": 10},
        ],
    )
    tokens = []
    classes = list(selectors.rater_classes(contest))  # R03's, in turn (none: the one class)
    for n in range(1, judges + 1):
        code = classes[n % len(classes)] if classes else ""
        _judge, token = setup.judge_add(
            actor=office, contest=contest, name=f"评委{n:02d}", rater_class=code
        )
        tokens.append(token)
    setup.contest_draw(actor=office, contest=contest, seed=2022)
    setup.contest_ready(actor=office, contest=contest)
    setup.contest_start(actor=office, contest=contest)
    first = ContestUnit.objects.filter(contest=contest).order_by("position").first()
    live.round_present(actor=office, round=first)
    live.round_open_scoring(actor=office, round=first)
    return {"contest": contest.pk, "round": first.pk, "tokens": tokens, "period": period.code}


def submit(port: int, token: str, body: dict) -> tuple[int, float, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sent = time.perf_counter()
    conn.request(
        "POST",
        "/api/contest/judge/submissions/",
        body=json.dumps(body),
        headers={
            "Authorization": f"Judge {token}",
            "Content-Type": "application/json",
            "Host": "127.0.0.1",
        },
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, sent, time.perf_counter()


def run(args) -> dict:
    data = Path(tempfile.mkdtemp(prefix="leitai-contest-bench-"))
    env = {**os.environ, "LEITAI_DATA_DIR": str(data), "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    pg_name = "leitai_contest_bench"
    if args.db == "postgres":
        env["DATABASE_URL"] = recreate_postgres(pg_name)
    server = None
    try:
        build_county(env)
        setup_django(env)
        plan = set_up(args.judges)
        cookie = f"sessionid={session_for('office')}"
        port = args.port or free_port()
        server = start_server(env, port, args.workers, threads=4)
        return rush(port, plan, cookie, args.judges)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
        if args.db == "postgres":
            drop_postgres(pg_name)


def rush(port: int, plan: dict, cookie: str, judges: int) -> dict:
    from leitai.contest.models import Submission

    screen_url = f"/contest/{plan['contest']}/screen/live/"
    polls: list[tuple[float, float, int]] = []
    stop = threading.Event()
    errors: list[str] = []

    def poll() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while not stop.is_set():
            started = time.perf_counter()
            conn.request("GET", screen_url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = conn.getresponse()
            page = response.read().decode()
            found = COUNT.search(page)
            if response.status != 200 or not found:
                errors.append(f"screen: {response.status}")
                continue
            polls.append((started, time.perf_counter(), int(found.group(1))))
        conn.close()

    barrier = threading.Barrier(judges)
    results: list[tuple[int, float, float]] = [None] * judges  # type: ignore[list-item]
    resent: list[int] = [0] * judges

    def judge(i: int) -> None:
        body = {"round": plan["round"], "key": f"bench-sheet-{i:04d}", "points": [36, 25, 17, 8]}
        barrier.wait()
        results[i] = submit(port, plan["tokens"][i], body)
        resent[i] = submit(port, plan["tokens"][i], body)[0]

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.5)
    threads = [threading.Thread(target=judge, args=(i,)) for i in range(judges)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(0.5)
    stop.set()
    poller.join()
    errors += [f"submit: {s}" for s, _a, _b in results if s != 201]
    errors += [f"resend: {s}" for s in resent if s != 200]
    # The i-th answer (by the time it came) is shown by the first fragment that was asked for
    # after it was sent and counts at least i sheets.
    shown = []
    for rank, (_status, sent, _answered) in enumerate(sorted(results, key=lambda r: r[2]), 1):
        seen = next((end for start, end, n in polls if start >= sent and n >= rank), None)
        if seen is None:
            errors.append(f"screen never counted {rank}")
        else:
            shown.append(seen - sent)
    sheets = Submission.objects.filter(round_id=plan["round"])
    per_judge = set(sheets.values_list("judge_id", flat=True))
    durations = [answered - sent for _s, sent, answered in results]
    return {
        "judges": judges,
        "period": plan["period"],
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "stored": sheets.count(),
        "judges_stored": len(per_judge),
        "submit_p50": percentile(durations, 0.5),
        "submit_p95": percentile(durations, 0.95),
        "submit_max": max(durations),
        "screen_p50": percentile(shown, 0.5),
        "screen_p95": percentile(shown, 0.95),
        "polls": len(polls),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the same run (it is short)")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--judges", type=int, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    args = parser.parse_args()
    if args.db == "postgres" and not postgres_answers():
        print("PostgreSQL does not answer on 127.0.0.1:5432: the benchmark runs on SQLite")
        args.db = "sqlite"
    row = run(args)
    print(
        f"{args.db}: {row['judges']} judges at once ({row['period']}): "
        f"{row['errors']} errors{(' (' + row['first_error'] + ')') if row['errors'] else ''}, "
        f"{row['stored']} sheets stored for {row['judges_stored']} judges; "
        f"submission p50 {row['submit_p50']:.3f} s, p95 {row['submit_p95']:.3f} s, "
        f"max {row['submit_max']:.3f} s; submission to screen median {row['screen_p50']:.3f} s, "
        f"p95 {row['screen_p95']:.3f} s ({row['polls']} screen polls)"
    )
    ok = (
        row["errors"] == 0
        and row["stored"] == row["judges_stored"] == row["judges"]
        and row["screen_p95"] < SCREEN_TARGET
    )
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
