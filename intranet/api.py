"""REST API inside an organisation (served on the organisation's own host)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from billing.entitlements import has_feature
from billing.models import Feature
from config.api import CursorPage
from intranet import search, selectors
from intranet.models import Membership
from intranet.permissions import DIRECTORY_ROLE, current_membership
from tenants import services
from tenants.models import Role


class IsMember(BasePermission):
    """Active member of this organisation; reads need the view's ``read_role`` (guests by
    default), writes its ``write_role`` (members by default)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        membership = current_membership(request._request) if request.user.is_authenticated else None
        if membership is None:
            return False
        if isinstance(request.successful_authenticator, TokenAuthentication) and not has_feature(
            request._request.tenant,  # type: ignore[attr-defined]
            Feature.API_ACCESS,
        ):
            # Token access for other systems is a plan feature; the browser session always works.
            self.message = _(
                "Der API-Zugang mit Token ist im Tarif dieser Organisation nicht enthalten."
            )
            return False
        minimum = (
            getattr(view, "write_role", Role.MEMBER)
            if request.method not in ("GET", "HEAD", "OPTIONS")
            else getattr(view, "read_role", Role.GUEST)
        )
        return membership.has_role(minimum)


class ContactSerializer(serializers.Serializer):
    email = serializers.EmailField()
    phone = serializers.CharField()


class MemberSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="user.public_id", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)
    contact = serializers.SerializerMethodField(
        help_text="Only when the member shares contact details with the caller; else null."
    )

    class Meta:
        model = Membership
        fields = ["id", "name", "role", "function", "joined_at", "contact"]

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_contact(self, membership: Membership) -> dict[str, str] | None:
        viewer = self.context.get("viewer")
        if not membership.contact_visible_to(viewer):
            return None
        return {
            "email": membership.contact_email or membership.user.email,
            "phone": membership.phone,
        }


class MemberViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The member directory: names, roles and functions; contact details only where each
    member chose to share them with the caller."""

    serializer_class = MemberSerializer
    permission_classes = [IsMember]
    read_role = DIRECTORY_ROLE
    pagination_class = CursorPage

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.active_memberships()

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "viewer": current_membership(self.request._request),
        }


class InvitationSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(
        choices=[Role.MEMBER, Role.GUEST, Role.ADMIN], default=Role.MEMBER
    )
    id = serializers.UUIDField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)


class InvitationViewSet(viewsets.GenericViewSet):
    """Invite a person by e-mail (admins and owners)."""

    serializer_class = InvitationSerializer
    permission_classes = [IsMember]
    write_role = Role.ADMIN

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issued = services.invite_member(
            organisation=request.tenant,  # type: ignore[attr-defined]
            invited_by=request.user,  # type: ignore[arg-type]
            **serializer.validated_data,
        )
        invitation = issued.invitation
        return Response(
            {
                "id": invitation.public_id,
                "email": invitation.email,
                "role": invitation.role,
                "expires_at": invitation.expires_at,
            },
            status=201,
        )


class PostHitSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    excerpt = serializers.SerializerMethodField()
    group = serializers.CharField(source="workspace.name", default=None, allow_null=True)
    created_at = serializers.DateTimeField()

    def get_excerpt(self, post: Any) -> str:
        return str(post.body[:200])


class EventHitSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()


class DocumentHitSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    group = serializers.CharField(source="workspace.name", default=None, allow_null=True)


class GroupHitSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PersonHitSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="user.public_id")
    name = serializers.CharField(source="user.name")
    function = serializers.CharField()


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    posts = PostHitSerializer(many=True)
    events = EventHitSerializer(many=True)
    documents = DocumentHitSerializer(many=True)
    groups = GroupHitSerializer(many=True)
    people = PersonHitSerializer(many=True)


class SearchView(APIView):
    """Search posts, events, documents, groups and people of this organisation (``?q=``, at
    least two characters; German full text with "phrases" and -exclusions); at most 10 hits
    per kind, only what the caller may see; people for members only, never for guests."""

    permission_classes = [IsMember]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                # At least two characters besides spaces, as search.clean_query counts them.
                {"type": "string", "pattern": r"^[^\x00]*\S[^\x00]*\S[^\x00]*$"},
                required=True,
            )
        ],
        responses=SearchResultsSerializer,
    )
    def get(self, request: Request) -> Response:
        from workspaces.scopes import actor_for

        actor = actor_for(request._request)
        query = search.clean_query(request.query_params.get("q", ""))
        if actor is None:
            return Response({"detail": _("Nicht gefunden.")}, status=404)
        if len(query) < search.MIN_QUERY:
            return Response({"q": [_("Bitte gib mindestens zwei Zeichen ein.")]}, status=400)
        return Response(SearchResultsSerializer(search.search(actor, query)).data)
