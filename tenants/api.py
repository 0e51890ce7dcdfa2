"""REST API for organisations (public network): register one, see its provisioning state."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from config.api import ByPublicId, CursorPage
from tenants import services
from tenants.models import Organisation, OrganisationKind


class OrganisationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(
        choices=[c for c in OrganisationKind.choices if c[0] != OrganisationKind.PLATFORM]
    )
    city_id = serializers.IntegerField(required=False, allow_null=True)
    # Validated by the service (format, reserved, taken): one rule, one place.
    slug = serializers.CharField(max_length=40)

    class Meta:
        model = Organisation
        fields = ["public_id", "name", "slug", "kind", "city_id", "status", "url", "created"]
        read_only_fields = ["public_id", "status", "url", "created"]

    def get_url(self, organisation: Organisation) -> str:
        return organisation.url()


class OrganisationViewSet(
    ByPublicId,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations the caller owns; ``POST`` registers a new one (answered with 202)."""

    serializer_class = OrganisationSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = CursorPage

    def get_queryset(self) -> QuerySet[Organisation]:
        return (
            Organisation.objects.filter(owner=self.request.user)
            .prefetch_related("domains")
            .order_by("name")
        )

    @extend_schema(responses={202: OrganisationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        owner = cast(User, request.user)  # IsAuthenticated guarantees a real user
        organisation = services.register_organisation(owner=owner, **serializer.validated_data)
        return Response(self.get_serializer(organisation).data, status=202)
