"""Page forms of honours (input validation only; the services hold the rules)."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _


class RulesForm(forms.Form):
    rules = forms.CharField(
        label=_("Grading rules (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace"}),
        help_text=_("Grades, method, rounding, tie rule, gates and awards: see the honours guide."),
    )

    def clean_rules(self):
        try:
            return json.loads(self.cleaned_data["rules"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("Not valid JSON: line %(line)s, column %(column)s.")
                % {"line": exc.lineno, "column": exc.colno}
            ) from exc


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObjectionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit objected to"), queryset=None, required=False)
    text = forms.CharField(
        label=_("Objection"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.CharField(label=_("Contact"), max_length=100, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class HandlingForm(forms.Form):
    handling = forms.CharField(
        label=_("How it was handled"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
