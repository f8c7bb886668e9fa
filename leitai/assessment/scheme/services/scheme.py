"""Every change to a year's scheme: versions, arenas and indicators.

Every save is checked by the engine's own parser (`leitai.scoring.parse_dict`), so the database
never holds a scheme `leitai score` would reject. Once the year has data, changing the rules of
the version in force copies it to a new version (copy-on-write), changes the copy, puts it in
force and retires the old one, in one transaction with one audit row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from leitai import scoring
from leitai.assessment.models import PANEL_SUPPLIER_MESSAGE, Arena, Indicator, Scheme
from leitai.assessment.scheme.selectors import engine_scheme, scheme_in_use, scheme_with_rows
from leitai.assessment.scheme.transitions import SCHEME, take
from leitai.core.audit import record, state
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear, Group, Unit

SCHEME_RULE_FIELDS = ("bonus_levels", "quarter_weights")
SCHEME_FIELDS = ("name", "note", *SCHEME_RULE_FIELDS)
ARENA_RULE_FIELDS = ("code", "weight", "bonus_cap", "deduction_cap")
ARENA_FIELDS = ("name", "order", *ARENA_RULE_FIELDS)
INDICATOR_RULE_FIELDS = ("code", "arena", "rule", "max_points", "direction", "params", "groups")
INDICATOR_FIELDS = (
    "name",
    "order",
    "supplier",
    "assessor",
    "measure",
    "description",
    *INDICATOR_RULE_FIELDS,
)
METADATA_KEYS = ("supplier", "assessor", "measure", "description")


# --- validation ----------------------------------------------------------------------------


def validate_scheme(scheme: Scheme, *, check_groups: bool = True) -> scoring.Scheme:
    """Check the stored version with the engine's parser and store its resolved parameters."""
    scheme = scheme_with_rows(scheme.pk)
    try:
        parsed = engine_scheme(scheme)
    except scoring.SchemeError as exc:
        raise ValidationError(exc.messages) from exc
    if check_groups:
        _check_groups(scheme)
    resolved = {
        ind["code"]: _params_of(ind)
        for a in scoring.dump_dict(parsed)["arenas"]
        for ind in a["indicators"]
    }
    for indicator in scheme.indicators.all():
        if indicator.params != resolved[indicator.code]:
            indicator.params = resolved[indicator.code]
            indicator.save(update_fields=["params"])
    return parsed


def _params_of(indicator: dict[str, Any]) -> dict[str, Any]:
    skip = ("code", "name", "rule", "max_points", "groups", "direction")
    params = {k: v for k, v in indicator.items() if k not in skip}
    if "classes" in params:
        # Rater classes as [code, weight] pairs: jsonb keeps a list's order, not a mapping's.
        params["classes"] = [[code, weight] for code, weight in dict(params["classes"]).items()]
    return params


def _check_groups(scheme: Scheme) -> None:
    known = set(Group.objects.filter(year_id=scheme.year_id).values_list("code", flat=True))
    problems = []
    for indicator in scheme.indicators.all():
        unknown = sorted(set(indicator.groups or []) - known)
        if unknown:
            problems.append(
                _("Indicator %(code)s: unknown group %(groups)s for this year.")
                % {"code": indicator.code, "groups": ", ".join(unknown)}
            )
    if problems:
        raise ValidationError({"groups": problems})


# --- copy-on-write -------------------------------------------------------------------------


def _next_version(year: AssessmentYear) -> int:
    latest = Scheme.objects.filter(year=year).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def _copy(source: Scheme, *, year: AssessmentYear, actor, name: str | None = None) -> Scheme:
    """Copy a version with its arenas and indicators into a new draft of `year`."""
    copy = Scheme.objects.create(
        year=year,
        version=_next_version(year),
        name=name or source.name,
        state=Scheme.State.DRAFT,
        bonus_levels=source.bonus_levels,
        quarter_weights=source.quarter_weights,
        based_on=source,
        note=source.note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    arenas = {}
    for arena in source.arenas.all():
        old_pk = arena.pk
        arena.pk, arena.scheme = None, copy
        arena.save()
        arenas[old_pk] = arena
    indicators = list(source.indicators.all())
    for indicator in indicators:
        indicator.pk, indicator.scheme = None, copy
        indicator.arena = arenas[indicator.arena_id]
    Indicator.objects.bulk_create(indicators)
    return copy


def _writable(actor, scheme: Scheme, *, rules: bool) -> tuple[Scheme, Scheme | None]:
    """Return the version to change and the version it replaces (copy-on-write), if any."""
    take(SCHEME, actor, scheme, "edit", _("A superseded version cannot be changed."))
    if rules and scheme.state == Scheme.State.ACTIVE and scheme_in_use(scheme):
        return _copy(scheme, year=scheme.year, actor=actor), scheme
    return scheme, None


def _finish(actor, target: Scheme, replaced: Scheme | None) -> dict[str, Any]:
    """Validate the changed version; put a copy in force in place of the version it replaces."""
    validate_scheme(target, check_groups=target.state != Scheme.State.DRAFT or replaced is not None)
    if replaced is None:
        return {}
    take(SCHEME, actor, replaced, "retire")
    replaced.save(update_fields=["state"])
    take(SCHEME, actor, target, "activate")
    target.save(update_fields=["state"])
    return {"new_version": target.version, "replaced_version": replaced.version}


def _change(
    *,
    actor,
    scheme: Scheme,
    rules: bool,
    action: str,
    apply: Callable[[Scheme], tuple[Any, dict | None, dict | None]],
):
    """Run one change on the right version, validate, record one audit row; return the object."""
    target, replaced = _writable(actor, scheme, rules=rules)
    obj, before, after = apply(target)
    versioning = _finish(actor, target, replaced)
    if before == after and not versioning:
        return obj
    record(
        actor=actor,
        action=action,
        obj=obj if obj is not None and obj.pk else target,
        before=before,
        after={**(after or {}), **versioning} or None,
        jurisdiction=scheme.year.jurisdiction,
    )
    return obj


def _refuse_code_change_in_use(scheme: Scheme, changes: dict, code: str) -> None:
    if changes.get("code", code) != code and scheme_in_use(scheme):
        raise ValidationError(
            {"code": _("Data exist for this year: codes can no longer be changed.")}
        )


def _touches(changes: dict, rule_fields: tuple[str, ...], obj) -> bool:
    return any(
        name in rule_fields and state(obj, [name])[name] != _plain(value)
        for name, value in changes.items()
    )


def _plain(value):
    return value.pk if hasattr(value, "pk") else value


# --- versions ------------------------------------------------------------------------------


@service
def scheme_import(*, actor, year: AssessmentYear, text: str, metadata: str = "") -> Scheme:
    """Create a new draft version of the year's scheme from the YAML `leitai score` reads."""
    require_office(actor, year.jurisdiction_id)
    try:
        parsed = scoring.parse_yaml(text)
    except scoring.SchemeError as exc:
        raise ValidationError({"yaml": exc.messages}) from exc
    data = scoring.dump_dict(parsed)
    scheme = Scheme.objects.create(
        year=year,
        version=_next_version(year),
        name=data["name"],
        bonus_levels=data["bonus_levels"],
        quarter_weights=data["quarter_weights"],
        created_by=actor,
    )
    build_rows(scheme, data)
    if metadata.strip():
        _apply_metadata(scheme, metadata)
    validate_scheme(scheme)
    record(
        actor=actor,
        action="scheme.import",
        obj=scheme,
        after={"version": scheme.version, "arenas": len(data["arenas"])},
        jurisdiction=year.jurisdiction,
    )
    return scheme


def build_rows(scheme: Scheme, data: dict) -> None:
    """Create the arenas and indicators of `data` (the engine's dump) in a new version."""
    indicators = []
    for order, item in enumerate(data["arenas"], start=1):
        arena = Arena.objects.create(
            scheme=scheme,
            code=item["code"],
            name=item["name"],
            weight=item["weight"],
            bonus_cap=item.get("bonus_cap"),
            deduction_cap=item.get("deduction_cap"),
            order=order,
        )
        for position, ind in enumerate(item["indicators"], start=1):
            indicators.append(
                Indicator(
                    scheme=scheme,
                    arena=arena,
                    code=ind["code"],
                    name=ind["name"],
                    rule=ind["rule"],
                    max_points=ind["max_points"],
                    direction=ind["direction"],
                    groups=list(ind.get("groups", [])),
                    params=_params_of(ind),
                    supplier=default_supplier(ind["rule"]),
                    order=position,
                )
            )
    Indicator.objects.bulk_create(indicators)


def default_supplier(rule: str) -> str:
    """Return who supplies an indicator's values unless told: the office for judges' scores."""
    return Indicator.Supplier.OFFICE if rule == Indicator.Rule.PANEL else Indicator.Supplier.UNIT


def _apply_metadata(scheme: Scheme, text: str) -> None:
    """Set supplier, assessor, measure and description from the metadata YAML."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError({"metadata": _("The metadata file is not valid YAML.")}) from exc
    rows = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(rows, dict):
        raise ValidationError({"metadata": _("The metadata file needs an 'indicators' mapping.")})
    indicators = {i.code: i for i in scheme.indicators.all()}
    units = {u.code: u for u in Unit.objects.filter(jurisdiction_id=scheme.year.jurisdiction_id)}
    problems, changed = [], []
    for code, meta in rows.items():
        problem = _metadata_row(indicators.get(str(code)), meta, units)
        if problem:
            problems.append(
                _("Indicator %(code)s: %(problem)s") % {"code": code, "problem": problem}
            )
        else:
            changed.append(indicators[str(code)])
    if problems:
        raise ValidationError({"metadata": problems})
    Indicator.objects.bulk_update(changed, list(METADATA_KEYS))


def _metadata_row(indicator: Indicator | None, meta: Any, units: dict) -> str:
    """Set one indicator's metadata; return a problem, or '' when it is fine."""
    if indicator is None:
        return _("not in the scheme")
    if not isinstance(meta, dict) or set(meta) - set(METADATA_KEYS):
        return _("use only the keys supplier, assessor, measure, description")
    supplier = meta.get("supplier") or default_supplier(indicator.rule)
    if supplier not in Indicator.Supplier.values:
        return _("unknown supplier %(value)s") % {"value": supplier}
    if indicator.rule == Indicator.Rule.PANEL and supplier != Indicator.Supplier.OFFICE:
        return PANEL_SUPPLIER_MESSAGE
    assessor = meta.get("assessor")
    if assessor and str(assessor) not in units:
        return _("unknown assessor unit %(value)s") % {"value": assessor}
    indicator.supplier = supplier
    indicator.assessor = units[str(assessor)] if assessor else None
    indicator.measure = str(meta.get("measure") or "")[:20]
    indicator.description = str(meta.get("description") or "")
    return ""


@service
def scheme_copy_last_year(*, actor, year: AssessmentYear) -> Scheme:
    """Create a draft of the year's scheme from the version in force in the year before."""
    require_office(actor, year.jurisdiction_id)
    source = (
        Scheme.objects.filter(
            year__jurisdiction_id=year.jurisdiction_id,
            year__year=year.year - 1,
            state=Scheme.State.ACTIVE,
        )
        .select_related("year")
        .first()
    )
    if source is None:
        raise ValidationError(_("No scheme is in force for %(year)s.") % {"year": year.year - 1})
    name = source.name.replace(str(source.year.year), str(year.year))
    copy = _copy(source, year=year, actor=actor, name=name)
    validate_scheme(copy, check_groups=False)
    record(
        actor=actor,
        action="scheme.copy",
        obj=copy,
        after={"version": copy.version, "based_on": source.pk},
        jurisdiction=year.jurisdiction,
    )
    return copy


@service
def scheme_activate(*, actor, scheme: Scheme) -> Scheme:
    """Put a draft in force; the version in force before it is retired."""
    require_office(actor, scheme.year.jurisdiction_id)
    scheme = Scheme.objects.select_for_update().select_related("year").get(pk=scheme.pk)
    take(SCHEME, actor, scheme, "activate", _("Only a draft can be put in force."))
    validate_scheme(scheme)
    old = Scheme.objects.filter(year_id=scheme.year_id, state=Scheme.State.ACTIVE).first()
    if old is not None:
        take(SCHEME, actor, old, "retire")
        old.save(update_fields=["state"])
    scheme.save(update_fields=["state"])
    record(
        actor=actor,
        action="scheme.activate",
        obj=scheme,
        before={"state": "draft", "active_version": old.version if old else None},
        after={"state": "active"},
        jurisdiction=scheme.year.jurisdiction,
    )
    return scheme


@service
def scheme_discard(*, actor, scheme: Scheme) -> None:
    """Delete a draft that was never in force."""
    take(SCHEME, actor, scheme, "discard", _("Only a draft can be deleted."))
    record(
        actor=actor,
        action="scheme.discard",
        obj=scheme,
        before={"version": scheme.version, "name": scheme.name},
        jurisdiction=scheme.year.jurisdiction,
    )
    scheme.delete()


@service
def scheme_update(*, actor, scheme: Scheme, **changes) -> Scheme:
    """Change a version's name, note, bonus levels or quarter weights."""
    rules = _touches(changes, SCHEME_RULE_FIELDS, scheme)

    def apply(target: Scheme):
        before, after = apply_changes(target, changes, SCHEME_FIELDS)
        target.save()
        return target, before, after

    return _change(actor=actor, scheme=scheme, rules=rules, action="scheme.update", apply=apply)


# --- arenas --------------------------------------------------------------------------------


@service
def arena_create(*, actor, scheme: Scheme, first_indicator: dict, **fields) -> Arena:
    """Add an arena with its first indicator (the engine needs at least one)."""

    def apply(target: Scheme):
        order = (target.arenas.aggregate(o=Max("order"))["o"] or 0) + 1
        arena = Arena(scheme=target, order=order)
        apply_changes(arena, fields, ARENA_FIELDS)
        arena.save()
        indicator = Indicator(scheme=target, arena=arena, order=1)
        apply_changes(indicator, first_indicator, INDICATOR_FIELDS)
        indicator.save()
        return arena, None, state(arena, ["code", *fields])

    return _change(actor=actor, scheme=scheme, rules=True, action="arena.create", apply=apply)


@service
def arena_update(*, actor, arena: Arena, **changes) -> Arena:
    """Change an arena's name, order, weight or caps."""
    scheme = arena.scheme
    _refuse_code_change_in_use(scheme, changes, arena.code)
    rules = _touches(changes, ARENA_RULE_FIELDS, arena)

    def apply(target: Scheme):
        row = target.arenas.get(code=arena.code)
        before, after = apply_changes(row, changes, ARENA_FIELDS)
        row.save()
        return row, before, after

    return _change(actor=actor, scheme=scheme, rules=rules, action="arena.update", apply=apply)


@service
def arena_delete(*, actor, arena: Arena) -> None:
    """Remove an arena and its indicators."""

    def apply(target: Scheme):
        row = target.arenas.get(code=arena.code)
        before = {"code": row.code, "name": row.name}
        row.delete()
        return target, before, None

    _change(actor=actor, scheme=arena.scheme, rules=True, action="arena.delete", apply=apply)


# --- indicators ----------------------------------------------------------------------------


def _classes_as_pairs(fields: dict[str, Any]) -> None:
    """Store rater classes given as a mapping (the API's JSON) as pairs, in the order given."""
    params = fields.get("params")
    if isinstance(params, dict) and isinstance(params.get("classes"), dict):
        fields["params"] = {**params, "classes": [list(p) for p in params["classes"].items()]}


@service
def indicator_create(*, actor, arena: Arena, **fields) -> Indicator:
    """Add an indicator to an arena (judges' scores are supplied by the office unless told)."""
    _classes_as_pairs(fields)
    if "rule" in fields:
        fields.setdefault("supplier", default_supplier(fields["rule"]))

    def apply(target: Scheme):
        row_arena = target.arenas.get(code=arena.code)
        order = (row_arena.indicators.aggregate(o=Max("order"))["o"] or 0) + 1
        indicator = Indicator(scheme=target, arena=row_arena, order=order)
        apply_changes(indicator, fields, INDICATOR_FIELDS)
        indicator.save()
        return indicator, None, state(indicator, ["code", *fields])

    return _change(
        actor=actor, scheme=arena.scheme, rules=True, action="indicator.create", apply=apply
    )


@service
def indicator_update(*, actor, indicator: Indicator, **changes) -> Indicator:
    """Change an indicator; a change of its rule once data exist makes a new version."""
    _classes_as_pairs(changes)
    scheme = indicator.scheme
    _refuse_code_change_in_use(scheme, changes, indicator.code)
    rules = _touches(changes, INDICATOR_RULE_FIELDS, indicator)

    def apply(target: Scheme):
        row = target.indicators.get(code=indicator.code)
        if "arena" in changes and target.pk != scheme.pk:
            changes["arena"] = target.arenas.get(code=changes["arena"].code)
        before, after = apply_changes(row, changes, INDICATOR_FIELDS)
        row.save()
        return row, before, after

    return _change(actor=actor, scheme=scheme, rules=rules, action="indicator.update", apply=apply)


@service
def indicator_delete(*, actor, indicator: Indicator) -> None:
    """Remove an indicator (an arena keeps at least one: the engine requires it)."""

    def apply(target: Scheme):
        row = target.indicators.get(code=indicator.code)
        before = {"code": row.code, "name": row.name}
        row.delete()
        return target, before, None

    _change(
        actor=actor, scheme=indicator.scheme, rules=True, action="indicator.delete", apply=apply
    )
