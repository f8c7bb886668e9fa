"""Problems found while reading, kept to the first few hundred so junk files stay cheap.

A problem is either plain English text or an `Issue`: a code and its parameters, for a caller
that words the problem itself (the web uploads translate them), with the English text beside.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LIMIT = 200


@dataclass(frozen=True)
class Issue:
    """One problem as data: `code`, `params` (sheet, row, column … as the code needs), `text`."""

    code: str
    params: dict = field(compare=False)
    text: str

    def __str__(self) -> str:
        return self.text


def as_issue(problem: str | Issue) -> Issue:
    """Return a problem as an Issue (plain text becomes the code "text")."""
    if isinstance(problem, Issue):
        return problem
    return Issue("text", {"text": problem}, problem)


class TabularError(ValueError):
    """Files that cannot be read; `messages` lists the problems (at most LIMIT + 1 lines).

    `issues` holds the same problems as Issues, and `more` how many were counted but not kept.
    """

    def __init__(self, messages: list[str | Issue], more: int = 0):
        self.issues = [as_issue(m) for m in messages]
        self.messages = [str(m) for m in messages]
        self.more = more
        if more:
            self.messages.append(f"... and {more} more problems")
        super().__init__("\n".join(self.messages))


class Problems:
    """Collect problems (text or Issues); keep the first `limit`, count the rest."""

    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self.kept: list[str | Issue] = []
        self.more = 0

    def add(self, problem: str | Issue) -> None:
        """Record one problem."""
        if len(self.kept) < self.limit:
            self.kept.append(problem)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.kept)

    def __len__(self) -> int:
        return len(self.kept) + self.more

    def messages(self) -> list[str]:
        """Return the kept messages, plus "... and N more problems" when some were dropped."""
        tail = [f"... and {self.more} more problems"] if self.more else []
        return [str(p) for p in self.kept] + tail

    def raise_if_any(self) -> None:
        """Raise TabularError when any problem was recorded."""
        if self.kept:
            raise TabularError(self.kept, self.more)
