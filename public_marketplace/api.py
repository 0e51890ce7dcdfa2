"""REST API of the citizen network: the same selectors and services as the web pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.openapi import page_of
from public_marketplace import selectors
from public_marketplace.models import (
    City,
    CouncilBody,
    District,
    Impulse,
    ImpulseKind,
    ImpulseStatus,
    OfferKind,
    OfferMode,
    Topic,
)
from public_marketplace.permissions import can_aim_impulse, can_view_impulse, may_change_status
from public_marketplace.services import boxes as box_services
from public_marketplace.services import goals
from public_marketplace.services import impulses as impulse_services
from tenants.models import Organisation


class DistrictSerializer(serializers.ModelSerializer):
    borough = serializers.SerializerMethodField(help_text="the Stadtbezirk of an Ortsteil")

    class Meta:
        model = District
        fields = ["slug", "name", "number", "level", "borough", "population"]

    def get_borough(self, district: District) -> str | None:
        return district.parent.slug if district.parent else None


class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["slug", "name", "state", "population"]


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class OrganisationRefSerializer(serializers.ModelSerializer):
    verified = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "verified"]

    def get_verified(self, organisation: Organisation) -> bool:
        return organisation.verified_at is not None  # a staff decision (ORG-1)


class TargetBodySerializer(serializers.ModelSerializer):
    class Meta:
        model = CouncilBody
        fields = ["id", "slug", "name", "kind"]


class ImpulseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    city: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    districts = DistrictSerializer(many=True, read_only=True)
    topics = TopicSerializer(many=True, read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)
    author_name = serializers.SerializerMethodField()
    target_body = TargetBodySerializer(
        read_only=True, allow_null=True, help_text="the council body the support goal aims at"
    )
    goal_state = serializers.SerializerMethodField(
        help_text="open | reached | missed (a passed deadline reads as missed); null: no goal"
    )

    class Meta:
        model = Impulse
        fields = [
            "id", "kind", "title", "body", "body_html", "status", "city", "districts", "topics",
            "author_kind", "author_name", "organisation", "starts_at", "ends_at", "place_name",
            "address", "latitude", "longitude", "online_url", "support_count",
            "participant_count", "comment_count", "implementation_report", "published_at",
            "target_body", "support_goal", "support_deadline", "goal_state", "goal_reached_at",
            "goal_missed_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_author_name(self, impulse: Impulse) -> str | None:
        return None if impulse.organisation_id else impulse.author.name

    @extend_schema_field(
        {"type": "string", "enum": ["open", "reached", "missed"], "nullable": True}
    )
    def get_goal_state(self, impulse: Impulse) -> str | None:
        return impulse.goal_state or None


class ImpulseWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImpulseKind.choices)
    title = serializers.CharField(max_length=140)
    body = serializers.CharField(max_length=20_000)
    city = serializers.SlugRelatedField(slug_field="slug", queryset=City.objects.all())
    districts = serializers.ListField(child=serializers.SlugField(), required=False, default=list)
    topics = serializers.ListField(child=serializers.SlugField(), required=False, default=list)
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    place_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    online_url = serializers.URLField(required=False, allow_blank=True, default="")
    organisation = serializers.SlugField(required=False, allow_blank=True, default="")
    publish = serializers.BooleanField(required=False, default=True)

    def to_input(self) -> impulse_services.ImpulseInput:
        data = self.validated_data
        city = data["city"]
        district_ids = _ids(District.objects.filter(city=city), data["districts"], "districts")
        topic_ids = _ids(Topic.objects.all(), data["topics"], "topics")
        return impulse_services.ImpulseInput(
            kind=data["kind"], title=data["title"], body=data["body"], city=city,
            district_ids=district_ids, topic_ids=topic_ids, starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"), place_name=data["place_name"], address=data["address"],
            latitude=data.get("latitude"), longitude=data.get("longitude"),
            online_url=data["online_url"],
        )  # fmt: skip


def _ids(queryset: QuerySet[Any], slugs: list[str], field: str) -> list[int]:
    found = dict(queryset.filter(slug__in=set(slugs)).values_list("slug", "pk"))
    unknown = sorted(set(slugs) - set(found))
    if unknown:
        raise serializers.ValidationError({field: [f"unknown: {', '.join(unknown)}"]})
    return [found[s] for s in slugs]


FILTER_PARAMETERS = [
    OpenApiParameter(name, str, description=description)
    for name, description in (
        ("q", "German full-text search (typo tolerant)"),
        ("city", "city slug"),
        ("district", "district slug (a Stadtbezirk includes its Ortsteile)"),
        ("kind", "idea | event | reform"),
        (
            "status",
            "published | gathering | in_implementation | implemented | abandoned | archived",
        ),
        ("topic", "topic slug"),
        ("organisation", "organisation slug"),
        ("sort", "trending | newest | supported | upcoming"),
        ("cursor", "the `next_cursor` of the previous page"),
    )
]


class ImpulseListCreate(APIView):
    """List and search impulses (keyset pages), or post one."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="v1_impulses_list",
        parameters=FILTER_PARAMETERS,
        responses=page_of("ImpulsePage", ImpulseSerializer()),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        keys = ("q", "city", "district", "kind", "status", "topic", "organisation", "sort")
        filters = selectors.ImpulseFilters(**{key: params.get(key, "")[:200] for key in keys})
        page = selectors.impulse_page(filters, cursor=params.get("cursor", ""))
        return Response(
            {
                "results": ImpulseSerializer(page.items, many=True).data,
                "next_cursor": page.next_cursor,
            }
        )

    @extend_schema(request=ImpulseWriteSerializer, responses={201: ImpulseSerializer})
    def post(self, request: Request) -> Response:
        serializer = ImpulseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = None
        slug = serializer.validated_data["organisation"]
        if slug:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                raise serializers.ValidationError({"organisation": ["unknown organisation"]})
        impulse = impulse_services.post_impulse(
            author=request.user,
            data=serializer.to_input(),
            organisation=organisation,
            publish=serializer.validated_data["publish"],
        )
        created = selectors.impulse_for_page(impulse.public_id)
        return Response(ImpulseSerializer(created).data, status=status.HTTP_201_CREATED)


def _visible_impulse(request: Request, public_id: Any) -> Impulse:
    impulse = selectors.impulse_for_page(public_id)
    if impulse is None or not can_view_impulse(request.user, impulse):
        raise Http404
    return impulse


class ImpulseDetail(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=ImpulseSerializer)
    def get(self, request: Request, public_id: Any) -> Response:
        return Response(ImpulseSerializer(_visible_impulse(request, public_id)).data)

    @extend_schema(request=ImpulseWriteSerializer, responses=ImpulseSerializer)
    def put(self, request: Request, public_id: Any) -> Response:
        impulse = _visible_impulse(request, public_id)
        serializer = ImpulseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        impulse_services.edit_impulse(
            impulse=impulse, editor=request.user, data=serializer.to_input()
        )
        return Response(ImpulseSerializer(selectors.impulse_for_page(public_id)).data)


class AimSerializer(serializers.Serializer):
    target_body = serializers.IntegerField(
        min_value=1, help_text="the id of a council body of the impulse's city"
    )
    support_goal = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=goals.MAX_GOAL,
        help_text="left out or null: the body's default",
    )
    support_deadline = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="the last day (inclusive); left out or null: the body's period from today",
    )


class ImpulseGoal(APIView):
    """Aim the impulse at a council body with a support goal and a deadline, or take the aim
    back. Its author (its organisation's admins) and platform staff; a reached or missed goal
    is final (409)."""

    permission_classes = [IsAuthenticated]

    def _aimable(self, request: Request, public_id: Any) -> Impulse:
        impulse = _visible_impulse(request, public_id)
        if not can_aim_impulse(request.user, impulse):
            raise PermissionDenied(_("Du darfst das Ziel dieses Impulses nicht festlegen."))
        return impulse

    @extend_schema(request=AimSerializer, responses=ImpulseSerializer)
    def put(self, request: Request, public_id: Any) -> Response:
        impulse = self._aimable(request, public_id)
        serializer = AimSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        body = CouncilBody.objects.filter(pk=data["target_body"], city_id=impulse.city_id).first()
        goals.aim_at_body(
            by=request.user,
            impulse=impulse,
            body=body,
            goal=data.get("support_goal"),
            deadline=data.get("support_deadline"),
        )
        return Response(ImpulseSerializer(selectors.impulse_for_page(public_id)).data)

    @extend_schema(request=None, responses=ImpulseSerializer)
    def delete(self, request: Request, public_id: Any) -> Response:
        impulse = self._aimable(request, public_id)
        goals.clear_aim(by=request.user, impulse=impulse)
        return Response(ImpulseSerializer(selectors.impulse_for_page(public_id)).data)


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ImpulseStatus.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    report = serializers.CharField(max_length=20_000, required=False, allow_blank=True, default="")


class ImpulseStatusChange(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=StatusChangeSerializer, responses=ImpulseSerializer)
    def post(self, request: Request, public_id: Any) -> Response:
        impulse = _visible_impulse(request, public_id)
        if not may_change_status(request.user, impulse):
            raise PermissionDenied(_("Du darfst den Status nicht ändern."))
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        impulse_services.change_status(
            impulse=impulse,
            to_status=data["status"],
            by=request.user,
            note=data["note"],
            report=data["report"],
        )
        return Response(ImpulseSerializer(selectors.impulse_for_page(public_id)).data)


class SupportSerializer(serializers.Serializer):
    show_name = serializers.BooleanField(required=False, default=False)


class CountsSerializer(serializers.Serializer):
    support_count = serializers.IntegerField()
    participant_count = serializers.IntegerField()


def _counts(impulse: Impulse) -> Response:
    impulse.refresh_from_db(fields=["support_count", "participant_count"])
    return Response(
        {"support_count": impulse.support_count, "participant_count": impulse.participant_count}
    )


class ImpulseSupport(APIView):
    """Support an impulse (once) or withdraw the support."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=SupportSerializer, responses={201: CountsSerializer})
    def post(self, request: Request, public_id: Any) -> Response:
        impulse = _visible_impulse(request, public_id)
        serializer = SupportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        impulse_services.support_impulse(
            impulse=impulse, user=request.user, **serializer.validated_data
        )
        response = _counts(impulse)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(responses={200: CountsSerializer})
    def delete(self, request: Request, public_id: Any) -> Response:
        impulse = _visible_impulse(request, public_id)
        impulse_services.withdraw_support(impulse=impulse, user=request.user)
        return _counts(impulse)


class OfferInputSerializer(serializers.Serializer):
    """What the helper brings, how and where (all optional); only the impulse's owner sees it."""

    brings = serializers.ListField(
        child=serializers.ChoiceField(choices=OfferKind.choices), required=False, max_length=4
    )
    mode = serializers.ChoiceField(choices=OfferMode.choices, default=OfferMode.IN_PERSON)
    district = serializers.SlugField(
        required=False, help_text="The slug of a district of the impulse's city."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ImpulseParticipation(APIView):
    """ "Mitmachen": offer to help implement the impulse (open until its owner decides), or take
    an open offer back."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=OfferInputSerializer, responses={201: CountsSerializer})
    def post(self, request: Request, public_id: Any) -> Response:
        impulse = _visible_impulse(request, public_id)
        offer = OfferInputSerializer(data=request.data)
        offer.is_valid(raise_exception=True)
        data = offer.validated_data
        district = None
        if data.get("district"):
            district = District.objects.filter(city=impulse.city, slug=data["district"]).first()
            if district is None:
                raise serializers.ValidationError(
                    {"district": [_("Diesen Ortsteil gibt es nicht.")]}
                )
        box_services.offer_help(
            impulse=impulse,
            user=request.user,
            brings=data.get("brings", []),
            mode=data["mode"],
            district=district,
            note=data.get("note", ""),
        )
        response = _counts(impulse)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(responses={200: CountsSerializer})
    def delete(self, request: Request, public_id: Any) -> Response:
        impulse = _visible_impulse(request, public_id)
        box_services.withdraw_offer(impulse=impulse, user=request.user)
        return _counts(impulse)


class CityList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = CitySerializer
    queryset = City.objects.order_by("name")
    pagination_class = None


class DistrictList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = DistrictSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[District]:
        return (
            District.objects.filter(city__slug=self.kwargs["city"])
            .select_related("parent")
            .order_by("number")
        )


class TopicList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = TopicSerializer
    queryset = Topic.objects.order_by("name")
    pagination_class = None
