"""Forms of the scheme side: versions, arenas, indicators, periods, targets, adjustments."""

from __future__ import annotations

import math

from django import forms
from django.utils.translation import gettext_lazy as _

from leitai.assessment.models import Adjustment, Indicator
from leitai.assessment.scheme.selectors import class_pairs
from leitai.core.widgets import DateTimeInput
from leitai.scoring.scheme import RULE_PARAMS

LEVELS = ("national", "provincial", "municipal", "county")
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
# Units of measure that say a share indicator's values are typed in percent.
PERCENT_MEASURES = ("%", "％", "百分比")
LEVEL_LABELS = {
    "national": _("National"),
    "provincial": _("Provincial"),
    "municipal": _("Municipal"),
    "county": _("County"),
}


class SchemeImportForm(forms.Form):
    """Paste or upload the YAML `leitai score` reads, with an optional metadata file."""

    yaml_text = forms.CharField(
        label=_("Scheme (YAML)"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    yaml_file = forms.FileField(label=_("or upload the .yaml file"), required=False)
    metadata_file = forms.FileField(
        label=_("Indicator metadata (.yaml, optional)"),
        required=False,
        help_text=_("Supplier, assessor, unit of measure and description of each indicator."),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("yaml_file")
        text = upload.read().decode("utf-8", "replace") if upload else data.get("yaml_text", "")
        if not text.strip():
            raise forms.ValidationError(_("Paste the scheme or upload its file."))
        data["text"] = text
        meta = data.get("metadata_file")
        data["metadata"] = meta.read().decode("utf-8", "replace") if meta else ""
        return data


class SchemeForm(forms.Form):
    """A version's name, note, bonus level points and quarter weights."""

    name = forms.CharField(label=_("Name"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        levels = (scheme.bonus_levels if scheme else None) or {}
        weights = (scheme.quarter_weights if scheme else None) or {}
        for level in LEVELS:
            self.fields[f"level_{level}"] = forms.FloatField(
                label=_("Bonus points: %(level)s") % {"level": LEVEL_LABELS[level]},
                min_value=0,
                initial=levels.get(level),
            )
        for quarter in QUARTERS:
            self.fields[f"weight_{quarter}"] = forms.FloatField(
                label=_("Weight of %(quarter)s") % {"quarter": quarter},
                min_value=0,
                initial=weights.get(quarter),
            )
        if scheme is not None:
            self.initial.setdefault("name", scheme.name)
            self.initial.setdefault("note", scheme.note)

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "note": data["note"],
            "bonus_levels": {level: data[f"level_{level}"] for level in LEVELS},
            "quarter_weights": {q: data[f"weight_{q}"] for q in QUARTERS},
        }


class ArenaForm(forms.Form):
    """An arena's code, name, weight and caps."""

    code = forms.SlugField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    weight = forms.FloatField(label=_("Weight"))
    bonus_cap = forms.FloatField(label=_("Bonus cap"), required=False)
    deduction_cap = forms.FloatField(label=_("Deduction cap"), required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, required=False)

    def changes(self, *, create: bool = False) -> dict:
        data = dict(self.cleaned_data)
        if data.get("order") is None:
            data.pop("order", None)
        return {k: v for k, v in data.items() if not k.startswith("first_")}


class ArenaCreateForm(ArenaForm):
    """A new arena with its first indicator (the engine needs at least one)."""

    first_code = forms.CharField(label=_("First indicator: code"), max_length=32)
    first_name = forms.CharField(label=_("First indicator: name"), max_length=200)
    first_rule = forms.ChoiceField(label=_("First indicator: rule"), choices=Indicator.Rule.choices)
    first_max_points = forms.FloatField(label=_("First indicator: maximum points"))

    def first_indicator(self) -> dict:
        data = self.cleaned_data
        params = {"peers": 13} if data["first_rule"] == "rank" else {}
        if data["first_rule"] == "bands":
            params = {"bands": [[0.0, 1.0]]}
        return {
            "code": data["first_code"],
            "name": data["first_name"],
            "rule": data["first_rule"],
            "max_points": data["first_max_points"],
            "params": params,
        }


class IndicatorForm(forms.Form):
    """An indicator: rule and parameters (checked by the engine), groups, who supplies it."""

    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=200)
    arena = forms.ModelChoiceField(label=_("Arena"), queryset=None)
    rule = forms.ChoiceField(label=_("Rule"), choices=Indicator.Rule.choices)
    max_points = forms.FloatField(label=_("Maximum points"))
    direction = forms.ChoiceField(label=_("Direction"), choices=Indicator.Direction.choices)
    cap = forms.FloatField(label=_("cap (completion, rank)"), required=False)
    zero_below = forms.FloatField(label=_("zero_below (completion)"), required=False)
    floor = forms.FloatField(label=_("floor (relative, rank)"), required=False)
    peers = forms.IntegerField(label=_("peers (rank)"), required=False)
    advance = forms.FloatField(label=_("advance (rank)"), required=False)
    retreat = forms.FloatField(label=_("retreat (rank)"), required=False)
    step = forms.FloatField(
        label=_("step (rank)"),
        required=False,
        help_text=_(
            "e.g. 0.05: first place full points, each place 0.05 of them less (instead of floor)"
        ),
    )
    top_points = forms.CharField(
        label=_("Points of the top places (rank)"),
        required=False,
        help_text=_("from first place down, e.g. 5, 4, 3, 2, 1"),
    )
    bottom_points = forms.CharField(
        label=_("Points of the last places (rank)"),
        required=False,
        help_text=_("in position order, the last for last place, e.g. -1, -2, -3, -4, -5"),
    )
    average = forms.BooleanField(
        label=_("Average position over the year (rank)"),
        required=False,
        help_text=_("Ticked: values are the average of the year's positions, e.g. 2.4."),
    )
    bands = forms.CharField(
        label=_("bands (bands)"),
        required=False,
        help_text=_("threshold:fraction pairs, e.g. 0:1, 2:0.5"),
    )
    trim_from = forms.IntegerField(label=_("trim_from (panel)"), required=False)
    classes = forms.CharField(
        label=_("Rater classes (panel)"),
        required=False,
        help_text=_("class:weight pairs, e.g. A:60, B:40; blank for one class of judges"),
    )
    percent = forms.BooleanField(
        label=_("Values in percent (share)"),
        required=False,
        help_text=_("Ticked: values are typed as percentages, 0–100 (71.04 means 71.04 per cent)."),
    )
    groups = forms.MultipleChoiceField(
        label=_("Groups (none = all)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    supplier = forms.ChoiceField(label=_("Supplied by"), choices=Indicator.Supplier.choices)
    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=None, required=False)
    measure = forms.CharField(label=_("Unit of measure"), max_length=20, required=False)
    description = forms.CharField(
        label=_("How it is measured"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, required=False)

    def __init__(self, *args, arenas, groups, units, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arena"].queryset = arenas
        self.fields["groups"].choices = [(g.code, f"{g.code} {g.name}") for g in groups]
        self.fields["assessor"].queryset = units
        if indicator is not None:
            self.initial.update(_indicator_initial(indicator))

    def clean_bands(self):
        text = self.cleaned_data["bands"].replace("，", ",").replace("：", ":").strip()
        if not text:
            return None
        try:
            return [
                [float(a), float(b)]
                for a, b in (pair.split(":") for pair in text.split(",") if pair.strip())
            ]
        except ValueError as exc:
            raise forms.ValidationError(_("Write bands as threshold:fraction pairs.")) from exc

    def _points_list(self, name: str) -> list[float] | None:
        text = self.cleaned_data[name]
        for mark, plain in (("，", ","), ("、", ","), ("；", ","), (";", ","), ("－", "-")):
            text = text.replace(mark, plain)
        parts = [part.strip() for part in text.split(",") if part.strip()]
        try:
            return [float(part) for part in parts] or None
        except ValueError as exc:
            raise forms.ValidationError(
                _("Write points by place as numbers separated by commas, e.g. 5, 4, 3.")
            ) from exc

    def clean_top_points(self):
        return self._points_list("top_points")

    def clean_bottom_points(self):
        return self._points_list("bottom_points")

    def clean_average(self):
        return True if self.cleaned_data["average"] else None

    def clean_classes(self):
        text = self.cleaned_data["classes"]
        for mark, plain in (("，", ","), ("、", ","), ("；", ","), (";", ","), ("：", ":")):
            text = text.replace(mark, plain)
        pairs: list[list] = []
        for part in (p.strip() for p in text.split(",")):
            if not part:
                continue
            code, colon, weight = (x.strip() for x in part.rpartition(":"))
            try:
                number = float(weight)
            except ValueError:
                number = None
            if not colon or not code or number is None or not math.isfinite(number):
                raise forms.ValidationError(
                    _("Write rater classes as class:weight pairs, e.g. A:60, B:40.")
                )
            if number <= 0:
                raise forms.ValidationError(
                    _("The weight of rater class %(code)s must be greater than 0.") % {"code": code}
                )
            if any(code == seen for seen, _weight in pairs):
                raise forms.ValidationError(
                    _("Rater class %(code)s is given twice.") % {"code": code}
                )
            pairs.append([code, number])
        return pairs or None

    def clean(self):
        data = super().clean()
        measure = (data.get("measure") or "").strip()
        if data.get("rule") == "share" and measure in PERCENT_MEASURES and not data.get("percent"):
            self.add_error(
                "percent",
                _(
                    "This indicator is measured in percent: tick “values in percent”, "
                    "or 71.04 scores as 7104 per cent (full marks)."
                ),
            )
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        params = {p: data[p] for p in RULE_PARAMS[data["rule"]] if data.get(p) not in (None, "")}
        out = {k: data[k] for k in ("code", "name", "arena", "rule", "max_points", "direction")}
        out.update(params=params, groups=list(data["groups"]), supplier=data["supplier"])
        out.update(assessor=data["assessor"], measure=data["measure"])
        out["description"] = data["description"]
        if data.get("order") is not None:
            out["order"] = data["order"]
        return out


def _indicator_initial(indicator: Indicator) -> dict:
    initial = {
        name: getattr(indicator, name)
        for name in ("code", "name", "rule", "max_points", "direction", "supplier")
    }
    initial.update(arena=indicator.arena_id, assessor=indicator.assessor_id)
    initial.update(measure=indicator.measure, description=indicator.description)
    initial.update(groups=indicator.groups, order=indicator.order)
    params = dict(indicator.params or {})
    if "bands" in params:
        params["bands"] = ", ".join(f"{a:g}:{b:g}" for a, b in params["bands"])
    if "classes" in params:
        params["classes"] = ", ".join(f"{c}:{w:g}" for c, w in class_pairs(params["classes"]))
    for key in ("top_points", "bottom_points"):
        if key in params:
            params[key] = ", ".join(f"{points:g}" for points in params[key])
    initial.update(params)
    return initial


class PeriodForm(forms.Form):
    """When a period opens, is due and locks."""

    opens_at = forms.DateTimeField(label=_("Opens"), widget=DateTimeInput())
    deadline = forms.DateTimeField(label=_("Deadline"), widget=DateTimeInput())
    locks_at = forms.DateTimeField(label=_("Locks"), widget=DateTimeInput())


class TargetImportForm(forms.Form):
    """The targets workbook."""

    file = forms.FileField(label=_("Targets workbook (.xlsx)"))


class ExemptionForm(forms.Form):
    """Exempt a unit from an indicator for the year."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    indicator_code = forms.ChoiceField(label=_("Indicator"))
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, units, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["indicator_code"].choices = [(i.code, f"{i.code} {i.name}") for i in indicators]


class AdjustmentForm(forms.Form):
    """Propose a bonus, deduction or veto."""

    period = forms.ModelChoiceField(label=_("Period"), queryset=None)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    arena_code = forms.ChoiceField(label=_("Arena"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Adjustment.Kind.choices)
    matter = forms.CharField(
        label=_("Matter"),
        max_length=200,
        help_text=_("The recognition or fact, e.g. the award's name."),
    )
    level = forms.ChoiceField(
        label=_("Level (bonus)"),
        required=False,
        choices=[("", "—"), *Adjustment.Level.choices],
    )
    points = forms.DecimalField(
        label=_("Points"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("For a bonus, leave empty to use the level's points."),
    )
    document = forms.CharField(label=_("Document reference"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(label=_("Evidence"), required=False)

    def __init__(self, *args, periods, units, arenas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        self.fields["unit"].queryset = units
        self.fields["arena_code"].choices = [(a.code, a.name) for a in arenas]


class DecisionForm(forms.Form):
    """The office's note when deciding on an adjustment."""

    note = forms.CharField(label=_("Note"), max_length=255, required=False)
