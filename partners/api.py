"""REST API of the partner directory (/api/v1/partners/, read-only, for everyone) and of a
box's requests to partners (/api/v1/partner-requests/, for the box's members).

The same selectors as the pages; a partner's e-mail address is never part of an answer.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from config import keyset
from config.api import ByPublicId, page_size_param
from config.openapi import page_of
from partners import selectors, services
from partners.models import Kind, Partner, PartnerRequest, RequestStatus
from workspaces.api import HasActor, group_param
from workspaces.api import request_actor as _actor


class DistrictRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class PartnerSerializer(serializers.ModelSerializer):
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=Kind.choices))
    districts = serializers.SerializerMethodField(help_text="the Ortsteile it serves")
    url = serializers.SerializerMethodField(help_text="its page on the network")

    class Meta:
        model = Partner
        fields = [
            "slug", "name", "description", "kinds", "districts", "address", "opening_notes",
            "website", "url",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(DistrictRefSerializer(many=True))
    def get_districts(self, partner: Partner) -> list[dict[str, str]]:
        return [{"slug": d.slug, "name": d.name} for d in partner.districts.all()]

    def get_url(self, partner: Partner) -> str:
        from django.urls import reverse

        return reverse("partners:detail", kwargs={"slug": partner.slug})


PartnerPageSerializer = page_of("PartnerPage", PartnerSerializer(), next_field="next")


def _page_size(request: Request) -> int:
    if "page_size" in request.query_params:
        return page_size_param(request, "page_size", selectors.MAX_API_PAGE_SIZE)
    return selectors.API_PAGE_SIZE


PAGE_SIZE_PARAMETER = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1},
    description="1 to 100 (more counts as 100), default 25",
)
CURSOR_PARAMETER = OpenApiParameter(
    "cursor", str, description="the `next` value of the previous page"
)


class PartnerViewSet(viewsets.GenericViewSet):
    """The directory of offline partners, by name; filtered by Ortsteil, kind and words."""

    serializer_class = PartnerSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    @extend_schema(
        parameters=[
            OpenApiParameter("district", str, description="an Ortsteil's slug"),
            OpenApiParameter("kind", str, enum=Kind.values, description="one kind of help"),
            OpenApiParameter("q", str, description="words in name, description or address"),
            CURSOR_PARAMETER,
            PAGE_SIZE_PARAMETER,
        ],
        responses=PartnerPageSerializer,
    )
    def list(self, request: Request) -> Response:
        params = request.query_params
        kind = params.get("kind", "")
        if kind and kind not in Kind.values:
            raise serializers.ValidationError(
                {"kind": [_("Bitte wähle Räume, Werkzeug, Beratung oder Material.")]}
            )
        limit = _page_size(request)
        filters = selectors.DirectoryFilters(
            district=params.get("district", "")[:120], kind=kind, q=params.get("q", "")[:200]
        )
        qs = selectors.partner_directory(filters)
        after = keyset.decode(params.get("cursor", ""), str, int)
        if after is not None:
            name, pk = after
            from django.db.models import Q

            qs = qs.filter(Q(name__gt=name) | Q(name=name, id__gt=pk))
        items = list(qs[: limit + 1])
        next_cursor = None
        if len(items) > limit:
            items = items[:limit]
            next_cursor = keyset.encode(items[-1].name, items[-1].pk)
        return Response({"next": next_cursor, "results": PartnerSerializer(items, many=True).data})

    @extend_schema(responses=PartnerSerializer)
    def retrieve(self, request: Request, slug: str) -> Response:
        partner = selectors.partner_by_slug(slug)
        if partner is None:
            raise Http404
        return Response(PartnerSerializer(partner).data)


class BoxRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class PartnerRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class PartnerRequestSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    box = serializers.SerializerMethodField()
    partner = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=RequestStatus.choices)

    class Meta:
        model = PartnerRequest
        fields = [
            "id", "box", "partner", "what", "when", "status", "answer", "answered_at",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(BoxRefSerializer())
    def get_box(self, item: PartnerRequest) -> dict[str, str]:
        return {"slug": item.workspace.slug, "name": item.workspace.name}

    @extend_schema_field(PartnerRefSerializer())
    def get_partner(self, item: PartnerRequest) -> dict[str, str]:
        return {"slug": item.partner.slug, "name": item.partner.name}


PartnerRequestPageSerializer = page_of(
    "PartnerRequestPage", PartnerRequestSerializer(), next_field="next"
)


class PartnerRequestViewSet(ByPublicId, viewsets.GenericViewSet):
    """What the caller's boxes asked partners for, and their answers; newest first. Only the
    box's members (and platform staff) read a box's requests."""

    serializer_class = PartnerRequestSerializer
    permission_classes = [HasActor]

    @extend_schema(
        parameters=[
            OpenApiParameter("box", str, description="a box's slug; default: all your boxes"),
            CURSOR_PARAMETER,
            PAGE_SIZE_PARAMETER,
        ],
        responses=PartnerRequestPageSerializer,
    )
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        workspace = group_param(actor, request.query_params.get("box"))
        if workspace is not None and not (
            actor.is_moderator or getattr(workspace, "my_role", None) is not None
        ):
            raise services.PartnerError(
                _("Nur Mitglieder der Box sehen ihre Anfragen."), field="box", code="forbidden"
            )
        page = selectors.request_page(
            actor,
            workspace=workspace,
            cursor=request.query_params.get("cursor", ""),
            limit=_page_size(request),
        )
        return Response(
            {
                "next": page.next_cursor,
                "results": PartnerRequestSerializer(page.items, many=True).data,
            }
        )

    @extend_schema(responses=PartnerRequestSerializer)
    def retrieve(self, request: Request, public_id: Any) -> Response:
        found = selectors.request_for(_actor(request), public_id)
        if found is None:
            raise Http404
        return Response(PartnerRequestSerializer(found).data)
