"""Find half-width punctuation inside Chinese text (Chinese text takes 全角 （）：，；)."""

from __future__ import annotations

import re

CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
# A half-width mark right after a Chinese character, an opening bracket before one, a closing
# bracket after one, or a colon/semicolon/comma before one (spaces between count as adjacent).
PATTERNS = [
    re.compile(rf"{CJK} *[(:;,]"),
    re.compile(rf"\( *{CJK}"),
    re.compile(rf"{CJK}[^()]*\) *:"),
    re.compile(rf"{CJK} *\)"),
    re.compile(rf"[:;,] *{CJK}"),
]


def half_width_marks(text: str) -> list[str]:
    """Return the snippets of `text` where half-width punctuation touches Chinese."""
    found = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = max(match.start() - 6, 0), min(match.end() + 6, len(text))
            found.append(text[start:end])
    return found
