"""The scheme as the engine sees it, and who may read schemes and periods."""

import pytest
from django.http import Http404

from leitai import scoring
from leitai.assessment.models import IndicatorValue, Scheme
from leitai.assessment.scheme.access import (
    active_scheme,
    period_for_user,
    scheme_for_user,
    visible_periods,
    visible_schemes,
)
from leitai.assessment.scheme.selectors import engine_scheme, scheme_in_use, scheme_yaml
from tests.assessment.scheme_factory import SMALL_YAML, make_period, make_scheme


def test_engine_scheme_matches_the_yaml(world):
    scheme = make_scheme(world.year)
    assert engine_scheme(scheme) == scoring.parse_yaml(SMALL_YAML)
    assert scoring.parse_yaml(scheme_yaml(scheme)) == scoring.parse_yaml(SMALL_YAML)


def test_active_scheme(world):
    assert active_scheme(world.year) is None
    make_scheme(world.year, state=Scheme.State.DRAFT)
    assert active_scheme(world.year) is None
    active = make_scheme(world.year, version=2)
    assert active_scheme(world.year) == active


@pytest.mark.parametrize(
    ("persona", "sees_draft", "sees_active"),
    [
        ("office", True, True),
        ("assessor", False, True),
        ("reporter_a", False, True),
        ("judge", False, True),
        ("leader", False, True),
        ("other_office", False, False),
    ],
)
def test_scheme_visibility(world, persona, sees_draft, sees_active):
    draft = make_scheme(world.year, state=Scheme.State.DRAFT, version=2)
    active = make_scheme(world.year)
    user = getattr(world, persona)
    assert set(visible_schemes(user)) == {
        s for s, ok in [(draft, sees_draft), (active, sees_active)] if ok
    }
    if not sees_active:
        with pytest.raises(Http404):
            scheme_for_user(user, active.pk)


@pytest.mark.parametrize("persona", ["assessor", "reporter_a", "judge", "other_office"])
def test_only_the_office_changes_a_period(world, persona):
    period = make_period(world.year)
    assert period_for_user(world.office, period.pk, for_change=True) == period
    with pytest.raises(Http404):
        period_for_user(getattr(world, persona), period.pk, for_change=True)
    assert (period in visible_periods(getattr(world, persona))) is (persona != "other_office")


def test_scheme_in_use_once_a_value_exists(world):
    scheme = make_scheme(world.year)
    period = make_period(world.year)
    assert scheme_in_use(scheme) is False
    IndicatorValue.objects.create(period=period, unit=world.unit_a, indicator_code="P1", value=1)
    assert scheme_in_use(scheme) is True
