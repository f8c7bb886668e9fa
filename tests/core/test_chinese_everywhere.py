"""Every page a demo login can reach, rendered in Chinese, shows no English interface text.

The crawler starts at each login's home page (and the public pages for a visitor), follows the
links it finds (GET only, at most two pages per URL name), and reads each page's visible text
and its placeholder, title and aria-label attributes. It fails on
- a message of the Chinese catalogue shown in its English form (an id that is not translated,
  or not marked for translation where it is shown), and
- any other English word (three letters or more) outside login names, codes (in `<code>`)
  and product names or file types, and
- half-width punctuation touching Chinese text
  ("处理意见 (2026-12-03):" is written "处理意见（2026-12-03）：").
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from scripts.check_messages import entries
from tests.core.punctuation import half_width_marks

PO = Path(__file__).resolve().parents[2] / "leitai/locale/zh_Hans/LC_MESSAGES/django.po"
LOGINS = [
    "office",
    "stats",
    "reporter",
    "unitleader",
    "reporter2",
    "supervisor",
    "judge",
    "leader",
    "security",
    "auditor",
]
PER_NAME = 2
ADMIN_PAGES = ["/org/security/", "/audit/"]
SKIP_PREFIXES = ("/admin/", "/api/", "/accounts/logout", "/i18n/", "/static/")
# Words that are the same in a Chinese interface: product names, file types, markup.
ALLOWED = {
    "Excel",
    "XLSX",
    "xlsx",
    "DOCX",
    "docx",
    "PDF",
    "PPT",
    "PPTX",
    "pdf",
    "YAML",
    "yaml",
    "CSV",
    "csv",
    "English",
    "ECharts",
    "API",
    "WPS",
    "Word",
    "Office",
    "JSON",
    "json",
}
WORD = re.compile(r"(?<![\w@./-])[A-Za-z]{3,}(?![\w@/-])")


def visible_texts(html: str) -> list[str]:
    doc = lxml.html.fromstring(html)
    for bad in doc.xpath("//script|//style|//template|//code|//kbd|//pre|//textarea"):
        bad.drop_tree()
    texts = [t.strip() for t in doc.xpath("//body//text()") if t.strip()]
    for attr in ("placeholder", "title", "aria-label"):
        texts += [v for v in doc.xpath(f"//body//@{attr}") if v.strip()]
    return texts


def english_msgids() -> dict[str, str]:
    """English ids of the catalogue whose Chinese text differs, long enough not to collide."""
    found = {}
    for key, (msgstr, _fuzzy) in entries(PO.read_text()).items():
        msgid = key.split("\x04")[-1]
        if msgstr != msgid and " " in msgid and "%" not in msgid and "{" not in msgid:
            found[msgid] = msgstr
    return found


def crawl(client: Client, start: list[str]):
    seen: set[str] = set()
    per_name: Counter = Counter()
    queue = list(start)
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        name = f"{match.namespace}:{match.url_name}"
        if per_name[name] >= PER_NAME:
            continue
        per_name[name] += 1
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        yield url, name, html
        for href in lxml.html.fromstring(html).xpath("//a/@href"):
            href = urldefrag(href)[0]
            if href.startswith("/") and not href.startswith(SKIP_PREFIXES) and href not in seen:
                queue.append(href)


@pytest.mark.django_db
def test_every_page_in_chinese_has_no_english_and_full_width_punctuation():
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    msgids = english_msgids()
    users = get_user_model().objects
    login_names = set(users.values_list("username", flat=True))  # data, shown as typed
    problems: dict[str, set[str]] = defaultdict(set)
    names: set[str] = set()
    clients = [(login, Client()) for login in LOGINS] + [("visitor", Client())]
    for login, client in clients:
        # The security and audit administrators' home redirects to their page.
        start = ["/public/", "/accounts/login/"] if login == "visitor" else ["/", *ADMIN_PAGES]
        if login != "visitor":
            client.force_login(users.get(username=login))
        for url, name, html in crawl(client, start):
            names.add(name)
            for text in visible_texts(html):
                for msgid in msgids:
                    if msgid in text:
                        problems[f"untranslated “{msgid}”"].add(url)
                for snippet in half_width_marks(text):
                    problems[f"half-width punctuation “{snippet}”"].add(url)
                for word in WORD.findall(text):
                    if word not in ALLOWED and word not in login_names:
                        problems[f"English “{word}” in “{text[:80]}”"].add(url)
    assert len(names) >= 60, sorted(names)
    assert names >= {
        "assessment:submission",  # its history
        "assessment:scheme_detail",  # rule parameters, arenas
        "supervision:settings",  # the deduction arena
        "tasks:notice_list",
        "core:audit_list",
        "public:index",
    }, sorted(names)
    report = [f"{what}: {', '.join(sorted(urls)[:3])}" for what, urls in sorted(problems.items())]
    assert not report, "\n".join(report)
