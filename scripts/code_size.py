#!/usr/bin/env python3
"""Print the size figures of the `leitai` package: modules by lines, functions by lines.

    python scripts/code_size.py        # modules over 600 lines, median and 90th-percentile function

A function's length counts its lines from `def` to its last line, docstring included; nested
functions count on their own too. Migrations are left out (generated).
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "leitai"
LIMIT = 600


def figures(root: Path = ROOT) -> dict:
    modules, functions = {}, []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        modules[str(path.relative_to(root.parent))] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions.append(node.end_lineno - node.lineno + 1)
    functions.sort()
    return {
        "modules": len(modules),
        "over_limit": {k: v for k, v in modules.items() if v > LIMIT},
        "largest": max(modules.values()),
        "functions": len(functions),
        "median": statistics.median(functions),
        "p90": functions[int(len(functions) * 0.9)],
    }


def main() -> int:
    f = figures()
    print(
        f"{f['modules']} modules, largest {f['largest']} lines; "
        f"over {LIMIT}: {len(f['over_limit'])}"
    )
    for name, lines in sorted(f["over_limit"].items(), key=lambda kv: -kv[1]):
        print(f"  {lines:5d}  {name}")
    print(f"{f['functions']} functions: median {f['median']} lines, 90th percentile {f['p90']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
