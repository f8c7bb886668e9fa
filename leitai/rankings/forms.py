"""Forms of the rankings pages; the services decide, the forms only shape input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leitai.rankings.models import Publication
from leitai.rankings.services import DEFAULT_APPEAL_DAYS


class ComputeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for a corrected re-issue"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty for an ordinary draft."),
    )


class DisplayFields(forms.Form):
    public = forms.BooleanField(label=_("Show on the public page"), required=False)
    public_shows = forms.ChoiceField(
        label=_("The public page shows"),
        choices=Publication.PublicShows.choices,
        initial=Publication.PublicShows.TOTALS,
    )
    list_size = forms.IntegerField(
        label=_("Red/black list size"), min_value=1, max_value=50, initial=3
    )


class PublishForm(DisplayFields):
    appeal_days = forms.IntegerField(
        label=_("Appeal window (working days)"),
        min_value=0,
        max_value=30,
        initial=DEFAULT_APPEAL_DAYS,
        help_text=_("0 = no appeals."),
    )
    override_reason = forms.CharField(
        label=_("Reason to publish with this much missing data"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit log with the publication."),
    )

    def __init__(self, *args, needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["override_reason"]


class PublishingRuleForm(forms.Form):
    max_missing_percent = forms.DecimalField(
        label=_("Most missing values a draft may have to be published (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_(
            "Counted over every value the draft should have had. Above it, the office must give "
            "a reason to publish."
        ),
    )


class AppealForm(forms.Form):
    indicators = forms.MultipleChoiceField(
        label=_("Indicators disputed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the indicators whose score the appeal is about, if any."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label=_("Evidence"), required=False)

    def __init__(self, *args, indicators: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [(c, f"{c} {n}") for c, n in indicators.items()]


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When accepting, say what will be corrected."),
    )
