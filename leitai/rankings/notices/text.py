"""The generated body of a ranking notice: who leads and trails, who moved, what was missing.

The body is a list of blocks `{"kind": "heading" | "para", "text": ...}` that every renderer
places the same way. The wording is the office's Chinese; see content.py for why.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from leitai.rankings.notices.content import NoticeContent, NoticeGroup, cn_number, document_date

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
        return f"截至{document_date(as_of)}，督导发现的问题均在整改期限内。"
    by_unit: dict[str, int] = {}
    for item in items:
        by_unit[item["unit"]] = by_unit.get(item["unit"], 0) + 1
    listed = "、".join(f"{unit}{count}项" for unit, count in by_unit.items())
    return (
        f"截至{document_date(as_of)}，督导发现的问题中有{len(items)}项整改逾期，"
        f"涉及{len(by_unit)}个单位：{listed}。请相关单位抓紧整改、按期销号。"
    )


@dataclass(frozen=True)
class ClosingBlock:
    """The 版记 as printed: "抄送：…。" (empty when nobody is copied), 印发机关, 印发日期."""

    copy_to: str
    printed_by: str
    printed_on: str


def closing_block(notice) -> ClosingBlock:
    """Return the notice's 版记 lines; the printer and date default to the issuer's."""
    names = [n.strip() for n in re.split(r"[、，,；;\s]+", notice.copy_to or "") if n.strip()]
    return ClosingBlock(
        copy_to=f"抄送：{'，'.join(names)}。" if names else "",
        printed_by=notice.printed_by or notice.issuer,
        printed_on=f"{document_date(notice.printed_on or notice.issued_on)}印发",
    )


def reissue_paragraph(reason: str, replaces: str) -> str:
    """Say that this notice corrects an earlier one, citing its number when it had one."""
    cited = f"原通报（{replaces}）" if replaces else "原通报"
    return f"本通报为更正后重新印发，{cited}同时废止。更正原因：{reason}"


def notice_body(
    content: NoticeContent, *, as_of: dt.date, replaces: str = ""
) -> list[dict[str, str]]:
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
        blocks.append(_para(reissue_paragraph(content.reissue_reason, replaces)))
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


# Title lines (GB/T 9704-2012 7.3.3: a title that wraps keeps its words whole). The title is cut
# into words: dates and numbers, the longest word of this list, and runs of other characters
# kept whole; "关于" and "的" stay with the word after them. Lines break between words only.
WORD_LIST = (
    "关于 通报 通知 决定 意见 批复 报告 情况 排名 名次 结果 重点 任务 重点任务 "
    "擂台 比武 擂台比武 的 活动 考核 评比 评选 表彰 表扬 奖励 先进 先进单位 "
    "单位 部门 县直 全县 全市 各 工作 开展 印发 更正 重新 公布 公示 年度 季度 "
    "月份 上半年 下半年 督导 整改 问题 实施 方案 实施方案 推进 落实 项目 "
    "项目建设 建设 改革 创新 改革创新 党建 基层 基层党建 率先 进位 率先进位 争先 "
    "进位 比学赶超 红黑榜 红榜 黑榜 晒绩 打擂 组织 领导 小组 办公室 有关 事项 "
    "进一步 加强 做好 暨 及 和 与 第一 第二 第三 第四 第一季度 第二季度 "
    "第三季度 第四季度 一季度 二季度 三季度 四季度 "
)
TITLE_WORDS = frozenset(WORD_LIST.split())
LONGEST_WORD = max(len(w) for w in TITLE_WORDS)
DATE_WORD = re.compile(
    r"\d{4}年(?:第[一二三四]季度|[一二三四]季度|上半年|下半年|度|\d{1,2}月份?(?:\d{1,2}日)?)?"
    r"|〔\d{4}〕\d+号|\d+(?:月份|月|日|号|个|项|名|位|期)?"
)
GLUE_NEXT = ("关于", "的", "（", "“", "《", "〔")
CLOSING = tuple("）”》〕，、。：；！？")


def text_width(text: str) -> float:
    """Return the width of a line in em: ASCII letters and digits are half as wide."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def title_words(title: str) -> list[str]:
    """Cut a title into the words a line may not break inside."""
    words: list[str] = []
    unknown = ""
    i = 0
    while i < len(title):
        word = _word_at(title, i)
        if word is None:
            unknown += title[i]
            i += 1
            continue
        if unknown:
            words.append(unknown)
            unknown = ""
        words.append(word)
        i += len(word)
    if unknown:
        words.append(unknown)
    return _glue(words)


def _word_at(title: str, i: int) -> str | None:
    match = DATE_WORD.match(title, i)
    if match:
        return match.group()
    for size in range(min(LONGEST_WORD, len(title) - i), 0, -1):
        if title[i : i + size] in TITLE_WORDS:
            return title[i : i + size]
    if title[i] in GLUE_NEXT or title[i] in CLOSING:
        return title[i]
    return None


def _glue(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if out and (out[-1].endswith(GLUE_NEXT) or word.startswith(CLOSING)):
            out[-1] += word
        else:
            out.append(word)
    return out


def title_lines(title: str, per_line: float) -> list[str]:
    """Break a title into the fewest balanced lines of at most `per_line` em, words kept whole.

    Among the breaks with that many lines the most even wins (GB/T 9704 asks for a trapezoid or
    diamond, not a full line over a stub); on a tie the upper line is the longer. A single word
    wider than a line is the only thing ever cut inside.
    """
    words = [piece for word in title_words(title) for piece in _fit(word, per_line)]
    for count in range(1, len(words) + 1):
        best = None
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            bounds = zip((0, *cuts), (*cuts, len(words)), strict=True)
            lines = ["".join(words[a:b]) for a, b in bounds]
            widths = [text_width(line) for line in lines]
            if max(widths) > per_line:
                continue
            key = (max(widths) - min(widths), [-w for w in widths])
            if best is None or key < best[0]:
                best = (key, lines)
        if best is not None:
            return best[1]
    return [title]


def _fit(word: str, per_line: float) -> list[str]:
    """Cut a word wider than a line into pieces that fit (the last resort)."""
    pieces = [""]
    for ch in word:
        if text_width(pieces[-1] + ch) > per_line:
            pieces.append("")
        pieces[-1] += ch
    return pieces
