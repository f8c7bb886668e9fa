"""Bounded uploads: refused while the body streams in, and zip bombs refused before opening."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from leitai.core.models import AuditEntry
from leitai.core.uploads import UploadLimitMiddleware

LEITAI = Path(__file__).resolve().parents[2] / "leitai"
KB = 1024


@pytest.fixture
def small_limits(settings):
    settings.LEITAI_MAX_IMPORT_BYTES = 100 * KB
    settings.LEITAI_MAX_EVIDENCE_BYTES = 50 * KB
    return settings


class Counting:
    """A request stream that counts the bytes read from it."""

    def __init__(self, stream):
        self.stream, self.read_bytes = stream, 0

    def read(self, *args):
        data = self.stream.read(*args)
        self.read_bytes += len(data)
        return data

    def readline(self, *args):
        data = self.stream.readline(*args)
        self.read_bytes += len(data)
        return data


def streamed(path: str, size: int, **extra):
    request = RequestFactory().post(
        path, {"file": SimpleUploadedFile("big.xlsx", b"x" * size)}, **extra
    )
    request._stream = Counting(request._stream)
    return request


def reached_view(request):
    raise AssertionError("the view must not run")


@pytest.mark.django_db
def test_a_big_file_is_refused_after_the_limit_not_after_reading_it_whole(small_limits):
    request = streamed("/org/import/", 1500 * KB)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = UploadLimitMiddleware(reached_view)(request)
    assert response.status_code == 413
    assert "上传的文件超过了 100.0\xa0KB 的上限，未保存任何内容。" in response.content.decode()
    # Read: the limit plus at most two of Django's 64 KB chunks, not the 1.5 MB sent.
    assert request._stream.read_bytes <= 100 * KB + 2 * 64 * KB + 4 * KB


def test_a_declared_content_length_over_the_limit_is_refused_before_reading(small_limits):
    request = streamed("/api/units/", 10 * KB, CONTENT_LENGTH=str(50 * 1024 * KB))
    response = UploadLimitMiddleware(reached_view)(request)
    assert response.status_code == 413
    assert json.loads(response.content)["error"]["code"] == "too_large"
    assert request._stream.read_bytes == 0


def test_a_file_under_the_limit_reaches_the_view(small_limits):
    request = streamed("/org/import/", 90 * KB)
    response = UploadLimitMiddleware(lambda r: r.FILES["file"].size)(request)
    assert response == 90 * KB


@pytest.mark.django_db
def test_an_oversized_import_through_the_page_is_refused_and_nothing_changes(world, small_limits):
    before = AuditEntry.objects.count()
    office = world.client_for("office")
    big = SimpleUploadedFile("org.xlsx", b"x" * (101 * KB))
    response = office.post(reverse("org:import"), {"file": big})
    assert response.status_code == 413
    assert 'data-testid="too-large"' in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_an_oversized_api_upload_is_refused_while_streaming_and_changes_nothing(
    world, small_limits, settings, tmp_path
):
    from rest_framework.test import APIClient

    from leitai.keytasks.models import Milestone, MilestoneEvidence
    from tests.keytasks.conftest import build_task_world

    settings.MEDIA_ROOT = tmp_path
    tw = build_task_world(world)
    before = AuditEntry.objects.count()
    client = APIClient()
    client.force_authenticate(world.reporter_a)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"x" * (101 * KB))
    response = client.post(
        f"/api/milestones/{tw.m1.pk}/evidence/",
        {"done_on": "2022-03-29", "evidence": "e", "files": [big]},
        format="multipart",
    )
    assert response.status_code == 413
    assert json.loads(response.content)["error"]["code"] == "too_large"
    assert Milestone.objects.get(pk=tw.m1.pk).done_on is None
    assert (MilestoneEvidence.objects.count(), AuditEntry.objects.count()) == (0, before)


# --- zip-based workbooks -------------------------------------------------------------------------


def bomb(*, entries: int = 3, size: int = 2 * 1024 * KB) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
        for n in range(entries - 2):
            archive.writestr(f"xl/media/p{n}.bin", b"")
    return out.getvalue()


@pytest.fixture
def never_opened(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl must not open this file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def readers(world):
    """Every reader of an uploaded workbook, returning its problems as text."""
    from leitai.assessment.collection.services.excel_values import read_rows
    from leitai.assessment.collection.views.panel import read_panel
    from leitai.assessment.scheme.services.targets import _read_targets
    from leitai.core.imports import open_workbook

    return {
        "organisation import": lambda d: [str(p) for p in open_workbook(d, max_bytes=10**9)[1]],
        "value upload": lambda d: [str(p) for p in read_rows(d)[2]],
        "targets": lambda d: _read_targets(world.year, d)[1],
        "judges' scores": lambda d: read_panel(d, {})[1],
    }


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_by_every_reader_before_opening(world, settings, never_opened):
    settings.LEITAI_MAX_UNZIPPED_BYTES = 1024 * KB
    data = bomb()
    assert len(data) < 10 * KB
    for name, read in readers(world).items():
        problems = read(data)
        assert problems == ["文件解压后为 2.0\xa0MB，超过了 1.0\xa0MB 的上限。"], name


@pytest.mark.django_db
def test_too_many_parts_are_refused_by_every_reader_before_opening(world, settings, never_opened):
    settings.LEITAI_MAX_ZIP_ENTRIES = 20
    data = bomb(entries=21, size=10)
    for name, read in readers(world).items():
        problems = read(data)
        assert problems == ["文件包含 21 个部件，超过了工作簿允许的 20 个。"], name


def test_no_module_opens_an_uploaded_workbook_without_the_check():
    pattern = re.compile(r"\b(load_workbook|ExcelReader|xlsx_sheets)\(")
    # The score command reads local files the office chose, through the tabular reader; web
    # uploads open workbooks only through core/uploads.py's upload_sheets (zip checked first).
    allowed = {
        "core/uploads.py",
        "tabular/__init__.py",
        "tabular/sources.py",
        "scoring/readers.py",
        "scoring/yearfiles.py",
    }
    offenders = [
        str(path.relative_to(LEITAI))
        for path in LEITAI.rglob("*.py")
        if str(path.relative_to(LEITAI)) not in allowed
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
