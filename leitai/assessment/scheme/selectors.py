"""Reads of the scheme side: scheme versions as the engine sees them, periods, targets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language, pgettext_lazy

from leitai import scoring
from leitai.assessment.models import (
    Adjustment,
    Arena,
    Exemption,
    Indicator,
    IndicatorValue,
    PanelScore,
    Period,
    Scheme,
    Target,
)
from leitai.core.areas import provided
from leitai.org.models import AssessmentYear
from leitai.scoring.scheme import RULE_PARAMS

# Fields kept in the database only: the engine does not read them (see docs/scheme.md).
METADATA_FIELDS = ("supplier", "assessor", "measure", "description")

# The period kinds a rule's values are collected in, for rules not collected in every kind.
# Judges' scores come from the quarterly arena contest (季度打擂) only: a month or the year
# leaves a `panel` indicator out entirely (it does not apply then, it is not missing).
COLLECTED_IN = {Indicator.Rule.PANEL: frozenset({Period.Kind.QUARTER})}


def collected_in(rule: str, kind: str) -> bool:
    """Tell whether an indicator with this rule is collected (and scored) in a period of `kind`."""
    kinds = COLLECTED_IN.get(rule)
    return kinds is None or kind in kinds


def scheme_with_rows(scheme_id: int) -> Scheme:
    """Return the scheme version with its arenas and indicators prefetched in order."""
    return (
        Scheme.objects.select_related("year", "year__jurisdiction")
        .prefetch_related(
            Prefetch("arenas", Arena.objects.order_by("order", "id")),
            Prefetch(
                "indicators",
                Indicator.objects.select_related("assessor").order_by(
                    "arena__order", "order", "id"
                ),
            ),
        )
        .get(pk=scheme_id)
    )


def _arena_rows(scheme: Scheme) -> list[tuple[Arena, list[Indicator]]]:
    arenas = list(scheme.arenas.all())
    by_arena: dict[int, list[Indicator]] = {a.pk: [] for a in arenas}
    for indicator in scheme.indicators.all():
        by_arena[indicator.arena_id].append(indicator)
    return [(arena, by_arena[arena.pk]) for arena in arenas]


# What each rule parameter of SCORING.md is called on the pages (the key stays in YAML).
PARAM_LABELS = {
    "cap": pgettext_lazy("rule parameter", "cap"),
    "zero_below": pgettext_lazy("rule parameter", "zero below"),
    "floor": pgettext_lazy("rule parameter", "floor"),
    "peers": pgettext_lazy("rule parameter", "peers"),
    "advance": pgettext_lazy("rule parameter", "advance"),
    "retreat": pgettext_lazy("rule parameter", "retreat"),
    "bands": pgettext_lazy("rule parameter", "bands"),
    "trim_from": pgettext_lazy("rule parameter", "trim from"),
    "classes": pgettext_lazy("rule parameter", "rater classes"),
    "percent": pgettext_lazy("rule parameter", "entered as a percentage"),
    "step": pgettext_lazy("rule parameter", "less a place"),
    "top_points": pgettext_lazy("rule parameter", "points of the top places"),
    "bottom_points": pgettext_lazy("rule parameter", "points of the last places"),
    "average": pgettext_lazy("rule parameter", "average position over the year"),
}


def _position(order: list[str], key: str) -> int:
    return order.index(key) if key in order else len(order)


def class_pairs(value) -> list[tuple[str, float]]:
    """Return stored rater classes (a list of [code, weight] pairs, or a mapping) as pairs."""
    items = value.items() if isinstance(value, dict) else value
    return [(str(code), float(weight)) for code, weight in items]


def _params_text(params: dict, rule: str) -> str:
    # In the engine's order of the rule's parameters: jsonb (PostgreSQL) does not keep key order.
    order = list(RULE_PARAMS.get(rule, ()))
    items = sorted((params or {}).items(), key=lambda kv: _position(order, kv[0]))
    parts = []
    for key, value in items:
        if isinstance(value, bool):
            # A switch is shown by its label when on (e.g. share's `percent`), hidden when off.
            if value:
                parts.append(str(PARAM_LABELS.get(key, key)))
            continue
        if key == "bands":
            value = ", ".join(f"{a:g}→{b:g}" for a, b in value)
        elif key in ("top_points", "bottom_points"):
            value = ", ".join(f"{points:g}" for points in value)
        elif key == "classes":
            # Class names are Chinese: a full-width comma between them in Chinese (全角).
            sep = "，" if (get_language() or "").startswith("zh") else ", "
            value = sep.join(f"{code} {weight:g}" for code, weight in class_pairs(value))
        elif isinstance(value, float):
            value = f"{value:g}"
        parts.append(f"{PARAM_LABELS.get(key, key)} {value}")
    return " · ".join(parts)


def arena_table(scheme: Scheme) -> list[dict[str, Any]]:
    """Return each arena with its indicators and their parameters as display text."""
    table = []
    for arena, indicators in _arena_rows(scheme):
        for indicator in indicators:
            indicator.params_text = _params_text(indicator.params, indicator.rule)
        table.append(
            {
                "arena": arena,
                "indicators": indicators,
                "points": sum(i.max_points for i in indicators),
            }
        )
    return table


def indicator_dict(indicator: Indicator) -> dict[str, Any]:
    """Return one indicator as the engine's YAML mapping."""
    out: dict[str, Any] = {
        "code": indicator.code,
        "name": indicator.name,
        "rule": indicator.rule,
        "max_points": indicator.max_points,
    }
    if indicator.groups:
        out["groups"] = list(indicator.groups)
    out["direction"] = indicator.direction
    out.update(indicator.params or {})
    return out


def scheme_dict(scheme: Scheme) -> dict[str, Any]:
    """Return the scheme version as the mapping `leitai score` reads (before validation)."""
    arenas = []
    for arena, indicators in _arena_rows(scheme):
        item: dict[str, Any] = {"code": arena.code, "name": arena.name, "weight": arena.weight}
        if arena.bonus_cap is not None:
            item["bonus_cap"] = arena.bonus_cap
        if arena.deduction_cap is not None:
            item["deduction_cap"] = arena.deduction_cap
        item["indicators"] = [indicator_dict(ind) for ind in indicators]
        arenas.append(item)
    out: dict[str, Any] = {"name": scheme.name}
    # jsonb (PostgreSQL) does not keep key order: put the keys in their natural order.
    if scheme.bonus_levels:
        out["bonus_levels"] = _in_order(scheme.bonus_levels, LEVEL_ORDER)
    if scheme.quarter_weights:
        out["quarter_weights"] = _in_order(scheme.quarter_weights, ("Q1", "Q2", "Q3", "Q4"))
    out["arenas"] = arenas
    return out


def engine_scheme(scheme: Scheme) -> scoring.Scheme:
    """Return the scheme version as the engine's Scheme (raises SchemeError if it is invalid)."""
    return scoring.parse_dict(scheme_dict(scheme))


def scheme_yaml(scheme: Scheme) -> str:
    """Return the scheme version as the YAML `leitai score` reads."""
    return scoring.dump_yaml(engine_scheme(scheme))


def scheme_metadata(scheme: Scheme) -> dict[str, Any]:
    """Return the database-only fields of every indicator, keyed by indicator code."""
    out = {}
    for indicator in scheme.indicators.all():
        out[indicator.code] = {
            "supplier": indicator.supplier,
            "assessor": indicator.assessor.code if indicator.assessor_id else None,
            "measure": indicator.measure,
            "description": indicator.description,
        }
    return {"indicators": out}


def scheme_in_use(scheme: Scheme) -> bool:
    """Tell whether any data or result exists for the scheme's year (then rules copy on write)."""
    periods = Period.objects.filter(year_id=scheme.year_id)
    if any(
        model.objects.filter(period__in=periods).exists()
        for model in (IndicatorValue, PanelScore, Adjustment)
    ):
        return True
    # Areas above this one (rankings: results computed with it) declare their own checks.
    return any(check(scheme) for check in provided("in_use_checks"))


def schemes_of_year(year: AssessmentYear, schemes: QuerySet[Scheme]) -> list[Scheme]:
    """Return the visible versions of the year's scheme, newest first."""
    return list(schemes.filter(year=year).select_related("created_by").order_by("-version"))


def latest_scheme(year: AssessmentYear, *, include_drafts: bool = False) -> Scheme | None:
    """Return the version in force, else (for the office) the newest draft."""
    schemes = Scheme.objects.filter(year=year)
    active = schemes.filter(state=Scheme.State.ACTIVE).first()
    if active or not include_drafts:
        return active
    return schemes.filter(state=Scheme.State.DRAFT).order_by("-version").first()


def completion_indicators(scheme: Scheme | None) -> list[Indicator]:
    """Return the scheme's `completion` indicators in scheme order."""
    if scheme is None:
        return []
    rows = Indicator.objects.filter(scheme=scheme, rule=Indicator.Rule.COMPLETION)
    return list(rows.select_related("arena").order_by("arena__order", "order", "id"))


def periods_of_year(year: AssessmentYear, periods: QuerySet[Period]) -> list[Period]:
    """Return the year's periods: months, then quarters, then the year."""
    order = {Period.Kind.MONTH: 0, Period.Kind.QUARTER: 1, Period.Kind.YEAR: 2}
    rows = list(periods.filter(year=year))
    return sorted(rows, key=lambda p: (order[p.kind], p.starts_on))


def target_map(
    year: AssessmentYear, targets: QuerySet[Target], *, period: Period | None = None
) -> dict[tuple[int, str], Target]:
    """Return the year's targets (annual, or of one period) keyed by (unit id, indicator code)."""
    rows = targets.filter(year=year, period=period)
    return {(t.unit_id, t.indicator_code): t for t in rows}


def exemptions_of_year(year: AssessmentYear, exemptions: QuerySet[Exemption]) -> list[Exemption]:
    """Return the year's exemptions by unit code and indicator."""
    rows = exemptions.filter(year=year).select_related("unit")
    return list(rows.order_by("unit__code", "indicator_code"))


def adjustments_list(
    adjustments: QuerySet[Adjustment], *, year=None, unit_ids: Iterable[int] | None = None
) -> QuerySet[Adjustment]:
    """Return adjustments with their period, unit and people, newest first."""
    rows = adjustments.select_related("period", "unit", "proposed_by", "decided_by")
    if year is not None:
        rows = rows.filter(period__year=year)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    return rows.order_by("-proposed_at", "-id")


LEVEL_ORDER = ("national", "provincial", "municipal", "county")


def _in_order(mapping: dict, order: tuple[str, ...]) -> dict:
    """Return `mapping` with the keys of `order` first, in that order, then the rest sorted."""
    keys = [k for k in order if k in mapping] + sorted(k for k in mapping if k not in order)
    return {k: mapping[k] for k in keys}
