"""Query filters of the organisation endpoints (each one described for the schema)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django_filters import rest_framework as filters

from leitai.core.api.base import IdFilter
from leitai.org.models import AssessmentYear, Group, Role, SupervisionGroup, Unit


class YearFilter(filters.FilterSet):
    jurisdiction = IdFilter(field_name="jurisdiction_id", help_text="Jurisdiction id.")
    is_current = filters.BooleanFilter(help_text="Only the current year (true) or the others.")

    class Meta:
        model = AssessmentYear
        fields = ["jurisdiction", "is_current"]


class UnitFilter(filters.FilterSet):
    code = filters.CharFilter(lookup_expr="iexact", help_text="Unit code, exact (any case).")
    kind = filters.ChoiceFilter(choices=Unit.Kind.choices, help_text="Kind of unit.")
    active = filters.BooleanFilter(help_text="Active (true) or deactivated (false) units.")
    group = IdFilter(field_name="memberships__group_id", help_text="Member of this group id.")
    year = IdFilter(
        field_name="memberships__year_id", help_text="In some group of this assessment year id."
    )
    jurisdiction = IdFilter(field_name="jurisdiction_id", help_text="Jurisdiction id.")
    q = filters.CharFilter(
        method="search", max_length=100, help_text="Text in the code, name or short name."
    )

    class Meta:
        model = Unit
        fields = ["code", "kind", "active", "group", "year", "jurisdiction", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(short_name__icontains=value)
        )


class GroupFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id", help_text="Assessment year id.")
    code = filters.CharFilter(lookup_expr="iexact", help_text="Group code, exact (any case).")

    class Meta:
        model = Group
        fields = ["year", "code"]


class SupervisionGroupFilter(filters.FilterSet):
    year = IdFilter(field_name="year_id", help_text="Assessment year id.")

    class Meta:
        model = SupervisionGroup
        fields = ["year"]


class PersonFilter(filters.FilterSet):
    role = filters.ChoiceFilter(
        choices=Role.choices, method="by_role", help_text="Holds this role (in any jurisdiction)."
    )
    unit = IdFilter(method="by_unit", help_text="Holds a role for this unit id.")
    q = filters.CharFilter(
        method="search", max_length=100, help_text="Text in the username, name or e-mail."
    )

    class Meta:
        model = get_user_model()
        fields = ["role", "unit", "q"]

    def by_role(self, queryset, name, value):
        return queryset.filter(pk__in=_holders(role=value))

    def by_unit(self, queryset, name, value):
        return queryset.filter(pk__in=_holders(unit_id=value))

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(email__icontains=value)
        )


def _holders(**lookup):
    from leitai.org.models import RoleGrant

    return RoleGrant.objects.filter(**lookup).values("user_id")
