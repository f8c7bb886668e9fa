"""The office's form for a notice's heading."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leitai.core.widgets import DateInput


class NoticeForm(forms.Form):
    """Heading of a ranking notice: document number, issuing office, title, date."""

    doc_number = forms.CharField(label=_("Document number"), max_length=60)
    issuer = forms.CharField(label=_("Issuing office"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=200)
    addressee = forms.CharField(label=_("Addressed to"), max_length=200, required=False)
    issued_on = forms.DateField(label=_("Date"), widget=DateInput())
    copy_to = forms.CharField(
        label=_("Copied to"),
        max_length=300,
        required=False,
        help_text=_("Separate the names with commas; leave empty when nobody is copied."),
    )
    printed_by = forms.CharField(
        label=_("Printed by"),
        max_length=100,
        required=False,
        help_text=_("Empty: the issuing office."),
    )
    printed_on = forms.DateField(
        label=_("Printed on"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the date of the notice."),
    )
    public = forms.BooleanField(
        label=_("Offer it on the public page (when the ranking is public)"), required=False
    )


class NoticeSettingsForm(forms.Form):
    """The office's notice settings: number prefix, issuing office and the closing block."""

    doc_prefix = forms.CharField(
        label=_("Document number prefix"),
        max_length=20,
        help_text=_("Numbers read prefix〔year〕n号 and restart at 1 each year."),
    )
    issuer = forms.CharField(label=_("Issuing office"), max_length=100)
    copy_to = forms.CharField(
        label=_("Copied to"),
        max_length=300,
        required=False,
        help_text=_("Separate the names with commas; leave empty when nobody is copied."),
    )
    printed_by = forms.CharField(label=_("Printed by"), max_length=100)
