"""Forms of the supervision pages; they validate input, the services apply it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leitai.core.evidence import LIMITS
from leitai.core.widgets import DateInput
from leitai.supervision import colours
from leitai.supervision.evidence import ACCEPT
from leitai.supervision.models import DeductionRule, Problem, ProblemCategory, Severity

DATE = DateInput()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the services check their type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


def files_field(label=None, help_text=None):
    return MultipleFileField(
        label=label or _("Evidence files"),
        help_text=help_text or LIMITS,
    )


STEP_DATE_HELP = _(
    "The day the step happened; leave it empty for today. It may not be in the future nor "
    "before the problem's previous step."
)


def step_date_field():
    """The optional date of a step (services.`_step_date` checks the limits)."""
    return forms.DateField(
        label=_("Date of the step"), required=False, widget=DATE, help_text=STEP_DATE_HELP
    )


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        for category in self.categories:
            self.fields[f"finding_{category.pk}"] = forms.CharField(
                label=category.name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def findings(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"finding_{c.pk}", "") for c in self.categories}


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProblemForm(forms.Form):
    category = CategoryChoice(label=_("Category"), queryset=ProblemCategory.objects.none())
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    found_on = forms.DateField(label=_("Found on"), widget=DATE)
    files = files_field()

    def __init__(self, *args, categories=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(label=_("Unit"), queryset=units)
            self.fields["source"] = forms.ChoiceField(
                label=_("Source"),
                choices=[c for c in Problem.Source.choices if c[0] != Problem.Source.VISIT],
            )
            self.order_fields(["unit", "source"])


class PlanForm(forms.Form):
    measures = forms.CharField(label=_("Measures"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label=_("Responsible person"), max_length=100)
    target_date = forms.DateField(label=_("Target date"), widget=DATE)
    on = step_date_field()

    def __init__(self, *args, draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        if draft:
            del self.fields["on"]  # a draft is not a step: it is dated the day it is saved
            for field in self.fields.values():
                field.required = False


class TextForm(forms.Form):
    """A step with a text and optional evidence (progress, completion)."""

    text = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    on = step_date_field()
    files = files_field()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    on = step_date_field()


class SignOffForm(forms.Form):
    text = forms.CharField(label=_("Remark"), required=False, max_length=500)
    on = step_date_field()


class RuleForm(forms.ModelForm):
    class Meta:
        model = DeductionRule
        fields = [
            "arena_code",
            "general_points",
            "serious_points",
            "overdue_points",
            "reopened_points",
            "general_days",
            "serious_days",
            "plan_days",
            "alert_days",
            "working_days",
        ]
        labels = {
            "arena_code": _("Arena code of the scheme"),
            "general_points": _("Points per general problem"),
            "serious_points": _("Points per serious problem"),
            "overdue_points": _("Points per overdue rectification"),
            "reopened_points": _("Points per send-back"),
        }

    def __init__(self, *args, arenas=(), **kwargs):
        """`arenas`: (code, name) of the scheme's arenas, offered as the arena to deduct in."""
        super().__init__(*args, **kwargs)
        choices = list(arenas)
        current = self.initial.get("arena_code")
        if current and current not in {code for code, _name in arenas}:
            choices.append((current, current))  # keep a code the scheme no longer has
        self.fields["arena_code"] = forms.ChoiceField(
            label=self.fields["arena_code"].label, choices=choices
        )


class CategoryForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    for_problems = forms.BooleanField(
        label=_("Offered for problems"),
        required=False,
        initial=True,
        help_text=_("Off for a checklist heading that records no problems, such as 工作亮点."),
    )


class LedgerFilter(forms.Form):
    """The ledger's filters (GET); every field optional."""

    round = forms.TypedChoiceField(label=_("Round"), required=False, coerce=int, empty_value=None)
    group = forms.TypedChoiceField(
        label=_("Supervision group"), required=False, coerce=int, empty_value=None
    )
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    colour = forms.ChoiceField(
        label=_("Colour"),
        required=False,
        choices=[("", "—"), *[(c, colours.LABELS[c]) for c in colours.COLOURS]],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *Problem.Status.choices]
    )
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE)

    def __init__(self, *args, rounds=(), groups=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", "—"), *[(r.pk, r.name) for r in rounds]]
        self.fields["group"].choices = [("", "—"), *[(g.pk, g.name) for g in groups]]
        self.fields["unit"].choices = [("", "—"), *[(u.pk, u.name) for u in units]]
        for name, field in self.fields.items():
            css = (
                "form-control form-control-sm" if name == "as_of" else "form-select form-select-sm"
            )
            field.widget.attrs["class"] = css
