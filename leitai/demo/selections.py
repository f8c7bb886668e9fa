"""The demo county's 2022 "六比六树" exemplars, run through the services from start to end.

县发展和改革局 (`reporter`, `unitleader`) and 县商务局 (`reporter2`, and `unitleader2`, a login
this step adds) nominate under all six titles; 组织部 (signed for by `leader`) and 纪委 (by
`supervisor`) clear them; the shortlist is on public notice from 2022-12-01 to 2022-12-07; one
objection comes in and is dismissed; the county's twenty demo logins vote; the committee scores;
the vote closes with the final list.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from leitai.demo.org import PASSWORD, USERNAMES, demo_county
from leitai.org.models import AssessmentYear, Role, RoleGrant, Unit
from leitai.selections import services
from leitai.selections.models import Nomination, QuotaPenalty, Selection

NAME = "2022年度“六比六树”先进典型评选"
SERIES = "六比六树"
DRC, COMMERCE = "县发展和改革局", "县商务局"
LEADER2 = ("unitleader2", "李明")
# (title, unit, name, position, 事迹)
NOMINEES = [
    (
        "党员先锋",
        DRC,
        "刘志强",
        "项目科科长",
        "牵头推进12个省市重点项目，带领党员突击队攻坚征地拆迁，项目开工率全市第一。",
    ),
    (
        "党员先锋",
        COMMERCE,
        "孙丽",
        "外贸科科长",
        "组织企业参加进博会、广交会，全年新增外贸主体46家，进出口额增长21%。",
    ),
    (
        "业务能手",
        DRC,
        "陈晓东",
        "价格监测中心主任",
        "建立重要民生商品价格日监测机制，编写监测报告240余期。",
    ),
    (
        "敬业模范",
        DRC,
        "王秀英",
        "办公室副主任",
        "扎根基层二十年，全年无休完成材料起草任务，零差错。",
    ),
    (
        "攻坚闯将",
        COMMERCE,
        "张海峰",
        "商贸流通科科长",
        "攻坚县域商业体系建设，建成乡镇商贸中心8个、村级便民店112个。",
    ),
    (
        "服务标兵",
        COMMERCE,
        "李娜",
        "政务服务窗口负责人",
        "推行“一窗受理、全程代办”，办件满意率100%。",
    ),
    (
        "清廉公仆",
        DRC,
        "周建国",
        "财务审计科科长",
        "严把资金审核关，拒收礼金礼卡，连续五年考核优秀。",
    ),
]
COMMITTEE = {
    "刘志强": 88,
    "孙丽": 92,
    "陈晓东": 90,
    "王秀英": 86,
    "张海峰": 91,
    "李娜": 89,
    "周建国": 87,
}
# 党员先锋: of the twenty voters, twelve choose 刘志强 and eight 孙丽.
PIONEER_VOTES = {"刘志强": 12, "孙丽": 8}


def build(run) -> None:
    """Run the 2022 selection to its final list (once; a second run creates nothing)."""
    county = demo_county()
    year = AssessmentYear.objects.filter(jurisdiction=county, year=2022).first()
    if year is None or Selection.objects.filter(year=year, name=NAME).exists():
        return
    people = {u.username: u for u in get_user_model().objects.filter(username__in=USERNAMES)}
    units = {u.name: u for u in Unit.objects.filter(jurisdiction=county, name__in=[DRC, COMMERCE])}
    people["unitleader2"] = _leader2(county, units[COMMERCE])
    office = people["office"]
    selection = services.selection_create(actor=office, year=year, name=NAME, series=SERIES)
    organisation = services.clearance_office_save(
        actor=office, selection=selection, name="组织部", members=[people["leader"]]
    )
    discipline = services.clearance_office_save(
        actor=office, selection=selection, name="纪委", members=[people["supervisor"]]
    )
    services.selection_step(actor=office, selection=selection, action="open")
    titles = {t.name: t for t in selection.titles.all()}
    nominations = []
    for title, unit, name, position, deeds in NOMINEES:
        reporter = people["reporter" if unit == DRC else "reporter2"]
        leader = people["unitleader" if unit == DRC else "unitleader2"]
        nomination = services.nomination_save(
            actor=reporter,
            selection=selection,
            unit_id=units[unit].pk,
            title=titles[title],
            name=name,
            position=position,
            deeds=deeds,
        )
        services.nomination_sign(actor=leader, nomination=nomination)
        services.nomination_clear(
            actor=people["leader"], nomination=nomination, office=organisation
        )
        services.nomination_clear(
            actor=people["supervisor"], nomination=nomination, office=discipline
        )
        nominations.append(nomination)
    for action in ("close_nominations", "close_clearance"):
        services.selection_step(actor=office, selection=selection, action=action)
    services.selection_publish(
        actor=office,
        selection=selection,
        shortlisted=[n.pk for n in nominations],
        start=dt.date(2022, 12, 1),
    )
    by_name = {n.name: n for n in nominations}
    objection = services.objection_submit(
        nomination=by_name["孙丽"],
        reason="进出口增长数据是否包含往年结转订单，请核实。",
        on=dt.date(2022, 12, 5),
    )
    services.objection_handle(
        actor=office,
        objection=objection,
        uphold=False,
        handling="经商务局提供海关统计数据核实，增长数据为当年新增，异议不成立，已电话回复。",
    )
    services.selection_open_vote(actor=office, selection=selection)
    _votes(selection, titles, by_name, people)
    scores = {by_name[name].pk: score for name, score in COMMITTEE.items()}
    services.committee_scores_save(actor=office, selection=selection, scores=scores)
    services.vote_close(actor=office, selection=selection)
    run.count("selections")
    run.count("nominations", len(nominations))


def _leader2(county, unit: Unit):
    user, _created = get_user_model().objects.get_or_create(
        username=LEADER2[0],
        defaults={"first_name": LEADER2[1], "password": make_password(PASSWORD)},
    )
    RoleGrant.objects.get_or_create(
        user=user, role=Role.UNIT_LEADER, jurisdiction=county, unit=unit
    )
    return user


def _votes(selection, titles, by_name, people) -> None:
    voters = [people[u] for u in sorted(people) if u not in ("security", "auditor")][:20]
    pioneer = [name for name, n in PIONEER_VOTES.items() for _i in range(n)]
    for voter, choice in zip(voters, pioneer, strict=False):
        ballot = {titles["党员先锋"].pk: [by_name[choice].pk]}
        for title, _u, name, *_rest in NOMINEES:
            if title != "党员先锋":
                ballot[titles[title].pk] = [by_name[name].pk]
        services.vote_cast(selection=selection, choices=ballot, voter=voter)


def reset() -> None:
    """Delete the demo county's selections and the login this step added."""
    county = demo_county()
    if county is None:
        return
    years = AssessmentYear.objects.filter(jurisdiction=county)
    QuotaPenalty.objects.filter(jurisdiction=county).delete()
    Nomination.objects.filter(selection__year__in=years).delete()
    Selection.objects.filter(year__in=years).delete()
    get_user_model().objects.filter(username=LEADER2[0]).delete()
