#!/usr/bin/env python3
"""Check the Chinese message catalogue: every source string translated, none fuzzy, .mo fresh.

Runs `makemessages` on a copy of the package so the working tree is left untouched.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "leitai" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries(po_text: str) -> dict[str, tuple[str, bool]]:
    """Return msgid -> (msgstr, fuzzy) for a .po file's text (plural forms use msgstr[0]).

    A message with a context (pgettext) is keyed "context\x04msgid", as gettext compiles it.
    """
    result: dict[str, tuple[str, bool]] = {}
    for block in po_text.split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        context, msgid, msgstr, current = [], [], [], None
        for line in lines:
            if line.startswith("msgctxt "):
                current = context
                line = line[8:]
            elif line.startswith("msgid "):
                current = msgid
                line = line[6:]
            elif line.startswith(("msgstr ", "msgstr[0] ")):
                current = msgstr
                line = line.split(" ", 1)[1]
            elif line.startswith(("msgid_plural", "msgstr[", "#")):
                current = None
                continue
            if current is not None and line.startswith('"'):
                current.append(line[1:-1])
        key = "".join(msgid)
        if key and context:
            key = "".join(context) + "\x04" + key
        if key:
            result[key] = ("".join(msgstr), fuzzy)
    return result


def source_msgids() -> set[str]:
    """Extract the msgids of the current sources with makemessages, in a scratch copy."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "leitai"
        shutil.copytree(ROOT / "leitai", copy, ignore=shutil.ignore_patterns("static", "*.mo"))
        env = {
            **os.environ,
            "PYTHONPATH": tmp,
            "DJANGO_SETTINGS_MODULE": "leitai.settings",
            "LEITAI_DATA_DIR": str(Path(tmp) / "data"),
        }
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "-l",
                "zh_Hans",
                "--no-location",
                "-v0",
            ],
            cwd=copy,
            env=env,
            check=True,
        )
        return set(entries((copy / "locale/zh_Hans/LC_MESSAGES/django.po").read_text()))


def _mo_matches(catalogue: dict[str, tuple[str, bool]]) -> bool:
    mo = PO.with_suffix(".mo")
    if not mo.exists():
        return False
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog

    def unescape(text: str) -> str:
        return text.encode().decode("unicode_escape").encode("latin-1").decode()

    for msgid, (msgstr, fuzzy) in catalogue.items():
        if not fuzzy and msgstr and compiled.get(unescape(msgid)) != unescape(msgstr):
            plural = compiled.get((unescape(msgid), 0))
            if plural != unescape(msgstr):
                return False
    return True


def main() -> int:
    if not PO.exists():
        print(f"missing catalogue: {PO.relative_to(ROOT)}")
        return 1
    catalogue = entries(PO.read_text())
    problems = [f"not in the catalogue: {m!r}" for m in sorted(source_msgids() - set(catalogue))]
    problems += [f"untranslated: {m!r}" for m, (s, _) in sorted(catalogue.items()) if not s]
    problems += [f"fuzzy: {m!r}" for m, (_, fuzzy) in sorted(catalogue.items()) if fuzzy]
    if not _mo_matches(catalogue):
        problems.append("django.mo does not match django.po: run `make messages`")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in the Chinese catalogue: run make messages")
        return 1
    print(f"Chinese catalogue complete: {len(catalogue)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
