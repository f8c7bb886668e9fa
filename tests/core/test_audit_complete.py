"""Every service writes the audit log (issue #14 item 4): what the source says.

- the registry (`leitai.core.transactions.REGISTRY`) holds every function decorated `@service`
  in the source, and nothing else;
- every service calls `record` itself, through a helper that does, or through another service
  (read from the source, so a new service without an audit row fails here).

Every registered service is then run, one by one, by `tests/core/audit/test_every_service.py`.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import leitai
from leitai.core import transactions
from tests.core.audit.harness import import_everything

LEITAI = Path(leitai.__file__).parent


def _modules():
    for path in sorted(LEITAI.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _dotted(path: Path) -> str:
    parts = path.relative_to(LEITAI.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_service(node) -> bool:
    return any(
        (isinstance(d, ast.Name) and d.id == "service")
        or (isinstance(d, ast.Attribute) and d.attr == "service")
        for d in node.decorator_list
    )


def _called(node) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                names.add(call.func.attr)
    return names


def _functions():
    """Return {(module, name): (is_service, called names)} of every function in leitai."""
    found = {}
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found[(_dotted(path), node.name)] = (_is_service(node), _called(node))
    return found


def test_the_registry_holds_every_service_in_the_source():
    import_everything()
    in_source = {f"{m}.{n}" for (m, n), (is_service, _) in _functions().items() if is_service}
    registered = {key for key in transactions.REGISTRY if key.startswith("leitai.")}
    assert registered == in_source
    assert len(in_source) >= 97


def test_every_service_writes_an_audit_row_itself_or_through_a_service_or_helper():
    functions = _functions()
    auditing = {"record"}  # names of functions that (eventually) call record
    by_name = defaultdict(set)
    for (_module, name), (_is_service, called) in functions.items():
        by_name[name].add(frozenset(called))
    changed = True
    while changed:
        changed = False
        for name, bodies in by_name.items():
            if name not in auditing and any(body & auditing for body in bodies):
                auditing.add(name)
                changed = True
    silent = sorted(
        f"{m}.{n}"
        for (m, n), (is_service, called) in functions.items()
        if is_service and not called & auditing
    )
    assert silent == []
