"""Evidence uploads: what is accepted (PDF, images, Office files, 10 MB each) and safe names.

The type is checked by extension and by the file's first bytes, so a renamed program is
refused; files are stored under MEDIA_ROOT/supervision/ with a random name, and served only
through the access-checked download page.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
# extension → accepted leading bytes
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF8",),
    ".webp": (b"RIFF",),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".pptx": (ZIP,),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".ppt": (OLE,),
}
ACCEPT = ",".join(SIGNATURES)


def check_files(files, *, field: str = "files") -> list:
    """Return the uploads if every one is acceptable, else raise ValidationError on `field`."""
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError({field: _("At most 10 files at a time.")})
    for upload in files:
        check_file(upload, field=field)
    return files


def check_file(upload, *, field: str = "files") -> None:
    """Raise ValidationError unless `upload` is a PDF, image or Office file within the limit."""
    name = str(getattr(upload, "name", "") or "")
    extension = PurePath(name).suffix.lower()
    if extension not in SIGNATURES:
        raise ValidationError(
            {field: _("%(name)s: only PDF, images and Office files are accepted.") % {"name": name}}
        )
    if upload.size > MAX_BYTES:
        raise ValidationError({field: _("%(name)s is larger than 10 MB.") % {"name": name}})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            {field: _("%(name)s is not the kind of file its name says.") % {"name": name}}
        )


def safe_name(original: str) -> str:
    """Return a random file name keeping only the (checked) extension."""
    return uuid.uuid4().hex + PurePath(original).suffix.lower()
