"""The selection's flow from nomination to the final list, with hand-worked scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leitai.core.models import AuditEntry
from leitai.org.models import AssessmentYear
from leitai.selections import selectors, services
from leitai.selections.models import (
    Clearance,
    DeedsFile,
    Nomination,
    Objection,
    QuotaPenalty,
    Selection,
    Vote,
    VoteReceipt,
)
from tests.selections.conftest import (
    NOTICE_END,
    NOTICE_START,
    cleared,
    nominate,
    open_vote,
    photo,
    publish,
)

N = Nomination.Status


def walk_to_vote(sel):
    """Four nominees cleared, shortlisted and on notice; the vote opened after the notice."""
    world = sel.world
    zhang = cleared(sel, nominate(sel, "张三", files=[photo()]))
    wang = cleared(sel, nominate(sel, "王五"))
    li = cleared(sel, nominate(sel, "李四", unit=world.unit_b))
    zhao = cleared(sel, nominate(sel, "赵六", title=sel.expert))
    publish(sel, [zhang, wang, li, zhao])
    open_vote(sel)
    return zhang, li, wang, zhao


def vote(sel, choices, voter=None, code=""):
    return services.vote_cast(selection=sel.reload(), choices=choices, voter=voter, code=code)


@pytest.mark.django_db
def test_walk_from_nomination_to_the_final_list(sel):
    world = sel.world
    zhang, li, wang, zhao = walk_to_vote(sel)
    assert sel.reload().status == Selection.Status.VOTING
    assert (sel.selection.publicity_start, sel.selection.publicity_end) == (
        NOTICE_START,
        NOTICE_END,
    )
    assert DeedsFile.objects.get().nomination == zhang
    codes = services.voter_codes_create(actor=world.office, selection=sel.selection, count=2)
    p, e = sel.pioneer.pk, sel.expert.pk
    vote(sel, {p: [zhang.pk], e: [zhao.pk]}, voter=world.office)
    vote(sel, {p: [li.pk], e: [zhao.pk]}, voter=world.reporter_a)
    vote(sel, {p: [li.pk]}, voter=world.leader_a)
    vote(sel, {p: [wang.pk]}, code=codes[0])
    vote(sel, {p: [wang.pk]}, code=codes[1].lower())  # case does not matter
    scores = {zhang.pk: "80", li.pk: "60", wang.pk: "50", zhao.pk: "85"}
    assert (
        services.committee_scores_save(actor=world.office, selection=sel.selection, scores=scores)
        == 4
    )
    # Sealed: nothing of the count exists before the close.
    assert selectors.results(sel.reload()).count() == 0
    assert Nomination.objects.filter(votes__isnull=False).count() == 0
    awarded = services.vote_close(actor=world.office, selection=sel.selection)
    # 党员先锋, 5 voters, 50/50: 张三 80×0.5 + 100×1/5×0.5 = 50.00; 李四 30 + 20 = 50.00;
    # 王五 25 + 20 = 45.00. 张三 and 李四 tie: the committee's higher score (80) wins.
    # 业务能手, 2 voters: 赵六 85×0.5 + 100×2/2×0.5 = 92.50.
    got = {
        n.name: (n.votes, n.vote_score, n.final_score, n.rank, n.status)
        for n in Nomination.objects.all()
    }
    assert got == {
        "张三": (1, Decimal("20.00"), Decimal("50.00"), 1, N.AWARDED),
        "李四": (2, Decimal("40.00"), Decimal("50.00"), 2, N.NOT_AWARDED),
        "王五": (2, Decimal("40.00"), Decimal("45.00"), 3, N.NOT_AWARDED),
        "赵六": (2, Decimal("100.00"), Decimal("92.50"), 1, N.AWARDED),
    }
    assert [n.name for n in awarded] == ["张三", "赵六"]
    assert [n.name for n in selectors.final_list(sel.reload())] == ["张三", "赵六"]
    assert sel.selection.status == Selection.Status.FINAL


@pytest.mark.django_db
def test_every_step_writes_exactly_one_audit_row(sel):
    world = sel.world
    before = AuditEntry.objects.count()
    nomination = nominate(sel, "张三", files=[photo(), photo("二.png")])
    services.nomination_sign(actor=world.leader_a, nomination=nomination)
    services.nomination_clear(actor=world.leader, nomination=nomination, office=sel.organisation)
    assert AuditEntry.objects.count() == before + 3
    assert Nomination.objects.get().status == N.SIGNED  # 纪委 has not cleared yet
    services.nomination_clear(actor=world.supervisor, nomination=nomination, office=sel.discipline)
    assert AuditEntry.objects.count() == before + 4
    assert Nomination.objects.get().status == N.CLEARED


@pytest.mark.django_db
def test_audit_rows_of_votes_say_a_vote_was_cast_not_for_whom(sel):
    world = sel.world
    _zhang, li, _wang, _zhao = walk_to_vote(sel)
    vote(sel, {sel.pioneer.pk: [li.pk]}, voter=world.reporter_a)
    row = AuditEntry.objects.get(action="selection.vote")
    assert row.after == {"voted": True, "titles": ["党员先锋"], "by_code": False}
    assert row.object_type == "selections.selection"
    text = str(row.before) + str(row.after) + row.object_repr
    assert str(li.pk) not in text.replace("党员先锋", "") and "李四" not in text
    # The ballot row itself names no voter and no time.
    fields = {f.name for f in Vote._meta.get_fields()}
    assert fields == {"id", "title", "nomination"}


@pytest.mark.django_db
def test_one_vote_per_person_per_title(sel):
    world = sel.world
    zhang, li, _wang, zhao = walk_to_vote(sel)
    p, e = sel.pioneer.pk, sel.expert.pk
    vote(sel, {p: [zhang.pk]}, voter=world.reporter_a)
    with pytest.raises(ValidationError, match="already voted"):
        vote(sel, {e: [zhao.pk], p: [li.pk]}, voter=world.reporter_a)
    # All or nothing: the expert vote of the refused ballot is not kept either.
    assert Vote.objects.count() == 1
    assert VoteReceipt.objects.count() == 1
    vote(sel, {e: [zhao.pk]}, voter=world.reporter_a)  # another title is another vote
    assert VoteReceipt.objects.filter(voter=world.reporter_a).count() == 2


@pytest.mark.django_db
def test_a_voting_code_is_used_once_and_bad_ballots_are_refused(sel):
    world = sel.world
    zhang, li, _wang, zhao = walk_to_vote(sel)
    (code,) = services.voter_codes_create(actor=world.office, selection=sel.selection, count=1)
    p = sel.pioneer.pk
    with pytest.raises(ValidationError, match="1 to 1 different nominees"):
        vote(sel, {p: [zhang.pk, li.pk]}, code=code)
    with pytest.raises(ValidationError, match="1 to 1 different nominees"):
        vote(sel, {p: [zhao.pk]}, code=code)  # a nominee of another title
    with pytest.raises(ValidationError, match="not valid"):
        vote(sel, {p: [zhang.pk]}, code="WRONGCODE2")
    assert Vote.objects.count() == 0
    vote(sel, {p: [zhang.pk]}, code=code)
    with pytest.raises(ValidationError, match="not valid or already used"):
        vote(sel, {sel.expert.pk: [zhao.pk]}, code=code)
    assert Vote.objects.count() == 1
    with pytest.raises(PermissionDenied):
        vote(sel, {p: [zhang.pk]}, voter=world.other_office)


@pytest.mark.django_db
def test_no_vote_before_the_vote_opens_or_after_it_closed(sel):
    world = sel.world
    zhang = cleared(sel, nominate(sel, "张三"))
    publish(sel, [zhang])
    with pytest.raises(ValidationError):
        vote(sel, {sel.pioneer.pk: [zhang.pk]}, voter=world.office)
    open_vote(sel)
    services.committee_scores_save(
        actor=world.office, selection=sel.selection, scores={zhang.pk: "70.5"}
    )
    services.vote_close(actor=world.office, selection=sel.reload())
    with pytest.raises(ValidationError):
        vote(sel, {sel.pioneer.pk: [zhang.pk]}, voter=world.office)
    # No voter: the vote share is 0; 70.5 × 0.5 = 35.25.
    assert Nomination.objects.get().final_score == Decimal("35.25")


@pytest.mark.django_db
def test_the_close_waits_for_every_committee_score(sel):
    world = sel.world
    zhang, li, _wang, _zhao = walk_to_vote(sel)
    services.committee_scores_save(
        actor=world.office, selection=sel.selection, scores={zhang.pk: 80}
    )
    with pytest.raises(ValidationError, match="not scored"):
        services.vote_close(actor=world.office, selection=sel.reload())
    assert sel.reload().status == Selection.Status.VOTING
    with pytest.raises(ValidationError, match="0 to 100"):
        services.committee_scores_save(
            actor=world.office, selection=sel.selection, scores={li.pk: "100.5"}
        )


@pytest.mark.django_db
def test_unit_quota_per_title(sel):
    world = sel.world
    nominate(sel, "张三")
    nominate(sel, "王五")
    with pytest.raises(ValidationError, match="quota for “党员先锋” is used up"):
        nominate(sel, "孙七")
    nominate(sel, "李四", unit=world.unit_b)  # unit B has its own quota
    nominate(sel, "赵六", title=sel.expert)
    with pytest.raises(ValidationError, match="used up"):
        nominate(sel, "周八", title=sel.expert)
    assert Nomination.objects.count() == 4
    with pytest.raises(PermissionDenied):
        nominate(sel, "钱九", unit=world.unit_a, actor=world.reporter_b)


@pytest.mark.django_db
def test_a_nominee_person_must_be_of_the_unit(sel):
    world = sel.world
    with pytest.raises(ValidationError, match="person of the nominating unit"):
        nominate(sel, "", person=world.reporter_b)
    nomination = nominate(sel, "", person=world.leader_a)
    assert nomination.name == "负责人甲"


@pytest.mark.django_db
def test_a_veto_needs_a_reason_and_ends_the_nomination(sel):
    world = sel.world
    nomination = nominate(sel, "张三")
    services.nomination_sign(actor=world.leader_a, nomination=nomination)
    rows = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="reason for the veto"):
        services.nomination_clear(
            actor=world.supervisor, nomination=nomination, office=sel.discipline, veto=True
        )
    with pytest.raises(PermissionDenied):  # the county leader signs for 组织部, not 纪委
        services.nomination_clear(actor=world.leader, nomination=nomination, office=sel.discipline)
    assert (AuditEntry.objects.count(), Clearance.objects.count()) == (rows, 0)
    services.nomination_clear(
        actor=world.supervisor,
        nomination=nomination,
        office=sel.discipline,
        veto=True,
        reason="受到党纪处分，影响期未满",
    )
    nomination.refresh_from_db()
    assert nomination.status == N.VETOED
    assert Clearance.objects.get().reason == "受到党纪处分，影响期未满"
    with pytest.raises(ValidationError):
        services.nomination_clear(
            actor=world.leader, nomination=nomination, office=sel.organisation
        )


@pytest.mark.django_db
def test_working_days_of_the_notice_skip_weekends_and_holidays(sel, world):
    from leitai.org.models import CalendarDay

    CalendarDay.objects.create(jurisdiction=world.county, day=dt.date(2022, 12, 5), kind="holiday")
    zhang = cleared(sel, nominate(sel, "张三"))
    # Published on Saturday 2022-12-03: it starts on the next working day, Tuesday 12-06 (Monday
    # the 5th is a holiday), and lasts five working days: the 6th, 7th, 8th, 9th and 12th.
    publish(sel, [zhang], start=dt.date(2022, 12, 3))
    s = sel.reload()
    assert (s.publicity_start, s.publicity_end) == (dt.date(2022, 12, 6), dt.date(2022, 12, 12))


@pytest.mark.django_db
def test_objections_are_taken_during_the_notice_and_handled_before_the_vote(sel, monkeypatch):
    world = sel.world
    zhang = cleared(sel, nominate(sel, "张三"))
    li = cleared(sel, nominate(sel, "李四", unit=world.unit_b))
    publish(sel, [zhang, li])
    today = {"day": dt.date(2022, 12, 2)}
    monkeypatch.setattr(
        "leitai.selections.services.nominations.timezone.localdate", lambda: today["day"]
    )
    with pytest.raises(ValidationError, match="reason for the objection"):
        services.objection_submit(nomination=zhang, reason="  ")
    first = services.objection_submit(nomination=zhang, reason="事迹材料夸大", contact="138")
    second = services.objection_submit(nomination=li, reason="未见实绩")
    today["day"] = dt.date(2022, 12, 8)
    with pytest.raises(ValidationError, match="public notice is over"):
        services.objection_submit(nomination=zhang, reason="迟到的意见")
    assert Objection.objects.count() == 2
    with pytest.raises(ValidationError, match="2 objections wait"):
        open_vote(sel)
    with pytest.raises(ValidationError, match="how the objection was handled"):
        services.objection_handle(actor=world.office, objection=first, uphold=False, handling="")
    with pytest.raises(PermissionDenied):
        services.objection_handle(
            actor=world.other_office, objection=first, uphold=False, handling="不成立"
        )
    services.objection_handle(
        actor=world.office, objection=first, uphold=False, handling="经核实，事迹属实，异议不成立"
    )
    services.objection_handle(
        actor=world.office, objection=second, uphold=True, handling="核实属实"
    )
    first.refresh_from_db()
    assert (first.status, first.handling, first.handled_by) == (
        Objection.Status.DISMISSED,
        "经核实，事迹属实，异议不成立",
        world.office,
    )
    assert Nomination.objects.get(pk=li.pk).status == N.NOT_SHORTLISTED
    assert open_vote(sel).status == Selection.Status.VOTING


@pytest.mark.django_db
def test_the_vote_waits_for_the_end_of_the_notice(sel, monkeypatch):
    zhang = cleared(sel, nominate(sel, "张三"))
    publish(sel, [zhang])
    monkeypatch.setattr("leitai.selections.services.votes.timezone.localdate", lambda: NOTICE_END)
    with pytest.raises(ValidationError, match="runs until 2022-12-07"):
        open_vote(sel)
    assert sel.reload().status == Selection.Status.PUBLICITY


@pytest.mark.django_db
def test_revocation_costs_the_unit_one_place_next_year(sel):
    world = sel.world
    zhang, _li, _wang, _zhao = walk_to_vote(sel)
    scores = {n.pk: "80" for n in Nomination.objects.all()}
    services.committee_scores_save(actor=world.office, selection=sel.selection, scores=scores)
    services.vote_close(actor=world.office, selection=sel.reload())
    zhang.refresh_from_db()
    assert zhang.status == N.AWARDED
    with pytest.raises(ValidationError, match="reason for the revocation"):
        services.nomination_revoke(actor=world.office, nomination=zhang, reason="")
    with pytest.raises(PermissionDenied):
        services.nomination_revoke(actor=world.other_office, nomination=zhang, reason="失实")
    assert QuotaPenalty.objects.count() == 0
    services.nomination_revoke(actor=world.office, nomination=zhang, reason="事迹材料经查失实")
    zhang.refresh_from_db()
    assert (zhang.status, zhang.revoked_reason) == (N.REVOKED, "事迹材料经查失实")
    penalty = QuotaPenalty.objects.get()
    assert (penalty.year, penalty.title_name, penalty.unit) == (2023, "党员先锋", world.unit_a)
    year_2023 = AssessmentYear.objects.create(jurisdiction=world.county, year=2023, name="2023年度")
    later = services.selection_create(
        actor=world.office,
        year=year_2023,
        name="2023年度“六比六树”评选",
        series="六比六树",
        titles=[("党员先锋", 1, 2), ("业务能手", 1, 1)],
    )
    pioneer, expert = later.titles.order_by("order")
    assert selectors.unit_quota(later, world.unit_a.pk, pioneer) == 1  # 2 − 1
    assert selectors.unit_quota(later, world.unit_a.pk, expert) == 1
    assert selectors.unit_quota(later, world.unit_b.pk, pioneer) == 2
    other = services.selection_create(
        actor=world.office,
        year=year_2023,
        name="2023年度业务技能大比武",
        series="业务技能大比武",
        titles=[("党员先锋", 1, 2)],
    )
    assert selectors.unit_quota(other, world.unit_a.pk, other.titles.get()) == 2


@pytest.mark.django_db
def test_the_unit_changes_its_draft_until_the_leader_signs(sel):
    world = sel.world
    nomination = nominate(sel, "张三")
    services.nomination_save(
        actor=world.leader_a,
        selection=sel.reload(),
        nomination=nomination,
        title=sel.expert,
        name="张三",
        position="科长",
        deeds="改写后的事迹",
    )
    nomination.refresh_from_db()
    assert (nomination.title, nomination.position, nomination.deeds) == (
        sel.expert,
        "科长",
        "改写后的事迹",
    )
    row = AuditEntry.objects.filter(action="selection.nomination_edit").get()
    assert row.before == {"title": sel.pioneer.pk, "position": "", "deeds": "张三同志的事迹"}
    services.nomination_sign(actor=world.leader_a, nomination=nomination)
    with pytest.raises(ValidationError, match=r"签字|Signed"):
        services.nomination_save(
            actor=world.reporter_a,
            selection=sel.reload(),
            nomination=nomination,
            title=sel.expert,
            name="李四",
            deeds="再改",
        )
    nomination.refresh_from_db()
    assert (nomination.name, nomination.deeds) == ("张三", "改写后的事迹")
    with pytest.raises(PermissionDenied):
        services.nomination_save(
            actor=world.reporter_b,
            selection=sel.reload(),
            nomination=Nomination.objects.get(pk=nomination.pk),
            title=sel.expert,
            name="李四",
            deeds="再改",
        )
