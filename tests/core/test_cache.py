"""The shared cache: its setting, the generation, cached users, scopes and sessions."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leitai.core import cache as shared
from leitai.core.audit import record
from leitai.core.transactions import outermost
from leitai.org import services
from leitai.org.access import scope_for
from leitai.org.models import Role


def test_cache_urls():
    assert shared.cache_settings("file:///srv/leitai/my%20cache") == {
        "BACKEND": "leitai.core.foldercache.FolderCache",
        "LOCATION": "/srv/leitai/my cache",
        "TIMEOUT": 86400,
        "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4, "CULL_EVERY": 100},
    }
    assert shared.cache_settings("locmem://")["BACKEND"].endswith("LocMemCache")
    assert shared.cache_settings("locmem://")["LOCATION"] == "leitai"
    assert shared.cache_settings("redis://127.0.0.1:6379/0") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "TIMEOUT": 86400,
        "KEY_PREFIX": "leitai",
    }
    for bad in ("memcached://127.0.0.1:11211", "file://relative/folder", "cache"):
        message = f"LEITAI_CACHE_URL={bad!r} is not understood: use file:///absolute/folder"
        with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
            shared.cache_settings(bad)


def test_a_fixed_entry_is_kept_by_the_process_in_front_of_the_shared_cache():
    from django.core.cache import cache, caches

    shared.set_fixed("page:1", b"<html>", 60)
    assert (cache.get("page:1"), caches["local"].get("page:1")) == (b"<html>", b"<html>")
    caches["local"].clear()  # another process: only the shared cache has it
    assert shared.get_fixed("page:1") == b"<html>"
    assert caches["local"].get("page:1") == b"<html>"  # copied into this process
    cache.delete("page:1")
    assert shared.get_fixed("page:1") == b"<html>"  # served by the process's own copy
    shared.clear()
    assert shared.get_fixed("page:1") is None


def test_the_default_cache_is_a_folder_in_the_data_folder(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "LEITAI_CACHE_URL"}
    environment["LEITAI_DATA_DIR"] = str(tmp_path / "data folder")
    code = (
        "import leitai.settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'].rsplit('.', 1)[1], c['LOCATION'], s.SESSION_ENGINE)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "FolderCache"
    assert " ".join(out[1:-1]) == str(tmp_path / "data folder" / "cache")
    assert out[-1] == "django.contrib.sessions.backends.cached_db"


def test_every_audited_change_starts_a_new_generation(world):
    first = shared.generation()
    assert shared.generation() == first
    record(actor=world.office, action="test.change", obj=world.unit_a)
    assert shared.generation() != first


def test_nothing_derived_is_stored_inside_a_transaction_with_changes(world):
    assert shared.may_store()
    with outermost():
        assert shared.may_store()
        record(actor=world.office, action="test.change", obj=world.unit_a)
        assert not shared.may_store()
    # Committed (here: into the test's own wrapping transaction, which stands for committed data).
    assert shared.may_store()


def test_a_rolled_back_service_transaction_holds_nothing(world):
    with pytest.raises(RuntimeError), outermost():
        record(actor=world.office, action="test.change", obj=world.unit_a)
        raise RuntimeError("roll back")
    assert shared.may_store()


def test_a_change_outside_a_service_holds_until_its_transaction_commits(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            record(actor=world.office, action="test.change", obj=world.unit_a)
            assert not shared.may_store()
        assert not shared.may_store()  # not committed yet: only into the test's transaction
    assert shared.may_store()  # the commit's callbacks ran


def test_a_change_outside_a_service_is_over_when_the_next_request_starts(world):
    with transaction.atomic():
        record(actor=world.office, action="test.change", obj=world.unit_a)
    assert not shared.may_store()
    world.client_for("office").get(reverse("home"))
    assert shared.may_store()


def _user_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if 'FROM "auth_user" WHERE' in q["sql"]]


def test_the_logged_in_user_comes_from_the_cache(world):
    client = world.client_for("reporter_a")
    url = reverse("home")
    assert len(_user_queries(client, url)) == 1  # read once and kept
    assert _user_queries(client, url) == []


def test_a_deactivated_person_is_logged_out_at_once(world):
    client = world.client_for("reporter_a")
    assert client.get(reverse("home")).status_code == 200  # the user is cached now
    services.person_update(
        actor=world.office, person=world.reporter_a, jurisdiction=world.county, is_active=False
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_reset_password_logs_the_person_out_at_once(world):
    client = world.client_for("reporter_a")
    assert client.get(reverse("home")).status_code == 200
    services.person_set_password(
        actor=world.office, person=world.reporter_a, password="a-new-Pass-2022!"
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_changed_role_shows_on_the_next_request(world):
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
    services.person_update(
        actor=world.office,
        person=world.reporter_b,
        jurisdiction=world.county,
        grants=[(Role.REPORTER, world.unit_b)],
    )
    assert client.get(url).status_code == 404


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_a_scope_read_inside_a_rolled_back_change_is_not_kept(world):
    assert world.unit_a.pk not in scope_for(_fresh(world.reporter_b)).own_unit_ids
    with pytest.raises(RuntimeError), outermost():
        services.person_update(
            actor=world.office,
            person=world.reporter_b,
            jurisdiction=world.county,
            grants=[(Role.REPORTER, world.unit_b), (Role.REPORTER, world.unit_a)],
        )
        assert world.unit_a.pk in scope_for(_fresh(world.reporter_b)).own_unit_ids
        raise RuntimeError("roll back")
    assert world.unit_a.pk not in scope_for(_fresh(world.reporter_b)).own_unit_ids


def test_a_logout_ends_the_session_for_every_worker(world, settings, tmp_path):
    # The file cache is what the workers of one host share.
    settings.CACHES = {
        "default": shared.cache_settings((tmp_path / "cache").as_uri()),
        "local": shared.LOCAL_CACHE,
    }
    browser = world.client_for("reporter_a")
    assert browser.get(reverse("home")).status_code == 200
    replay = type(browser)()
    replay.cookies = browser.cookies.__class__(browser.cookies)  # the same session cookie
    assert replay.get(reverse("home")).status_code == 200
    browser.post(reverse("logout"))
    response = replay.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- the cache folder stays small -----------------------------------------------------------


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


def _files(location) -> list[str]:
    return sorted(str(p.relative_to(location)) for p in location.rglob("*") if p.is_file())


def test_dead_generations_do_not_accumulate_in_the_folder(world, folder):
    from django.core.cache import cache

    for n in range(40):
        record(actor=world.office, action="test.change", obj=world.unit_a)
        for user in range(5):
            shared.set_fixed(shared.generation_key("test:page", user), f"page {n}", 3600)
        cache.set(f"test:fixed:{n % 3}", n, 3600)  # an ordinary entry, rewritten
    token = shared.generation()
    files = _files(folder)
    # The generation's own file, the 3 ordinary entries, and the current generation's 5 pages:
    # 39 generations before it left nothing behind.
    assert len(files) == 1 + 3 + 5
    assert sorted({f.split("/")[1] for f in files if f.startswith("generations/")}) == [token]
    assert [shared.get_fixed(shared.generation_key("test:page", u)) for u in range(5)] == [
        "page 39"
    ] * 5
    shared.clear()
    assert _files(folder) == []


def test_a_scope_lives_with_its_generation(world, folder):
    scope_for(_fresh(world.reporter_a))
    first = shared.generation()
    assert [f.split("/")[1] for f in _files(folder) if f.startswith("generations/")] == [first]
    with outermost():  # committed when it ends
        services.person_update(
            actor=world.office, person=world.reporter_b, jurisdiction=world.county, is_active=False
        )
    scope_for(_fresh(world.reporter_a))
    second = shared.generation()
    assert second != first
    assert [f.split("/")[1] for f in _files(folder) if f.startswith("generations/")] == [second]


def test_an_entry_keyed_by_the_generation_is_kept_ten_minutes_at_most(world, folder, monkeypatch):
    shared.set_fixed(shared.generation_key("test:page"), "page", 3600)
    shared.set_fixed("test:snapshot-body", "body", 3600)
    later = time.time() + shared.GENERATION_TIMEOUT + 1
    from django.core.cache import caches

    caches["local"].clear()  # another process, whose memory holds nothing
    monkeypatch.setattr(time, "time", lambda: later)
    assert shared.get_fixed(shared.generation_key("test:page")) is None
    assert shared.get_fixed("test:snapshot-body") == "body"


def test_the_folder_is_listed_once_every_hundred_writes(folder, monkeypatch):
    from django.core.cache import caches

    cache = caches["default"]
    listings = []
    original = type(cache)._list_cache_files

    def listing(self):
        listings.append(1)
        return original(self)

    monkeypatch.setattr(type(cache), "_list_cache_files", listing)
    for n in range(99):
        cache.set(f"test:{n}", n, 3600)
    assert listings == []  # Django's file cache lists the folder on every write
    cache.set("test:99", 99, 3600)
    assert len(listings) == 1
    for n in range(100, 300):
        cache.set(f"test:{n}", n, 3600)
    assert len(listings) == 3
    assert len(_files(folder)) == 300


def _small_folder(settings, location, **options):
    from django.core.cache import caches

    config = shared.cache_settings(location.as_uri())
    config["OPTIONS"] = {**config["OPTIONS"], **options}
    settings.CACHES = {"default": config, "local": shared.LOCAL_CACHE}
    return caches["default"]


def test_a_full_folder_loses_its_expired_entries_first(settings, tmp_path):
    location = tmp_path / "cache"
    cache = _small_folder(settings, location, CULL_EVERY=10, MAX_ENTRIES=19, CULL_FREQUENCY=4)
    for n in range(10):
        cache.set(f"test:gone:{n}", n, 0)  # expired at once
    for n in range(9):
        cache.set(f"test:kept:{n}", n, 3600)
    assert len(_files(location)) == 19  # the 10th write found 9 files: nothing was looked at
    cache.set("test:kept:9", 9, 3600)  # the 20th finds 19, the limit: the expired ones go
    assert len(_files(location)) == 10
    assert [cache.get(f"test:kept:{n}") for n in range(10)] == list(range(10))
    for n in range(10, 20):
        cache.set(f"test:kept:{n}", n, 3600)
    # The 30th write found 19 files, none expired: 19 // 4 of them, chosen at random, went
    # (as Django culls) before it was written.
    assert len(_files(location)) == 19 - 4 + 1
    assert sum(cache.get(f"test:kept:{n}") is not None for n in range(20)) == 16


def test_expired_entries_go_every_ten_minutes_even_when_the_folder_is_not_full(
    settings, tmp_path, monkeypatch
):
    location = tmp_path / "cache"
    cache = _small_folder(settings, location, CULL_EVERY=10)
    for n in range(5):
        cache.set(f"test:gone:{n}", n, 0)
    for n in range(5):
        cache.set(f"test:kept:{n}", n, 3600)
    assert len(_files(location)) == 10  # at the 10th write: not full, not ten minutes yet
    clock = time.monotonic() + 600
    monkeypatch.setattr(time, "monotonic", lambda: clock)
    for n in range(5, 15):
        cache.set(f"test:kept:{n}", n, 3600)
    assert len(_files(location)) == 15  # the 20th write, ten minutes on: the expired went
