"""The shared evidence-file rules: types by name and content, names, storage, serving."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.utils import translation

from leitai.core import evidence

WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt "


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.webp", WEBP),
        ("scan.JPG", b"\xff\xd8\xff\xe0rest"),
        ("report.docx", b"PK\x03\x04rest"),
        ("old.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"),
        ("new.wps", b"PK\x03\x04rest"),
    ],
)
def test_accepted_kinds(name, content):
    checked = evidence.check_file(SimpleUploadedFile(name, content))
    assert (checked.name, checked.size) == (name, len(content))
    assert checked.extension == name.rsplit(".", 1)[1].lower()


def test_a_sound_file_named_webp_is_refused():
    with pytest.raises(ValidationError) as exc:
        evidence.check_file(SimpleUploadedFile("a.webp", WAV), label="Photo")
    assert exc.value.message_dict == {
        "file": ["Photo: the content of “a.webp” is not a .webp file."]
    }


def test_names_lose_their_folders_and_keep_their_extension_when_cut():
    assert evidence.original_name("..\\..\\C:\\报告.pdf") == "报告.pdf"
    assert evidence.original_name("../../etc/passwd") == "passwd"
    long = evidence.original_name("长" * 300 + ".pdf")
    assert len(long) == evidence.NAME_LENGTH and long.endswith("长.pdf")


def test_limits_follow_the_setting(settings):
    settings.LEITAI_MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
    assert str(evidence.LIMITS) == "PDF, images or Office files, at most 5.0\xa0MB each."


class FakeFileField:
    """The part of a model's FieldFile that `store` uses."""

    def __init__(self, storage):
        self.storage, self.name = storage, ""

    def save(self, name, content, save=False):
        self.name = self.storage.save(f"x/{name}", content)


def test_files_stored_by_a_failing_service_are_removed(tmp_path):
    field = FakeFileField(FileSystemStorage(location=tmp_path))
    checked = evidence.check_file(SimpleUploadedFile("a.pdf", b"%PDF-1.4"))

    @evidence.removes_files_on_error
    def inner():
        return evidence.store(field, checked)

    @evidence.removes_files_on_error
    def outer():
        inner()
        raise RuntimeError("later failure")

    with pytest.raises(RuntimeError):
        outer()
    assert not list(tmp_path.rglob("*.pdf"))
    kept = inner()
    assert (tmp_path / kept).read_bytes() == b"%PDF-1.4"
    assert kept.startswith("x/") and kept.endswith(".pdf") and "a.pdf" not in kept


def stored(storage, name) -> FieldFile:
    return FieldFile(None, type("Field", (), {"storage": storage})(), name)


def test_serve_inline_pdf_attachment_office_and_404_when_missing(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    pdf = storage.save("e/a.pdf", SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    docx = storage.save("e/b.docx", SimpleUploadedFile("b.docx", b"PK\x03\x04"))
    response = evidence.serve(stored(storage, pdf), filename="说明 材料.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    response.file_to_stream.close()
    response = evidence.serve(stored(storage, docx), filename="b.docx")
    assert response["Content-Disposition"].startswith("attachment")
    response.file_to_stream.close()
    with pytest.raises(Http404):
        evidence.serve(stored(storage, "e/gone.pdf"), filename="gone.pdf")
