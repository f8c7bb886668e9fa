"""Forms for the organisation pages; they validate input, the services apply it."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from leitai.org.models import Role, Unit


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Unit.Kind.choices)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class GroupForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    units = UnitChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units if units is not None else Unit.objects.none()


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.first_name or obj.username}（{obj.username}）"


class SupervisionGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
    members = PersonChoiceField(
        label=_("Members"), queryset=get_user_model().objects.none(), required=False
    )
    units = UnitChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, units=None, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units if units is not None else Unit.objects.none()
        self.fields["members"].queryset = (
            members if members is not None else get_user_model().objects.none()
        )


class PersonForm(forms.Form):
    username = forms.CharField(label=_("Login name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        required=False,
        help_text=_("11 digits starting with 1; shown to the office where contacts are listed."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the current password."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Required for assessors, reporters and unit leaders."),
        widget=forms.Select(attrs={"data-filter": _("Type part of the name or code to find it")}),
    )

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.code} {unit.name}"
        if editing:
            self.fields["username"].disabled = True
            self.fields["password"].label = _("New password")
        else:
            # A new login starts with a password the office hands over; the person changes it.
            self.fields["password"].required = True
            self.fields["password"].help_text = _(
                "Give it to the person, who changes it with the Password button after logging in."
            )


class SecuritySettingsForm(forms.Form):
    """The jurisdiction's security rules (bounds as the model's constraints)."""

    token_days = forms.IntegerField(
        label=_("API token lifetime (days)"), min_value=1, max_value=365
    )
    office_idle_hours = forms.IntegerField(
        label=_("Idle session timeout of the office and administrators (hours)"),
        min_value=1,
        max_value=72,
    )
    unit_idle_hours = forms.IntegerField(
        label=_("Idle session timeout of everyone else (hours)"), min_value=1, max_value=72
    )
    password_history = forms.IntegerField(
        label=_("Previous passwords that may not be used again"),
        min_value=0,
        max_value=24,
        help_text=_("The current password counts as one; 0 turns the check off."),
    )
    password_expiry_days = forms.IntegerField(
        label=_("Password expiry (days)"),
        min_value=0,
        max_value=365,
        help_text=_("0 = passwords never expire; an expired password must be changed at log-in."),
    )
    audit_retention_days = forms.IntegerField(
        label=_("Keep the audit log at least (days)"),
        min_value=180,
        max_value=3650,
        help_text=_("At least 180 days; nobody can delete younger entries."),
    )
