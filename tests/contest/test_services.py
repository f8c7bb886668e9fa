"""The contest's services through their rules: draw, judges, sealed submissions, reveal, void,
finish into the quarter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from leitai.assessment.models import PanelScore
from leitai.contest.models import ContestUnit, Draw, Submission
from leitai.contest.selectors import contest_results
from leitai.contest.services import live, setup
from leitai.core.models import AuditEntry
from tests.contest.conftest import make_contest, to_scoring

SHEETS = {  # judge → points per criterion (totals 90, 80, 70, 60)
    "王评委": [36, 27, 18, 9],
    "李评委": [32, 24, 16, 8],
    "赵评委": [28, 21, 14, 7],
    "钱评委": [24, 18, 12, 6],
}


def submit_all(night, round_):
    for judge in night.judges:
        if judge.name in SHEETS:
            live.submission_save(
                judge=judge,
                round=round_,
                key=f"sheet-{judge.pk}-{round_.pk}",
                points=SHEETS[judge.name],
            )


def test_the_draw_is_seeded_and_recorded(night):
    draw = Draw.objects.get(contest=night.contest)
    assert draw.seed == 20220328
    order = list(night.contest.rounds.order_by("position").values_list("unit__code", flat=True))
    assert draw.order == order
    assert sorted(order) == ["A01", "C01"]
    audit = AuditEntry.objects.filter(action="contest.draw").get()
    assert audit.after == {"seed": 20220328, "order": order, "reason": ""}


def test_a_second_draw_needs_a_reason_and_changes_nothing_without(night):
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        setup.contest_draw(actor=night.world.office, contest=night.contest, seed=7)
    assert AuditEntry.objects.count() == audits
    assert night.refresh().seed == 20220328
    setup.contest_draw(actor=night.world.office, contest=night.contest, seed=7, reason="单位请假")
    assert night.refresh().seed == 7
    assert Draw.objects.filter(contest=night.contest).count() == 2


def test_the_judge_from_unit_a_is_waited_for_only_where_not_recused(night):
    round_ = to_scoring(night)
    sun = night.judges[-1]
    if round_.unit_id == night.world.unit_a.pk:
        with pytest.raises(ValidationError):
            live.submission_save(judge=sun, round=round_, key="k" * 10, points=[1, 1, 1, 1])
        assert not Submission.objects.filter(judge=sun).exists()


def test_same_key_twice_stores_one_score_and_writes_one_audit_row(night):
    round_ = to_scoring(night)
    judge = night.judges[0]
    first, stored = live.submission_save(
        judge=judge, round=round_, key="abcdefgh1", points=[36, 27, 18, 9]
    )
    audits = AuditEntry.objects.count()
    again, stored_again = live.submission_save(
        judge=judge, round=round_, key="abcdefgh1", points=[1, 1, 1, 1]
    )
    assert (stored, stored_again) == (True, False)
    assert again.pk == first.pk
    assert Submission.objects.get(pk=first.pk).total == Decimal(90)
    assert AuditEntry.objects.count() == audits


def test_the_audit_row_of_a_sheet_holds_no_score_until_the_reveal(night):
    round_ = to_scoring(night)
    submit_all(night, round_)
    rows = AuditEntry.objects.filter(action="contest.submit")
    assert rows.count() == 4
    for row in rows:
        assert set(row.after) == {"judge", "unit", "submitted"}
        assert "90" not in str(row.after)
    live.round_close(actor=night.world.office, round=round_)
    live.round_reveal(actor=night.world.office, round=round_)
    reveal = AuditEntry.objects.get(action="contest.reveal")
    assert reveal.after["scores"] == {
        "王评委": "90.00",
        "李评委": "80.00",
        "赵评委": "70.00",
        "钱评委": "60.00",
    }
    assert reveal.after["score"] == "75.00"


def test_reveal_waits_for_every_present_judge(night):
    round_ = to_scoring(night)
    submit_all(night, round_)
    expected_sun = round_.unit_id != night.world.unit_a.pk
    if expected_sun:
        with pytest.raises(ValidationError):
            live.round_reveal(actor=night.world.office, round=round_)
        assert ContestUnit.objects.get(pk=round_.pk).state == "scoring"
    else:
        live.round_reveal(actor=night.world.office, round=round_)
        assert ContestUnit.objects.get(pk=round_.pk).state == "revealed"


def test_a_score_after_the_reveal_is_refused_and_nothing_changes(night):
    round_ = to_scoring(night)
    submit_all(night, round_)
    live.round_close(actor=night.world.office, round=round_)
    live.round_reveal(actor=night.world.office, round=round_)
    judge = night.judges[0]
    before = list(Submission.objects.values_list("pk", "total", "key"))
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        live.submission_save(judge=judge, round=round_, key="another-key", points=[0, 0, 0, 0])
    assert list(Submission.objects.values_list("pk", "total", "key")) == before
    assert AuditEntry.objects.count() == audits


def test_void_needs_a_reason_and_rescoring_leaves_the_voided_score_out(night):
    round_ = to_scoring(night)
    submit_all(night, round_)
    office = night.world.office
    live.round_close(actor=office, round=round_)
    live.round_reveal(actor=office, round=round_)
    sheet = Submission.objects.get(round=round_, judge=night.judges[0])
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        live.submission_void(actor=office, submission=sheet, reason="  ")
    assert AuditEntry.objects.count() == audits
    live.submission_void(actor=office, submission=sheet, reason="与该单位有利害关系")
    assert ContestUnit.objects.get(pk=round_.pk).score == Decimal("70.00")
    [result] = contest_results(night.refresh())
    assert [s.judge.name for s in result.voided] == ["王评委"]
    assert result.voided[0].void_reason == "与该单位有利害关系"


def test_finish_writes_the_quarters_panel_scores(night):
    office = night.world.office
    round_ = to_scoring(night)
    for _ in range(2):
        submit_all(night, round_)
        live.round_close(actor=office, round=round_)
        live.round_reveal(actor=office, round=round_)
        nxt = night.contest.rounds.filter(state="waiting").first()
        if nxt is None:
            break
        live.round_present(actor=office, round=nxt)
        live.round_open_scoring(actor=office, round=nxt)
        round_ = ContestUnit.objects.get(pk=nxt.pk)
    assert live.contest_finish(actor=office, contest=night.refresh()) == 8
    rows = PanelScore.objects.filter(period=night.quarter, indicator_code="J01")
    assert sorted((r.unit.code, r.judge_label, r.score) for r in rows)[:4] == [
        ("A01", "李评委", Decimal("80.00")),
        ("A01", "王评委", Decimal("90.00")),
        ("A01", "赵评委", Decimal("70.00")),
        ("A01", "钱评委", Decimal("60.00")),
    ]
    assert night.refresh().state == "finished"


def test_criteria_must_add_up_to_100(night):
    with pytest.raises(ValidationError) as caught:
        make_contest(
            night.world, night.quarter, name="满分不对", criteria=[{"name": "工作实绩", "max": 90}]
        )
    assert caught.value.error_dict["criteria"][0].messages == ["各评分项满分合计为90，应为100。"]


def test_equal_scores_share_a_place(night):
    office = night.world.office
    round_ = to_scoring(night)
    for _ in range(2):
        submit_all(night, round_)
        live.round_close(actor=office, round=round_)
        live.round_reveal(actor=office, round=round_)
        following = night.contest.rounds.filter(state="waiting").first()
        if following is None:
            break
        live.round_present(actor=office, round=following)
        live.round_open_scoring(actor=office, round=following)
        round_ = ContestUnit.objects.get(pk=following.pk)
    results = contest_results(night.refresh())
    assert [(r.score, r.place) for r in results] == [(75.0, 1), (75.0, 1)]


@pytest.mark.parametrize(
    ("value", "stored"),
    [(72.345, "72.35"), (72.344999, "72.34"), (70.005, "70.01"), (None, None), (100.0, "100.00")],
)
def test_a_contest_score_is_kept_to_2_decimals_halves_up(value, stored):
    from leitai.contest.selectors import rounded

    assert rounded(value) == (None if stored is None else Decimal(stored))


def test_a_new_link_replaces_the_old_one_even_after_a_revoke(night):
    from leitai.contest.access import judge_for_token

    office, judge = night.world.office, night.judges[0]
    old = night.tokens[judge.name]
    setup.judge_link_revoke(actor=office, judge=judge)
    assert judge_for_token(old) is None
    audits = AuditEntry.objects.count()
    new = setup.judge_link_issue(actor=office, judge=judge)
    assert new != old
    assert judge_for_token(new).pk == judge.pk
    assert judge_for_token(old) is None
    [entry] = AuditEntry.objects.filter(pk__gt=0).order_by("-pk")[:1]
    assert (AuditEntry.objects.count(), entry.action) == (audits + 1, "contest.link_issue")
    assert new not in str(entry.after)  # the token itself is never written down
