"""`leitai run_jobs`: the background worker, for when LEITAI_TASKS_INLINE is off."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from leitai.core.context import origin
from leitai.core.jobs import run_queued


class Command(BaseCommand):
    help = "Run queued background jobs (notices, large imports); poll for new ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run what is queued now, then stop."
        )
        parser.add_argument(
            "--sleep", type=float, default=2.0, help="Seconds between polls (default 2)."
        )

    def handle(self, *args, once: bool = False, sleep: float = 2.0, **options):
        with origin("system"):
            while True:
                ran = run_queued()
                if ran:
                    self.stdout.write(f"Ran {ran} job(s).")
                if once:
                    return
                time.sleep(max(sleep, 0.1))
