"""Audit recipes of selections (评选): set-up, nominations, clearance, 公示, objections, votes."""

from __future__ import annotations

import datetime as dt

from leitai.selections.models import Nomination
from leitai.selections.services import nominations, setup, votes
from tests.core.audit.harness import CREATE, EVENT, recipe
from tests.selections.conftest import (
    build_selection,
    cleared,
    nominate,
    open_vote,
    publish,
    to_shortlisting,
)

SE = "leitai.selections.services."
SET = SE + "setup."
NOM = SE + "nominations."
VOTES = SE + "votes."
# A day of the public notice (2022-12-01 to 2022-12-07), when objections are received.
ON_NOTICE = dt.date(2022, 12, 2)
# A vote names no nominee in its row: not the name chosen, nor the choice itself.
SEALED_VOTE = ("张三", "choices", "nomination")


def _published(c):
    """The selection on 公示 with 张三 (党员先锋) of unit A shortlisted."""
    sel = build_selection(c.world)
    zhang = cleared(sel, nominate(sel, "张三"))
    publish(sel, [zhang])
    return sel, Nomination.objects.get(pk=zhang.pk)


def _voting(c):
    sel, zhang = _published(c)
    open_vote(sel)
    return sel, zhang


def _scored(c):
    sel, zhang = _voting(c)
    votes.committee_scores_save(actor=c.office, selection=sel.reload(), scores={zhang.pk: "80"})
    return sel, zhang


@recipe(SET + "selection_create")
def _(c):
    return lambda: setup.selection_create(
        actor=c.office,
        year=c.year,
        name="2022年度“六比六树”评选",
        series="六比六树",
        titles=[("党员先锋", 1, 2)],
    )


@recipe(SET + "clearance_office_save", kind=CREATE)
def _(c):
    sel = build_selection(c.world, open_=False)
    selection = sel.reload()
    return lambda: setup.clearance_office_save(
        actor=c.office, selection=selection, name="宣传部", members=[c.leader]
    )


@recipe(SET + "selection_step")
def _(c):
    selection = build_selection(c.world, open_=False).reload()
    return lambda: setup.selection_step(actor=c.office, selection=selection, action="open")


@recipe(SET + "voter_codes_create")
def _(c):
    sel, _zhang = _voting(c)
    selection = sel.reload()
    return lambda: setup.voter_codes_create(actor=c.office, selection=selection, count=3)


@recipe(NOM + "nomination_save", kind=CREATE)
def _(c):
    sel = build_selection(c.world)
    return lambda: nominate(sel, "张三")


@recipe(NOM + "nomination_sign")
def _(c):
    sel = build_selection(c.world)
    nomination = nominate(sel, "张三")
    return lambda: nominations.nomination_sign(actor=c.leader_a, nomination=nomination)


# The first of two offices to clear records its decision; the nomination stays signed.
@recipe(NOM + "nomination_clear", kind=EVENT)
def _(c):
    sel = build_selection(c.world)
    nomination = nominate(sel, "张三")
    nominations.nomination_sign(actor=c.leader_a, nomination=nomination)
    office = sel.organisation
    return lambda: nominations.nomination_clear(
        actor=c.leader, nomination=nomination, office=office
    )


@recipe(NOM + "selection_publish")
def _(c):
    sel = build_selection(c.world)
    zhang = cleared(sel, nominate(sel, "张三"))
    to_shortlisting(sel)
    selection = sel.reload()
    return lambda: nominations.selection_publish(
        actor=c.office, selection=selection, shortlisted=[zhang.pk], start=ON_NOTICE
    )


@recipe(NOM + "objection_submit", kind=CREATE)
def _(c):
    _sel, zhang = _published(c)
    return lambda: nominations.objection_submit(
        nomination=zhang, reason="事迹材料夸大", contact="138", on=ON_NOTICE
    )


@recipe(NOM + "objection_handle")
def _(c):
    _sel, zhang = _published(c)
    objection = nominations.objection_submit(nomination=zhang, reason="事迹材料夸大", on=ON_NOTICE)
    return lambda: nominations.objection_handle(
        actor=c.office, objection=objection, uphold=False, handling="经核实，事迹属实，异议不成立"
    )


@recipe(NOM + "nomination_revoke")
def _(c):
    sel, zhang = _scored(c)
    votes.vote_close(actor=c.office, selection=sel.reload())
    zhang = Nomination.objects.get(pk=zhang.pk)
    return lambda: nominations.nomination_revoke(
        actor=c.office, nomination=zhang, reason="事迹材料经查失实"
    )


@recipe(VOTES + "selection_open_vote")
def _(c):
    sel, _zhang = _published(c)
    selection = sel.reload()
    return lambda: votes.selection_open_vote(actor=c.office, selection=selection)


@recipe(VOTES + "vote_cast", kind=EVENT, sealed=SEALED_VOTE)
def _(c):
    sel, zhang = _voting(c)
    selection = sel.reload()
    choices = {sel.pioneer.pk: [zhang.pk]}
    return lambda: votes.vote_cast(selection=selection, choices=choices, voter=c.reporter_a)


@recipe(VOTES + "committee_scores_save")
def _(c):
    sel, zhang = _voting(c)
    selection = sel.reload()
    return lambda: votes.committee_scores_save(
        actor=c.office, selection=selection, scores={zhang.pk: "80"}
    )


@recipe(VOTES + "vote_close")
def _(c):
    sel, zhang = _scored(c)
    votes.vote_cast(
        selection=sel.reload(), choices={sel.pioneer.pk: [zhang.pk]}, voter=c.reporter_a
    )
    selection = sel.reload()
    return lambda: votes.vote_close(actor=c.office, selection=selection)
