"""The generated body of a ranking notice: who leads and trails, who moved, what was missing.

The body is a list of blocks `{"kind": "heading" | "para", "text": ...}` that every renderer
places the same way. The wording is the office's Chinese; see content.py for why.
"""

from __future__ import annotations

import datetime as dt

from leitai.rankings.notices.content import NoticeContent, NoticeGroup, cn_date, cn_number

LIST_SIZE = 3
MISSING_UNITS_NAMED = 20


def default_title(period: str) -> str:
    """Return the usual title of a period's notice ("关于2022年1月份…的通报")."""
    return f"关于{period}重点任务擂台比武活动排名情况的通报"


def attachment_title(content: NoticeContent) -> str:
    return f"{content.period}重点任务擂台比武各组排名情况"


def _names(rows) -> str:
    return "、".join(r.unit for r in rows)


def group_summary(group: NoticeGroup) -> str:
    """Say how many units the group has, who leads and who trails."""
    ranked = [r for r in group.rows if r.rank and not r.vetoed]
    vetoed = [r for r in group.rows if r.vetoed]
    text = f"{group.name}共{len(group.rows)}个单位参加排名。"
    if len(ranked) == 1:
        text += f"{ranked[0].unit}得分{ranked[0].total}分。"
    elif ranked:
        size = min(LIST_SIZE, len(ranked) // 2)
        top, bottom = ranked[:size], ranked[-size:]
        if size == 1:
            text += f"{top[0].unit}位列第一，{bottom[0].unit}位列末位。"
        else:
            n = cn_number(size)
            text += f"{_names(top)}位列前{n}名，{_names(bottom)}位列后{n}名。"
    if vetoed:
        text += f"{_names(vetoed)}被一票否决，列本组末位。"
    return text


def group_movers(group: NoticeGroup) -> str | None:
    """Say who rose and who fell most in the group, or None when nobody moved."""
    moved = [r for r in group.rows if r.change]
    if not moved:
        return None
    parts = []
    rose = max(moved, key=lambda r: r.change)
    fell = min(moved, key=lambda r: r.change)
    if rose.change > 0:
        parts.append(f"{rose.unit}进步最大，较上期上升{rose.change}位")
    if fell.change < 0:
        parts.append(f"{fell.unit}退步最大，较上期下降{-fell.change}位")
    return f"{group.name}中，" + "；".join(parts) + "。"


def missing_paragraph(content: NoticeContent) -> str:
    """Say which data were missing or unverified, unit by unit."""
    if not content.missing:
        return "本期各单位指标数据均已按时报送并核实。"
    by_unit: dict[str, list[str]] = {}
    for item in content.missing:
        by_unit.setdefault(item["unit"], []).append(f"{item['indicator']}（{item['reason']}）")
    named = list(by_unit.items())[:MISSING_UNITS_NAMED]
    listed = "；".join(f"{unit}：{'、'.join(items)}" for unit, items in named)
    more = "等" if len(by_unit) > MISSING_UNITS_NAMED else ""
    return (
        f"本期共有{len(content.missing)}项指标数据未报送或未核实，按缺报计分，"
        f"涉及{len(by_unit)}个单位：{listed}{more}。请相关单位按时报送、及时核实。"
    )


def overdue_paragraph(content: NoticeContent, as_of: dt.date) -> str:
    """Say how many rectifications are overdue and whose they are."""
    items = content.overdue or []
    if not items:
        return f"截至{cn_date(as_of)}，督导发现的问题均在整改期限内。"
    by_unit: dict[str, int] = {}
    for item in items:
        by_unit[item["unit"]] = by_unit.get(item["unit"], 0) + 1
    listed = "、".join(f"{unit}{count}项" for unit, count in by_unit.items())
    return (
        f"截至{cn_date(as_of)}，督导发现的问题中有{len(items)}项整改逾期，"
        f"涉及{len(by_unit)}个单位：{listed}。请相关单位抓紧整改、按期销号。"
    )


def notice_body(content: NoticeContent, *, as_of: dt.date) -> list[dict[str, str]]:
    """Return the notice's body blocks, before the ranking tables."""
    blocks = [
        _para(
            "为深入推进重点任务擂台比武活动，激励各单位比学赶超、争先进位，根据年度活动实施方案，"
            f"活动办公室对{content.period}各参赛单位重点任务完成情况进行了考核评分，"
            f"共{content.unit_count}个单位分{len(content.groups)}个组参加排名。"
            "现将有关情况通报如下："
        )
    ]
    if content.reissue_reason:
        blocks.append(
            _para(f"本通报为更正后重新印发，原通报同时废止。更正原因：{content.reissue_reason}")
        )
    sections = [
        ("排名情况", [group_summary(g) for g in content.groups]),
        ("进退情况", _movers(content)),
        ("数据报送情况", [missing_paragraph(content)]),
    ]
    if content.overdue is not None:
        sections.append(("问题整改情况", [overdue_paragraph(content, as_of)]))
    sections.append(
        (
            "有关要求",
            [
                "希望排名靠前的单位再接再厉、巩固提升；排名靠后和名次下降的单位要认真查找差距，"
                "深入分析原因，制定针对性措施，确保在下一阶段比武中争先进位。"
            ],
        )
    )
    for number, (heading, paragraphs) in enumerate(sections, start=1):
        blocks.append({"kind": "heading", "text": f"{cn_number(number)}、{heading}"})
        blocks.extend(_para(text) for text in paragraphs)
    blocks.append(_para(f"附件：{attachment_title(content)}"))
    return blocks


def _movers(content: NoticeContent) -> list[str]:
    if all(r.change is None for g in content.groups for r in g.rows):
        return ["本期为首次排名，不计名次变化。"]
    lines = [line for g in content.groups if (line := group_movers(g))]
    return lines or ["与上期相比，各单位名次均未发生变化。"]


def _para(text: str) -> dict[str, str]:
    return {"kind": "para", "text": text}
