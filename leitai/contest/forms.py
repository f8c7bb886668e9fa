"""Forms of the contest pages; they validate input, the services apply it."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leitai.assessment.collection.selectors import active_scheme
from leitai.assessment.models import Indicator, Period
from leitai.contest.models import Contest
from leitai.core.widgets import DateInput
from leitai.org.models import Group, Role, Unit

LINE = re.compile(r"^(?P<name>.+?)[\s:：]+(?P<max>\d+)\s*(分)?$")


def parse_criteria(text: str) -> list[dict]:
    """Read the criteria sheet, one "name maximum" a line (e.g. "工作实绩 40")."""
    criteria = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = LINE.match(line)
        if match is None:
            message = _("Line %(n)s: write a name and a maximum, e.g. 工作实绩 40.")
            raise ValidationError(message, params={"n": n})
        criteria.append({"name": match["name"].strip(), "max": int(match["max"])})
    return criteria


def criteria_lines(criteria) -> str:
    return "\n".join(f"{c['name']} {c['max']}" for c in criteria)


class ContestForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    period = forms.ModelChoiceField(label=_("Quarter"), queryset=Period.objects.none())
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"), queryset=Group.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    indicator_code = forms.ChoiceField(label=_("Panel indicator it feeds"))
    minutes = forms.IntegerField(
        label=_("Minutes per presentation"), min_value=1, max_value=60, initial=8
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Contest.Method.choices,
        initial=Contest.Method.SCORE,
        required=False,
    )
    rank_step = forms.IntegerField(
        label=_("Points per rank"),
        min_value=1,
        max_value=20,
        initial=3,
        required=False,
        help_text=_("Rank votes only: rank k scores 100 − step × (k − 1)."),
    )
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 5}),
        initial="工作实绩 40\n创新亮点 30\n汇报质量 20\n答辩 10",
        help_text=_("One criterion a line: its name and its maximum; the maxima add up to 100."),
    )

    def __init__(self, *args, year, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = Period.objects.filter(
            year=year, kind=Period.Kind.QUARTER
        ).order_by("starts_on")
        self.fields["groups"].queryset = Group.objects.filter(year=year)
        scheme = active_scheme(year)
        panels = scheme.indicators.filter(rule=Indicator.Rule.PANEL) if scheme else []
        self.fields["indicator_code"].choices = [(i.code, f"{i.code} {i.name}") for i in panels]
        if editing:
            del self.fields["period"], self.fields["groups"]

    def clean_criteria(self):
        return parse_criteria(self.cleaned_data["criteria"])

    def clean_method(self):
        return self.cleaned_data["method"] or Contest.Method.SCORE

    def clean_rank_step(self):
        step = self.cleaned_data["rank_step"]
        return 3 if step is None else step


class JudgeForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person with the judge role"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Or leave empty and type the guest's name."),
    )
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    rater_class = forms.ChoiceField(label=_("Rater class"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Own unit (never scores it)"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, contest, classes, **kwargs):
        super().__init__(*args, **kwargs)
        jurisdiction_id = contest.year.jurisdiction_id
        self.fields["person"].queryset = (
            get_user_model()
            .objects.filter(
                role_grants__role=Role.JUDGE, role_grants__jurisdiction_id=jurisdiction_id
            )
            .distinct()
        )
        self.fields["unit"].queryset = Unit.objects.filter(jurisdiction_id=jurisdiction_id)
        if classes:
            self.fields["rater_class"].choices = [(c, c) for c in classes]
            self.fields["rater_class"].required = True
        else:
            del self.fields["rater_class"]

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("name"):
            raise ValidationError(_("Choose a person or type the guest's name."))
        return {k: v for k, v in data.items() if v not in (None, "") or k == "unit"}


class RecusalForm(forms.Form):
    judge = forms.ChoiceField(label=_("Judge"))
    round = forms.ChoiceField(label=_("Unit"))
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = [(j.pk, j.name) for j in contest.judges.all()]
        rounds = contest.rounds.select_related("unit").order_by("position", "unit__code")
        self.fields["round"].choices = [(r.pk, r.unit.name) for r in rounds]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class PresentationForm(forms.Form):
    file = forms.FileField(
        label=_("Presentation file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".ppt,.pptx,.pdf"}),
        help_text=_("PPT, PPTX or PDF, before the contest starts; a new file replaces the old."),
    )
