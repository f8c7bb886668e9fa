"""`leitai demo`: build the demo county (idempotent); `--reset` deletes it and starts over."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leitai.core import cache
from leitai.core.audit import record
from leitai.core.context import origin
from leitai.core.transactions import outermost
from leitai.demo import RESETS, STEPS, DemoRun
from leitai.demo import org as demo_org


class Command(BaseCommand):
    help = "Build the demo county 临朐县 (2022) with demo logins; never in production."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo county and its logins first, then rebuild.",
        )

    def handle(self, *args, reset: bool = False, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "The demo county has demo logins: refusing to build it in "
                "production (LEITAI_PRODUCTION is on)."
            )
        started = time.perf_counter()
        run = DemoRun(stream=getattr(self.stderr, "_out", None))
        with origin("command"), outermost():
            if reset:
                for cleanup in RESETS:
                    cleanup()
                self.stdout.write("Deleted the demo county and its logins.")
            for label, build in STEPS:
                run.step = label
                build(run)
            created = {k: v for k, v in sorted(run.created.items()) if v}
            county = demo_org.demo_county()
            if created:
                record(
                    actor=None, action="demo.load", obj=county, after=created, jurisdiction=county
                )
        if reset or created:
            cache.clear()  # the bulk load bypassed the services; drop what was derived before
        elapsed = time.perf_counter() - started
        if created:
            summary = ", ".join(f"{n} {what}" for what, n in created.items())
            self.stdout.write(f"Created {summary} in {elapsed:.1f}s.")
        else:
            self.stdout.write(f"The demo county is already complete ({elapsed:.1f}s).")
        self._logins()

    def _logins(self) -> None:
        rows = [("role", "username", "name", "unit")]
        rows += [
            (str(role.label), username, name, unit or "")
            for username, name, role, unit in demo_org.LOGINS
        ]
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        self.stdout.write(f"\nDemo logins (password {demo_org.PASSWORD}):")
        for row in rows:
            self.stdout.write("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)))


def _width(text: str) -> int:
    # CJK characters take two columns on a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
