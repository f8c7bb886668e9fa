"""The battle map's grid rendered in Python: 200 rows × 12 months with 1,500 milestone chips.

Django's template engine takes tens of milliseconds for a grid this size; building the rows
as escaped strings here takes a few. The page's frame stays a template (battle_map.html).
"""

from __future__ import annotations

import datetime as dt
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString

from leitai.keytasks.status import CSS, Colour


def _leader(task) -> str:
    leader = task.leader
    return escape(leader.first_name or leader.username) if leader is not None else "—"


def grid_rows(rows, *, as_of: dt.date, user_id: int | None) -> SafeString:
    """Return the <tr> elements of the battle map's body."""
    link = reverse("tasks:task_detail", args=[0]).replace("/0/", "/{}/")
    labels = {c.value: escape(str(c.label)) for c in Colour}
    day = as_of.isoformat()
    out = []
    for row in rows:
        task, status = row.task, row.status
        url = link.format(task.pk)
        mine = ' class="mine"' if user_id is not None and task.leader_id == user_id else ""
        cells = [
            f'<tr{mine} data-testid="map-row-{escape(task.code)}" data-colour="{status.colour}">'
            f'<td class="task c-{status.colour}"><a href="{url}?as_of={day}" class="text-reset">'
            f"{escape(task.code)} {escape(task.title)}</a> "
            f'<span class="badge text-bg-{CSS[status.colour]}">{labels[status.colour]}</span></td>'
            f'<td class="small lead-col">{escape(task.lead_unit.label)}</td>'
            f'<td class="small lead-col">{_leader(task)}</td>'
            f'<td class="text-end small">{status.progress}</td>'
        ]
        for number, month in enumerate(row.months, start=1):
            now = " now" if number == as_of.month else ""
            chips = "".join(
                f'<a class="chip c-{colour}" href="{url}" title="{m.due_date.isoformat()} '
                f'{escape(m.title)}">{m.due_date.month}-{m.due_date.day} {escape(m.title)}</a>'
                for m, colour in month
            )
            cells.append(f'<td class="month{now}">{chips}</td>')
        cells.append("</tr>")
        out.append("".join(cells))
    return SafeString("\n".join(out))
