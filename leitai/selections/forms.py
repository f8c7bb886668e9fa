"""Page forms of selections (validation of input only; the services hold the rules)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from leitai.core.evidence import EvidenceFilesField
from leitai.core.widgets import DateInput
from leitai.selections.models import DEFAULT_TITLES


class SelectionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    series = forms.CharField(
        label=_("Series"),
        max_length=100,
        help_text=_("Selections of one series follow each other from year to year."),
    )
    titles = forms.CharField(
        label=_("Titles"),
        widget=forms.Textarea(attrs={"rows": 6}),
        initial="\n".join(DEFAULT_TITLES),
        help_text=_("One title a line."),
    )
    places = forms.IntegerField(label=_("Places per title"), min_value=1, max_value=99, initial=1)
    unit_quota = forms.IntegerField(
        label=_("Nominations per unit and title"), min_value=1, max_value=20, initial=1
    )
    publicity_days = forms.IntegerField(
        label=_("Public notice (working days)"), min_value=1, max_value=30, initial=5
    )
    committee_weight = forms.IntegerField(
        label=_("Committee weight (%)"), min_value=0, max_value=100, initial=50
    )
    vote_weight = forms.IntegerField(
        label=_("Vote weight (%)"), min_value=0, max_value=100, initial=50
    )

    def title_rows(self) -> list[tuple[str, int, int]]:
        data = self.cleaned_data
        names = [line.strip() for line in data["titles"].splitlines() if line.strip()]
        return [(name, data["places"], data["unit_quota"]) for name in names]


class ClearanceOfficeForm(forms.Form):
    name = forms.CharField(label=_("Clearance office"), max_length=50)
    members = forms.ModelMultipleChoiceField(label=_("People who sign"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people
        self.fields["members"].label_from_instance = lambda p: p.get_full_name() or p.username
        self.fields["members"].widget.attrs["data-filter"] = _("Search people")


class NominationForm(forms.Form):
    title = forms.ModelChoiceField(label=_("Honour title"), queryset=None, empty_label=None)
    person = forms.ModelChoiceField(
        label=_("Person of the unit"),
        queryset=None,
        required=False,
        help_text=_("Or leave empty and type the name below."),
    )
    name = forms.CharField(label=_("Nominee's name"), max_length=50, required=False)
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    deeds = forms.CharField(
        label=_("Deeds (事迹)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    files = EvidenceFilesField(label=_("Photos and files"))

    def __init__(self, *args, titles, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = titles
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: p.get_full_name() or p.username


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublishForm(forms.Form):
    shortlisted = forms.MultipleChoiceField(
        label=_("Shortlist"), widget=forms.CheckboxSelectMultiple
    )
    start = forms.DateField(label=_("Public notice from"), widget=DateInput)

    def __init__(self, *args, cleared, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shortlisted"].choices = [
            (n.pk, f"{n.title.name} · {n.name} · {n.unit.name}") for n in cleared
        ]
        self.fields["start"].initial = dt.date.today()


class ObjectionForm(forms.Form):
    nomination = forms.TypedChoiceField(label=_("Nominee"), coerce=int)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact = forms.CharField(label=_("Contact (optional)"), max_length=100, required=False)

    def __init__(self, *args, nominees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [
            (n.pk, f"{n.title.name} · {n.name} · {n.unit.name}") for n in nominees
        ]


class HandlingForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("dismiss", _("Dismissed")), ("uphold", _("Upheld: drop the nominee"))],
        widget=forms.RadioSelect,
    )
    handling = forms.CharField(
        label=_("How it was handled"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=2000, initial=50)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Voting code"), max_length=20)
