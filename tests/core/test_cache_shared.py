"""The shared cache on each backend a deployment may use: the cache folder and Redis.

Every test runs twice, on a cache folder and on the Redis server of `LEITAI_TEST_REDIS_URL`
(default database 9 of 127.0.0.1:6379, emptied by the tests); the Redis run is skipped only
when no Redis answers there (`.ci/run` starts one).
"""

from __future__ import annotations

import os
import pickle
import time

import pytest
from django.urls import reverse

from leitai.core import cache as shared
from leitai.core.audit import record
from leitai.keytasks.models import KeyTask
from leitai.org import services
from leitai.org.models import Role

REDIS_URL = os.environ.get("LEITAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["folder", "redis"])
def backend(request, settings, tmp_path):
    """Point the default cache at a fresh cache folder or at Redis; return its kind."""
    from django.core.cache import caches

    if request.param == "redis" and not _redis_answers():
        if os.environ.get("CI") == "true":  # CI starts Redis: its absence there is a failure
            pytest.fail(f"no Redis answers at {REDIS_URL}")
        pytest.skip(f"no Redis answers at {REDIS_URL} (.ci/run starts one)")
    url = (tmp_path / "cache").as_uri() if request.param == "folder" else REDIS_URL
    settings.CACHES = {"default": shared.cache_settings(url), "local": shared.LOCAL_CACHE}
    caches.__dict__.pop("settings", None)  # the handler reads CACHES again
    shared.clear()
    yield request.param
    shared.clear()
    caches.__dict__.pop("settings", None)


def _lifetime(key: str) -> float:
    """Return the seconds the shared cache will keep `key`."""
    from django.core.cache import cache

    if hasattr(cache, "_key_to_file"):  # the folder: the file starts with the expiry
        with open(cache._key_to_file(key), "rb") as f:
            return pickle.load(f) - time.time()
    return cache._cache.get_client(key).ttl(cache.make_and_validate_key(key))


def test_the_backend_is_the_one_configured(backend):
    from django.core.cache import caches

    expected = {"folder": "FolderCache", "redis": "RedisCache"}[backend]
    assert type(caches["default"]).__name__ == expected


def test_a_logout_ends_the_session_for_every_worker(world, backend):
    browser = world.client_for("reporter_a")
    assert browser.get(reverse("home")).status_code == 200
    replay = type(browser)()
    replay.cookies = browser.cookies.__class__(browser.cookies)  # the same session cookie
    assert replay.get(reverse("home")).status_code == 200
    browser.post(reverse("logout"))
    response = replay.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_session_and_the_user_are_kept_in_the_shared_cache(world, backend):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import cache

    client = world.client_for("reporter_a")
    assert client.get(reverse("home")).status_code == 200
    session_key = client.cookies["sessionid"].value
    stored = cache.get(KEY_PREFIX + session_key)
    assert stored["_auth_user_id"] == str(world.reporter_a.pk)


def test_a_changed_role_shows_on_the_next_request(world, backend):
    client = world.client_for("reporter_b")
    url = reverse("org:unit_detail", args=[world.unit_a.pk])
    assert client.get(url).status_code == 404  # the scope is cached now
    services.person_update(
        actor=world.office,
        person=world.reporter_b,
        jurisdiction=world.county,
        grants=[(Role.REPORTER, world.unit_b), (Role.REPORTER, world.unit_a)],
    )
    assert client.get(url).status_code == 200


def test_a_generation_token_is_made_once_and_replaced_by_a_change(world, backend):
    first = shared.generation(world.county)
    assert shared.generation(world.county) == first and len(first) == 16
    other = shared.generation(world.other_county)
    task = KeyTask(year=world.year, pk=1)  # any model outside the organisation
    record(actor=world.office, action="test.change", obj=task, jurisdiction=world.county)
    assert shared.generation(world.county) != first
    assert shared.generation(world.other_county) == other


def test_a_change_drops_only_its_own_jurisdictions_entries(world, backend):
    from django.core.cache import caches

    for jurisdiction in (world.county, world.other_county):
        key = shared.generation_key("test:page", jurisdiction=jurisdiction)
        shared.set_fixed(key, f"page of {jurisdiction.pk}", 3600)
    task = KeyTask(year=world.year, pk=1)
    record(actor=world.office, action="test.change", obj=task, jurisdiction=world.county)
    caches["local"].clear()  # another process: read from the shared cache
    pages = [
        shared.get_fixed(shared.generation_key("test:page", jurisdiction=j))
        for j in (world.county, world.other_county)
    ]
    assert pages == [None, f"page of {world.other_county.pk}"]


def test_an_entry_of_a_generation_lives_ten_minutes_at_most(world, backend):
    page = shared.generation_key("test:page")
    shared.set_fixed(page, "page", 3600)
    shared.set_fixed("test:snapshot-body", "body", 3600)
    # Redis drops it itself when this runs out; the folder's sweep removes dead generations.
    assert shared.GENERATION_TIMEOUT - 5 < _lifetime(page) <= shared.GENERATION_TIMEOUT
    assert 3600 - 5 < _lifetime("test:snapshot-body") <= 3600
