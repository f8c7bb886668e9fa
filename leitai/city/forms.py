"""Page forms of the city area (validation of input only)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from leitai.city.models import CityIndicator


class CityIndicatorForm(forms.Form):
    """A city indicator and the departments that carry it."""

    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    peers = forms.IntegerField(label=_("Peers ranked by the city"), min_value=2, max_value=99)
    period_kind = forms.ChoiceField(
        label=_("City period"), choices=CityIndicator.PeriodKind.choices
    )
    lag_days = forms.IntegerField(
        label=_("Usual publication lag (days)"), min_value=0, max_value=366, initial=20
    )
    indicator_code = forms.CharField(
        label=_("County rank indicator fed"),
        max_length=32,
        required=False,
        help_text=_("The code of the rank indicator in the county's scheme, e.g. A01."),
    )
    max_points = forms.DecimalField(
        label=_("City points of the indicator"),
        min_value=0,
        max_digits=8,
        decimal_places=4,
        initial=10,
    )
    floor = forms.FloatField(label=_("floor (rank)"), required=False)
    step = forms.FloatField(label=_("step (rank)"), required=False)
    advance = forms.FloatField(label=_("advance (rank)"), required=False)
    retreat = forms.FloatField(label=_("retreat (rank)"), required=False)
    top_points = forms.CharField(label=_("Points of the top places (rank)"), required=False)
    bottom_points = forms.CharField(label=_("Points of the last places (rank)"), required=False)
    carriers = forms.CharField(
        label=_("Carried by"),
        required=False,
        help_text=_("unit:share pairs summing to 100%, e.g. A01:60, B01:40 (one unit: A01)."),
    )

    def _points_list(self, name: str) -> list[float]:
        text = self.cleaned_data[name]
        for mark, plain in (("，", ","), ("、", ","), ("；", ","), (";", ","), ("－", "-")):
            text = text.replace(mark, plain)
        try:
            return [float(part) for part in text.split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError(
                _("Write points by place as numbers separated by commas, e.g. 5, 4, 3.")
            ) from exc

    def clean_top_points(self):
        return self._points_list("top_points")

    def clean_bottom_points(self):
        return self._points_list("bottom_points")

    def params(self) -> dict:
        """Return the city's rank rule parameters given on the form."""
        data = self.cleaned_data
        return {key: data[key] for key in RULE if data.get(key) not in (None, "", [])}

    def clean_carriers(self) -> list[tuple[str, Decimal]]:
        text = self.cleaned_data["carriers"]
        for mark, plain in (("，", ","), ("、", ","), ("；", ","), (";", ","), ("：", ":")):
            text = text.replace(mark, plain)
        pairs = []
        parts = [p.strip() for p in text.split(",") if p.strip()]
        for part in parts:
            code, _colon, share = (x.strip() for x in part.partition(":"))
            share = share.rstrip("%") or "100"
            try:
                value = Decimal(share) / 100
            except InvalidOperation as exc:
                raise forms.ValidationError(
                    _("Write carriers as unit:share pairs, e.g. A01:60, B01:40.")
                ) from exc
            pairs.append((code, value))
        return pairs


RULE = ("floor", "step", "advance", "retreat", "top_points", "bottom_points")


class ResultsUploadForm(forms.Form):
    """The city's notice table of one period."""

    period = forms.ChoiceField(label=_("Period"))
    file = forms.FileField(label=_("The city's table (.xlsx or .csv)"))

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.code, p.code) for p in periods]


def indicator_initial(indicator: CityIndicator) -> dict:
    """Return the form's initial values of a stored city indicator."""
    names = [n for n in CityIndicatorForm.base_fields if n not in RULE]
    initial = {name: getattr(indicator, name) for name in names}
    for key, value in (indicator.params or {}).items():
        initial[key] = ", ".join(f"{v:g}" for v in value) if isinstance(value, list) else value
    initial["carriers"] = ", ".join(
        f"{c.unit.code}:{(c.share * 100).normalize():f}"
        for c in indicator.carriers.select_related("unit")
    )
    return initial
