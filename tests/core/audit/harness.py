"""The audit completeness test's machinery: recipes, the context they build from, the tracer.

A *recipe* runs one service once with valid input. It is a function of a `Ctx` (the shared
county of `tests/conftest.py` and, built on first use, the areas' fixtures) that prepares what
the service needs and returns the call, `lambda: service(...)`: only that call is traced.

    @recipe("leitai.org.services.unit_update")
    def _(c):
        return lambda: org.unit_update(actor=c.office, unit=c.unit_a, short_name="改")

The recipe's options say what the row must look like: the kind of change (`CREATE`: before
empty; `DELETE`: after empty; `CHANGE`: both; `EVENT`: a thing that happened, after only;
`VIA`: no row of its own, one row of each service in `via`), the jurisdiction (an attribute of
the `Ctx`, the county unless said) and, for sealed services, texts the row must not contain.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import leitai
from leitai.core import transactions
from leitai.core.models import AuditEntry

CREATE, CHANGE, DELETE, EVENT = "create", "change", "delete", "event"
# A service that only runs other services, each writing its own row (`via` names them).
VIA = "via"


@dataclass(frozen=True)
class Recipe:
    """How to run one service, and what its audit row must hold."""

    name: str
    build: Callable
    kind: str
    jurisdiction: str = "county"  # an attribute of the Ctx
    sealed: tuple[str, ...] = field(default=())  # texts the row must not contain
    via: tuple[str, ...] = field(default=())  # VIA: the services that write the rows


RECIPES: dict[str, Recipe] = {}


def recipe(name: str, *, kind: str = "", jurisdiction: str = "county", sealed=(), via=()):
    """Register the decorated function as the recipe of the service `name`."""

    def register(build):
        assert name not in RECIPES, f"two recipes for {name}"
        RECIPES[name] = Recipe(
            name, build, kind or default_kind(name), jurisdiction, tuple(sealed), tuple(via)
        )
        return build

    return register


def default_kind(name: str) -> str:
    """Guess the kind of change from the service's name; recipes say so when it differs."""
    verb = name.rsplit("_", 1)[-1]
    if verb in {"create", "add", "raise", "propose", "request", "file", "generate", "upload"}:
        return CREATE
    if verb in {"delete", "remove", "discard"}:
        return DELETE
    return CHANGE


def import_everything() -> None:
    """Import every module of leitai, so that every `@service` is in the registry."""
    for info in pkgutil.walk_packages(leitai.__path__, "leitai."):
        if ".migrations" not in info.name and not info.name.endswith("__main__"):
            importlib.import_module(info.name)


def import_recipes() -> None:
    """Import every recipes module of this package."""
    package = importlib.import_module(__package__)
    for info in pkgutil.iter_modules(package.__path__, f"{__package__}."):
        if info.name.rsplit(".", 1)[-1].startswith("recipes_"):
            importlib.import_module(info.name)


class Ctx:
    """What recipes build from: the shared county and, on first use, the areas' fixtures."""

    def __init__(self, world, settings, tmp_path, monkeypatch):
        self.world = world
        self.settings = settings
        self.tmp_path = tmp_path
        self.monkeypatch = monkeypatch
        settings.MEDIA_ROOT = tmp_path / "media"

    def __getattr__(self, name):
        return getattr(self.world, name)

    @cached_property
    def collection(self):
        """The collection county (tests/assessment/collection_world.py)."""
        from tests.assessment.collection_world import build_collection

        return build_collection(self.world)

    @cached_property
    def tasks(self):
        """The key tasks of tests/keytasks/conftest.py."""
        from tests.keytasks.conftest import build_task_world

        return build_task_world(self.world)

    @cached_property
    def sv(self):
        """The supervision round, visit and problem of tests/supervision/conftest.py."""
        from leitai.supervision import services
        from tests.supervision.conftest import Clock, build_sv

        clock = Clock()
        self.monkeypatch.setattr(services, "today", clock)
        return build_sv(self.world, clock)

    @cached_property
    def tiny(self):
        """The rankings' tiny scheme with two published-ready months (tests/rankings)."""
        from tests.rankings.conftest import build_tiny

        return build_tiny(self.world)

    @cached_property
    def night(self):
        """The contest of group G1 with five judges, drawn (tests/contest/conftest.py)."""
        from tests.contest.conftest import build_night

        return build_night(self.world)

    @cached_property
    def projects(self):
        """Projects A, B and the other county's of tests/projects/conftest.py."""
        from tests.projects.conftest import build_project_world

        return build_project_world(self.world)


class Tracer:
    """Count the audit rows each service call writes itself (not its nested services')."""

    def __init__(self):
        self.calls: list[tuple[str, list[AuditEntry]]] = []
        self._stack: list[list[int]] = []

    def wrap(self, original):
        def run(func, args, kwargs, *, durable):
            self._stack.append([])
            first = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            try:
                result = original(func, args, kwargs, durable=durable)
            except BaseException:
                self._stack.pop()
                raise
            nested = set(self._stack.pop())
            own = [e for e in AuditEntry.objects.filter(pk__gt=first) if e.pk not in nested]
            if self._stack:
                self._stack[-1].extend(e.pk for e in own)
                self._stack[-1].extend(nested)
            self.calls.append((f"{func.__module__}.{func.__qualname__}", own))
            return result

        return run

    def install(self, monkeypatch) -> None:
        monkeypatch.setattr(transactions, "_run", self.wrap(transactions._run))
