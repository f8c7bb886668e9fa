"""Forms of the task pages; they validate input, the services apply it."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from leitai.core.evidence import EvidenceFilesField
from leitai.core.widgets import DateInput, TimeInput
from leitai.keytasks.models import TaskCategory
from leitai.keytasks.status import Colour
from leitai.org.forms import UnitChoiceField
from leitai.org.models import Role, Unit

DATE = DateInput()


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.first_name or obj.username


class TaskForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ModelChoiceField(label=_("Category"), queryset=TaskCategory.objects.none())
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    co_units = UnitChoiceField(
        label=_("Co-units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    leader = LeaderChoiceField(
        label=_("Leader in charge"), queryset=get_user_model().objects.none(), required=False
    )
    goal = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    indicator_code = forms.CharField(
        label=_("Indicator code"),
        max_length=32,
        required=False,
        help_text=_("Code of the share indicator this task feeds; leave empty if none."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(jurisdiction_id=year.jurisdiction_id, active=True)
        self.fields["category"].queryset = TaskCategory.objects.filter(year=year)
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units
        self.fields["leader"].queryset = leaders_of(year.jurisdiction_id)


def leaders_of(jurisdiction_id: int):
    return (
        get_user_model()
        .objects.filter(role_grants__role=Role.LEADER, role_grants__jurisdiction_id=jurisdiction_id)
        .order_by("username")
        .distinct()
    )


class MilestoneForm(forms.Form):
    order = forms.IntegerField(label=_("Number"), min_value=1, max_value=999)
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    done_means = forms.CharField(label=_("What done means"), max_length=300, required=False)


class ReportForm(forms.Form):
    """The weekly report; done, date, note and files per open milestone are added at run time."""

    week = forms.DateField(label=_("Week (any day of it)"), widget=DATE)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    done_this_week = forms.CharField(
        label=_("Done this week"), widget=forms.Textarea(attrs={"rows": 3})
    )
    plan_next_week = forms.CharField(
        label=_("Plan for next week"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    problem = forms.CharField(
        label=_("Problem needing coordination"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Goes to the leader in charge; leave empty if none."),
    )

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.milestones = list(milestones)
        for m in self.milestones:
            self.fields[f"done_{m.pk}"] = forms.BooleanField(label=m.title, required=False)
            self.fields[f"done_on_{m.pk}"] = forms.DateField(
                label=_("Done on"), required=False, widget=DATE
            )
            self.fields[f"evidence_{m.pk}"] = forms.CharField(
                label=_("Evidence"), max_length=2000, required=False
            )
            self.fields[f"files_{m.pk}"] = EvidenceFilesField(label=_("Evidence files"))

    def main_fields(self):
        names = ("week", "progress", "done_this_week", "plan_next_week", "problem")
        return [self[name] for name in names]

    def milestone_fields(self):
        names = ("done", "done_on", "evidence", "files")
        return [(m, *(self[f"{name}_{m.pk}"] for name in names)) for m in self.milestones]

    def milestones_done(self):
        data = self.cleaned_data
        return [
            (m, data[f"done_on_{m.pk}"], data[f"evidence_{m.pk}"], data[f"files_{m.pk}"])
            for m in self.milestones
            if data.get(f"done_{m.pk}")
        ]

    def clean(self):
        data = super().clean()
        for m in self.milestones:
            if data.get(f"done_{m.pk}") and not data.get(f"done_on_{m.pk}"):
                self.add_error(f"done_on_{m.pk}", _("Give the date it was done."))
            if data.get(f"files_{m.pk}") and not data.get(f"done_{m.pk}"):
                self.add_error(f"files_{m.pk}", _("Tick “done” to attach evidence files."))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}))


class SettingsForm(forms.Form):
    deadline_weekday = forms.TypedChoiceField(
        label=_("Weekly deadline: day"),
        coerce=int,
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    deadline_time = forms.TimeField(label=_("Weekly deadline: time"), widget=TimeInput())
    due_soon_days = forms.IntegerField(
        label=_("Blue: a milestone is due within (days)"), min_value=0, max_value=90
    )
    lag_margin = forms.IntegerField(
        label=_("Yellow: progress behind the elapsed time by more than (points)"),
        min_value=0,
        max_value=100,
    )
    as_of = forms.DateField(
        label=_("Dispatch date"),
        required=False,
        widget=DATE,
        help_text=_("Pages compute colours as of this date; leave empty for today."),
    )


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("New category"), max_length=60)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)


class MapFilterForm(forms.Form):
    """The filters of the list and the battle map (all optional)."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=TaskCategory.objects.none(), required=False
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Lead unit"), queryset=Unit.objects.none(), required=False
    )
    leader = LeaderChoiceField(
        label=_("Leader"), queryset=get_user_model().objects.none(), required=False
    )
    colour = forms.ChoiceField(
        label=_("Colour"), choices=[("", "—"), *Colour.choices], required=False
    )
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE)

    def __init__(self, *args, year, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = TaskCategory.objects.filter(year=year)
        self.fields["lead_unit"].queryset = units
        self.fields["leader"].queryset = leaders_of(year.jurisdiction_id)

    def selectors_filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "category_id": getattr(data.get("category"), "pk", None),
            "lead_unit_id": getattr(data.get("lead_unit"), "pk", None),
            "leader_id": getattr(data.get("leader"), "pk", None),
            "colour": data.get("colour") or None,
        }
