"""Bounded uploads: a size limit enforced while the body streams, and safe zip archives.

- :class:`BoundedUploadHandler` (first in ``FILE_UPLOAD_HANDLERS``) counts each uploaded file's
  bytes as they arrive and stops the request as soon as one file passes the largest limit
  Leitai accepts (``LEITAI_MAX_IMPORT_BYTES`` or ``LEITAI_MAX_EVIDENCE_BYTES``): a 200 MB upload
  is refused after the first 20 MB, not after reading it whole. :class:`UploadLimitMiddleware`
  refuses a request whose declared ``Content-Length`` is already too big before reading any of
  it, and turns the handler's refusal into a clear HTTP 413 page (or the API's error shape).
  The view never runs with a cut-off file, so nothing is half-saved.
- :func:`upload_sheets` opens an uploaded workbook only after :func:`check_archive` has read
  the zip's directory: at most ``LEITAI_MAX_ZIP_ENTRIES`` parts and ``LEITAI_MAX_UNZIPPED_BYTES``
  once unpacked (a "zip bomb" of a few kilobytes that unpacks to gigabytes is refused).
  Python's zipfile never unpacks more than the size an entry declares, so the declared sizes
  are a true bound. It then streams the sheets through ``leitai.tabular``, the one reader of
  every upload.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

# Room for the form fields and multipart boundaries around the files of one request.
ENVELOPE = 1024 * 1024


def max_file_bytes() -> int:
    """Return the largest single file any upload page accepts."""
    return max(int(settings.LEITAI_MAX_IMPORT_BYTES), int(settings.LEITAI_MAX_EVIDENCE_BYTES))


def max_request_bytes() -> int:
    """Return the largest request body: the most files of one upload at the largest size."""
    from leitai.core.evidence import MAX_FILES

    return max_file_bytes() * MAX_FILES + ENVELOPE


class UploadTooLarge(Exception):
    """The request body or one of its files is larger than Leitai accepts."""


class BoundedUploadHandler(FileUploadHandler):
    """Stop reading the body as soon as one file passes the largest accepted size."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received = start + len(raw_data)
        if self.received > max_file_bytes():
            raise UploadTooLarge(self.file_name)
        return raw_data  # the next handler (memory or temporary file) stores it

    def file_complete(self, file_size):
        return None


class UploadLimitMiddleware:
    """Refuse an oversized body before reading it; answer the handler's refusal with 413."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > max_request_bytes():
            return too_large(request, max_request_bytes())
        # Pages: parse the form now, under the handler's limit. The API parses its own body
        # (DRF picks the parser, and refuses a form body to a JSON endpoint with 415); the
        # handler's refusal then reaches process_exception.
        if (
            request.method == "POST"
            and request.content_type == "multipart/form-data"
            and not request.path.startswith("/api/")
        ):
            try:
                request.POST, request.FILES  # noqa: B018 - parse now, under our limit
            except UploadTooLarge:
                return too_large(request, max_file_bytes())
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UploadTooLarge):
            return too_large(request, max_file_bytes())
        return None


def too_large(request, limit: int):
    """Answer 413 with what was refused and the limit, in the API's shape under /api/."""
    message = _("The upload is larger than the limit of %(limit)s; nothing was saved.") % {
        "limit": filesizeformat(limit)
    }
    if request.path.startswith("/api/"):
        body = {"error": {"code": "too_large", "message": message, "fields": {}}}
        response = JsonResponse(body, status=413)
    else:
        response = render(request, "upload_too_large.html", {"message": message}, status=413)
    response["Connection"] = "close"  # the rest of the body is not read
    return response


class UnsafeArchive(ValueError):
    """A zip-based upload (XLSX, DOCX) with too many parts or too big once unpacked."""

    def __init__(self, message: str, params: dict):
        super().__init__(message % params)
        self.message, self.params = message, params


def check_archive(data: bytes) -> None:
    """Raise UnsafeArchive when the zip's directory promises too much; ignore non-zips."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader says so in its own words
    entries = archive.infolist()
    if len(entries) > settings.LEITAI_MAX_ZIP_ENTRIES:
        raise UnsafeArchive(
            N_("The file holds %(count)s parts, more than the %(limit)s a workbook may have."),
            {"count": len(entries), "limit": settings.LEITAI_MAX_ZIP_ENTRIES},
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > settings.LEITAI_MAX_UNZIPPED_BYTES:
        raise UnsafeArchive(
            N_("The file unpacks to %(size)s, more than the limit of %(limit)s."),
            {
                "size": filesizeformat(unpacked),
                "limit": filesizeformat(settings.LEITAI_MAX_UNZIPPED_BYTES),
            },
        )


def upload_sheets(data: bytes) -> dict:
    """Return, per sheet title, the streamed rows of an uploaded workbook (after the zip check).

    Raises UnsafeArchive, or leitai.tabular's TabularError when the file is not a workbook.
    """
    from leitai.tabular import xlsx_sheets

    check_archive(data)
    return xlsx_sheets(data, name="")
