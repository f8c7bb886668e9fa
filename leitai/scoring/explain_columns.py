"""Chinese explanations of a whole result, built a column at a time from templates.

The text is exactly what leitai.scoring.explain writes for one unit (a test compares the two on
a varied scheme), but each indicator's explanations are built for all units at once: numbers
are rounded to hundredths with NumPy and their text picked from tables (a number's whole part
and its decimals), and each case of a rule's template joins its fixed words with those columns
in one pass of str.join per cell, with no Python code run per cell. The few numbers whose
rounding is not certain from the float arithmetic (a product within a hair of a half), that
need more digits near a threshold, or that are not finite, are formatted by explain.py itself.
Panel explanations are built one by one by explain.py (few cells).

Measured (docs/benchmarks.md): NumPy's string ufuncs (StringDType) were about 4× slower here
than picking from tables, and a Python f-string per cell about as slow as the tables for one
number but slower for a whole template.
"""

from __future__ import annotations

import math
from itertools import repeat

import numpy as np

from leitai.scoring import explain
from leitai.scoring.rules import band_index, position_points
from leitai.scoring.scheme import Arena, Indicator

# Text cells are NumPy object arrays of str: picking, masking and joining them moves pointers.
WHOLE = np.array([str(w) for w in range(10_000)], dtype=object)
# The decimals of hundredths 0-99: stripped as num() shows them (".5", ".25", ""), or kept.
STRIPPED = np.array([""] + [f".{r:02d}".rstrip("0") for r in range(1, 100)], dtype=object)
KEPT = np.array([f".{r:02d}" for r in range(100)], dtype=object)
# Beyond this many hundredths the float product may round differently from the decimal value.
EXACT = 2.0**30


def texts(values) -> np.ndarray:
    """Return a list of str as an object array."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def cat(*parts) -> np.ndarray:
    """Join fixed words (str) and text columns (object arrays), cell by cell, in one pass."""
    n = next(len(p) for p in parts if not isinstance(p, str))
    columns = [repeat(p, n) if isinstance(p, str) else p for p in parts]
    return texts(list(map("".join, zip(*columns, strict=False))))  # repeat() never ends


def fixed(x: np.ndarray, digits: int = 2, *, strip: bool = True) -> np.ndarray:
    """Format like f"{x:.{digits}f}" (with strip: trailing zeros and "-0" removed, as num())."""
    x = np.asarray(x, dtype=float)
    if digits != 2:
        slow = _stripped if strip else _unstripped
        return texts([slow(v, digits) for v in x.tolist()])
    with np.errstate(invalid="ignore", over="ignore"):
        y = x * 100.0
        hundredths = np.rint(y)
        # Rounding y can differ from rounding x's exact decimal value only near a half.
        unsure = ~(np.abs(y) < EXACT) | (np.abs(np.abs(y - np.floor(y)) - 0.5) < 1e-6)
    hundredths = np.where(unsure, 0.0, hundredths).astype(np.int64)
    whole, part = np.divmod(np.abs(hundredths), 100)
    small = whole < len(WHOLE)
    text = WHOLE[np.where(small, whole, 0)]
    if not small.all():
        text[~small] = list(map(str, whole[~small].tolist()))
    text = text + (STRIPPED if strip else KEPT)[part]
    negative = hundredths < 0 if strip else np.signbit(x)
    if negative.any():
        text[negative] = "-" + text[negative]
    if unsure.any():
        slow = _stripped if strip else _unstripped
        for k in np.flatnonzero(unsure).tolist():
            text[k] = slow(float(x[k]), digits)
    return text


def _stripped(x: float, digits: int) -> str:
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _unstripped(x: float, digits: int) -> str:
    return f"{x:.{digits}f}"


def nums(x: np.ndarray, marks: tuple[float, ...] = ()) -> np.ndarray:
    """Format numbers as explain.num() does, told from `marks` by more digits where needed."""
    text = fixed(x)
    if not marks:
        return text
    x = np.asarray(x, dtype=float)
    closer = np.zeros(x.shape, dtype=bool)
    for mark in marks:
        closer |= (text == explain.num(mark)) & (x != mark)
    for k in np.flatnonzero(closer).tolist():
        text[k] = explain.num(float(x[k]), marks)
    return text


def pcts(x: np.ndarray, marks: tuple[float, ...] = ()) -> np.ndarray:
    """Format ratios as percentages, as explain.pct() does."""
    return cat(nums(np.asarray(x, dtype=float) * 100, tuple(m * 100 for m in marks)), "%")


def indicator_column(ind: Indicator, facts: dict[str, np.ndarray]) -> list[str]:
    """Return the Chinese explanation of one indicator for every unit.

    `facts` holds the arrays explain.Facts names (value, target, previous, points, applicable,
    exempt, missing, and the rule's extras), one entry per unit.
    """
    n = len(facts["points"])
    out = np.full(n, "不适用本单位所在分组，不计入", dtype=object)
    out[facts["exempt"]] = "免考核，不计入"
    score = cat("得分 ", fixed(facts["points"], strip=False), f" / {explain.num(ind.max_points)}")
    weight = facts.get("weight")
    if weight is not None and (weight != 1).any():
        carried = np.flatnonzero(weight != 1)
        w = np.asarray(weight, dtype=float)[carried]
        score[carried] = cat(
            "承担 ",
            pcts(w),
            "，得分 ",
            fixed(np.asarray(facts["points"])[carried], strip=False),
            " / ",
            nums(ind.max_points * w),
        )
    missing = facts["missing"]
    out[missing] = cat("未报送，", score[missing])
    body = facts["applicable"] & ~missing
    where = np.flatnonzero(body)
    if where.size:
        part = {key: np.asarray(values)[where] for key, values in facts.items()}
        out[where] = cat(BODIES[ind.rule](ind, part), "，", score[where])
    return out.tolist()


def _panel(ind: Indicator, f: dict[str, np.ndarray]) -> np.ndarray:
    """Explain panel cells one by one with explain.py (few cells; its wording is its own)."""
    absent = {"panel": repeat(None), "weight": repeat(1.0)}  # no classes, no carried share
    columns = [
        f[name].tolist() if name in f else absent.get(name, repeat(math.nan))
        for name in explain.Facts._fields
    ]
    make, body = explain.Facts._make, explain.EXPLAINERS["panel"]
    return texts([body(ind, make(row), True) for row in zip(*columns, strict=False)])


def _completion(ind: Indicator, f: dict) -> np.ndarray:
    v, t = f["value"], f["target"]
    marks = (ind.cap, ind.zero_below)
    if ind.higher:
        ratio = v / t
        pair = cat("实际 ", nums(v), " / 目标 ", nums(t))
    else:
        with np.errstate(divide="ignore"):
            ratio = np.where(v <= 0, ind.cap, t / np.where(v <= 0, 1.0, v))
        pair = cat("目标 ", nums(t), " / 实际 ", nums(v), "，越低越好")
    text = cat("完成率 ", pcts(ratio, marks), "（", pair, "）")
    below = ratio < ind.zero_below
    text = np.where(below, cat(text, f"，低于 {explain.pct(ind.zero_below)} 不得分"), text)
    text = np.where(
        ~below & (ratio > ind.cap), cat(text, f"，按上限 {explain.pct(ind.cap)} 计"), text
    )
    if not ind.higher:
        capped = cat(
            f"完成率按上限 {explain.pct(ind.cap)} 计（目标 ",
            nums(t),
            " / 实际 ",
            nums(v),
            "，越低越好，实际值不大于 0）",
        )
        text = np.where(v <= 0, capped, text)
    return text


def _relative(ind: Indicator, f: dict) -> np.ndarray:
    value = nums(f["value"])
    better = "越高越好" if ind.higher else "越低越好"
    same = cat("比较赋分：值 ", value, "，组内各单位相同，得满分")
    spread = cat(
        "比较赋分：值 ",
        value,
        "（组内最低 ",
        nums(f["lo"]),
        "，最高 ",
        nums(f["hi"]),
        f"，{better}，保底 {explain.pct(ind.floor)}）",
    )
    return np.where(f["hi"] == f["lo"], same, spread)


def _rank(ind: Indicator, f: dict) -> np.ndarray:
    k, k0 = f["value"], f["previous"]
    text = cat("平均位次 " if ind.average else "位次 ", nums(k), f" / {ind.peers}")
    lost, gained = np.flatnonzero(k0 < k), np.flatnonzero(k0 > k)
    if lost.size:
        a, b = k[lost], k0[lost]
        text[lost] = cat(text[lost], "（上期 ", nums(b), "，退 ", nums(a - b), " 位）")
    if gained.size:
        a, b = k[gained], k0[gained]
        text[gained] = cat(text[gained], "（上期 ", nums(b), "，进 ", nums(b - a), " 位）")
    held = k0 == k
    text[held] = cat(text[held], "（与上期持平）")
    if ind.step:
        text = cat(text, f"，每位递减 {explain.pct(ind.step)}")
    if ind.top_points or ind.bottom_points:
        extra = position_points(ind, k)
        text = np.select(
            [extra > 0, extra < 0],
            [
                cat(text, "，位次加 ", nums(extra), " 分"),
                cat(text, "，位次减 ", nums(-extra), " 分"),
            ],
            text,
        )
    return text


def _bands(ind: Indicator, f: dict) -> np.ndarray:
    index = band_index(ind, f["value"])
    value = nums(f["value"], tuple(b[0] for b in ind.bands))
    sign = "≥" if ind.higher else "≤"
    reached = np.array(
        [f"，达到 {sign}{explain.num(t)} 档（{explain.pct(p)}）" for t, p in ind.bands] + [""],
        dtype=object,
    )
    return np.where(
        index < 0,
        cat("分档赋分：值 ", value, " 未达到任何档次"),
        cat("分档赋分：值 ", value, reached[index]),
    )


def _share(ind: Indicator, f: dict) -> np.ndarray:
    v = f["value"]
    share = v / 100 if ind.percent else v
    shown = cat(fixed(v, 6), "%") if ind.percent else pcts(v, (0.0, 1.0))
    text = cat("完成情况 ", shown)
    return np.select(
        [share > 1, share < 0], [cat(text, "，按 100% 计"), cat(text, "，按 0 计")], text
    )


BODIES = {
    "completion": _completion,
    "relative": _relative,
    "rank": _rank,
    "bands": _bands,
    "share": _share,
    "panel": _panel,
}


def arena_column(arena: Arena, f: dict[str, np.ndarray]) -> list[str]:
    """Return the Chinese explanation of one arena for every unit (as explain.arena())."""
    text = cat(
        "基础分 ",
        fixed(f["base"], strip=False),
        "（得分 ",
        nums(f["points"]),
        " / 满分 ",
        nums(f["max_points"]),
        "）",
    )
    text = _adjusted(text, f["bonus_raw"], f["bonus"], "加分")
    text = _adjusted(text, f["deduction_raw"], f["deduction"], "扣分")
    with np.errstate(invalid="ignore"):
        floored = f["base"] + f["bonus"] - f["deduction"] < 0
    text = np.where(floored, cat(text, "，不低于 0"), text)
    text = cat(text, "，擂台得分 ", fixed(f["score"], strip=False))
    return np.where(f["max_points"] > 0, text, "本擂台无适用指标，不计入总分").tolist()


def _adjusted(text: np.ndarray, raw: np.ndarray, kept: np.ndarray, word: str) -> np.ndarray:
    if not (raw != 0).any():
        return text
    capped = cat(text, f"，{word} ", nums(kept), "（合计 ", nums(raw), "，按上限计）")
    return np.select([raw == 0, raw > kept], [text, capped], cat(text, f"，{word} ", nums(kept)))
