"""Benchmark generating a ranking notice's three files for a month of 81 units.

Usage: .venv/bin/python bench/notices_bench.py [--quick]

The content is synthetic (81 units in 3 groups, 4 arenas, 20 indicators with explanations),
built in memory, so the figures are the renderers' own: body text, XLSX, DOCX and PDF.
Target: all three files in <= 5 s. Ratios compare each file with the cheapest (the XLSX).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitai.settings")

import django  # noqa: E402

django.setup()

from leitai.progress import track  # noqa: E402
from leitai.rankings.notices.content import (  # noqa: E402
    NoticeContent,
    NoticeGroup,
    NoticeRow,
    change_arrow,
)
from leitai.rankings.notices.docx import notice_docx  # noqa: E402
from leitai.rankings.notices.pdf import notice_pdf  # noqa: E402
from leitai.rankings.notices.text import notice_body  # noqa: E402
from leitai.rankings.notices.xlsx import notice_xlsx  # noqa: E402

ARENAS = [
    ("projects", "项目建设"),
    ("advance", "率先进位"),
    ("reform", "改革创新"),
    ("party", "基层党建"),
]


def content(units: int = 81) -> NoticeContent:
    indicators = [
        {"code": f"I{n:02d}", "name": f"指标{n:02d}", "arena": ARENAS[n % 4][1], "max": 10}
        for n in range(20)
    ]
    sizes = [49, 20, units - 69]
    groups, serial = [], 0
    for g, size in enumerate(sizes):
        group = NoticeGroup(f"第{'一二三'[g]}组")
        for rank in range(1, size + 1):
            serial += 1
            total = 100 - rank * 0.7
            change = (serial * 7) % 9 - 4
            group.rows.append(
                NoticeRow(
                    code=f"U{serial:03d}",
                    unit=f"县第{serial}号重点任务参赛单位",
                    rank=rank,
                    rank_text=str(rank),
                    total=f"{total:.2f}",
                    arenas=[f"{total - a:.2f}" for a in range(4)],
                    change=change,
                    change_text=change_arrow(change),
                    vetoed=False,
                    indicators={
                        i["code"]: {
                            "points": 8.5,
                            "max_points": 10,
                            "applicable": True,
                            "missing": False,
                            "explain_zh": "完成率 85%，按目标完成情况计 8.50 分（满分 10 分）",
                        }
                        for i in indicators
                    },
                    total_value=round(total, 2),
                    arena_values=[round(total - a, 2) for a in range(4)],
                )
            )
        groups.append(group)
    return NoticeContent(
        jurisdiction="临朐县",
        year=2022,
        period="2022年10月份",
        period_code="2022-10",
        arenas=ARENAS,
        indicators=indicators,
        groups=groups,
        missing=[{"unit": "县第5号重点任务参赛单位", "indicator": "指标03", "reason": "未报送"}],
        overdue=[],
        reissue_reason="",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="One run instead of three.")
    runs = 1 if parser.parse_args().quick else 3
    c = content()
    issued = dt.date(2022, 11, 5)
    notice = SimpleNamespace(
        issuer="临朐县重点任务擂台比武活动办公室",
        doc_number="临擂办〔2022〕10号",
        title="关于2022年10月份重点任务擂台比武活动排名情况的通报",
        addressee="县直各部门、单位：",
        issued_on=issued,
        copy_to="县委办公室、县政府办公室、县委督查室",
        printed_by="临朐县重点任务擂台比武活动办公室",
        printed_on=issued,
        replaces_number="",
        body=[],
    )
    times: dict[str, list[float]] = {"body": [], "xlsx": [], "docx": [], "pdf": [], "all": []}
    cpu: dict[str, list[float]] = {k: [] for k in times}
    sizes = {}
    for _ in track(range(runs), runs, "notices"):
        start, start_cpu = time.perf_counter(), time.process_time()
        t, tc = time.perf_counter(), time.process_time()
        notice.body = notice_body(c, as_of=issued)
        times["body"].append(time.perf_counter() - t)
        cpu["body"].append(time.process_time() - tc)
        for kind, render, args in (
            ("xlsx", notice_xlsx, (c,)),
            ("docx", notice_docx, (c, notice)),
            ("pdf", notice_pdf, (c, notice)),
        ):
            t, tc = time.perf_counter(), time.process_time()
            sizes[kind] = len(render(*args))
            times[kind].append(time.perf_counter() - t)
            cpu[kind].append(time.process_time() - tc)
        times["all"].append(time.perf_counter() - start)
        cpu["all"].append(time.process_time() - start_cpu)
    best = {k: min(v) for k, v in times.items()}
    best_cpu = {k: min(v) for k, v in cpu.items()}
    print(f"81 units, 3 groups, 4 arenas, 20 indicators; best of {runs} run(s)")
    for kind in ("body", "xlsx", "docx", "pdf", "all"):
        ratio = best[kind] / best["xlsx"]
        extra = f"  {sizes[kind] / 1024:.0f} KB" if kind in sizes else ""
        print(
            f"  {kind:5s} {best[kind]:7.3f} s wall {best_cpu[kind]:7.3f} s CPU"
            f"  ({ratio:5.2f}× the XLSX){extra}"
        )
    verdict = "meets" if best["all"] <= 5 else "MISSES"
    print(f"CPU time of all three: {best_cpu['all']:.2f} s (what an idle core would take)")
    print(f"all three files: {best['all']:.2f} s — {verdict} the 5 s target "
          f"(median {statistics.median(times['all']):.2f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
