"""Serializers of the organisation endpoints: one to read each object, strict ones to write."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from leitai.core.api.base import MAX_ID, StrictSerializer
from leitai.org.access import scope_for, visible_jurisdictions, visible_people, visible_units
from leitai.org.models import (
    UNIT_ROLES,
    AssessmentYear,
    Group,
    Jurisdiction,
    Role,
    SupervisionGroup,
    Unit,
)

# --- fields ---------------------------------------------------------------------------------


class ScopedIdField(serializers.PrimaryKeyRelatedField):
    """An id among the objects the caller may change (anything else "does not exist")."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            value = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 <= value <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(value)


def office_jurisdictions(user):
    return visible_jurisdictions(user).filter(pk__in=scope_for(user).office_jurisdiction_ids)


def office_years(user):
    return AssessmentYear.objects.filter(jurisdiction__in=office_jurisdictions(user))


def office_units(user):
    return visible_units(user).filter(jurisdiction__in=office_jurisdictions(user))


def jurisdiction_field():
    return ScopedIdField(
        office_jurisdictions,
        queryset=Jurisdiction.objects.all(),
        required=False,
        help_text="Jurisdiction id; may be left out when you are the office of only one.",
    )


def units_field(help_text):
    return serializers.ListField(
        child=ScopedIdField(office_units, queryset=Unit.objects.all()),
        max_length=1000,
        required=False,
        help_text=help_text,
    )


def pick_jurisdiction(user, data: dict) -> Jurisdiction:
    """Return the jurisdiction a create acts in: the one given, or the caller's only office."""
    if data.get("jurisdiction"):
        return data["jurisdiction"]
    offices = list(office_jurisdictions(user))
    if len(offices) != 1:
        raise serializers.ValidationError(
            {"jurisdiction": ["Required: you are the office of several jurisdictions."]}
        )
    return offices[0]


def visible_ids(serializer, key: str, queryset_for) -> set[int]:
    """Return (and cache in the serializer context) the ids the caller may see."""
    cache = serializer.context.setdefault("_visible", {})
    if key not in cache:
        cache[key] = set(
            queryset_for(serializer.context["request"].user).values_list("pk", flat=True)
        )
    return cache[key]


# --- jurisdictions and years ------------------------------------------------------------------


class JurisdictionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["id", "code", "name", "level", "parent"]
        read_only_fields = fields


class YearSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentYear
        fields = ["id", "jurisdiction", "year", "name", "is_current"]
        read_only_fields = fields


class YearCreateSerializer(StrictSerializer):
    jurisdiction = jurisdiction_field()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    name = serializers.CharField(max_length=200)
    is_current = serializers.BooleanField(default=False)


class YearUpdateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200, required=False)
    is_current = serializers.BooleanField(required=False)


# --- units --------------------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "jurisdiction", "code", "name", "short_name", "kind", "active"]
        read_only_fields = fields


class UnitUpdateSerializer(StrictSerializer):
    code = serializers.CharField(max_length=32, required=False)
    name = serializers.CharField(max_length=100, required=False)
    short_name = serializers.CharField(max_length=40, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Unit.Kind.choices, required=False)
    active = serializers.BooleanField(required=False, help_text="False deactivates the unit.")


class UnitCreateSerializer(UnitUpdateSerializer):
    jurisdiction = jurisdiction_field()
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Unit.Kind.choices)
    active = serializers.BooleanField(default=True)


# --- groups -----------------------------------------------------------------------------------


class GroupSerializer(serializers.ModelSerializer):
    units = serializers.SerializerMethodField(help_text="Ids of the member units that you may see.")

    class Meta:
        model = Group
        fields = ["id", "year", "code", "name", "order", "description", "units"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_units(self, group) -> list[int]:
        allowed = visible_ids(self, "units", visible_units)
        return sorted(m.unit_id for m in group.memberships.all() if m.unit_id in allowed)


class GroupUpdateSerializer(StrictSerializer):
    code = serializers.CharField(max_length=32, required=False)
    name = serializers.CharField(max_length=100, required=False)
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    description = serializers.CharField(max_length=255, required=False, allow_blank=True)
    units = units_field("Ids of the member units: the group's exact membership afterwards.")


class GroupCreateSerializer(GroupUpdateSerializer):
    year = ScopedIdField(office_years, queryset=AssessmentYear.objects.all())
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=100)
    units = units_field("Ids of units to move into the group (out of any other group that year).")


# --- supervision groups -------------------------------------------------------------------------


def _supervisor_choices(user):
    return visible_people(user)


class SupervisionGroupSerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField(help_text="Ids of the group's members.")
    units = serializers.SerializerMethodField(
        help_text="Ids of the units it supervises that you may see."
    )

    class Meta:
        model = SupervisionGroup
        fields = ["id", "year", "name", "order", "members", "units"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_members(self, group) -> list[int]:
        return sorted(m.pk for m in group.members.all())

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_units(self, group) -> list[int]:
        allowed = visible_ids(self, "units", visible_units)
        return sorted(a.unit_id for a in group.assignments.all() if a.unit_id in allowed)


class SupervisionGroupUpdateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=100, required=False)
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    members = serializers.ListField(
        child=ScopedIdField(_supervisor_choices, queryset=get_user_model().objects.all()),
        max_length=200,
        required=False,
        help_text="Ids of people holding the supervisor role: the exact members afterwards.",
    )
    units = units_field("Ids of the units it supervises: the exact list afterwards.")


class SupervisionGroupCreateSerializer(SupervisionGroupUpdateSerializer):
    year = ScopedIdField(office_years, queryset=AssessmentYear.objects.all())
    name = serializers.CharField(max_length=100)


# --- people -------------------------------------------------------------------------------------


class GrantSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    jurisdiction = serializers.IntegerField(source="jurisdiction_id", read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True, allow_null=True)


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="first_name", read_only=True)
    email = serializers.CharField(read_only=True, help_text="E-mail address; may be empty.")
    grants = serializers.SerializerMethodField(
        help_text="The person's roles in the jurisdictions you belong to."
    )

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "name", "email", "is_active", "grants"]
        read_only_fields = fields

    @extend_schema_field(GrantSerializer(many=True))
    def get_grants(self, person) -> list[dict]:
        grants = sorted(person.grants, key=lambda g: (g.jurisdiction_id, g.role, g.unit_id or 0))
        return GrantSerializer(grants, many=True).data


class GrantInputSerializer(StrictSerializer):
    role = serializers.ChoiceField(choices=Role.choices)
    unit = ScopedIdField(
        office_units,
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        help_text="Unit id: required for assessor, reporter and unit_leader, else left out.",
    )

    def validate(self, attrs):
        unit = attrs.get("unit")
        if attrs["role"] in UNIT_ROLES and unit is None:
            raise serializers.ValidationError({"unit": ["This role needs a unit."]})
        if attrs["role"] not in UNIT_ROLES and unit is not None:
            raise serializers.ValidationError({"unit": ["This role takes no unit."]})
        return attrs


class PersonUpdateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=150, required=False, help_text="Full name.")
    email = serializers.EmailField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, help_text="False blocks the login.")
    password = serializers.CharField(
        write_only=True,
        required=False,
        max_length=128,
        style={"input_type": "password"},
        help_text="A new password (checked against the password rules).",
    )
    grants = GrantInputSerializer(
        many=True,
        required=False,
        min_length=1,
        max_length=50,
        help_text="The person's roles in the jurisdiction: the exact list afterwards.",
    )

    def validate_password(self, value):
        try:
            validate_password(value, self.instance)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(list(exc.messages)) from exc
        return value


class PersonCreateSerializer(PersonUpdateSerializer):
    jurisdiction = jurisdiction_field()
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z", max_length=150, help_text="Login name: letters, digits and @.+-_."
    )
    name = serializers.CharField(max_length=150, help_text="Full name.")
    password = serializers.CharField(
        write_only=True,
        required=False,
        max_length=128,
        style={"input_type": "password"},
        help_text="Initial password; left out, the person cannot log in until one is set.",
    )
    grants = GrantInputSerializer(
        many=True, min_length=1, max_length=50, help_text="The person's roles (at least one)."
    )
