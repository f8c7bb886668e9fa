"""/readyz (database, cache, job queue lag, free disk) and the JSON-line logs."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from collections import namedtuple

import pytest
from django.utils import timezone

from leitai.core.context import origin
from leitai.core.logs import JsonFormatter, logging_settings
from leitai.core.models import BackgroundJob


def test_a_ready_host_answers_200_with_every_check(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert set(body["checks"]) == {"database", "cache", "jobs", "disk"}
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["cache"] == {"ok": True}
    assert body["checks"]["jobs"] == {"ok": True, "lag": 0, "limit": 300}


def test_a_job_waiting_too_long_makes_the_host_not_ready(client, db, settings):
    settings.LEITAI_READY_MAX_LAG = 60
    job = BackgroundJob.objects.create(kind="notice", func_path="x")
    BackgroundJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=125)
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    jobs = response.json()["checks"]["jobs"]
    assert (jobs["ok"], jobs["limit"]) == (False, 60)
    assert 125 <= jobs["lag"] <= 130


def test_a_full_disk_makes_the_host_not_ready(client, db, settings, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**12, 10**12, 500 * 2**20))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["disk"] == {"ok": False, "free_mb": 500, "limit_mb": 1024}


def test_a_broken_cache_makes_the_host_not_ready(client, db, monkeypatch):
    from django.core.cache import caches

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(caches["default"], "set", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["cache"] == {"ok": False}  # the error's text is logged, not shown
    assert body["checks"]["database"] == {"ok": True}


def test_a_log_line_is_json_with_the_request_id():
    record = logging.LogRecord("leitai.x", logging.WARNING, __file__, 1, "saved %d", (3,), None)
    with origin("web", "abc123"):
        line = json.loads(JsonFormatter().format(record))
    assert {k: line[k] for k in ("level", "logger", "message", "request_id", "source")} == {
        "level": "WARNING",
        "logger": "leitai.x",
        "message": "saved 3",
        "request_id": "abc123",
        "source": "web",
    }
    outside = json.loads(JsonFormatter().format(record))
    assert (outside["request_id"], outside["source"]) == ("", "")


def test_a_request_logs_with_its_own_request_id(client, db):
    stream = []

    class Keep(logging.Handler):
        def emit(self, record):
            stream.append(self.format(record))

    handler = Keep()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/no-such-page/", headers={"X-Request-ID": "req-42"})
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(s) for s in stream]
    assert [(x["level"], x["request_id"], x["source"]) for x in lines] == [
        ("WARNING", "req-42", "web")
    ]
    assert lines[0]["message"] == "Not Found: /no-such-page/"


def test_the_log_format_setting():
    assert logging_settings("json", "INFO")["handlers"]["console"]["formatter"] == "json"
    assert "formatter" not in logging_settings("text", "INFO")["handlers"]["console"]
    with pytest.raises(ValueError):
        logging_settings("xml", "INFO")
