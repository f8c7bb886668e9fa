"""Evidence files (佐证材料): what is accepted, how it is stored and how it is served.

Every area that takes evidence files (data collection, supervision, key-task milestones) checks
them here, so the rules and the messages are the same everywhere:

- the type by the name's extension *and* by the file's first bytes, so a program renamed
  `.pdf` is refused;
- the size against `LEITAI_MAX_EVIDENCE_BYTES` (read when checking, never at import), and at
  most `MAX_FILES` files at a time;
- a refusal names the field and the file ("Evidence files: “run.exe” is not accepted; …"),
  because the pages show some of these messages away from the field.

A stored file gets a random name made only of the checked extension, in the model field's own
folder under MEDIA_ROOT: nothing the browser sent reaches the path. `serve` sends a file only
after the caller's access helper has found its object (and raised Http404 otherwise); files are
never linked straight from the media folder.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _

MAX_FILES = 10
NAME_LENGTH = 200  # the shortest original-name column of the models that keep evidence
ZIP = rb"PK\x03\x04"
OLE = rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OFFICE = "application/vnd.openxmlformats-officedocument"


@dataclass(frozen=True)
class Kind:
    """An accepted kind of file: the bytes it starts with and the type it is served as."""

    start: re.Pattern[bytes]
    content_type: str


def _kind(start: bytes, content_type: str) -> Kind:
    return Kind(re.compile(start, re.DOTALL), content_type)


# Extension → kind. WPS (WPS Office) files are either the old OLE or the new ZIP layout.
KINDS: dict[str, Kind] = {
    "pdf": _kind(rb"%PDF", "application/pdf"),
    "png": _kind(rb"\x89PNG\r\n\x1a\n", "image/png"),
    "jpg": _kind(rb"\xff\xd8\xff", "image/jpeg"),
    "jpeg": _kind(rb"\xff\xd8\xff", "image/jpeg"),
    "gif": _kind(rb"GIF8[79]a", "image/gif"),
    "webp": _kind(rb"RIFF.{4}WEBP", "image/webp"),
    "docx": _kind(ZIP, f"{OFFICE}.wordprocessingml.document"),
    "xlsx": _kind(ZIP, f"{OFFICE}.spreadsheetml.sheet"),
    "pptx": _kind(ZIP, f"{OFFICE}.presentationml.presentation"),
    "doc": _kind(OLE, "application/msword"),
    "xls": _kind(OLE, "application/vnd.ms-excel"),
    "ppt": _kind(OLE, "application/vnd.ms-powerpoint"),
    "wps": _kind(rb"(?:" + OLE + rb"|" + ZIP + rb")", "application/octet-stream"),
}
ACCEPT = ",".join(f".{extension}" for extension in KINDS)
HEAD_BYTES = 16
# Shown in the browser rather than downloaded: nothing in these can run script on our origin.
INLINE = ("application/pdf", "image/")


def max_bytes() -> int:
    """Return the largest evidence file accepted, in bytes."""
    return int(settings.LEITAI_MAX_EVIDENCE_BYTES)


def limits_text() -> str:
    """Return the one-line rule shown under a file input."""
    limit = filesizeformat(max_bytes())
    return _("PDF, images or Office files, at most %(limit)s each.") % {"limit": limit}


# For form help texts, built at import time but read at rendering time.
LIMITS = lazy(limits_text, str)()


# --- checking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, with the name to show and the extension to store."""

    upload: object
    name: str
    extension: str
    size: int

    @property
    def content_type(self) -> str:
        return KINDS[self.extension].content_type


def original_name(raw) -> str:
    """Return the upload's own file name without any folder, short enough to keep."""
    name = PureWindowsPath(PurePosixPath(str(raw or "")).name).name.strip()
    if len(name) <= NAME_LENGTH:
        return name
    suffix = PurePosixPath(name).suffix[:20]
    return name[: NAME_LENGTH - len(suffix)] + suffix


def check_file(upload, *, field: str = "file", label=None) -> CheckedFile:
    """Return the upload checked, or raise ValidationError on `field` naming the file."""
    problem, checked = _problem(upload, label)
    if problem:
        raise ValidationError({field: [problem]})
    return checked


def check_files(uploads: Iterable, *, field: str = "files", label=None) -> list[CheckedFile]:
    """Return every upload checked, or raise ValidationError on `field` naming each bad file."""
    uploads = [upload for upload in uploads or () if upload]
    if len(uploads) > MAX_FILES:
        message = _("%(field)s: at most %(count)s files at a time.")
        raise ValidationError({field: [message % {"field": _label(label), "count": MAX_FILES}]})
    results = [_problem(upload, label) for upload in uploads]
    problems = [problem for problem, checked in results if problem]
    if problems:
        raise ValidationError({field: problems})
    return [checked for problem, checked in results]


def _label(label) -> str:
    return str(label) if label else _("Evidence files")


def _problem(upload, label) -> tuple[str, CheckedFile | None]:
    """Return (the first problem of the upload or "", the checked file or None)."""
    name = original_name(getattr(upload, "name", ""))
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    where = {"field": _label(label), "name": name}
    if extension not in KINDS:
        types = ", ".join(KINDS)
        message = _(
            "%(field)s: “%(name)s” is not accepted; upload a PDF, an image or an Office file "
            "(%(types)s)."
        )
        return message % {**where, "types": types}, None
    size = upload.size or 0
    if size == 0:
        return _("%(field)s: “%(name)s” is empty.") % where, None
    if size > max_bytes():
        message = _("%(field)s: “%(name)s” (%(size)s) is larger than %(limit)s.")
        sizes = {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        return message % {**where, **sizes}, None
    if not KINDS[extension].start.match(_head(upload)):
        message = _("%(field)s: the content of “%(name)s” is not a .%(extension)s file.")
        return message % {**where, "extension": extension}, None
    return "", CheckedFile(upload, name, extension, size)


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


# --- storing ---------------------------------------------------------------------------------

_stored: ContextVar[list | None] = ContextVar("leitai_evidence_stored", default=None)


def random_name(extension: str) -> str:
    """Return a random file name with the (checked) extension."""
    return f"{uuid.uuid4().hex}.{extension}"


def store(field_file, checked: CheckedFile) -> str:
    """Save a checked file into a model's FileField under a random name; return its path.

    The field's `upload_to` gives the folder; the storage keeps the path inside MEDIA_ROOT.
    Inside a service decorated with `removes_files_on_error` the file is deleted again if
    the service fails after this point.
    """
    checked.upload.seek(0)
    field_file.save(random_name(checked.extension), checked.upload, save=False)
    pending = _stored.get()
    if pending is not None:
        pending.append((field_file.storage, field_file.name))
    return field_file.name


def removes_files_on_error(service: Callable) -> Callable:
    """Decorate a service so that the files it stored are deleted when it raises.

    Put it above `@service`: the database rolls back, the files go too, and a
    refused or failed change leaves nothing on disk.
    """

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        outer = _stored.get()
        stored: list = []
        token = _stored.set(stored)
        try:
            result = service(*args, **kwargs)
        except BaseException:
            for storage, name in stored:
                storage.delete(name)
            raise
        finally:
            _stored.reset(token)
        if outer is not None:
            outer.extend(stored)  # an enclosing service that fails later removes them too
        return result

    return wrapper


# --- forms -----------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several evidence files in one input; the services check their type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", LIMITS)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(EvidenceFilesField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


# --- serving ---------------------------------------------------------------------------------


def content_type_of(stored_name: str) -> str:
    """Return the type a stored file is served as, from its (checked) extension."""
    kind = KINDS.get(PurePosixPath(stored_name).suffix.lower().lstrip("."))
    return kind.content_type if kind else "application/octet-stream"


def serve(field_file, *, filename: str) -> FileResponse:
    """Send a stored evidence file; call it only with an object the access helper returned."""
    content_type = content_type_of(field_file.name)
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("not found") from exc
    return FileResponse(
        handle,
        as_attachment=not content_type.startswith(INLINE),
        filename=filename,
        content_type=content_type,
    )


def download_view(lookup: Callable, *, doc: str = "") -> Callable:
    """Return a view that sends `lookup(user, evidence_id)`'s file; lookup raises Http404.

    `lookup` is the area's `*_for_user` access helper, so a file is served exactly to the
    people who may see what it belongs to, and "forbidden" looks the same as "missing".
    """

    @login_required
    def view(request, evidence_id):
        evidence = lookup(request.user, evidence_id)
        return serve(evidence.file, filename=evidence.original_name)

    view.__doc__ = doc or "Send an evidence file to a person who may see what it belongs to."
    return view
