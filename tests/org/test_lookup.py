"""`get_or_404` and `is_office_of`: the one lookup and the one office check every area uses."""

from __future__ import annotations

import pytest
from django.http import Http404

from leitai.org.access import get_or_404, is_office_of, require_office
from leitai.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pk", ["abc", "1.5", "", None, "9" * 30, 2**63, -1, 0, "0", 10**40])
def test_anything_but_a_small_positive_id_is_a_404(world, pk):
    with pytest.raises(Http404):
        get_or_404(Unit.objects.all(), pk)


def test_an_id_found_in_the_queryset_is_returned_and_one_outside_it_is_a_404(world):
    assert get_or_404(Unit.objects.all(), str(world.unit_a.pk)) == world.unit_a
    with pytest.raises(Http404):
        get_or_404(Unit.objects.exclude(pk=world.unit_a.pk), world.unit_a.pk)


def test_is_office_of_takes_a_jurisdiction_or_its_id(world):
    assert is_office_of(world.office, world.county) is True
    assert is_office_of(world.office, world.county.pk) is True
    assert is_office_of(world.office, world.other_county) is False
    assert is_office_of(world.other_office, world.county) is False
    assert is_office_of(world.assessor, world.county) is False
    require_office(world.office, world.county)
    with pytest.raises(Exception, match="office role required"):
        require_office(world.other_office, world.county.pk)
