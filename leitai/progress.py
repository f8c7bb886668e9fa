"""A small terminal progress bar (plain Python, no Django), for long commands."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


class Progress:
    """Draw `label [#####.....] 12/40 1.2s` on one line, redrawn in place on a terminal.

    When the stream is not a terminal (CI logs, pipes) only the final line is written, so
    logs stay readable.
    """

    def __init__(
        self, total: int, label: str = "", *, stream: TextIO | None = None, width: int = 30
    ):
        self.total = max(total, 0)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.done = 0
        self.started = time.perf_counter()
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())

    def advance(self, step: int = 1) -> None:
        """Move forward by `step` items and redraw when on a terminal."""
        self.done = min(self.done + step, self.total) if self.total else self.done + step
        if self.interactive:
            self.stream.write("\r" + self._line())
            self.stream.flush()

    def finish(self) -> None:
        """Write the final state and end the line."""
        prefix = "\r" if self.interactive else ""
        self.stream.write(prefix + self._line() + "\n")
        self.stream.flush()

    def _line(self) -> str:
        fraction = self.done / self.total if self.total else 1.0
        filled = round(self.width * fraction)
        bar = "#" * filled + "." * (self.width - filled)
        elapsed = time.perf_counter() - self.started
        return f"{self.label} [{bar}] {self.done}/{self.total} {elapsed:.1f}s"

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()


def track(
    items: Iterable[T], total: int, label: str = "", *, stream: TextIO | None = None
) -> Iterator[T]:
    """Yield from `items`, showing a progress bar of `total` steps."""
    with Progress(total, label, stream=stream) as bar:
        for item in items:
            yield item
            bar.advance()
