"""Render a sample ranking notice as DOCX and PDF and turn every page of both into PNGs.

    .venv/bin/python scripts/notice_layout_check.py [OUT_DIR] [UNITS_PER_GROUP]

The DOCX goes through LibreOffice (`soffice`, e.g. Debian's libreoffice-writer-nogui) to PDF;
both PDFs go through `pdftoppm` (poppler-utils). Look at the pages side by side against
GB/T 9704-2012 (docs/notices.md lists what to check). Needs no database.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitai.settings")


def sample(units: int):
    """Return (content, notice) of a two-group month, without touching a database."""
    from leitai.rankings.notices.content import NoticeContent, NoticeGroup, NoticeRow
    from leitai.rankings.notices.text import notice_body

    def row(n: int) -> NoticeRow:
        change = (n % 5) - 2
        return NoticeRow(
            code=f"U{n:03d}", unit=f"县第{n}个直属单位服务中心", rank=n, rank_text=str(n),
            total=f"{100 - n * 0.37:.2f}", arenas=["38.50", "27.25"], change=change,
            change_text=("持平" if not change else f"↑{change}" if change > 0 else f"↓{-change}"),
            vetoed=False, indicators={},
        )  # fmt: skip

    groups = [
        NoticeGroup(name, [row(n) for n in range(1, units + 1)]) for name in ("第一组", "第二组")
    ]
    content = NoticeContent(
        jurisdiction="临朐县", year=2022, period="2022年11月份", period_code="2022-11",
        arenas=[("projects", "项目建设"), ("reform", "改革创新")], indicators=[], groups=groups,
        missing=[], overdue=[], reissue_reason="第一组一项指标数据录入有误。",
    )  # fmt: skip
    issued = dt.date(2022, 12, 3)
    notice = SimpleNamespace(
        issuer="临朐县重点任务擂台比武活动办公室", doc_number="临擂办〔2022〕12号",
        title="关于2022年11月份重点任务擂台比武活动排名情况的通报", addressee="县直各部门、单位：",
        issued_on=issued, copy_to="县委办公室、县政府办公室、县委组织部、县纪委监委、县委督查室",
        printed_by="临朐县重点任务擂台比武活动办公室", printed_on=issued,
        replaces_number="临擂办〔2022〕11号",
    )  # fmt: skip
    notice.body = notice_body(content, as_of=issued, replaces=notice.replaces_number)
    return content, notice


def to_png(pdf: Path, prefix: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def main(out: Path, units: int) -> None:
    import django

    django.setup()
    from leitai.rankings.notices.docx import notice_docx
    from leitai.rankings.notices.pdf import notice_pdf

    out.mkdir(parents=True, exist_ok=True)
    content, notice = sample(units)
    (out / "notice.docx").write_bytes(notice_docx(content, notice))
    (out / "notice.pdf").write_bytes(notice_pdf(content, notice))
    with tempfile.TemporaryDirectory() as profile:  # one profile per conversion
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out / "lo"),
             str(out / "notice.docx")],
            check=True, capture_output=True,
        )  # fmt: skip
    pdf_pages = to_png(out / "notice.pdf", out / "pdf")
    docx_pages = to_png(out / "lo" / "notice.pdf", out / "docx")
    print(f"PDF (WeasyPrint): {len(pdf_pages)} pages; DOCX (LibreOffice): {len(docx_pages)} pages")
    for path in pdf_pages + docx_pages:
        print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "data/notice-check"),
         int(sys.argv[2]) if len(sys.argv) > 2 else 30)  # fmt: skip
