"""JSON for the impact dashboard: the same figures as /wirkung/, for the city's systems and apps."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from impact import selectors


class AreaSerializer(serializers.Serializer[selectors.AreaFigures]):
    slug = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=["city", "borough", "locality"])
    population = serializers.IntegerField(allow_null=True, help_text="null: not configured")
    share_percent = serializers.FloatField(
        allow_null=True, help_text="active people / population × 100; null: not configured"
    )
    active_people = serializers.IntegerField(help_text="distinct people active in 90 days")
    impulses_total = serializers.IntegerField()
    impulses_published_in_period = serializers.IntegerField(help_text="in the last 90 days")
    implemented_total = serializers.IntegerField()
    supports_total = serializers.IntegerField()


class GoalSerializer(serializers.Serializer[selectors.Goal]):
    key = serializers.ChoiceField(choices=["share", "implemented"])
    title = serializers.CharField()
    value = serializers.IntegerField()
    target = serializers.IntegerField(allow_null=True, help_text="null: population not set")
    percent = serializers.IntegerField(allow_null=True)
    reached = serializers.BooleanField()


class MonthSerializer(serializers.Serializer[selectors.MonthPoint]):
    month = serializers.DateField()
    active_people = serializers.IntegerField(allow_null=True)
    impulses_total = serializers.IntegerField(allow_null=True)
    implemented_total = serializers.IntegerField(allow_null=True)
    share_percent = serializers.FloatField(allow_null=True)


class DashboardSerializer(serializers.Serializer[selectors.Dashboard]):
    as_of = serializers.DateField(help_text="the day of the snapshot")
    is_live = serializers.BooleanField(help_text="no snapshot yet: computed for this request")
    figures = AreaSerializer()
    goals = GoalSerializer(many=True)
    areas = AreaSerializer(many=True, help_text="Stadtbezirke of a city, Ortsteile of one")
    history = MonthSerializer(many=True, help_text="the last 12 months, oldest first")


CITY = OpenApiParameter("city", str, OpenApiParameter.PATH, description="the city's slug")
DISTRICT = OpenApiParameter(
    "district", str, OpenApiParameter.PATH, description="a Stadtbezirk's or Ortsteil's slug"
)


class _ImpactView(APIView):
    permission_classes = [AllowAny]  # aggregate numbers only, never names

    def _respond(self, city_slug: str, district_slug: str | None) -> Response:
        city = selectors.city_for_dashboard(city_slug)
        district = (
            selectors.district_for_dashboard(city, district_slug)
            if city is not None and district_slug is not None
            else None
        )
        if city is None or (district_slug is not None and district is None):
            raise NotFound
        board = selectors.dashboard(city=city, district=district)
        return Response(DashboardSerializer(board).data)


class CityImpactView(_ImpactView):
    @extend_schema(parameters=[CITY], responses=DashboardSerializer, operation_id="impact_city")
    def get(self, request: Request, city: str, **kwargs: Any) -> Response:
        """A city's impact figures, goals, Stadtbezirke and monthly history."""
        return self._respond(city, None)


class DistrictImpactView(_ImpactView):
    @extend_schema(
        parameters=[CITY, DISTRICT], responses=DashboardSerializer, operation_id="impact_district"
    )
    def get(self, request: Request, city: str, district: str, **kwargs: Any) -> Response:
        """A district's impact figures, goal, Ortsteile and monthly history."""
        return self._respond(city, district)
