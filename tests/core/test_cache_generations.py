"""The cache generations: global for the organisation, one per jurisdiction for the rest."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leitai.core import cache as shared
from leitai.core.audit import record
from leitai.keytasks.models import KeyTask
from leitai.org import services
from leitai.org.access import scope_for
from leitai.rankings import services as rankings
from leitai.rankings.compute import Sensitivity
from tests.keytasks.conftest import build_task_world
from tests.rankings.conftest import tiny  # noqa: F401  (a fixture)


@pytest.fixture
def tw(world):
    return build_task_world(world)


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def _map(client):
    """Return the battle map's response and whether it was served from the cache."""
    response = client.get(reverse("tasks:battle_map"))
    assert response.status_code == 200
    return response, response.context is None


def _cached_maps(tw):
    """Return the map's clients for a person of each county, each with their map cached."""
    clients = tw.world.client_for("reporter_a"), tw.world.client_for("other_office")
    for client in clients:
        _map(client)  # sets the CSRF cookie
        assert _map(client)[1] is False  # rendered and cached
    return clients


def _save_in_county_a(tw):
    """Change county A's data through a service (a weekly report on its task)."""
    client = tw.world.client_for("reporter_a")
    response = client.post(
        reverse("tasks:report", args=[tw.task_a.pk]),
        {"week": "2022-06-30", "progress": "50", "done_this_week": "x"},
    )
    assert response.status_code == 302
    client.get(response.url)  # show the one-time message


def _change_the_organisation(tw):
    services.person_update(
        actor=tw.office, person=tw.reporter_b, jurisdiction=tw.county, is_active=False
    )


def test_a_change_in_one_county_keeps_the_other_countys_pages(tw):
    county_a, county_b = _cached_maps(tw)
    _save_in_county_a(tw)
    with CaptureQueriesContext(connection) as queries:
        assert _map(county_b)[1] is True  # B's page: still a hit
    assert len(queries) == 0
    response, hit = _map(county_a)
    assert not hit  # A's page was dropped
    assert response.context["b"].rows[0].status.progress == 50


def test_a_change_of_the_organisation_drops_every_countys_pages(tw):
    county_a, county_b = _cached_maps(tw)
    _change_the_organisation(tw)
    assert _map(county_a)[1] is False
    assert _map(county_b)[1] is False


def test_scopes_live_with_the_organisation_only(tw):
    people = [_fresh(tw.reporter_a), _fresh(tw.other_office)]
    first = [scope_for(person) for person in people]
    _save_in_county_a(tw)
    with CaptureQueriesContext(connection) as queries:
        assert [scope_for(_fresh(p)) for p in people] == first
    assert len(queries) == 2  # the two people themselves; both scopes came from the cache
    _change_the_organisation(tw)
    with CaptureQueriesContext(connection) as queries:
        scope_for(_fresh(people[1]))
    assert len(queries) > 1  # read again


def test_a_snapshot_page_is_drawn_again_after_a_change_in_its_county_only(tiny):  # noqa: F811
    snapshot = rankings.snapshot_compute(
        actor=tiny.office, period=tiny.periods["2022-01"], check=Sensitivity(runs=20)
    )
    rankings.snapshot_publish(actor=tiny.office, snapshot=snapshot)
    client = tiny.client_for("reporter_a")
    url = reverse("rankings:leaderboard", args=[snapshot.pk])
    client.get(url)  # sets the CSRF cookie
    client.get(url)  # rendered and cached
    assert client.get(url).context is None  # the person's copy, from the cache
    task = KeyTask(year=tiny.other_year, pk=1)
    record(actor=tiny.office, action="test.change", obj=task, jurisdiction=tiny.other_county)
    assert client.get(url).context is None  # another county's change: still cached
    record(actor=tiny.office, action="test.change", obj=snapshot, jurisdiction=tiny.county)
    assert client.get(url).context is not None  # its own county's change: drawn again
    assert client.get(url).context is None


def test_which_changes_are_global(tw):
    assert shared.is_global_change(tw.unit_a, tw.county)  # the organisation
    assert shared.is_global_change(tw.reporter_a, tw.county)  # a person
    assert shared.is_global_change(tw.task_a, None)  # no jurisdiction named
    assert not shared.is_global_change(tw.task_a, tw.county)


def test_an_audited_change_starts_the_generation_it_calls_for(tw):
    before = shared.generation(), shared.generation(tw.county), shared.generation(tw.other_county)
    record(actor=tw.office, action="test.change", obj=tw.task_a, jurisdiction=tw.county)
    after = shared.generation(), shared.generation(tw.county), shared.generation(tw.other_county)
    assert (after[0], after[2]) == (before[0], before[2]) and after[1] != before[1]
    record(actor=tw.office, action="test.change", obj=tw.unit_a, jurisdiction=tw.county)
    assert shared.generation() != after[0]
    assert shared.generation(tw.other_county.pk) == before[2]  # an id or a Jurisdiction


def test_a_key_holds_the_generations_it_depends_on(world):
    token, county = shared.generation(), shared.generation(world.county)
    assert shared.generation_key("a", 1) == f"gen:{token}:a:1"
    assert (
        shared.generation_key("a", 1, jurisdiction=world.county.pk)
        == f"gen:{token}:j{world.county.pk}-{county}:a:1"
    )


# --- the cache folder -------------------------------------------------------------------------


@pytest.fixture
def folder(settings, tmp_path):
    """Use a cache folder (as shipped) in a temporary folder; return its path."""
    from django.core.cache import caches

    location = tmp_path / "cache"
    settings.CACHES = {
        "default": shared.cache_settings(location.as_uri()),
        "local": shared.LOCAL_CACHE,
    }
    caches.__dict__.pop("settings", None)  # the handler reads CACHES again
    yield location
    caches.__dict__.pop("settings", None)


def _folders(location) -> list[str]:
    root = location / "generations"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir())


def _store(world, n, jurisdictions):
    for jurisdiction in jurisdictions:
        key = shared.generation_key("test:page", jurisdiction=jurisdiction)
        shared.set_fixed(key, f"page {n}", 3600)
    shared.set_fixed(shared.generation_key("test:scope"), f"scope {n}", 3600)


def _read(world):
    from django.core.cache import caches

    caches["local"].clear()  # another process: read from the folder
    return [
        shared.get_fixed(shared.generation_key("test:page", jurisdiction=j))
        for j in (world.county, world.other_county)
    ] + [shared.get_fixed(shared.generation_key("test:scope"))]


def test_the_sweep_keeps_the_other_jurisdictions_folders(world, folder):
    task = KeyTask(year=world.year, pk=1)  # any model outside the organisation
    _store(world, 0, [world.county, world.other_county])
    for n in range(1, 5):
        record(actor=world.office, action="test.change", obj=task, jurisdiction=world.county)
        _store(world, n, [world.county])
    assert _read(world) == ["page 4", "page 0", "scope 4"]
    token = shared.generation()
    a, b = (f"j{j.pk}-{shared.generation(j)}" for j in (world.county, world.other_county))
    # County A's four dead generations were swept; B's folder and the global entries stayed.
    assert _folders(folder) == sorted([token, f"{token}/{a}", f"{token}/{b}"])
    record(actor=world.office, action="test.change", obj=world.unit_a, jurisdiction=world.county)
    assert _read(world) == [None, None, None]
    assert _folders(folder) == []
    _store(world, 5, [world.county, world.other_county])
    assert len(_folders(folder)) == 3
    shared.clear()
    assert not any(p.is_file() for p in folder.rglob("*"))


def test_a_sweep_of_one_jurisdiction_spares_a_jurisdiction_of_a_longer_id(world, folder):
    from django.core.cache import caches

    backend = caches["default"]
    token = shared.generation()
    for name in (f"j1-{'a' * 16}", f"j1-{'b' * 16}", f"j12-{'c' * 16}"):
        (folder / "generations" / token / name).mkdir(parents=True)
    assert backend.forget_generations({"b" * 16}, jurisdiction=1) == 1
    assert _folders(folder) == sorted([token, f"{token}/j1-{'b' * 16}", f"{token}/j12-{'c' * 16}"])
    assert cache.get("leitai:generation") == token
