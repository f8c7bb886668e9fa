"""The battle map names each task's leader in charge, and its unit columns do not wrap."""

from __future__ import annotations

import re

from django.urls import reverse


def test_each_row_names_the_lead_unit_and_the_leader_in_charge(tw):
    page = tw.world.client_for("office").get(reverse("tasks:battle_map")).content.decode()
    header = re.search(r"<thead.*?</thead>", page, re.S)[0]
    assert '<th class="lead-col">牵头单位</th><th class="lead-col">分管县领导</th>' in header
    for code, leader in (("T01", "县领导"), ("T02", "副县长")):
        row = re.search(rf'data-testid="map-row-{code}".*?</tr>', page, re.S)[0]
        cells = re.findall(r'<td class="small lead-col">(.*?)</td>', row)
        assert cells[1] == leader, (code, cells)


def test_a_task_without_a_leader_shows_a_dash(tw):
    tw.task_b.leader = None
    tw.task_b.save()
    page = tw.world.client_for("office").get(reverse("tasks:battle_map")).content.decode()
    row = re.search(r'data-testid="map-row-T02".*?</tr>', page, re.S)[0]
    assert re.findall(r'<td class="small lead-col">(.*?)</td>', row)[1] == "—"


def test_the_wall_screen_pages_through_every_task(tw):
    page = tw.world.client_for("leader").get(reverse("tasks:battle_map") + "?wall=1")
    html = page.content.decode()
    assert 'data-testid="wall-page"' in html and "leitai/battle-map-wall.js" in html
    assert 'data-label="第 {page} / {pages} 页"' in html
