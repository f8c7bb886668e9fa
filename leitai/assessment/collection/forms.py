"""Reading the submission page's fields: values typed forgivingly, with their revisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitai.assessment.collection.services.collection import Entry
from leitai.core.excel import parse_decimal


@dataclass
class PostedValues:
    """What the person typed: entries to save, the raw text by code, errors by code."""

    entries: list[Entry] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    highlight: str | None = None
    highlight_revision: int | None = None


def read_values(post, rows) -> PostedValues:
    """Read `v_<code>` (value), `o_<code>` (value when the page was opened), `r_<code>`, and
    the note `n_<code>` with its original `no_<code>` where the page shows one.

    Only values (or notes) the person changed are saved, so a value someone else changed
    meanwhile is refused only when this person changed it too.
    """
    result = PostedValues()
    for row in rows:
        if not row.editable:
            continue
        key = f"v_{row.code}"
        if key not in post:
            continue
        text = post.get(key, "").strip()
        result.typed[row.code] = text
        note = post.get(f"n_{row.code}")
        note_changed = note is not None and note.strip() != post.get(f"no_{row.code}", "").strip()
        if note is not None:
            result.notes[row.code] = note.strip()[:500]
        if text == post.get(f"o_{row.code}", "").strip() and not note_changed:
            continue
        try:
            value = parse_decimal(text)
        except ValueError:
            result.errors[row.code] = _("Type a number, e.g. 1234.5.")
            continue
        revision = _int(post.get(f"r_{row.code}"))
        entry_note = result.notes[row.code] if note_changed else None
        result.entries.append(Entry(row.code, value, revision, entry_note))
    if "highlight" in post:
        text = post.get("highlight", "")
        if text.strip() != post.get("highlight_orig", "").strip():
            result.highlight = text
            result.highlight_revision = _int(post.get("highlight_rev"))
    return result


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


class ReturnForm(forms.Form):
    """The reason an assessor gives when returning a value."""

    comment = forms.CharField(
        label=gettext_lazy("Reason for return"), max_length=1000, widget=forms.Textarea
    )


class EvidenceForm(forms.Form):
    """One evidence file, optionally for one indicator."""

    file = forms.FileField(label=gettext_lazy("File"))
    indicator_code = forms.CharField(required=False, max_length=32)
