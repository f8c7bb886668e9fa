"""Reads of contests for pages, the big screen, the judges' phones and the API.

**Sealed means sealed**: a judge's score is read in one place, `revealed_sheets`, and only for
a round that has been revealed. Before that, pages, the API and the screen see who has
submitted (names and counts), never a number.

The contest score is the engine's (`leitai.scoring`): the rounds revealed so far are scored as
one `panel` indicator of 100 points with the scheme's panel indicator's parameters (rater
classes, weights, `trim_from`), so the screen, the results and the quarter agree to the digit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet

from leitai import scoring
from leitai.assessment.collection.selectors import active_scheme
from leitai.assessment.models import Indicator
from leitai.contest.models import Contest, ContestUnit, Judge, RankBallot, Recusal, Submission

CENT = Decimal("0.01")
CODE = "contest"


def panel_indicator(contest: Contest) -> Indicator | None:
    """Return the scheme's panel indicator the contest feeds (None if the scheme lost it)."""
    scheme = active_scheme(contest.year_id)
    if scheme is None:
        return None
    return scheme.indicators.filter(code=contest.indicator_code, rule=Indicator.Rule.PANEL).first()


def rater_classes(contest: Contest) -> dict[str, float]:
    """Return the panel indicator's rater classes and weights ({} = the single default class)."""
    indicator = panel_indicator(contest)
    classes = (indicator.params or {}).get("classes") if indicator else None
    return dict(classes or {})


def trim_from(contest: Contest) -> int:
    """Return from how many scores in a class the highest and lowest are dropped."""
    indicator = panel_indicator(contest)
    return int((indicator.params or {}).get("trim_from", 5)) if indicator else 5


def running_order(contest: Contest) -> list[ContestUnit]:
    """Return the contest's rounds in the running order (undrawn ones last, by unit code)."""
    rounds = contest.rounds.select_related("unit").order_by("position", "unit__code")
    return list(rounds)


def next_on_stage(contest: Contest) -> ContestUnit | None:
    """Return the next unit of the running order still waiting to present (None while a
    unit is on stage and not yet revealed)."""
    on_stage = (ContestUnit.State.PRESENTING, ContestUnit.State.SCORING, ContestUnit.State.CLOSED)
    if contest.rounds.filter(state__in=on_stage).exists():
        return None
    waiting = contest.rounds.filter(state=ContestUnit.State.WAITING, position__isnull=False)
    return waiting.select_related("unit", "contest__year").order_by("position").first()


def all_revealed(contest: Contest) -> bool:
    """Return whether every unit of the contest has been revealed (it may then finish)."""
    return not contest.rounds.exclude(state=ContestUnit.State.REVEALED).exists()


def recusals(contest: Contest) -> list[Recusal]:
    """Return the contest's recusals marked by the office (own units are implied)."""
    rows = Recusal.objects.filter(round__contest=contest).select_related("judge", "round__unit")
    return list(rows.order_by("judge_id", "round__position"))


def present_judges(contest: Contest) -> list[Judge]:
    return list(contest.judges.filter(present=True).order_by("rater_class", "pk"))


def is_recused(judge: Judge, round_: ContestUnit) -> bool:
    """Return whether the judge does not score this unit (own unit, or marked by the office)."""
    if judge.unit_id is not None and judge.unit_id == round_.unit_id:
        return True
    return Recusal.objects.filter(judge=judge, round=round_).exists()


def expected_judges(round_: ContestUnit) -> list[Judge]:
    """Return the present judges who score this unit (not recused)."""
    recused = set(Recusal.objects.filter(round=round_).values_list("judge_id", flat=True))
    return [
        judge
        for judge in present_judges(round_.contest)
        if judge.pk not in recused and judge.unit_id != round_.unit_id
    ]


@dataclass
class Progress:
    """Who has submitted for a round: names and counts, never scores."""

    submitted: list[str]
    waiting: list[str]

    @property
    def count(self) -> int:
        return len(self.submitted)

    @property
    def expected(self) -> int:
        return len(self.submitted) + len(self.waiting)

    @property
    def complete(self) -> bool:
        return not self.waiting


def progress(round_: ContestUnit) -> Progress:
    """Return who of the judges expected for this round has submitted (names only)."""
    done = set(round_.submissions.values_list("judge_id", flat=True))
    expected = expected_judges(round_)
    return Progress(
        submitted=[j.name for j in expected if j.pk in done],
        waiting=[j.name for j in expected if j.pk not in done],
    )


# --- after the reveal ------------------------------------------------------------------------


def revealed_sheets(round_: ContestUnit) -> list[Submission]:
    """Return the round's score sheets, and only once the round is revealed (sealed before)."""
    if round_.state != ContestUnit.State.REVEALED:
        return []
    sheets = round_.submissions.select_related("judge").order_by("judge__rater_class", "judge_id")
    return list(sheets)


def _sheets_of_revealed(rounds: list[ContestUnit]) -> dict[int, list[Submission]]:
    """Return the sheets of the revealed rounds among `rounds`, by round, in one query."""
    revealed = [r.pk for r in rounds if r.state == ContestUnit.State.REVEALED]
    sheets: dict[int, list[Submission]] = {pk: [] for pk in revealed}
    rows = Submission.objects.filter(round_id__in=revealed).select_related("judge")
    for sheet in rows.order_by("judge__rater_class", "judge_id"):
        sheets[sheet.round_id].append(sheet)
    return sheets


@dataclass
class ClassResult:
    """One rater class's scores of a unit: each sheet, which were dropped, the class mean."""

    code: str
    weight: float | None
    sheets: list[Submission]
    dropped: set[int] = field(default_factory=set)
    mean: float | None = None
    share: float = 0.0


@dataclass
class RoundResult:
    """A revealed unit's result: its classes, the contest score, its place so far."""

    round: ContestUnit
    classes: list[ClassResult]
    voided: list[Submission]
    score: float | None
    place: int | None
    explain: str


def judge_label(judge: Judge) -> str:
    """Return the judge's label in the engine's panel rows (unique within the contest)."""
    return f"{judge.pk}:{judge.name}"


def _engine(contest: Contest, rows: list[tuple[ContestUnit, Submission]]):
    """Score the sheets as one panel indicator of 100 points with the scheme's panel
    indicator's parameters (classes, weights, trim_from); return the engine's result."""
    indicator = panel_indicator(contest)
    params = dict(indicator.params or {}) if indicator else {}
    spec = {"code": CODE, "name": contest.name, "rule": "panel", "max_points": 100, **params}
    arena = {"code": CODE, "name": contest.name, "weight": 1, "indicators": [spec]}
    scheme = scoring.parse_dict({"name": contest.name, "arenas": [arena]})
    units = {r.unit.code: scoring.Unit(r.unit.code, r.unit.name, CODE) for r, _s in rows}
    panel = [
        scoring.PanelScore(
            r.unit.code, CODE, judge_label(s.judge), float(s.total), s.judge.rater_class
        )
        for r, s in rows
    ]
    data = scoring.ScoringInput.from_rows(list(units.values()), [], panel)
    return scoring.score(scheme, data)


def contest_results(contest: Contest) -> list[RoundResult]:
    """Return every revealed unit's result, with its place among the units revealed so far."""
    rounds = [r for r in running_order(contest) if r.state == ContestUnit.State.REVEALED]
    sheets = _sheets_of_revealed(rounds)
    counted = [(r, s) for r in rounds for s in sheets[r.pk] if not s.voided_at]
    if not counted:
        return [RoundResult(r, [], sheets[r.pk], None, None, "") for r in rounds]
    scored = _engine(contest, counted)
    scored_units = {unit.code for unit in scored.units}
    return [
        _round_result(scored, r, sheets[r.pk])
        if r.unit.code in scored_units
        else RoundResult(r, [], sheets[r.pk], None, None, "")
        for r in rounds
    ]


def unit_score(contest: Contest, round_: ContestUnit) -> float | None:
    """Return a revealed unit's contest score from its counted sheets (None before the reveal
    or without one). A unit's score depends on its own sheets only, so a reveal or a void
    scores that unit alone; places are worked out among the revealed units when shown."""
    sheets = _sheets_of_revealed([round_]).get(round_.pk, [])
    counted = [(round_, s) for s in sheets if not s.voided_at]
    if not counted:
        return None
    indicator = _engine(contest, counted).unit(round_.unit.code).indicators[CODE]
    return None if indicator.missing else indicator.points


def _round_result(scored, round_: ContestUnit, sheets: list[Submission]) -> RoundResult:
    valid = [s for s in sheets if not s.voided_at]
    by_label = {judge_label(s.judge): s for s in valid}
    figures = scored.panel_figures(round_.unit.code, CODE)
    parts = []
    for part in figures.classes:
        dropped = {by_label[j].pk for j in (part.dropped_top, part.dropped_bottom) if j}
        parts.append(
            ClassResult(
                code=part.code,
                weight=part.weight if part.code else None,
                sheets=[s for s in valid if s.judge.rater_class == part.code],
                dropped=dropped,
                mean=part.mean,
                share=part.share,
            )
        )
    unit = scored.unit(round_.unit.code)
    indicator = unit.indicators[CODE]
    score = None if indicator.missing else indicator.points
    return RoundResult(
        round=round_,
        classes=parts,
        voided=[s for s in sheets if s.voided_at],
        score=score,
        place=unit.rank if score is not None else None,
        explain=indicator.explain_zh,
    )


def rounded(value: float | None) -> Decimal | None:
    """Return a contest score as stored and shown: 2 decimal places, halves away from zero."""
    if value is None:
        return None
    return Decimal(repr(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def contests_list(contests: QuerySet[Contest]) -> list[Contest]:
    """Return contests for the list page, with their year and quarter."""
    return list(
        contests.select_related("year", "period").prefetch_related(
            Prefetch("groups"), Prefetch("rounds")
        )
    )


def score_rows(contest: Contest, rows: list[tuple[ContestUnit, Submission]]):
    """Score (round, sheet) pairs as the contest does; return the engine's result (the
    fairness checks rescore the contest without a judge or a rater class)."""
    return _engine(contest, rows)


# --- rank-vote contests ------------------------------------------------------------------------


def ballot_units(judge: Judge) -> list[ContestUnit]:
    """Return the rounds a judge orders in a rank vote: all but his own and recused units, in
    the running order."""
    recused = set(Recusal.objects.filter(judge=judge).values_list("round_id", flat=True))
    return [
        r
        for r in running_order(judge.contest)
        if r.pk not in recused and r.unit_id != judge.unit_id
    ]


def vote_progress(contest: Contest) -> Progress:
    """Return which present judges have voted (names only; the orders stay sealed)."""
    voted = set(
        RankBallot.objects.filter(judge__contest=contest).values_list("judge_id", flat=True)
    )
    judges = present_judges(contest)
    return Progress(
        submitted=[j.name for j in judges if j.pk in voted],
        waiting=[j.name for j in judges if j.pk not in voted],
    )


@dataclass
class VoteStage:
    """A rank-vote contest after its presentations: open for votes, or revealed."""

    open: bool
    progress: Progress
    results: list


def vote_stage(contest: Contest) -> VoteStage | None:
    """Return the rank vote's stage when no unit is on stage: between two presentations (not
    open, no results), open for votes, or revealed (None before the first presentation, or for
    a contest scored by criteria)."""
    if contest.method != Contest.Method.RANK or contest.current_id is not None:
        return None
    states = set(contest.rounds.values_list("state", flat=True))
    if states == {ContestUnit.State.WAITING, ContestUnit.State.PRESENTED}:
        return VoteStage(False, vote_progress(contest), [])
    if states == {ContestUnit.State.PRESENTED}:
        return VoteStage(True, vote_progress(contest), [])
    if states == {ContestUnit.State.REVEALED}:
        results = sorted(
            contest_results(contest), key=lambda r: (r.place or 10**6, r.round.unit.code)
        )
        return VoteStage(False, vote_progress(contest), results)
    return None


def voting_open(contest: Contest) -> bool:
    """Return whether the judges of a running rank-vote contest may order the units now."""
    return (
        contest.method == Contest.Method.RANK
        and contest.state == Contest.State.RUNNING
        and contest.rounds.exists()
        and not contest.rounds.exclude(state=ContestUnit.State.PRESENTED).exists()
    )
