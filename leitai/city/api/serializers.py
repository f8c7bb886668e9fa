"""The city API's serializers: city indicators with their carriers, and the city's results."""

from __future__ import annotations

from rest_framework import serializers

from leitai.city.models import CityCarrier, CityIndicator, CityPosition, CityRelease


class CarrierSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = CityCarrier
        fields = ["unit", "unit_code", "share"]
        read_only_fields = fields


class CityIndicatorSerializer(serializers.ModelSerializer):
    carriers = CarrierSerializer(many=True, read_only=True)

    class Meta:
        model = CityIndicator
        fields = ["id", "year", "code", "name", "peers", "period_kind", "lag_days",
                  "indicator_code", "carriers"]  # fmt: skip
        read_only_fields = fields


class PositionSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="city_indicator.code", read_only=True)

    class Meta:
        model = CityPosition
        fields = ["indicator", "county", "position", "value", "score", "is_us"]
        read_only_fields = fields


class CityReleaseSerializer(serializers.ModelSerializer):
    rows = PositionSerializer(many=True, read_only=True)

    class Meta:
        model = CityRelease
        fields = ["id", "year", "period_code", "county", "file_name", "confirmed_at", "rows"]
        read_only_fields = fields
