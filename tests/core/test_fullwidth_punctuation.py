"""Chinese text uses 全角 punctuation: the catalogue's translations and the templates' own text.

Pages are checked as rendered by tests/core/test_chinese_everywhere.py; this test reads the
sources, so a message or template line is caught even where no demo page shows it.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

from scripts.check_messages import entries
from tests.core.punctuation import half_width_marks

ROOT = Path(__file__).resolve().parents[2] / "leitai"
PO = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"
# Template markup, and blocktranslate bodies (English ids, checked through their msgstr).
MARKUP = re.compile(
    r"{%\s*blocktranslate.*?endblocktranslate\s*%}|{%.*?%}|{{.*?}}|{#.*?#}|<[^>]*>", re.S
)


def test_the_punctuation_finder():
    assert half_width_marks("处理意见 (2026-12-03 23:56): 同意") != []
    assert half_width_marks("先进单位 (红榜)") != []
    assert half_width_marks("成员: 张三") != []
    assert half_width_marks("处理意见（2026-12-03 23:56）：同意") == []
    assert half_width_marks("0:1, 2:0.5 (P09)") == []


def test_catalogue_translations_use_full_width_punctuation():
    found = [
        f"{msgid!r}: {snippet}"
        for msgid, (msgstr, _fuzzy) in entries(PO.read_text()).items()
        for snippet in half_width_marks(msgstr)
    ]
    assert found == []


def test_templates_use_full_width_punctuation_in_chinese_text():
    found = []
    for path in sorted(ROOT.rglob("*.html")):
        text = MARKUP.sub("\x00", path.read_text())
        found += [f"{path.relative_to(ROOT)}: {s}" for s in half_width_marks(text)]
    assert found == []


def test_colon_and_parens_follow_the_language():
    page = Template("{% load leitai %}处理意见{{ when|parens }}{% colon %}同意")
    with translation.override("zh-hans"):
        assert (
            page.render(Context({"when": "2026-12-03 23:56"}))
            == "处理意见（2026-12-03 23:56）：同意"
        )
    with translation.override("en"):
        assert page.render(Context({"when": "<b>"})) == "处理意见 (&lt;b&gt;):同意"
