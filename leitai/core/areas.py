"""What each area provides to the others, declared on its AppConfig and checked at start-up.

An area does not register itself anywhere at import time; its `AppConfig` (an `Area`) lists
what it provides, as dotted paths, and the consumers read the lists here:

    class SupervisionConfig(areas.Area):    # the module, not the class, is imported
        name = "leitai.supervision"
        menu = (Menu(40, _("Supervision"), "leitai.supervision.navigation.ENTRIES"),)
        api_routes = ("leitai.supervision.api.routes",)

- `menu`: sections of the menu (`Menu(order, heading, path of a list of NavEntry)`); the menu
  shows them by `order` (`leitai.core.navigation`).
- `api_routes`: modules with `register(router)` and `urls` (`leitai.api_urls`).
- `system_values`: feeds of system-supplied indicator values (系统生成),
  `feed(*, year, period_code, period_end) -> list` (`leitai.assessment.collection`).
- `carriers`: carried shares of indicators (SCORING.md "Carried shares"),
  `carriers(*, year) -> list[(unit code, indicator code, weight)]` for an AssessmentYear
  (`leitai.rankings.inputs` passes them to the engine).
- `in_use_checks`: `check(scheme) -> bool`, true when a scheme version may no longer change in
  place (`leitai.assessment.scheme`).
- `jobs`: functions that run as background jobs (`leitai.core.jobs` refuses any other).
- `schedule`: functions the worker runs every N minutes (`leitai.core.schedule.every`).
- `todo`: the area's items of a person's to-do list on the home page,
  `todo(user, *, year) -> list[Todo]`: one `Todo` per thing waiting, tagged with the role it
  is waiting for; each counts only what that role reaches (the office its jurisdictions, a
  unit role its own units, a supervisor the units its group covers) in `year`, in a number
  of queries that does not grow with the number of units (`leitai.core.views.home`).

`leitai check` (a Django system check, run on every start) imports every declared path and
fails naming the area and the path that does not import, so a moved module cannot be missed
quietly.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.core import checks
from django.utils.module_loading import import_string

KINDS = (
    "menu",
    "api_routes",
    "system_values",
    "carriers",
    "in_use_checks",
    "jobs",
    "todo",
    "schedule",
)


@dataclass(frozen=True)
class Menu:
    """A section of the menu: its place, its heading and the path of its entries."""

    order: int
    heading: Any
    entries: str


@dataclass(frozen=True)
class Todo:
    """One line of a person's to-do list: what waits, how many, and the page where it is done.

    `role` is the role it waits for (a `leitai.org.models.Role` value); `count` is how many
    things wait (None for one named thing); `note` adds a short detail ("waiting 12 days", a
    deadline); `urgent` marks it red (late, overdue).
    """

    role: str
    label: Any
    count: int | None
    url: str
    note: Any = ""
    urgent: bool = False


class Area(AppConfig):
    """An app config that declares what its area provides (see the module's docstring).

    An area's `apps.py` imports this module, not the class: Django picks an app's config
    automatically only when its `apps.py` holds exactly one AppConfig class.
    """

    menu: tuple[Menu, ...] = ()
    api_routes: tuple[str, ...] = ()
    system_values: tuple[str, ...] = ()
    carriers: tuple[str, ...] = ()
    in_use_checks: tuple[str, ...] = ()
    jobs: tuple[str, ...] = ()
    todo: tuple[str, ...] = ()
    schedule: tuple[str, ...] = ()


def areas() -> list[Area]:
    """Return the installed areas, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, Area)]


def declared(kind: str) -> list[str]:
    """Return the dotted paths every area declares for `kind` (menus: their entries' paths)."""
    paths = []
    for area in areas():
        for item in getattr(area, kind):
            paths.append(item.entries if isinstance(item, Menu) else item)
    return paths


@functools.cache
def provided(kind: str) -> tuple:
    """Return the objects the areas declare for `kind`, imported (cached for the process)."""
    if kind == "api_routes":
        return tuple(import_module(path) for path in declared(kind))
    return tuple(import_string(path) for path in declared(kind))


def menus() -> list[Menu]:
    """Return every declared menu section, in menu order."""
    return sorted((m for area in areas() for m in area.menu), key=lambda m: m.order)


def _importable(kind: str, path: str) -> str | None:
    try:
        import_module(path) if kind == "api_routes" else import_string(path)
    except ImportError as exc:
        return str(exc)
    return None


@checks.register()
def check_declarations(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Fail start-up when an area declares a path that does not import."""
    errors = []
    for area in areas():
        if app_configs is not None and area not in app_configs:
            continue
        for kind in KINDS:
            for item in getattr(area, kind):
                path = item.entries if isinstance(item, Menu) else item
                problem = _importable(kind, path)
                if problem is not None:
                    errors.append(
                        checks.Error(
                            f"The area {area.label} declares {kind} {path!r}, "
                            f"which does not import: {problem}",
                            obj=area,
                            id="leitai.E001",
                        )
                    )
    return errors
