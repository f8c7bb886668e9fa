"""Demo step: the quarterly arena contests (一季一打擂) of 第一组.

Runs after the collection step and before the rankings. The panel indicator R03 has three rater
classes (`PANEL`): 6 county leaders (县领导, 50%, trimmed: 4 scores counted), 2 deputies of the
people's congress and the CPPCC (人大代表政协委员, 30%) and 3 representatives of the people the
units serve (服务对象代表, 20%). The same eleven judges score every quarter.

A judge's sheet holds whole points per criterion, so his score is a whole number. Each unit's
R03 score of a quarter is first drawn as before (5–7 judges, 0.5 steps, trimmed mean m); the
eleven judges' scores are then chosen so that the class-weighted mean of the trimmed class
means is m exactly: with class sums T_A (4 counted), T_B (2) and T_C (3) that is
50·T_A/4 + 30·T_B/2 + 20·T_C/3 = 100·m, i.e. 15·T_A + 18·T_B + 8·T_C = 120·m, which has whole
solutions because 120·m is whole (m is a multiple of 1/6, 1/8 or 1/10) and gcd(15, 18, 8) = 1;
the solution closest to every class mean being m is taken. So no published figure moves.

- **Q2 2022** (`2022-Q2`): a finished contest of 第一组, run through the contest services in the
  order of the evening (draw, ready, start; each unit on stage, scoring opened, its eleven
  sheets, revealed; finished into the quarter), then Q2 is locked through the period service
  (it is built closed, with a lock time a year ahead, for this; see `lock_time`) and
  given back its lock time. The sheets themselves are written in bulk as the phones would
  leave them (like the collection step's values): 539 sheets through `submission_save`
  doubled the demo's load time; each reveal's audit row still lists the unit's scores.
  The other groups' Q2 scores and Q1, Q3, Q4 are typed scores of the same eleven judges.
- **Q4 2022** (`2022-Q4`, closed, not locked): a contest of 第一组 set up with its criteria and
  the eleven judges, ready to be drawn, started and run by the office. Judges' links are shown
  once when a judge is added, so the office issues each judge a new link (新链接) on the
  contest's page; a link issued after the contest's date lasts to the end of the next day
  (`contest.services.setup.link_expiry`), so the 2022 contest can be run on any later day.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.utils import timezone

from leitai.assessment.models import Period
from leitai.assessment.scheme.services.periods import default_period, period_lock
from leitai.contest.models import Contest, Submission
from leitai.contest.services import live, setup
from leitai.demo import org
from leitai.org.models import Group

INDICATOR = "R03"
GROUP = "G1"
PANEL = [  # (rater class, weight, judges); the demo login `judge` (周文博) is the first
    ("县领导", 50, ["周文博", "刘振国", "孙丽华", "陈建平", "王海燕", "李德明"]),
    ("人大代表政协委员", 30, ["赵春梅", "钱永强"]),
    ("服务对象代表", 20, ["吴晓东", "冯桂英", "郑志刚"]),
]
JUDGES = [(name, code) for code, _weight, names in PANEL for name in names]
TRIM_FROM = 5
R03_PARAMS = {"trim_from": TRIM_FROM, "classes": [[code, w] for code, w, _names in PANEL]}
CRITERIA = [
    {"name": "工作实绩", "max": 40},
    {"name": "创新亮点", "max": 30},
    {"name": "汇报质量", "max": 20},
    {"name": "答辩", "max": 10},
]
CONTESTS = {
    "2022-Q2": ("2022年第二季度擂台比武（第一组）", dt.date(2022, 7, 8), 20220708),
    "2022-Q4": ("2022年第四季度擂台比武（第一组）", dt.date(2023, 1, 13), None),
}
FINISHED = "2022-Q2"


def lock_time(code: str) -> dict:
    """Return the lock time of a contest's quarter as the scheme step builds it: a year after
    the build, so the contest can still write its judges' scores (a period past its lock time
    counts as locked). Q2's is given back once its contest has finished and Q2 is locked; Q4's
    stays put off until the office has run its contest."""
    if code not in CONTESTS:
        return {}
    return {"locks_at": timezone.now() + dt.timedelta(days=365)}


def trimmed_mean(scores) -> Fraction:
    """The rule-6 mean of one class: drop one highest and one lowest from TRIM_FROM scores."""
    values = sorted(Fraction(s) for s in scores)
    if len(values) >= TRIM_FROM:
        values = values[1:-1]
    return sum(values) / len(values)


def class_sums(m: Fraction) -> list[int]:
    """Return the whole sums of each class's counted scores whose weighted mean is exactly m."""
    counted = [_counted(len(names)) for _c, _w, names in PANEL]
    coefficients = [Fraction(w, c) for (_c, w, _n), c in zip(PANEL, counted, strict=True)]
    scale = 1
    for f in coefficients:
        scale = scale * f.denominator // _gcd(scale, f.denominator)
    a, b, c = (int(f * scale) for f in coefficients)  # 75, 90, 40 = 5 × (15, 18, 8)
    target = m * 100 * scale
    if target.denominator != 1:
        raise ValueError(f"{m} cannot be reached with whole scores")
    best = None
    mid_b, mid_c = round(counted[1] * m), round(counted[2] * m)
    for t_b in range(mid_b - 8, mid_b + 9):
        for t_c in range(mid_c - 12, mid_c + 13):
            rest = int(target) - b * t_b - c * t_c
            if rest % a:
                continue
            sums = [rest // a, t_b, t_c]
            if any(not 0 <= t <= 100 * n for t, n in zip(sums, counted, strict=True)):
                continue
            spread = sum((Fraction(t, n) - m) ** 2 for t, n in zip(sums, counted, strict=True))
            if best is None or spread < best[0]:
                best = (spread, sums)
    if best is None:
        raise ValueError(f"no whole scores reach {m}")
    return best[1]


def _gcd(x: int, y: int) -> int:
    while y:
        x, y = y, x % y
    return x


def _counted(judges: int) -> int:
    return judges - 2 if judges >= TRIM_FROM else judges


def panel_scores(old_scores, seed: str) -> list[tuple[str, str, int]]:
    """Return (judge, class, whole score) for the eleven judges, reproducing `old_scores`'s mean."""
    rng = random.Random(f"panel-{seed}")
    rows = []
    sums = class_sums(trimmed_mean(old_scores))
    for (code, _weight, names), total in zip(PANEL, sums, strict=True):
        counted = _spread(total, _counted(len(names)), rng)
        if len(names) >= TRIM_FROM:
            top = min(100, max(counted) + rng.randint(1, 4))
            bottom = max(0, min(counted) - rng.randint(1, 5))
            counted = [top, *counted, bottom]
            rng.shuffle(counted)
        rows += [(name, code, score) for name, score in zip(names, counted, strict=True)]
    return rows


def _spread(total: int, count: int, rng: random.Random) -> list[int]:
    """Return `count` whole scores of 0–100 adding up to `total`, a few points apart."""
    base, extra = divmod(total, count)
    scores = [base + (1 if i < extra else 0) for i in range(count)]
    for i in range(count // 2):
        d = rng.randint(0, 3)
        low, high = scores[i] - d, scores[count - 1 - i] + d
        if low >= 0 and high <= 100:
            scores[i], scores[count - 1 - i] = low, high
    rng.shuffle(scores)
    return scores


def criteria_points(total: int) -> list[int]:
    """Split a whole score over the criteria in proportion to their maxima."""
    points = [total * c["max"] // 100 for c in CRITERIA]
    i = 0
    while sum(points) < total:
        if points[i] < CRITERIA[i]["max"]:
            points[i] += 1
        i = (i + 1) % len(CRITERIA)
    return points


def build(run) -> None:
    """Run the Q2 contest and lock Q2; set up the Q4 contest (whichever is missing)."""
    county = org.demo_county()
    office = get_user_model().objects.filter(username="office").first()
    if county is None or office is None:
        return
    periods = {
        p.code: p
        for p in Period.objects.filter(year__jurisdiction=county, year__year=org.YEAR)
        .filter(code__in=CONTESTS)
        .select_related("year")
    }
    for code in CONTESTS:
        period = periods.get(code)
        if period is None or Contest.objects.filter(period=period).exists():
            continue
        if period.state == Period.State.LOCKED:
            continue  # built before contests were part of the demo
        contest = _set_up(office, period, *CONTESTS[code])
        run.count("contests")
        run.count("contest judges", len(JUDGES))
        if code == FINISHED:
            run.count("contest score sheets", _hold(office, contest))
            period_lock(actor=office, period=period)
            planned = default_period(org.YEAR, Period.Kind.QUARTER, 2)["locks_at"]
            Period.objects.filter(pk=period.pk).update(locks_at=planned)  # as the others


def _set_up(office, period: Period, name: str, held_on: dt.date, seed: int | None) -> Contest:
    """Create the contest of 第一组 with its criteria and eleven judges; draw it if seeded."""
    group = Group.objects.get(year=period.year, code=GROUP)
    contest = setup.contest_create(
        actor=office,
        year=period.year,
        period=period,
        groups=[group],
        name=name,
        held_on=held_on,
        minutes=8,
        indicator_code=INDICATOR,
        criteria=CRITERIA,
    )
    person = get_user_model().objects.filter(username="judge").first()
    for judge_name, code in JUDGES:
        fields = {"rater_class": code, "name": judge_name}
        if person is not None and judge_name == person.get_full_name():
            fields["person"] = person
        setup.judge_add(actor=office, contest=contest, **fields)
    if seed is not None:
        setup.contest_draw(actor=office, contest=contest, seed=seed)
    return contest


def _hold(office, contest: Contest) -> int:
    """Run the evening: each unit on stage, the eleven sheets, the reveal; then finish."""
    from leitai.demo.collection import judge_scores, quality, unit_profile

    setup.contest_ready(actor=office, contest=contest)
    setup.contest_start(actor=office, contest=contest)
    judges = {j.name: j for j in contest.judges.all()}
    month = int(contest.period.code[-1]) * 3
    for round_ in contest.rounds.select_related("unit").order_by("position"):
        unit = round_.unit
        q = quality(unit, unit_profile(unit), month, INDICATOR)
        old = judge_scores(contest.period.code, unit.code, INDICATOR, q)
        live.round_present(actor=office, round=round_)
        live.round_open_scoring(actor=office, round=round_)
        # The judges' sheets are written as the phones would leave them (bulk, like the
        # collection step's values: 539 sheets through the service would double the load time).
        Submission.objects.bulk_create(
            Submission(
                judge=judges[name],
                round=round_,
                key=f"demo-{contest.period.code}-{unit.code}-{judges[name].pk}",
                points=criteria_points(score),
                total=Decimal(score),
            )
            for name, _code, score in panel_scores(old, f"{contest.period.code}-{unit.code}")
        )
        live.round_reveal(actor=office, round=round_)
    live.contest_finish(actor=office, contest=contest)
    return len(judges) * contest.rounds.count()


def reset() -> None:
    """Delete the demo county's contests (their judges' scores protect the periods)."""
    from leitai.contest.models import Draw, Judge, Recusal, Submission

    contests = Contest.objects.filter(year__jurisdiction__code=org.COUNTY[0])
    Contest.objects.filter(pk__in=contests).update(current=None)
    Submission.objects.filter(round__contest__in=contests).delete()
    Recusal.objects.filter(judge__contest__in=contests).delete()
    Draw.objects.filter(contest__in=contests).delete()
    Judge.objects.filter(contest__in=contests).delete()
    contests.delete()
