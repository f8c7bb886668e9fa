"""State tables: for each model with states, one table says which step may be taken from which
state, by whom, and into which state.

A table is a `Transitions` of `Step`s. A service calls `TABLE.check(actor, obj, action)` before
it changes anything (it raises when the step is not allowed) and sets the state the step names;
a page or the API asks `TABLE.allowed(user, obj)` to show buttons and links. Nothing else
compares state strings, so the rule for a step lives in one row of one table. The tables of an
area are in its `transitions.py`; the tests walk every (state, action) pair of every table.

    PROBLEM = Transitions(
        Problem,
        Step("sign_off", {S.SUBMITTED}, S.SIGNED_OFF, supervisor | office),
        ...
    )

`Who` names a rule of who may take a step (`Who("unit leader", lambda user, obj: ...)`); rules
combine with `|` and `&`. The name is what tests and error logs show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Who:
    """A named rule of who may take a step: `test(user, obj)` answers yes or no."""

    name: str
    test: Callable[[Any, Any], bool] = field(compare=False)

    def __call__(self, user, obj) -> bool:
        return bool(self.test(user, obj))

    def __or__(self, other: Who) -> Who:
        return Who(f"{self.name} or {other.name}", lambda u, o: self(u, o) or other(u, o))

    def __and__(self, other: Who) -> Who:
        return Who(f"{self.name} and {other.name}", lambda u, o: self(u, o) and other(u, o))


ANYONE = Who("anyone", lambda user, obj: True)


@dataclass(frozen=True)
class Step:
    """One row of a table: `action` from any of `sources` into `target`, if `who` says so.

    `target` None keeps the state (a step that records something without moving the object).
    """

    action: str
    sources: frozenset[str]
    target: str | None
    who: Who

    def __init__(self, action: str, sources: Iterable[str], target: str | None, who: Who):
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "who", who)


class Transitions:
    """The state table of one model (its state is the field `field`, a choices field)."""

    def __init__(self, model, *steps: Step, field: str = "status"):
        self.model = model
        self.field = field
        self.steps = {step.action: step for step in steps}
        if len(self.steps) != len(steps):
            raise ValueError(f"{model.__name__}: an action appears twice in its state table")
        states = set(self.states)
        for step in steps:
            unknown = (step.sources | {step.target} - {None}) - states
            if unknown:
                raise ValueError(f"{model.__name__}.{step.action}: unknown states {unknown}")

    @property
    def states(self) -> list[str]:
        """Return every state of the model, in the order of its choices."""
        return [value for value, _label in self.model._meta.get_field(self.field).choices]

    @property
    def actions(self) -> list[str]:
        return list(self.steps)

    def state_of(self, obj) -> str:
        return getattr(obj, self.field)

    def step(self, action: str) -> Step:
        """Return the step named `action` (KeyError for an action the table lacks)."""
        return self.steps[action]

    def possible(self, obj) -> frozenset[str]:
        """Return the actions the table allows from the object's state, whoever asks."""
        state = self.state_of(obj)
        return frozenset(a for a, step in self.steps.items() if state in step.sources)

    def allowed(self, user, obj) -> frozenset[str]:
        """Return the actions `user` may take on `obj` now (for buttons and links)."""
        state = self.state_of(obj)
        return frozenset(
            action
            for action, step in self.steps.items()
            if state in step.sources and step.who(user, obj)
        )

    def may(self, user, obj, action: str) -> bool:
        """Return whether `user` may take `action` on `obj` now."""
        step = self.steps[action]
        return self.state_of(obj) in step.sources and step.who(user, obj)

    def check(self, user, obj, action: str) -> Step:
        """Return the step if `user` may take `action` on `obj` now, else raise.

        PermissionDenied when the person may not take the step at all; ValidationError (on the
        state field, in the person's language) when the object's state does not allow it.
        """
        step = self.steps[action]
        if not step.who(user, obj):
            raise PermissionDenied(f"{self.model.__name__}.{action}: {step.who.name} required")
        if self.state_of(obj) not in step.sources:
            raise ValidationError({self.field: self.refusal(obj)})
        return step

    def move(self, user, obj, action: str) -> Step:
        """Check the step and set the object's new state (the caller saves it)."""
        step = self.check(user, obj, action)
        if step.target is not None:
            setattr(obj, self.field, step.target)
        return step

    def refusal(self, obj) -> str:
        """Return the message for a step the object's state does not allow."""
        label = getattr(obj, f"get_{self.field}_display")()
        return _("Not possible while it is “%(status)s”.") % {"status": label}

    def pairs(self) -> Iterator[tuple[str, str, Step | None]]:
        """Yield (state, action, step or None) for every state and every action (for tests)."""
        for state in self.states:
            for action, step in self.steps.items():
                yield state, action, (step if state in step.sources else None)
