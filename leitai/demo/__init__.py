"""The demo county built by `leitai demo`: a list of steps that later issues extend.

Each step is `(label, build)` where `build(run)` creates what is missing and counts it with
`run.count(...)`; running a step twice must create nothing the second time. A step that adds
data which protects the organisation from deletion puts its cleanup first in `RESETS`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from leitai.demo import collection as data_collection
from leitai.demo import contest as contests
from leitai.demo import honours as year_honours
from leitai.demo import org
from leitai.demo import rankings as ranking_results
from leitai.demo import scheme as assessment_scheme
from leitai.demo import selections as selections_demo
from leitai.demo import supervision as supervision_demo
from leitai.demo import tasks as key_tasks
from leitai.progress import Progress


@dataclass
class DemoRun:
    """What one run of the demo steps shares: where progress goes and what was created."""

    stream: TextIO | None = None
    created: Counter = field(default_factory=Counter)
    step: str = ""

    def count(self, what: str, number: int | bool = 1) -> None:
        """Count `number` newly created objects of kind `what`."""
        self.created[what] += int(number)

    def progress(self, total: int) -> Progress:
        """Return a progress bar of `total` ticks labelled with the current step."""
        return Progress(total, self.step, stream=self.stream)


STEPS: list[tuple[str, Callable[[DemoRun], None]]] = [
    ("organisation", org.build),
    ("assessment scheme", assessment_scheme.build),
    ("data collection", data_collection.build),
    ("contests", contests.build),
    ("key tasks", key_tasks.build),
    ("supervision", supervision_demo.build),
    ("rankings", ranking_results.build),
    ("honours", year_honours.build),
    ("selections", selections_demo.build),
]
RESETS: list[Callable[[], None]] = [
    selections_demo.reset,
    year_honours.reset,
    contests.reset,
    supervision_demo.reset,
    ranking_results.reset,
    assessment_scheme.reset,
    key_tasks.reset,
    org.reset,
]
