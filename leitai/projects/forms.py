"""Page forms of the project ledger (validation of input only)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from leitai.core.evidence import EvidenceFilesField
from leitai.core.widgets import DateInput
from leitai.org.models import Role, Unit
from leitai.projects.models import Event, Project, ProjectFeed, ProjectStage, SizeBand

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
STAGES = ProjectStage.Stage


def leaders_of(jurisdiction_id):
    return (
        get_user_model()
        .objects.filter(role_grants__role=Role.LEADER, role_grants__jurisdiction_id=jurisdiction_id)
        .distinct()
    )


class ProjectForm(forms.ModelForm):
    """The master data, the planned date of each stage and the monthly plan (office)."""

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "unit",
            "co_units",
            "leader",
            "task_force",
            "level",
            "kind",
            "location",
            "total_investment",
        ]

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(jurisdiction_id=year.jurisdiction_id).order_by("code")
        self.fields["unit"].queryset = units
        self.fields["co_units"].queryset = units
        self.fields["co_units"].required = False
        self.fields["leader"].queryset = leaders_of(year.jurisdiction_id)
        self.fields["leader"].label_from_instance = lambda u: u.get_full_name() or u.username
        project = kwargs.get("instance")
        stages = {s.stage: s for s in project.stages.all()} if project and project.pk else {}
        months = {m.month: m for m in project.months.all()} if project and project.pk else {}
        for code, label in STAGES.choices:
            stage = stages.get(code)
            self.fields[f"planned_{code}"] = forms.DateField(
                label=_("Planned date: %(stage)s") % {"stage": label},
                required=False,
                widget=DateInput(),
                initial=stage.planned_on if stage else None,
            )
        for number in range(1, 13):
            month = months.get(number)
            self.fields[f"plan_{number}"] = forms.DecimalField(
                label=_("Planned investment, month %(month)s (10k yuan)") % {"month": number},
                required=False,
                initial=month.planned if month else 0,
                **MONEY,
            )

    def service_data(self) -> dict:
        """Return the service's arguments: fields, co-units, plan and planned dates."""
        data = dict(self.cleaned_data)
        planned = {code: data.pop(f"planned_{code}") for code in STAGES.values}
        plan = [data.pop(f"plan_{n}") or 0 for n in range(1, 13)]
        co_units = list(data.pop("co_units"))
        return {"co_units": co_units, "plan": plan, "planned": planned, **data}


class MonthForm(forms.Form):
    """A unit's monthly update on a phone."""

    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(m, m) for m in range(1, 13)]
    )
    completed = forms.DecimalField(label=_("Investment completed this month (10k yuan)"), **MONEY)
    workers = forms.IntegerField(label=_("Workers on site"), required=False, min_value=0)
    problems = forms.CharField(
        label=_("Problems needing help"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = EvidenceFilesField(label=_("Site photos"))
    taken_on = forms.DateField(label=_("Photos taken on"), required=False, widget=DateInput())


class StageReportForm(forms.Form):
    """The day a stage was reached and its evidence by kind."""

    actual_on = forms.DateField(label=_("Reached on"), widget=DateInput())
    approval_files = EvidenceFilesField(label=_("Approval or filing document"))
    contract_files = EvidenceFilesField(label=_("Construction contract"))
    photo_files = EvidenceFilesField(label=_("Dated site photo"))
    taken_on = forms.DateField(label=_("Photo taken on"), required=False, widget=DateInput())
    other_files = EvidenceFilesField(label=_("Other evidence"))

    def evidence(self) -> dict:
        kinds = ("approval", "contract", "photo", "other")
        return {
            k: self.cleaned_data[f"{k}_files"] for k in kinds if self.cleaned_data[f"{k}_files"]
        }


class CheckForm(forms.Form):
    """A checker's decision on a stage."""

    action = forms.ChoiceField(
        choices=[
            ("verify", _("Verify")),
            ("send_back", _("Send back")),
            ("reopen", _("Reopen")),
        ]
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class FeedsForm(forms.Form):
    """Which indicator each ledger figure feeds (the office's choice)."""

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for metric, label in ProjectFeed.Metric.choices:
            self.fields[metric] = forms.CharField(
                label=label, required=False, max_length=32, initial=current.get(metric, "")
            )


class MapFilterForm(forms.Form):
    """The project map's filters."""

    unit = forms.IntegerField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *Project.Kind.choices])
    band = forms.ChoiceField(required=False, choices=[("", ""), *SizeBand.choices])
    leader = forms.IntegerField(required=False)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)


class EventForm(forms.Form):
    """An event of the year with its projects and photos (office)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"), queryset=Project.objects.none(), required=False
    )
    photos = EvidenceFilesField(label=_("Photos"))

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.filter(year=year).order_by("code")
        self.fields["projects"].widget.attrs["data-filter"] = _("Search projects")
