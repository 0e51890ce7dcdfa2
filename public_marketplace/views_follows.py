"""Following impulses, districts and organisations, for the web (an htmx button) and the API.
HTTP only: the rules live in public_marketplace/services/follows.py."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import CursorPage
from config.domain import DomainError
from moderation.rules import ensure_can_participate
from public_marketplace import selectors
from public_marketplace.models import District, Follow, FollowTarget, Impulse
from public_marketplace.services import follows as follow_services
from tenants.models import Organisation

Target = Impulse | District | Organisation
STATUS = {"forbidden": 403, "not_found": 404, "conflict": 409, "rate_limited": 429}


def _url(name: str, **kwargs: Any) -> str:
    """These routes exist on the public network only, whichever URL conf is active."""
    return reverse(name, urlconf=settings.PUBLIC_SCHEMA_URLCONF, kwargs=kwargs)


def follow_button(user: Any, target: Target, error: str = "") -> dict[str, Any]:
    """Context for ``public_marketplace/_follow_button.html``; one query (do they follow?)."""
    if isinstance(target, Impulse):
        kind, key = FollowTarget.IMPULSE, str(target.public_id)
        url = _url("follow_impulse", public_id=target.public_id)
    elif isinstance(target, District):
        kind, key = FollowTarget.DISTRICT, str(target.pk)
        place = cast(District, target)  # Organisation's untyped base defeats the narrowing
        url = _url("follow_district", city=place.city.slug, district=place.slug)
    else:
        kind, key = FollowTarget.ORGANISATION, target.slug
        url = _url("follow_organisation", slug=target.slug)
    following = bool(
        user.is_authenticated and Follow.objects.filter(user=user, **{kind: target}).exists()
    )
    return {
        "url": url,
        "following": following,
        "dom_id": f"follow-{kind}-{key}",
        "name": str(target),
        "error": error,
    }


def _visible_impulse(public_id: UUID) -> Impulse:
    impulse = Impulse.objects.filter(public_id=public_id).first()
    if impulse is None or not impulse.is_visible:
        raise Http404
    return impulse


def _district(city: str, district: str) -> District:
    return get_object_or_404(
        District.objects.select_related("city"), city__slug=city, slug=district
    )


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(selectors.public_organisations(), slug=slug)


def _page_of(target: Target) -> str:
    if isinstance(target, Impulse):
        return _url("impulse_detail", public_id=target.public_id)
    if isinstance(target, District):
        place = cast(District, target)
        return f"{_url('impulse_list')}?city={place.city.slug}&district={place.slug}"
    return _url("organisation_profile", slug=target.slug)


# --- Web -------------------------------------------------------------------------------------


def _toggle(request: HttpRequest, target: Target) -> HttpResponse:
    """``action=unfollow`` ends following; anything else starts it. Following twice is no
    error here: the button simply shows the state."""
    unfollowing = request.POST.get("action") == "unfollow"
    error, status = "", 200
    try:
        if unfollowing:
            follow_services.unfollow(user=request.user, target=target)
        else:
            ensure_can_participate(request.user)
            follow_services.follow(user=request.user, target=target)
    except DomainError as exc:
        if exc.code != "conflict":
            error, status = exc.message, STATUS.get(exc.code, 400)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"follow": follow_button(request.user, target, error)}
        return render(request, "public_marketplace/_follow_button.html", context, status=status)
    if error:
        messages.error(request, error)
    elif unfollowing:
        messages.success(request, _("Du folgst „%(name)s“ nicht mehr.") % {"name": target})
    else:
        messages.success(request, _("Du folgst jetzt „%(name)s“.") % {"name": target})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = _page_of(target)
    return redirect(back)


@login_required
@require_POST
def follow_impulse(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _toggle(request, _visible_impulse(public_id))


@login_required
@require_POST
def follow_district(request: HttpRequest, city: str, district: str) -> HttpResponse:
    return _toggle(request, _district(city, district))


@login_required
@require_POST
def follow_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    return _toggle(request, _organisation(slug))


# --- API -------------------------------------------------------------------------------------


class FollowTargetSerializer(serializers.Serializer):
    """What to follow: an impulse (its id), a district (city and district slug) or an
    organisation (its slug)."""

    target = serializers.ChoiceField(choices=FollowTarget.choices)
    impulse = serializers.UUIDField(required=False)
    city = serializers.SlugField(required=False)
    district = serializers.SlugField(required=False)
    organisation = serializers.SlugField(required=False)

    NEEDS = {
        FollowTarget.IMPULSE: ("impulse",),
        FollowTarget.DISTRICT: ("city", "district"),
        FollowTarget.ORGANISATION: ("organisation",),
    }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        missing = [f for f in self.NEEDS[attrs["target"]] if not attrs.get(f)]
        if missing:
            raise serializers.ValidationError(
                {f: [_("Dieses Feld wird für dieses Ziel gebraucht.")] for f in missing}
            )
        return attrs

    def resolve(self) -> Target:
        data = self.validated_data
        if data["target"] == FollowTarget.IMPULSE:
            return _visible_impulse(data["impulse"])
        if data["target"] == FollowTarget.DISTRICT:
            return _district(data["city"], data["district"])
        return _organisation(data["organisation"])


def _target(name: str, kind: str, **fields: serializers.Field) -> serializers.Serializer:
    return inline_serializer(name, {"target": serializers.ChoiceField(choices=[kind]), **fields})


# What the body of a POST must hold for each target (FollowTargetSerializer.NEEDS).
FOLLOW_TARGET = PolymorphicProxySerializer(
    component_name="FollowTarget",
    serializers={
        FollowTarget.IMPULSE.value: _target(
            "FollowImpulse", "impulse", impulse=serializers.UUIDField()
        ),
        FollowTarget.DISTRICT.value: _target(
            "FollowDistrict",
            "district",
            city=serializers.SlugField(),
            district=serializers.SlugField(),
        ),
        FollowTarget.ORGANISATION.value: _target(
            "FollowOrganisation", "organisation", organisation=serializers.SlugField()
        ),
    },
    resource_type_field_name="target",
)


class FollowedDistrictSerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city.slug", read_only=True)

    class Meta:
        model = District
        fields = ["city", "slug", "name"]


class FollowedOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name"]


class FollowSerializer(serializers.ModelSerializer):
    impulse = serializers.UUIDField(source="impulse.public_id", read_only=True, allow_null=True)
    district = FollowedDistrictSerializer(read_only=True, allow_null=True)
    organisation = FollowedOrganisationSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Follow
        fields = ["target", "impulse", "district", "organisation", "created_at"]
        read_only_fields = fields


class FollowList(generics.ListCreateAPIView):
    """What the signed-in person follows; follow something (POST) or stop (DELETE with the
    same fields as query parameters)."""

    serializer_class = FollowSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = CursorPage

    def get_queryset(self) -> QuerySet[Follow]:
        return Follow.objects.filter(user_id=self.request.user.pk or 0).select_related(
            "impulse", "district__city", "organisation"
        )

    @extend_schema(request=FOLLOW_TARGET, responses={201: FollowSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        wanted = FollowTargetSerializer(data=request.data)
        wanted.is_valid(raise_exception=True)
        target = wanted.resolve()
        ensure_can_participate(request.user)
        follow = follow_services.follow(user=request.user, target=target)
        fresh = self.get_queryset().get(pk=follow.pk)
        return Response(FollowSerializer(fresh).data, status=201)

    @extend_schema(parameters=[FollowTargetSerializer], request=None, responses={204: None})
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        wanted = FollowTargetSerializer(data=request.query_params)
        wanted.is_valid(raise_exception=True)
        follow_services.unfollow(user=request.user, target=wanted.resolve())
        return Response(status=204)
