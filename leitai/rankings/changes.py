"""How a rank change is coloured on every page, chart and screen.

Chinese ranking tables show a rise in red (上升 ↑) and a fall in green (下降 ↓), the reverse of
the Western habit. `LEITAI_RANK_COLOURS` chooses: "red-up" (the default) or "green-up". Pages
mark a change with the classes below; `leitai/static/leitai/app.css` gives them their colour
from the `data-rank-colours` attribute that `base.html` sets from the setting.
"""

from __future__ import annotations

from django.conf import settings

CONVENTIONS = ("red-up", "green-up")
RISE, FALL, SAME = "rank-rise", "rank-fall", "text-muted"


def convention() -> str:
    """The configured convention ("red-up" or "green-up")."""
    return settings.LEITAI_RANK_COLOURS


def change_class(change: int | None) -> str:
    """The CSS class of a rank change (positive = moved up), "" when there is no comparison."""
    if change is None:
        return ""
    return RISE if change > 0 else FALL if change < 0 else SAME
