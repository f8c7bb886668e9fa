"""Problems found while reading, kept to the first few hundred so junk files stay cheap."""

from __future__ import annotations

LIMIT = 200


class TabularError(ValueError):
    """Files that cannot be read; `messages` lists the problems (at most LIMIT + 1 lines)."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


class Problems:
    """Collect problem messages; keep the first `limit`, count the rest."""

    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self.kept: list[str] = []
        self.more = 0

    def add(self, message: str) -> None:
        """Record one problem."""
        if len(self.kept) < self.limit:
            self.kept.append(message)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.kept)

    def messages(self) -> list[str]:
        """Return the kept messages, plus "... and N more problems" when some were dropped."""
        tail = [f"... and {self.more} more problems"] if self.more else []
        return self.kept + tail

    def raise_if_any(self) -> None:
        """Raise TabularError when any problem was recorded."""
        if self.kept:
            raise TabularError(self.messages())
