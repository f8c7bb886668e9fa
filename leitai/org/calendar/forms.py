"""The calendar page's forms (input only; the services check and save)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leitai.core.widgets import DateInput
from leitai.org.models import CalendarDay


class CalendarDayForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=50,
        required=False,
        help_text=_("The holiday, e.g. 国庆节. A date already listed is changed."),
    )
