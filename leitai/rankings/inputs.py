"""Turn a period's rows into the engine's inputs, as one canonical JSON-ready mapping.

The mapping is what a snapshot stores and fingerprints, and the engine's `ScoringInput` is
built from it (never from the rows directly), so a stored snapshot can always be re-scored
from its own `inputs` and gives the same numbers.

What goes in: the scheme as the period's kind applies it (an indicator not collected in that
kind — judges' scores in a month — is left out; its arena stays, applying to no unit if it
has no indicator left); the units of the year's groups; the period's *verified* values
(anything else is left out and listed as missing with its state); the period's target of a
completion indicator, else the year's; the same indicator's verified value of the previous
period of the same kind as `previous` (for `rank` indicators); judges' scores; approved
adjustments plus the supervision app's automatic deductions; the year's exemptions.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leitai import scoring
from leitai.assessment.models import (
    Adjustment,
    Exemption,
    IndicatorValue,
    PanelScore,
    Period,
    Target,
)
from leitai.assessment.scheme.selectors import collected_in
from leitai.core.areas import provided
from leitai.org.models import GroupMembership

# Why a value the draft treated as missing was left out (shown beside the draft).
NOT_VERIFIED = "not_verified"
BLANK = "blank"
NO_TARGET = "no_target"
NOT_REPORTED = "not_reported"


@dataclass(frozen=True)
class PeriodInputs:
    """The canonical inputs of a period and the facts the snapshot rows need."""

    canonical: dict[str, Any]
    excluded: dict[tuple[str, str], str]
    unit_ids: dict[str, int]
    group_ids: dict[str, int]


def fingerprint(canonical: dict[str, Any]) -> str:
    """Return the sha256 of the canonical JSON of the inputs."""
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _num(value) -> float | None:
    return None if value is None else float(value)


def previous_period(period: Period) -> Period | None:
    """Return the period of the same kind just before `period` in its year."""
    earlier = Period.objects.filter(
        year_id=period.year_id, kind=period.kind, starts_on__lt=period.starts_on
    )
    return earlier.order_by("-starts_on").first()


def year_units(year_id: int) -> tuple[list[list[str]], dict[str, int], dict[str, int]]:
    """Return [code, name, group code] of the year's units, and ids by unit and group code."""
    rows = GroupMembership.objects.filter(year_id=year_id).select_related("unit", "group")
    units, unit_ids, group_ids = [], {}, {}
    for m in sorted(rows, key=lambda m: m.unit.code):
        units.append([m.unit.code, m.unit.name, m.group.code])
        unit_ids[m.unit.code] = m.unit_id
        group_ids[m.group.code] = m.group_id
    return units, unit_ids, group_ids


def period_scheme(scheme: scoring.Scheme, kind: str) -> scoring.Scheme:
    """Return the scheme as a period of `kind` applies it: only the indicators collected then."""
    codes = {ind.code for ind in scheme.indicators if collected_in(ind.rule, kind)}
    if not codes:
        raise ValidationError(
            {"period": _("No indicator of the scheme is collected in this kind of period.")}
        )
    return _only(scheme, codes)


def held_scheme(scheme: scoring.Scheme, dumped: dict[str, Any]) -> scoring.Scheme:
    """Return `scheme` cut to the indicators of `dumped`, the scheme stored with the inputs."""
    codes = {ind["code"] for arena in dumped["arenas"] for ind in arena["indicators"]}
    return _only(scheme, codes)


def _only(scheme: scoring.Scheme, codes: set[str]) -> scoring.Scheme:
    """Return the scheme with only these indicators.

    Every arena stays, so its adjustments (a veto above all) still name a known arena; an arena
    left without indicators applies to no unit in the period, as SCORING.md has it.
    """
    if all(ind.code in codes for ind in scheme.indicators):
        return scheme
    arenas = tuple(
        dataclasses.replace(
            arena, indicators=tuple(ind for ind in arena.indicators if ind.code in codes)
        )
        for arena in scheme.arenas
    )
    return dataclasses.replace(scheme, arenas=arenas)


def build_inputs(
    period: Period, scheme: scoring.Scheme, previous_ranks: dict, previous_groups: dict
) -> PeriodInputs:
    """Collect everything the engine needs to score `period` under `scheme`."""
    scheme = period_scheme(scheme, period.kind)
    units, unit_ids, group_ids = year_units(period.year_id)
    known = set(unit_ids)
    by_code = {ind.code: ind for ind in scheme.indicators}
    values, excluded = _values(period, by_code, known)
    canonical = {
        "period": period.code,
        "scheme": scoring.dump_dict(scheme),
        "units": units,
        "values": values,
        "panel": _panel(period, by_code, known),
        "adjustments": period_adjustments(period, scheme, unit_ids),
        "exemptions": _exemptions(period, by_code, known),
        "previous_ranks": dict(sorted(previous_ranks.items())),
        "previous_groups": dict(sorted(previous_groups.items())),
    }
    carriers = _carriers(period, by_code, known)
    if carriers:  # absent otherwise, so earlier snapshots keep their fingerprints
        canonical["carriers"] = carriers
    return PeriodInputs(canonical, excluded, unit_ids, group_ids)


def _carriers(period, by_code, known) -> list[list]:
    """Return the carried shares the areas declare for the year (unit, indicator, weight)."""
    rows = [row for provider in provided("carriers") for row in provider(year=period.year)]
    return sorted([u, c, float(w)] for u, c, w in rows if u in known and c in by_code)


def _values(period, by_code, known) -> tuple[list[list], dict[tuple[str, str], str]]:
    scored = {c for c, ind in by_code.items() if ind.rule != "panel"}
    rows = IndicatorValue.objects.filter(period=period, indicator_code__in=scored)
    rows = rows.select_related("unit").filter(unit__code__in=known)
    targets = _targets(period, by_code)
    previous = _previous_values(period, by_code)
    out, excluded = [], {}
    for row in rows:
        key = (row.unit.code, row.indicator_code)
        target = targets.get(key)
        reason = _exclusion(row, by_code[row.indicator_code], target)
        if reason:
            excluded[key] = reason
            continue
        out.append([*key, float(row.value), target, previous.get(key)])
    return sorted(out, key=lambda r: (r[0], r[1])), excluded


def _exclusion(row: IndicatorValue, indicator, target) -> str:
    if row.state != IndicatorValue.State.VERIFIED:
        return NOT_VERIFIED
    if row.value is None:
        return BLANK
    if indicator.rule == "completion" and target is None:
        return NO_TARGET
    return ""


def _targets(period, by_code) -> dict[tuple[str, str], float]:
    codes = [c for c, ind in by_code.items() if ind.rule == "completion"]
    rows = Target.objects.filter(year_id=period.year_id, indicator_code__in=codes)
    rows = rows.filter(period__isnull=True) | rows.filter(period=period)
    out: dict[tuple[str, str], float] = {}
    # The period's own target wins over the year's.
    for row in sorted(rows.select_related("unit"), key=lambda t: t.period_id is not None):
        out[(row.unit.code, row.indicator_code)] = float(row.value)
    return out


def _previous_values(period, by_code) -> dict[tuple[str, str], float]:
    codes = [c for c, ind in by_code.items() if ind.rule == "rank"]
    before = previous_period(period) if codes else None
    if before is None:
        return {}
    rows = IndicatorValue.objects.filter(
        period=before, indicator_code__in=codes, state=IndicatorValue.State.VERIFIED
    ).exclude(value=None)
    return {(r.unit.code, r.indicator_code): float(r.value) for r in rows.select_related("unit")}


def _panel(period, by_code, known) -> list[list]:
    codes = [c for c, ind in by_code.items() if ind.rule == "panel"]
    rows = PanelScore.objects.filter(period=period, indicator_code__in=codes)
    rows = rows.select_related("unit").filter(unit__code__in=known)
    # The class is added only when there is one, so the fingerprints of inputs without
    # rater classes stay as they were.
    out = [
        [r.unit.code, r.indicator_code, r.judge_label, float(r.score)]
        + ([r.rater_class] if r.rater_class else [])
        for r in rows
    ]
    return sorted(out)


def period_adjustments(period, scheme, unit_ids) -> list[dict]:
    arenas = {arena.code for arena in scheme.arenas}
    rows = Adjustment.objects.filter(
        period=period, state=Adjustment.State.APPROVED, arena_code__in=arenas
    )
    out = [
        {
            "unit": row.unit.code,
            "arena": row.arena_code,
            "kind": row.kind,
            "level": row.level,
            "points": _num(row.points),
            "note_zh": row.matter,
            "note_en": row.matter,
            "source": "assessment",
        }
        for row in rows.select_related("unit")
        if row.unit.code in unit_ids
    ]
    out += _automatic_deductions(period, arenas, unit_ids)
    return sorted(out, key=lambda a: (a["unit"], a["arena"], a["kind"], a["note_zh"]))


def _automatic_deductions(period, arenas, unit_ids) -> list[dict]:
    """Return the supervision app's automatic deductions of the period as adjustment rows."""
    codes = {pk: code for code, pk in unit_ids.items()}
    out = []
    for row in _supervision_deductions(period):
        if row.unit_id in codes and row.arena_code in arenas:
            out.append(
                {
                    "unit": codes[row.unit_id],
                    "arena": row.arena_code,
                    "kind": "deduction",
                    "level": "",
                    "points": float(row.points),
                    "note_zh": row.note_zh,
                    "note_en": row.note_en,
                    "source": "supervision",
                }
            )
    return out


def _supervision_deductions(period) -> list:
    from leitai.supervision.deductions import deductions_for_period

    return list(
        deductions_for_period(
            year=period.year, period_start=period.starts_on, period_end=period.ends_on
        )
    )


def _exemptions(period, by_code, known) -> list[list[str]]:
    rows = Exemption.objects.filter(year_id=period.year_id, indicator_code__in=list(by_code))
    out = [[r.unit.code, r.indicator_code] for r in rows.select_related("unit")]
    return sorted(pair for pair in out if pair[0] in known)


def scoring_input(canonical: dict[str, Any]) -> scoring.ScoringInput:
    """Build the engine's input from a canonical mapping."""
    return scoring.ScoringInput.from_rows(
        [scoring.Unit(*row) for row in canonical["units"]],
        [scoring.Value(*row) for row in canonical["values"]],
        [scoring.PanelScore(*row) for row in canonical["panel"]],
        [
            scoring.Adjustment(
                a["unit"], a["arena"], a["kind"], a["level"], a["points"], a["note_zh"]
            )
            for a in canonical["adjustments"]
        ],
        [scoring.Exemption(*row) for row in canonical["exemptions"]],
        [scoring.Carrier(*row) for row in canonical.get("carriers", ())],
    )
