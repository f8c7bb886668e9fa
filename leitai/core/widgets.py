"""Date and time widgets every form uses.

A browser's `<input type="date">` only accepts `YYYY-MM-DD`, `datetime-local` only
`YYYY-MM-DDTHH:MM` and `time` only `HH:MM`. Django's widgets render the active language's
first input format instead (Chinese: "2022/12/01 00:00"), which the browser shows as an
empty field, and a save without retyping then clears the value. These widgets always render
the ISO form; the form fields parse it in every language (ISO 8601 is accepted beside the
localized formats). `tests/core/test_date_widgets.py` fails on a date field that uses
another widget.
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"
ISO_TIME = "%H:%M"


class DateInput(forms.DateInput):
    """`<input type="date">` with its value as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """`<input type="datetime-local">` with its value as YYYY-MM-DDTHH:MM (local time)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATETIME)


class TimeInput(forms.TimeInput):
    """`<input type="time">` with its value as HH:MM."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_TIME)
