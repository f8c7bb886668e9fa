"""The demo's contests: Q2 2022 finished into the quarter without moving its figures, Q4 2022
set up and ready to run today."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.utils import timezone

from leitai.assessment.models import PanelScore, Period
from leitai.contest.access import judge_for_token
from leitai.contest.models import Contest, Submission
from leitai.contest.services import setup
from leitai.demo import contest as demo_contest
from leitai.demo.collection import judge_scores, quality, unit_profile
from leitai.org.models import GroupMembership
from leitai.rankings.models import Publication

WEIGHTS = {"县领导": 50, "人大代表政协委员": 30, "服务对象代表": 20}


def test_class_sums_reach_the_mean_exactly_by_hand():
    # m = 665/8 = 83.125 (4 counted scores adding to 332.5): sums 333 (4 leaders), 166 (2),
    # 249 (3): 50 × 333/4 + 30 × 166/2 + 20 × 249/3 = 4162.5 + 2490 + 1660 = 8312.5 = 100 m.
    assert demo_contest.class_sums(Fraction(665, 8)) == [333, 166, 249]
    # m = 499/6 = 83.1666…: 50 × 334/4 + 30 × 165/2 + 20 × 250/3 = 4175 + 2475 + 1666.66… = 100 m.
    assert demo_contest.class_sums(Fraction(499, 6)) == [334, 165, 250]
    assert demo_contest.criteria_points(83) == [34, 25, 16, 8]
    assert demo_contest.criteria_points(100) == [40, 30, 20, 10]


def class_weighted(rows) -> Fraction:
    """Rule 6 by hand: trim each class from 5 scores, weighted mean of the class means."""
    by_class = defaultdict(list)
    for code, score in rows:
        by_class[code].append(Fraction(score))
    total = Fraction(0)
    for code, scores in by_class.items():
        scores.sort()
        counted = scores[1:-1] if len(scores) >= 5 else scores
        total += WEIGHTS[code] * sum(counted) / len(counted)
    return total / sum(WEIGHTS[c] for c in by_class)


@pytest.mark.django_db
def test_the_demo_contests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    q2 = Contest.objects.get(period__code="2022-Q2")
    g1 = set(GroupMembership.objects.filter(group__code="G1").values_list("unit__code", flat=True))
    # Finished through the services, every unit revealed, 11 judges in three classes.
    assert (q2.state, q2.results_written, q2.seed) == ("finished", True, 20220708)
    assert {r.unit.code for r in q2.rounds.select_related("unit")} == g1
    assert set(q2.rounds.values_list("state", flat=True)) == {"revealed"}
    assert Counter(q2.judges.values_list("rater_class", flat=True)) == {
        "县领导": 6,
        "人大代表政协委员": 2,
        "服务对象代表": 3,
    }
    assert q2.judges.get(name="周文博").person.username == "judge"
    period = Period.objects.get(code="2022-Q2")
    assert period.state == "locked"
    assert period.locks_at == dt.datetime(2022, 7, 10, 9, tzinfo=dt.UTC)
    # Its sheets are Q2's judges' scores of R03 for 第一组, with the judges' names and classes.
    r03 = PanelScore.objects.filter(period=period, indicator_code="R03")
    g1_rows = r03.filter(unit__code__in=g1)
    assert g1_rows.count() == 49 * 11
    # The other panel indicators of Q2 keep their typed scores (5–7 judges a unit).
    others = Counter(
        PanelScore.objects.filter(period=period, unit__code__in=g1)
        .exclude(indicator_code="R03")
        .values_list("unit__code", "indicator_code")
    )
    assert len(others) == 49 * 2 and set(others.values()) <= {5, 6, 7}
    assert set(g1_rows.values_list("judge_label", flat=True)) == {
        n for n, _c in demo_contest.JUDGES
    }
    sheets = {
        (s.round.unit.code, s.judge.name): s.total
        for s in Submission.objects.filter(round__contest=q2).select_related("round__unit", "judge")
    }
    assert {(p.unit.code, p.judge_label): p.score for p in g1_rows.select_related("unit")} == (
        sheets
    )
    # Each unit's class-weighted result is exactly the mean of the 5–7 typed scores it replaces,
    # so the published Q2 figures are those of the quarter before contests were in the demo.
    published = Publication.objects.get(period=period, superseded_at=None).snapshot
    points = {
        row.unit.code: row.detail["indicators"]["R03"]["points"]
        for row in published.rows.select_related("unit")
    }
    for round_ in q2.rounds.select_related("unit"):
        unit = round_.unit
        old = judge_scores("2022-Q2", unit.code, "R03", quality(unit, unit_profile(unit), 6, "R03"))
        expected = demo_contest.trimmed_mean(old)
        rows = g1_rows.filter(unit=unit).values_list("rater_class", "score")
        assert class_weighted(rows) == expected, unit.code
        assert points[unit.code] == pytest.approx(float(expected) * 25 / 100, abs=1e-9)
    # Q4: set up, not drawn, the same eleven judges; its quarter takes judges' scores today.
    q4 = Contest.objects.get(period__code="2022-Q4")
    assert (q4.state, q4.seed, q4.held_on) == ("draft", None, dt.date(2023, 1, 13))
    assert q4.rounds.count() == 49 and q4.judges.count() == 11
    assert Period.objects.get(code="2022-Q4").shown_state == "closed"
    from django.contrib.auth import get_user_model

    office = get_user_model().objects.get(username="office")
    judge = q4.judges.get(name="吴晓东")
    token = setup.judge_link_issue(actor=office, judge=judge)
    assert judge_for_token(token) == judge
    judge.refresh_from_db()
    tomorrow_ends = timezone.localdate() + dt.timedelta(days=2)
    assert timezone.localtime(judge.expires_at).date() == tomorrow_ends
