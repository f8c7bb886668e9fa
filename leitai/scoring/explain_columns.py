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
SIGN = np.array(["", "-"], dtype=object)
# Beyond this many hundredths the float product may round differently from the decimal value.
EXACT = 2.0**30
# A number shown as num(mark) lies within this distance of the mark (half a hundredth on
# each side of the rounded mark, and some room for the float arithmetic).
NEAR = 0.0101

# A text column being built is a list of pieces: a str (the same in every cell) or an object
# array of str (one per cell). It is joined once, cell by cell, when it is complete, so a
# template of many pieces costs one string per cell, not one per piece.
Pieces = list


def texts(values) -> np.ndarray:
    """Return a list of str as an object array."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def filled(n: int, text: str) -> np.ndarray:
    """Return n cells holding `text` (one str shared, where np.full would make n copies)."""
    out = np.empty(n, dtype=object)
    out.fill(text)
    return out


def join(pieces: Pieces, n: int) -> np.ndarray:
    """Join the pieces cell by cell into an object array of n texts, in one pass."""
    merged: list = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    columns = [repeat(p, n) if isinstance(p, str) else p for p in merged]
    return texts(list(map("".join, zip(*columns, strict=True))))


def subset(pieces: Pieces, rows: np.ndarray) -> Pieces:
    """Return the pieces of some cells (`rows`: indices or a mask)."""
    return [p if isinstance(p, str) else p[rows] for p in pieces]


def only(pieces: Pieces, keep: np.ndarray) -> Pieces:
    """Return the pieces with every cell outside `keep` (a mask) blank."""
    blank = ~keep
    out = []
    for p in pieces:
        if isinstance(p, str):
            out.append(np.array(["", p], dtype=object)[keep.astype(np.intp)])
        else:
            p = p.copy()
            p[blank] = ""
            out.append(p)
    return out


def _number(x: np.ndarray, strip: bool) -> tuple[list, np.ndarray]:
    """Return the pieces of fixed(x) (sign, whole part, decimals), and where they are unsure."""
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
    pieces = [text, (STRIPPED if strip else KEPT)[part]]
    negative = hundredths < 0 if strip else np.signbit(x)
    if negative.any():
        pieces.insert(0, SIGN[negative.astype(np.intp)])
    return pieces, unsure


def _set(pieces: list, k: int, value: str) -> None:
    """Make cell k of a number's pieces (sign, whole part, decimals) show `value`."""
    for piece in pieces:
        piece[k] = ""
    pieces[-2][k] = value


def fixed_pieces(x: np.ndarray, digits: int = 2, *, strip: bool = True) -> Pieces:
    """Return the pieces of fixed(x)."""
    x = np.asarray(x, dtype=float)
    if digits != 2:
        slow = _stripped if strip else _unstripped
        return [texts([slow(v, digits) for v in x.tolist()])]
    pieces, unsure = _number(x, strip)
    if unsure.any():
        slow = _stripped if strip else _unstripped
        for k in np.flatnonzero(unsure).tolist():
            _set(pieces, k, slow(float(x[k]), digits))
    return pieces


def fixed(x: np.ndarray, digits: int = 2, *, strip: bool = True) -> np.ndarray:
    """Format like f"{x:.{digits}f}" (with strip: trailing zeros and "-0" removed, as num())."""
    x = np.asarray(x, dtype=float)
    return join(fixed_pieces(x, digits, strip=strip), len(x))


def _stripped(x: float, digits: int) -> str:
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _unstripped(x: float, digits: int) -> str:
    return f"{x:.{digits}f}"


def num_pieces(x: np.ndarray, marks: tuple[float, ...] = ()) -> Pieces:
    """Return the pieces of nums(x, marks)."""
    x = np.asarray(x, dtype=float)
    pieces = fixed_pieces(x)
    if not marks:
        return pieces
    with np.errstate(invalid="ignore"):
        near = np.zeros(x.shape, dtype=bool)
        for mark in marks:
            near |= (np.abs(x - mark) < NEAR) & (x != mark)
    rows = np.flatnonzero(near)
    if rows.size:
        shown = join(subset(pieces, rows), rows.size)
        for k, text, value in zip(rows.tolist(), shown.tolist(), x[rows].tolist(), strict=True):
            if any(text == explain.num(m) and value != m for m in marks):
                _set(pieces, k, explain.num(value, marks))
    return pieces


def nums(x: np.ndarray, marks: tuple[float, ...] = ()) -> np.ndarray:
    """Format numbers as explain.num() does, told from `marks` by more digits where needed."""
    x = np.asarray(x, dtype=float)
    return join(num_pieces(x, marks), len(x))


def pct_pieces(x: np.ndarray, marks: tuple[float, ...] = ()) -> Pieces:
    """Return the pieces of ratios shown as percentages, as explain.pct() shows them."""
    return [*num_pieces(np.asarray(x, dtype=float) * 100, tuple(m * 100 for m in marks)), "%"]


def indicator_column(ind: Indicator, facts: dict[str, np.ndarray]) -> list[str]:
    """Return the Chinese explanation of one indicator for every unit.

    `facts` holds the arrays explain.Facts names (value, target, previous, points, applicable,
    exempt, missing, and the rule's extras), one entry per unit.
    """
    n = len(facts["points"])
    out = filled(n, "不适用本单位所在分组，不计入")
    out[facts["exempt"]] = "免考核，不计入"
    points = facts["points"]
    score = ["得分 ", *fixed_pieces(points, strip=False), f" / {explain.num(ind.max_points)}"]
    weight = facts.get("weight")
    if weight is not None and (weight != 1).any():
        score = [_carried_score(ind, np.asarray(points, dtype=float), weight, score)]
    missing = np.flatnonzero(facts["missing"])
    if missing.size:
        out[missing] = join(["未报送，", *subset(score, missing)], missing.size)
    where = np.flatnonzero(facts["applicable"] & ~facts["missing"])
    if where.size:
        part = {key: np.asarray(values)[where] for key, values in facts.items()}
        body = BODIES[ind.rule](ind, part)
        out[where] = join([*body, "，", *subset(score, where)], where.size)
    return out.tolist()


def _carried_score(ind: Indicator, points: np.ndarray, weight, score: Pieces) -> np.ndarray:
    """Return the score texts where some units carry a share of the indicator (SCORING.md)."""
    out = join(score, len(points))
    carried = np.flatnonzero(np.asarray(weight) != 1)
    w = np.asarray(weight, dtype=float)[carried]
    out[carried] = join(
        [
            "承担 ",
            *pct_pieces(w),
            "，得分 ",
            *fixed_pieces(points[carried], strip=False),
            " / ",
            *num_pieces(ind.max_points * w),
        ],
        carried.size,
    )
    return out


def _panel(ind: Indicator, f: dict[str, np.ndarray]) -> Pieces:
    """Explain panel cells: with rater classes one by one through explain.py (the judges'
    figures of each class), else from the count and extremes of the scores."""
    if "panel" in f:
        absent = {"weight": repeat(1.0)}  # no carried share
        columns = [
            f[name].tolist() if name in f else absent.get(name, repeat(math.nan))
            for name in explain.Facts._fields
        ]
        make, body = explain.Facts._make, explain.EXPLAINERS["panel"]
        return [texts([body(ind, make(row), True) for row in zip(*columns, strict=False)])]
    count = f["count"].astype(np.int64)
    trimmed = count >= ind.trim_from
    dropped = [
        "去掉一个最高分 ",
        *num_pieces(np.where(trimmed, f["top"], 0.0)),  # not shown where nothing is dropped
        "、一个最低分 ",
        *num_pieces(np.where(trimmed, f["bottom"], 0.0)),
        "，",
    ]
    shown = texts(list(map(str, count.tolist())))
    return ["评委打分 ", shown, " 人，", *only(dropped, trimmed), "平均 ", *num_pieces(f["value"])]


def _completion(ind: Indicator, f: dict) -> Pieces:
    v, t = f["value"], f["target"]
    marks = (ind.cap, ind.zero_below)
    if ind.higher:
        ratio = v / t
        pair = ["实际 ", *num_pieces(v), " / 目标 ", *num_pieces(t)]
    else:
        with np.errstate(divide="ignore"):
            ratio = np.where(v <= 0, ind.cap, t / np.where(v <= 0, 1.0, v))
        pair = ["目标 ", *num_pieces(t), " / 实际 ", *num_pieces(v), "，越低越好"]
    below = ratio < ind.zero_below
    over = ~below & (ratio > ind.cap)
    endings = np.array(
        ["", f"，低于 {explain.pct(ind.zero_below)} 不得分", f"，按上限 {explain.pct(ind.cap)} 计"],
        dtype=object,
    )
    text = ["完成率 ", *pct_pieces(ratio, marks), "（", *pair, "）", endings[below + 2 * over]]
    if ind.higher:
        return text
    capped = v <= 0
    if not capped.any():
        return text
    at_cap = [
        f"完成率按上限 {explain.pct(ind.cap)} 计（目标 ",
        *num_pieces(t),
        " / 实际 ",
        *num_pieces(v),
        "，越低越好，实际值不大于 0）",
    ]
    return only(text, ~capped) + only(at_cap, capped)


def _relative(ind: Indicator, f: dict) -> Pieces:
    better = "越高越好" if ind.higher else "越低越好"
    same = f["hi"] == f["lo"]
    spread = [
        "（组内最低 ",
        *num_pieces(f["lo"]),
        "，最高 ",
        *num_pieces(f["hi"]),
        f"，{better}，保底 {explain.pct(ind.floor)}）",
    ]
    if same.any():
        spread = only(spread, ~same) + only(["，组内各单位相同，得满分"], same)
    return ["比较赋分：值 ", *num_pieces(f["value"]), *spread]


def _rank(ind: Indicator, f: dict) -> Pieces:
    k, k0 = f["value"], f["previous"]
    text = ["平均位次 " if ind.average else "位次 ", *num_pieces(k), f" / {ind.peers}"]
    with np.errstate(invalid="ignore"):
        lost, gained, held = k0 < k, k0 > k, k0 == k
    moved = lost | gained
    if moved.any():
        before = np.where(moved, k0, 0.0)  # no previous position: blank, not formatted
        steps = num_pieces(np.abs(k - before))
        word = np.array(["，进 ", "，退 "], dtype=object)[lost.astype(np.intp)]
        text += only(["（上期 ", *num_pieces(before), word, *steps, " 位）"], moved)
    if held.any():
        text += only(["（与上期持平）"], held)
    if ind.step:
        text.append(f"，每位递减 {explain.pct(ind.step)}")
    if ind.top_points or ind.bottom_points:
        extra = position_points(ind, k)
        plus, minus = extra > 0, extra < 0
        if plus.any():
            text += only(["，位次加 ", *num_pieces(np.where(plus, extra, 0.0)), " 分"], plus)
        if minus.any():
            text += only(["，位次减 ", *num_pieces(np.where(minus, -extra, 0.0)), " 分"], minus)
    return text


def _bands(ind: Indicator, f: dict) -> Pieces:
    index = band_index(ind, f["value"])
    value = num_pieces(f["value"], tuple(b[0] for b in ind.bands))
    sign = "≥" if ind.higher else "≤"
    endings = np.array(
        [f"，达到 {sign}{explain.num(t)} 档（{explain.pct(p)}）" for t, p in ind.bands]
        + [" 未达到任何档次"],
        dtype=object,
    )
    return ["分档赋分：值 ", *value, endings[index]]  # index -1: no band, the last ending


def _share(ind: Indicator, f: dict) -> Pieces:
    v = f["value"]
    share = v / 100 if ind.percent else v
    shown = [*fixed_pieces(v, 6), "%"] if ind.percent else pct_pieces(v, (0.0, 1.0))
    endings = np.array(["", "，按 100% 计", "，按 0 计"], dtype=object)
    return ["完成情况 ", *shown, endings[(share > 1) + 2 * (share < 0)]]


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
    n = len(f["score"])
    text = [
        "基础分 ",
        *fixed_pieces(f["base"], strip=False),
        "（得分 ",
        *num_pieces(f["points"]),
        " / 满分 ",
        *num_pieces(f["max_points"]),
        "）",
    ]
    text += _adjusted(f["bonus_raw"], f["bonus"], "加分")
    text += _adjusted(f["deduction_raw"], f["deduction"], "扣分")
    with np.errstate(invalid="ignore"):
        floored = f["base"] + f["bonus"] - f["deduction"] < 0
    if floored.any():
        text += only(["，不低于 0"], floored)
    text += ["，擂台得分 ", *fixed_pieces(f["score"], strip=False)]
    applies = f["max_points"] > 0
    out = filled(n, "本擂台无适用指标，不计入总分")
    rows = np.flatnonzero(applies)
    if rows.size:
        out[rows] = join(subset(text, rows), rows.size)
    return out.tolist()


def _adjusted(raw: np.ndarray, kept: np.ndarray, word: str) -> Pieces:
    given = raw != 0
    if not given.any():
        return []
    capped = raw > kept
    pieces = [f"，{word} ", *num_pieces(kept)]
    if capped.any():
        pieces += only(["（合计 ", *num_pieces(raw), "，按上限计）"], capped)
    return only(pieces, given)
