"""The tree keeps one shape: every area has the same modules, and the rules between them hold.

CONTRIBUTING.md ("Where things go") shows the shape; docs/architecture.md draws the layers.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

LEITAI = Path(__file__).resolve().parents[2] / "leitai"

# Areas (a Django app, or a sub-area package of one) and the modules every one must have.
AREAS = [
    "org",
    "org/calendar",
    "assessment/scheme",
    "assessment/collection",
    "rankings",
    "rankings/notices",
    "keytasks",
    "projects",
    "supervision",
    "contest",
    "city",
    "honours",
    "selections",
    "notify",
]
REQUIRED = {"access", "selectors", "services", "views", "urls"}
STANDARD = REQUIRED | {
    "__init__",
    "models",
    "transitions",
    "forms",
    "api",
    "navigation",
    "admin",
    "apps",
    "templates",
    "migrations",
    "management",
    "imports",
    "exports",
    "todo",  # the area's items of the home page's to-do list (declared on its AppConfig)
}
API = {"__init__.py", "serializers.py", "views.py", "routes.py", "filters.py"}
# Modules outside the standard set, each with its reason. Keep this list short.
ALLOWED = {
    # The app that holds the two sub-areas: the models they share, and the URLs that include them.
    "assessment": {"scheme", "collection"},
    # The working-day calendar: a sub-area of the same shape.
    "org": {"calendar"},
    # The plausibility check of a typed value against the unit's history (a rule of its own).
    "assessment/collection": {"plausibility"},
    # The engine's side: turning rows into its inputs, running it, rank changes, page cache.
    "rankings": {"notices", "public", "inputs", "compute", "changes", "cache"},
    # The notice's documents: content, then one writer per format, and the render progress.
    "rankings/notices": {"content", "text", "docx", "pdf", "xlsx", "progress"},
    # Dispatch notices (周调度通报), the declared system-value feed, the task status rule.
    "keytasks": {"dispatch", "feeds", "status"},
    # The ledger's figures feeding the collection, and its rules of time (序时进度, colours).
    "projects": {"feeds", "schedule"},
    # The hand-written HTTP calls of the robots and webhooks.
    "notify": {"senders"},
    # Colour rules (红黄绿), automatic deductions, the evidence files of rectification.
    "supervision": {"colours", "deductions", "evidence"},
    # The judges' fairness checks and the order's robustness (NumPy arithmetic of its own).
    "contest": {"fairness"},
    # The county's city positions as system values and carried shares; the upstream ledger.
    "city": {"feeds", "ledger"},
    # The grading rules' parser and the Django-free grading; the decision, certificates, table.
    "honours": {"rules", "grading", "documents"},
}
# A sub-area of public pages: no one signs in, so no access rules and no changes.
PUBLIC = {"rankings/public": {"__init__", "selectors", "urls", "views"}}


def names(folder: Path) -> set[str]:
    """Return the module and package names in `folder` ('services.py' and 'services/' alike)."""
    found = set()
    for child in folder.iterdir():
        if child.name != "__pycache__" and not child.name.startswith("."):
            found.add(child.stem if child.suffix == ".py" else child.name)
    return found


# Required modules an area does without, with the reason.
WITHOUT = {
    # A notice's reads are a single access-checked lookup each; the list is the publication's.
    "rankings/notices": {"selectors"},
}


@pytest.mark.parametrize("area", AREAS)
def test_every_area_has_the_standard_modules(area):
    missing = REQUIRED - WITHOUT.get(area, set()) - names(LEITAI / area)
    assert not missing, f"{area} lacks {sorted(missing)}"


@pytest.mark.parametrize("area", [*AREAS, "assessment", *PUBLIC])
def test_no_area_grows_a_module_outside_the_shape(area):
    allowed = PUBLIC.get(area) or STANDARD | ALLOWED.get(area, set())
    others = names(LEITAI / area) - allowed
    assert not others, f"{area} has non-standard modules {sorted(others)}: see CONTRIBUTING.md"


@pytest.mark.parametrize("area", AREAS)
def test_an_area_api_is_serializers_views_and_routes(area):
    api = LEITAI / area / "api"
    if area == "notify":  # channels hold secrets: no API until one is asked for
        assert not api.exists()
        return
    files = {p.name for p in api.iterdir() if p.name != "__pycache__"}
    assert {"serializers.py", "views.py"} <= files <= API
    if area != "rankings/notices":  # its routes are the rankings' own
        assert "routes.py" in files


def modules():
    return [p for p in sorted(LEITAI.rglob("*.py")) if "migrations" not in p.parts]


@cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def imports(path: Path):
    """Yield (line, module, names) for every `from leitai… import …` and `import leitai…`."""
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("leitai"):
            yield node.lineno, node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("leitai"):
                    yield node.lineno, alias.name, []


def test_no_module_imports_another_modules_private_names():
    found = [
        f"{path.relative_to(LEITAI)}:{line} {module} {private}"
        for path in modules()
        for line, module, imported in imports(path)
        if (private := [name for name in imported if name.startswith("_")])
    ]
    assert found == []


def test_no_view_form_or_api_view_opens_a_transaction():
    found = []
    for path in modules():
        parts = path.relative_to(LEITAI).parts
        if not ({"views", "api"} & set(parts) or path.stem in {"views", "forms", "serializers"}):
            continue
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.Attribute) and node.attr == "atomic":
                found.append(f"{path.relative_to(LEITAI)}:{node.lineno}")
            if isinstance(node, ast.Name) and node.id in {"atomic", "outermost"}:
                found.append(f"{path.relative_to(LEITAI)}:{node.lineno}")
    assert found == []


def test_no_service_keeps_its_own_atomic_decorator():
    """`@service` makes a service the outermost transaction; `@transaction.atomic` would not."""
    found = []
    for path in modules():
        if "services" not in path.parts and path.stem != "services":
            continue
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.FunctionDef) and any(
                ast.unparse(d).endswith("atomic") for d in node.decorator_list
            ):
                found.append(f"{path.relative_to(LEITAI)}: {node.name}")
    assert found == []


def test_no_module_is_over_600_lines():
    long = {
        str(path.relative_to(LEITAI)): n
        for path in modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}


# Which top-level package may import which (docs/architecture.md draws it).
LAYERS = {
    "scoring": {"scoring", "tabular", "progress", "core.spreadsheets"},
    "tabular": {"tabular"},
    "core": {"core", "scoring", "tabular", "progress"},
    "org": {"core", "org", "tabular", "progress"},
    "assessment": {"core", "org", "notify", "assessment", "scoring", "tabular", "progress"},
    "keytasks": {"core", "org", "keytasks", "tabular", "progress"},
    "projects": {"core", "org", "projects", "tabular", "progress"},
    "supervision": {"core", "org", "assessment", "supervision", "tabular", "progress"},
    "contest": {"core", "org", "assessment", "contest", "scoring", "tabular", "progress"},
    "city": {"core", "org", "city", "scoring", "tabular", "progress"},
    "honours": {
        "core",
        "org",
        "assessment",
        "supervision",
        "rankings",
        "honours",
        "tabular",
        "progress",
    },
    "selections": {"core", "org", "selections", "honours", "tabular", "progress"},
    "notify": {"core", "org", "notify"},
    "rankings": {
        "core",
        "org",
        "assessment",
        "supervision",
        "rankings",
        "notify",
        "scoring",
        "tabular",
        "progress",
    },
}
# Core's shell sits on top of the organisation (it needs the person's scope); the rest of core
# (audit, transactions, state tables, cache, uploads, jobs…) does not.
CORE_SHELL = {
    "admin.py",
    "api/base.py",
    "api_views.py",
    "context_processors.py",
    "navigation.py",
    "views.py",
    "management/commands/demo.py",
    "management/commands/init.py",
    # The account's security: tokens, passwords and sessions follow the jurisdiction's rules.
    "middleware.py",
    "passwords.py",
    "tokens.py",
}


def _allowed(path: Path) -> set[str]:
    relative = path.relative_to(LEITAI)
    top = relative.parts[0]
    allowed = set(LAYERS[top])
    if top == "core" and str(Path(*relative.parts[1:])) in CORE_SHELL:
        allowed |= {"org", "demo"}
    return allowed


def test_no_module_imports_from_a_layer_above_its_own():
    found = []
    for path in modules():
        if path.relative_to(LEITAI).parts[0] not in LAYERS:
            continue
        allowed = _allowed(path)
        for line, module, _names in imports(path):
            target = module.removeprefix("leitai.").removeprefix("leitai")
            top = target.split(".")[0]
            if target and top not in allowed and target not in allowed:
                found.append(f"{path.relative_to(LEITAI)}:{line} imports {module}")
    assert found == []
