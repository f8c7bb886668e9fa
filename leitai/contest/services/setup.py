"""Preparing a contest: the contest itself, the draw of the running order, judges, recusals.

Each function is one service: one transaction, the state table's check, one audit row.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from leitai.assessment.models import Period
from leitai.contest.access import token_hash
from leitai.contest.models import Contest, ContestUnit, Draw, Judge, Recusal
from leitai.contest.selectors import panel_indicator, rater_classes
from leitai.contest.transitions import CONTEST
from leitai.core.audit import record, state
from leitai.core.services import apply_changes
from leitai.core.transactions import service
from leitai.org.access import require_office
from leitai.org.models import AssessmentYear, Group, GroupMembership, Role, RoleGrant, Unit

CONTEST_FIELDS = ("name", "held_on", "method", "rank_step", "minutes", "indicator_code")
JUDGE_FIELDS = ("name", "rater_class", "unit", "person", "present")
SEED_LIMIT = 2**53  # a seed any spreadsheet or JSON reader keeps exactly


def _record(actor, action: str, obj, contest: Contest, before=None, after=None):
    record(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        jurisdiction=contest.year.jurisdiction,
    )


def _locked(contest: Contest) -> Contest:
    return (
        Contest.objects.select_for_update().select_related("year__jurisdiction").get(pk=contest.pk)
    )


# --- the contest -----------------------------------------------------------------------------


def check_criteria(criteria) -> list[dict]:
    """Return the criteria sheet cleaned, or refuse: named items, whole maxima summing to 100."""
    if not isinstance(criteria, list | tuple) or not criteria:
        raise ValidationError({"criteria": _("Give at least one criterion.")})
    cleaned, names = [], set()
    for n, item in enumerate(criteria, start=1):
        name = str(item.get("name", "")).strip() if isinstance(item, dict) else ""
        top = item.get("max") if isinstance(item, dict) else None
        if not name or len(name) > 40 or name in names:
            message = _("Criterion %(n)s needs a name of its own (at most 40 characters).")
            raise ValidationError({"criteria": message % {"n": n}})
        if isinstance(top, bool) or not isinstance(top, int) or top <= 0:
            message = _("Criterion %(n)s (%(name)s): the maximum is a whole number above 0.")
            raise ValidationError({"criteria": message % {"n": n, "name": name}})
        names.add(name)
        cleaned.append({"name": name, "max": top})
    total = sum(c["max"] for c in cleaned)
    if total != 100:
        message = _("The criteria's maxima add up to %(total)s; they must add up to 100.")
        raise ValidationError({"criteria": message % {"total": total}})
    return cleaned


def criteria_text(criteria) -> str:
    """Return the criteria sheet as one line for the audit log (a list of dicts keeps order)."""
    return "; ".join(f"{c['name']} {c['max']}" for c in criteria)


def _set_criteria(contest: Contest, fields: dict) -> tuple[dict, dict]:
    """Take `criteria` out of `fields` and set it; return its (before, after) for the log."""
    if "criteria" not in fields:
        return {}, {}
    before = criteria_text(contest.criteria or [])
    contest.criteria = check_criteria(fields.pop("criteria"))
    after = criteria_text(contest.criteria)
    return ({}, {}) if before == after else ({"criteria": before}, {"criteria": after})


def _check_setup(contest: Contest) -> None:
    if contest.period.year_id != contest.year_id or contest.period.kind != Period.Kind.QUARTER:
        raise ValidationError({"period": _("Choose a quarter of the contest's year.")})
    if panel_indicator(contest) is None:
        raise ValidationError(
            {
                "indicator_code": _(
                    "The scheme in force has no judges' score indicator of this code."
                )
            }
        )
    if not contest.criteria and contest.method == Contest.Method.SCORE:
        raise ValidationError({"criteria": _("Give at least one criterion.")})


@service
def contest_create(
    *, actor, year: AssessmentYear, period: Period, groups: Sequence[Group], **fields
) -> Contest:
    """Set up a contest for the units of the given groups, in the draft state."""
    require_office(actor, year.jurisdiction_id)
    groups = list(groups)
    if not groups or any(g.year_id != year.pk for g in groups):
        raise ValidationError({"groups": _("Choose one or more groups of the contest's year.")})
    contest = Contest(year=year, period=period)
    fields = dict(fields)
    _set_criteria(contest, fields)
    apply_changes(contest, fields, CONTEST_FIELDS)
    _check_setup(contest)
    contest.save()
    contest.groups.set(groups)
    units = GroupMembership.objects.filter(year=year, group__in=groups, unit__active=True)
    for unit_id in sorted(set(units.values_list("unit_id", flat=True))):
        ContestUnit.objects.create(contest=contest, unit_id=unit_id)
    after = {
        **state(contest, CONTEST_FIELDS),
        "criteria": criteria_text(contest.criteria),
        "groups": sorted(g.pk for g in groups),
    }
    _record(actor, "contest.create", contest, contest, after=after)
    return contest


@service
def contest_update(*, actor, contest: Contest, **changes) -> Contest:
    """Change a contest being prepared (name, date, method, minutes, indicator, criteria)."""
    contest = _locked(contest)
    CONTEST.check(actor, contest, "edit")
    changes = dict(changes)
    sheet_before, sheet_after = _set_criteria(contest, changes)
    before, after = apply_changes(contest, changes, CONTEST_FIELDS)
    before, after = {**before, **sheet_before}, {**after, **sheet_after}
    _check_setup(contest)
    if after:
        contest.save()
        _record(actor, "contest.update", contest, contest, before, after)
    return contest


@service
def contest_draw(*, actor, contest: Contest, reason: str = "", seed: int | None = None) -> Draw:
    """Draw the running order by lot (抽签); a second draw needs a reason. The seed is kept."""
    contest = _locked(contest)
    CONTEST.check(actor, contest, "draw")
    reason = (reason or "").strip()
    if contest.draws.exists() and not reason:
        raise ValidationError({"reason": _("Say why the running order is drawn again.")})
    seed = secrets.randbelow(SEED_LIMIT) if seed is None else seed
    rounds = list(contest.rounds.select_related("unit").order_by("unit__code"))
    order = list(rounds)
    random.Random(seed).shuffle(order)
    contest.rounds.update(position=None)
    for position, round_ in enumerate(order, start=1):
        round_.position = position
        round_.save(update_fields=["position"])
    before = {"seed": contest.seed}
    contest.seed = seed
    contest.save(update_fields=["seed"])
    codes = [r.unit.code for r in order]
    draw = Draw.objects.create(contest=contest, seed=seed, order=codes, reason=reason[:255])
    draw.drawn_by = actor
    draw.save(update_fields=["drawn_by"])
    after = {"seed": seed, "order": codes, "reason": reason}
    _record(actor, "contest.draw", contest, contest, before, after)
    return draw


@service
def contest_ready(*, actor, contest: Contest) -> Contest:
    """Mark the contest ready: the order drawn and at least one judge with a link."""
    contest = _locked(contest)
    CONTEST.check(actor, contest, "ready")
    if contest.seed is None:
        raise ValidationError({"seed": _("Draw the running order first.")})
    if not contest.judges.exclude(token_hash="").exists():
        raise ValidationError({"judges": _("Add at least one judge first.")})
    return _move(actor, contest, "ready")


@service
def contest_reopen(*, actor, contest: Contest) -> Contest:
    """Take a ready contest back into preparation."""
    return _move(actor, _locked(contest), "reopen")


@service
def contest_start(*, actor, contest: Contest) -> Contest:
    """Open the evening: from now on the order stands and units go on stage one by one."""
    return _move(actor, _locked(contest), "start")


def _move(actor, contest: Contest, action: str) -> Contest:
    before = contest.state
    CONTEST.move(actor, contest, action)
    contest.save(update_fields=["state"])
    _record(
        actor, f"contest.{action}", contest, contest, {"state": before}, {"state": contest.state}
    )
    return contest


# --- judges ---------------------------------------------------------------------------------


def link_expiry(contest: Contest) -> dt.datetime:
    """Return when a link issued now stops working: the end of the day after the contest, or,
    for a contest whose date has passed without it being held (put off), the end of the day
    after the link is issued. Links also stop when the contest finishes."""
    day = max(contest.held_on, timezone.localdate()) + dt.timedelta(days=2)
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _check_judge(contest: Contest, judge: Judge) -> None:
    classes = rater_classes(contest)
    if classes and judge.rater_class not in classes:
        names = "、".join(classes)
        raise ValidationError(
            {"rater_class": _("Choose one of the rater classes: %(names)s.") % {"names": names}}
        )
    if not classes and judge.rater_class:
        raise ValidationError(
            {"rater_class": _("The panel indicator has no rater classes; leave the class blank.")}
        )
    jurisdiction_id = contest.year.jurisdiction_id
    if (
        judge.unit_id
        and not Unit.objects.filter(pk=judge.unit_id, jurisdiction_id=jurisdiction_id).exists()
    ):
        raise ValidationError({"unit": _("Unknown unit.")})
    if judge.person_id:
        grants = RoleGrant.objects.filter(user_id=judge.person_id, jurisdiction_id=jurisdiction_id)
        if not grants.filter(role=Role.JUDGE).exists():
            raise ValidationError({"person": _("This person does not hold the judge role.")})


def _new_token(judge: Judge) -> str:
    token = secrets.token_urlsafe(32)
    judge.token_hash = token_hash(token)
    judge.expires_at = link_expiry(judge.contest)
    judge.revoked_at = None
    return token


@service
def judge_add(*, actor, contest: Contest, **fields) -> tuple[Judge, str]:
    """Add a judge (a person with the judge role, or a guest by name); return it and its link token.

    Only the token's hash is stored: the link is shown once, to be sent to that judge alone.
    """
    contest = _locked(contest)
    CONTEST.check(actor, contest, "judges")
    if fields.get("person") is not None and not fields.get("name"):
        person = fields["person"]
        fields["name"] = (person.get_full_name() or person.get_username())[:50]
    judge = Judge(contest=contest)
    apply_changes(judge, fields, JUDGE_FIELDS)
    _check_judge(contest, judge)
    if contest.judges.filter(name=judge.name).exists():
        raise ValidationError({"name": _("A judge of this name is already on the panel.")})
    token = _new_token(judge)
    judge.save()
    _record(actor, "contest.judge_add", judge, contest, after=state(judge, JUDGE_FIELDS))
    return judge, token


@service
def judge_update(*, actor, judge: Judge, **changes) -> Judge:
    """Change a judge's class, own unit or presence (absent judges are not waited for)."""
    contest = _locked(judge.contest)
    CONTEST.check(actor, contest, "judges")
    judge = Judge.objects.select_for_update().get(pk=judge.pk)
    before, after = apply_changes(judge, changes, JUDGE_FIELDS)
    _check_judge(contest, judge)
    if after:
        judge.save()
        _record(actor, "contest.judge_update", judge, contest, before, after)
    return judge


@service
def judge_link_issue(*, actor, judge: Judge) -> str:
    """Give the judge a new personal link (the old one stops working); return its token."""
    contest = _locked(judge.contest)
    CONTEST.check(actor, contest, "judges")
    judge = Judge.objects.select_for_update().select_related("contest").get(pk=judge.pk)
    before = state(judge, ("expires_at", "revoked_at"))  # the old link, which stops working
    token = _new_token(judge)
    judge.save(update_fields=["token_hash", "expires_at", "revoked_at"])
    _record(
        actor,
        "contest.link_issue",
        judge,
        contest,
        before=before,
        after={"expires_at": judge.expires_at.isoformat()},
    )
    return token


@service
def judge_link_revoke(*, actor, judge: Judge) -> Judge:
    """Revoke the judge's personal link at once."""
    contest = _locked(judge.contest)
    require_office(actor, contest.year.jurisdiction_id)
    judge = Judge.objects.select_for_update().get(pk=judge.pk)
    if judge.revoked_at is not None or not judge.token_hash:
        raise ValidationError(_("This judge's link is already revoked."))
    judge.revoked_at = timezone.now()
    judge.save(update_fields=["revoked_at"])
    _record(
        actor,
        "contest.link_revoke",
        judge,
        contest,
        before={"revoked_at": None},
        after={"revoked_at": judge.revoked_at.isoformat()},
    )
    return judge


@service
def recusal_mark(*, actor, judge: Judge, round: ContestUnit, reason: str) -> Recusal:
    """Mark that a judge does not score a unit (回避), with the reason."""
    contest = _locked(judge.contest)
    CONTEST.check(actor, contest, "judges")
    if round.contest_id != contest.pk:
        raise PermissionDenied("round of another contest")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the recusal.")})
    if round.submissions.filter(judge=judge).exists():
        raise ValidationError({"judge": _("This judge has already scored the unit.")})
    recusal, created = Recusal.objects.get_or_create(
        judge=judge, round=round, defaults={"reason": reason[:255]}
    )
    if not created:
        raise ValidationError({"judge": _("This recusal is already marked.")})
    after = {"judge": judge.name, "unit": round.unit.code, "reason": recusal.reason}
    _record(actor, "contest.recusal", recusal, contest, after=after)
    return recusal
