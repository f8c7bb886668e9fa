"""Presentation files: the unit's reporter or leader uploads its PPT/PPTX/PDF before the start;
the office and the unit open it through the download view; wrong unit, wrong role, wrong type and
after the start are refused with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leitai.contest.models import PresentationFile
from leitai.contest.services import files
from leitai.core.models import AuditEntry
from tests.conftest import PERSONAS
from tests.contest.conftest import start

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PPTX = b"PK\x03\x04" + b"\x00" * 60


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(name="汇报材料.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def frozen(media):
    stored = sorted(p.name for p in Path(media).rglob("*") if p.is_file())
    rows = list(PresentationFile.objects.values_list("round_id", "name", "size", "file"))
    return rows, AuditEntry.objects.count(), stored


def round_a(night):
    return night.round_of(night.world.unit_a)


def test_the_units_reporter_uploads_a_pdf_before_the_start(night, media):
    item = files.presentation_upload(
        actor=night.world.reporter_a, round=round_a(night), upload=upload()
    )
    assert (item.name, item.size) == ("汇报材料.pdf", len(PDF))
    assert item.file.name.startswith("contest/presentations/")
    assert item.file.name.endswith(".pdf") and "汇报" not in item.file.name
    row = AuditEntry.objects.get(action="contest.presentation_upload")
    assert row.after == {"unit": "A01", "file": "汇报材料.pdf", "size": len(PDF)}


def test_a_new_upload_replaces_the_file(night, media, django_capture_on_commit_callbacks):
    leader = night.world.leader_a
    first = files.presentation_upload(actor=leader, round=round_a(night), upload=upload())
    old = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        files.presentation_upload(
            actor=leader, round=round_a(night), upload=upload("终稿.pptx", PPTX)
        )
    item = PresentationFile.objects.get()
    assert (item.name, item.size) == ("终稿.pptx", len(PPTX))
    assert not (Path(media) / old).exists()
    assert [p.suffix for p in Path(media).rglob("*") if p.is_file()] == [".pptx"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("材料.docx", PPTX, "汇报材料：不接受“材料.docx”，请上传PPT、PPTX或PDF文件。"),
        ("假的.pdf", b"MZ\x90\x00program", "汇报材料：“假的.pdf”的内容不是 .pdf 文件。"),
        ("空的.pptx", b"", "汇报材料：“空的.pptx”是空文件。"),
    ],
)
def test_a_bad_file_is_refused_naming_it_and_nothing_is_kept(night, media, name, content, message):
    before = frozen(media)
    with pytest.raises(ValidationError) as caught:
        files.presentation_upload(
            actor=night.world.reporter_a, round=round_a(night), upload=upload(name, content)
        )
    assert caught.value.message_dict["file"] == [message]
    assert frozen(media) == before


def test_a_file_larger_than_the_limit_is_refused(night, media, settings):
    settings.LEITAI_MAX_EVIDENCE_BYTES = 32
    before = frozen(media)
    with pytest.raises(ValidationError):
        files.presentation_upload(
            actor=night.world.reporter_a, round=round_a(night), upload=upload()
        )
    assert frozen(media) == before


def test_uploading_after_the_start_is_refused_with_nothing_changed(night, media):
    start(night)
    before = frozen(media)
    with pytest.raises(ValidationError):
        files.presentation_upload(
            actor=night.world.reporter_a, round=round_a(night), upload=upload()
        )
    assert frozen(media) == before


def test_another_units_people_and_other_roles_cannot_upload(night, media):
    round_c = night.round_of(night.world.unit_c)
    before = frozen(media)
    with pytest.raises(PermissionDenied):  # unit A's reporter, unit C's round
        files.presentation_upload(actor=night.world.reporter_a, round=round_c, upload=upload())
    for persona in ("office", "judge", "leader", "supervisor", "reporter_b", "other_office"):
        with pytest.raises(PermissionDenied):
            files.presentation_upload(
                actor=getattr(night.world, persona), round=round_a(night), upload=upload()
            )
    assert frozen(media) == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_upload_page_is_the_units_own(night, media, persona):
    client = night.world.client_for(persona)
    url = reverse("contest:presentation_upload", args=[round_a(night).pk])
    before = frozen(media)
    response = client.post(url, {"file": upload()})
    if persona in ("reporter_a", "leader_a"):
        assert response.status_code == 302
        assert PresentationFile.objects.get().name == "汇报材料.pdf"
        return
    assert response.status_code == 404
    assert frozen(media) == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_file_opens_for_the_office_and_the_unit_only(night, media, persona):
    files.presentation_upload(actor=night.world.reporter_a, round=round_a(night), upload=upload())
    client = night.world.client_for(persona)
    response = client.get(reverse("contest:presentation", args=[round_a(night).pk]))
    if persona in ("office", "reporter_a", "leader_a"):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    else:
        assert response.status_code == 404


def test_the_console_lists_the_files_through_the_download_view(night, media):
    item = files.presentation_upload(
        actor=night.world.reporter_a, round=round_a(night), upload=upload()
    )
    start(night)
    page = night.world.client_for("office").get(reverse("contest:detail", args=[night.contest.pk]))
    text = page.content.decode()
    assert reverse("contest:presentation", args=[round_a(night).pk]) in text
    assert item.file.name not in text
    assert "尚未上传" in text  # unit C has none
    unit_page = night.world.client_for("reporter_a").get(
        reverse("contest:detail", args=[night.contest.pk])
    )
    assert 'name="file"' not in unit_page.content.decode()  # started: no more uploads


def test_a_missing_file_is_a_404(night, media):
    client = night.world.client_for("office")
    assert client.get(reverse("contest:presentation", args=[round_a(night).pk])).status_code == 404
