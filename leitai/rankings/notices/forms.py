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
    public = forms.BooleanField(
        label=_("Offer it on the public page (when the ranking is public)"), required=False
    )
