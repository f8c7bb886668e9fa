"""The channel form; the secret is a write-only field (never rendered back)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leitai.notify.models import Channel


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Channel.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    address = forms.CharField(
        label=_("Address"),
        max_length=500,
        help_text=_("The robot's webhook URL with its token, or e-mail addresses."),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the stored secret."),
    )
    mobiles = forms.CharField(
        label=_("Mobiles to mention"), required=False, help_text=_("Separated by commas.")
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_mobiles(self):
        text = self.cleaned_data["mobiles"].replace("，", ",")
        return [m.strip() for m in text.split(",") if m.strip()]
