"""Downloads: the battle map as XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from leitai.keytasks.exports import battle_map_workbook
from leitai.keytasks.views.common import board

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def battle_map_xlsx(request):
    """Download the battle map as filtered on the page."""
    b = board(request)
    response = HttpResponse(battle_map_workbook(b), content_type=XLSX)
    name = f"battle-map-{b.year.year}-{b.as_of.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
