"""Explanations of indicator and arena scores, in Chinese and English.

Numbers show at most two decimals (points always two), or more where two would hide which side
of a threshold or cap a value lies on; the engine keeps full precision.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from leitai.scoring.panel import PanelFigures
from leitai.scoring.rules import band_index, position_points
from leitai.scoring.scheme import Arena, Indicator


class Facts(NamedTuple):
    """What the engine computed for one unit and one indicator.

    A named tuple, not a dataclass: one is built per unit and indicator (900,000 for a
    province period), and a tuple is several times cheaper to build.
    """

    value: float
    target: float
    previous: float
    points: float
    applicable: bool
    exempt: bool
    missing: bool
    lo: float = math.nan
    hi: float = math.nan
    count: int = 0
    top: float = math.nan
    bottom: float = math.nan
    panel: PanelFigures | None = None  # the judges' figures, given for rater classes only
    weight: float = 1.0  # the unit's carried share of the indicator (SCORING.md)


@dataclass(frozen=True)
class ArenaFacts:
    """What the engine computed for one unit and one arena."""

    applicable: bool
    points: float = 0.0
    max_points: float = 0.0
    base: float = 0.0
    bonus_raw: float = 0.0
    bonus: float = 0.0
    deduction_raw: float = 0.0
    deduction: float = 0.0
    score: float = 0.0


def _fixed(x: float, digits: int) -> str:
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def num(x: float, marks: tuple[float, ...] = ()) -> str:
    """Format a number with two decimals at most and no trailing zeros, or with as many more as
    it takes to tell it from each of `marks` (thresholds, caps) that it differs from."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if not marks:
        return text  # the usual case, kept fast: explanations are built a million times
    for digits in range(2, 16):
        text = _fixed(x, digits)
        if all(m == x or _fixed(m, digits) != text for m in marks):
            return text
    return repr(x)


def pct(x: float, marks: tuple[float, ...] = ()) -> str:
    """Format a ratio as a percentage (told from `marks` as num() does)."""
    return num(x * 100, tuple(m * 100 for m in marks)) + "%"


def _score(ind: Indicator, f: Facts, lang: str) -> str:
    if f.weight == 1:
        if lang == "zh":
            return f"得分 {f.points:.2f} / {num(ind.max_points)}"
        return f"{f.points:.2f} / {num(ind.max_points)} points"
    carried = num(ind.max_points * f.weight)
    if lang == "zh":
        return f"承担 {pct(f.weight)}，得分 {f.points:.2f} / {carried}"
    return f"carried share {pct(f.weight)}, {f.points:.2f} / {carried} points"


def indicator(ind: Indicator, f: Facts, lang: str = "zh") -> str:
    """Explain one indicator's points for one unit."""
    zh = lang == "zh"
    if f.exempt:
        return "免考核，不计入" if zh else "Exempted, not counted"
    if not f.applicable:
        return "不适用本单位所在分组，不计入" if zh else "Not applicable to this group, not counted"
    if f.missing:
        return ("未报送，" if zh else "Not reported, ") + _score(ind, f, lang)
    return EXPLAINERS[ind.rule](ind, f, zh) + ("，" if zh else ", ") + _score(ind, f, lang)


def _completion(ind: Indicator, f: Facts, zh: bool) -> str:
    marks = (ind.cap, ind.zero_below)
    if ind.higher:
        ratio = f.value / f.target
        pair = (
            f"实际 {num(f.value)} / 目标 {num(f.target)}"
            if zh
            else (f"actual {num(f.value)} / target {num(f.target)}")
        )
    else:
        ratio = ind.cap if f.value <= 0 else f.target / f.value
        pair = (
            f"目标 {num(f.target)} / 实际 {num(f.value)}，越低越好"
            if zh
            else (f"target {num(f.target)} / actual {num(f.value)}, lower is better")
        )
    if not ind.higher and f.value <= 0:
        return (
            f"完成率按上限 {pct(ind.cap)} 计（目标 {num(f.target)} / 实际 {num(f.value)}，"
            "越低越好，实际值不大于 0）"
            if zh
            else f"Completion counted at the cap {pct(ind.cap)} (target {num(f.target)} / "
            f"actual {num(f.value)}, lower is better, actual not above 0)"
        )
    text = (
        f"完成率 {pct(ratio, marks)}（{pair}）"
        if zh
        else f"Completion {pct(ratio, marks)} ({pair})"
    )
    if ratio < ind.zero_below:
        return text + (
            f"，低于 {pct(ind.zero_below)} 不得分"
            if zh
            else (f", below {pct(ind.zero_below)} scores nothing")
        )
    if ratio > ind.cap:
        return text + (f"，按上限 {pct(ind.cap)} 计" if zh else f", capped at {pct(ind.cap)}")
    return text


def _relative(ind: Indicator, f: Facts, zh: bool) -> str:
    if f.hi == f.lo:
        return (
            f"比较赋分：值 {num(f.value)}，组内各单位相同，得满分"
            if zh
            else (f"Comparison: value {num(f.value)}, all units of the group equal, full points")
        )
    if zh:
        better = "越高越好" if ind.higher else "越低越好"
        return (
            f"比较赋分：值 {num(f.value)}（组内最低 {num(f.lo)}，最高 {num(f.hi)}，"
            f"{better}，保底 {pct(ind.floor)}）"
        )
    better = "higher is better" if ind.higher else "lower is better"
    return (
        f"Comparison: value {num(f.value)} (group low {num(f.lo)}, high {num(f.hi)}, "
        f"{better}, floor {pct(ind.floor)})"
    )


def _rank(ind: Indicator, f: Facts, zh: bool) -> str:
    k, k0 = f.value, f.previous
    if zh:
        text = f"{'平均位次' if ind.average else '位次'} {num(k)} / {ind.peers}"
    else:
        text = f"{'Average position' if ind.average else 'Position'} {num(k)} of {ind.peers}"
    if k0 < k:
        text += (
            f"（上期 {num(k0)}，退 {num(k - k0)} 位）"
            if zh
            else (f" (previously {num(k0)}, lost {num(k - k0)})")
        )
    elif k0 > k:
        text += (
            f"（上期 {num(k0)}，进 {num(k0 - k)} 位）"
            if zh
            else (f" (previously {num(k0)}, gained {num(k0 - k)})")
        )
    elif k0 == k:
        text += "（与上期持平）" if zh else " (unchanged)"
    if ind.step:
        text += f"，每位递减 {pct(ind.step)}" if zh else f", {pct(ind.step)} less a place"
    if ind.top_points or ind.bottom_points:
        extra = float(position_points(ind, np.array([k]))[0])
        text += _position_words(extra, zh)
    return text


def _position_words(extra: float, zh: bool) -> str:
    """Name the position table's points of one place (nothing when it has none)."""
    if extra > 0:
        return f"，位次加 {num(extra)} 分" if zh else f", position bonus {num(extra)}"
    if extra < 0:
        return f"，位次减 {num(-extra)} 分" if zh else f", position penalty {num(-extra)}"
    return ""


def _bands(ind: Indicator, f: Facts, zh: bool) -> str:
    index = int(band_index(ind, np.array([f.value]))[0])
    value = num(f.value, tuple(b[0] for b in ind.bands))
    if index < 0:
        return (
            f"分档赋分：值 {value} 未达到任何档次"
            if zh
            else f"Bands: value {value} reaches no band"
        )
    threshold, fraction = ind.bands[index]
    sign = "≥" if ind.higher else "≤"
    if zh:
        return f"分档赋分：值 {value}，达到 {sign}{num(threshold)} 档（{pct(fraction)}）"
    return f"Bands: value {value} in band {sign}{num(threshold)} ({pct(fraction)})"


def given(x: float) -> str:
    """Format a number as typed: up to six decimals, no trailing zeros."""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _share(ind: Indicator, f: Facts, zh: bool) -> str:
    share = f.value / 100 if ind.percent else f.value
    shown = given(f.value) + "%" if ind.percent else pct(f.value, (0.0, 1.0))
    text = f"完成情况 {shown}" if zh else f"Done {shown}"
    if share > 1:
        return text + ("，按 100% 计" if zh else ", counted as 100%")
    if share < 0:
        return text + ("，按 0 计" if zh else ", counted as 0")
    return text


def _panel(ind: Indicator, f: Facts, zh: bool) -> str:
    if f.panel is not None:
        return _panel_classes(ind, f.panel, zh)
    n = int(f.count)
    if n >= ind.trim_from:
        if zh:
            return (
                f"评委打分 {n} 人，去掉一个最高分 {num(f.top)}、一个最低分 {num(f.bottom)}，"
                f"平均 {num(f.value)}"
            )
        return (
            f"Panel of {n}, highest {num(f.top)} and lowest {num(f.bottom)} dropped, "
            f"mean {num(f.value)}"
        )
    return f"评委打分 {n} 人，平均 {num(f.value)}" if zh else f"Panel of {n}, mean {num(f.value)}"


def class_label(code: str, zh: bool) -> str:
    """Name a rater class: A类 for a letter or number code, the code itself for a word."""
    if not zh:
        return f"class {code}"
    return f"{code}类" if code.isascii() and code.isalnum() else code


def _panel_classes(ind: Indicator, p: PanelFigures, zh: bool) -> str:
    parts = []
    for c in p.classes:
        if not c.count:
            continue
        label = class_label(c.code, zh)
        if zh:
            dropped = (
                f"去掉一个最高分 {num(c.top)}、一个最低分 {num(c.bottom)} 后" if c.trimmed else ""
            )
            parts.append(f"{label} {c.count} 人，{dropped}平均 {num(c.mean)}，权重 {pct(c.share)}")
        else:
            dropped = (
                f"highest {num(c.top)} and lowest {num(c.bottom)} dropped, " if c.trimmed else ""
            )
            parts.append(
                f"{label}: {c.count} judges, {dropped}mean {num(c.mean)}, weight {pct(c.share)}"
            )
    empty = [c.code for c in p.classes if not c.count]
    if empty:
        names = [class_label(code, zh) for code in empty]
        if zh:
            parts.append(f"{'、'.join(names)}无评分，权重按比例重新分配")
        else:
            have = "has" if len(empty) == 1 else "have"
            parts.append(f"{', '.join(names)} {have} no scores, weights re-normalised")
    if len(p.classes) - len(empty) > 1:
        parts.append(f"加权平均 {num(p.mean)}" if zh else f"weighted mean {num(p.mean)}")
    text = "；".join(parts) if zh else "; ".join(parts)
    return text if zh else text[0].upper() + text[1:]


EXPLAINERS = {
    "completion": _completion,
    "relative": _relative,
    "rank": _rank,
    "bands": _bands,
    "share": _share,
    "panel": _panel,
}


def arena(a: Arena, f: ArenaFacts, lang: str = "zh") -> str:
    """Explain one arena score: base, bonus, deduction and the caps applied."""
    zh = lang == "zh"
    if not f.applicable:
        return "本擂台无适用指标，不计入总分" if zh else "No indicator applies, arena not counted"
    parts = [
        f"基础分 {f.base:.2f}（得分 {num(f.points)} / 满分 {num(f.max_points)}）"
        if zh
        else f"base {f.base:.2f} ({num(f.points)} of {num(f.max_points)} points)"
    ]
    parts += _adjustment(f.bonus_raw, f.bonus, "加分", "bonus", zh)
    parts += _adjustment(f.deduction_raw, f.deduction, "扣分", "deduction", zh)
    if f.base + f.bonus - f.deduction < 0:
        parts.append("不低于 0" if zh else "floored at 0")
    parts.append(f"擂台得分 {f.score:.2f}" if zh else f"arena score {f.score:.2f}")
    text = "，".join(parts) if zh else ", ".join(parts)
    return text if zh else text[0].upper() + text[1:]


def _adjustment(raw: float, kept: float, zh_word: str, en_word: str, zh: bool) -> list[str]:
    if raw == 0:
        return []
    if raw > kept:
        return [
            f"{zh_word} {num(kept)}（合计 {num(raw)}，按上限计）"
            if zh
            else f"{en_word} {num(kept)} (of {num(raw)}, capped)"
        ]
    return [f"{zh_word} {num(kept)}" if zh else f"{en_word} {num(kept)}"]
