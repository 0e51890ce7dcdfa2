"""REST API for citizen boxes on the network (``/api/v1/boxes/…``, ``/api/v1/box-invitations/``)
and the offers of help on an impulse (``/api/v1/impulses/<id>/offers/…``).

The same selectors and services as the box pages and the impulse page: serializers only
translate JSON. A box the caller may not see (a friend circle they are not in) is 404, never
listed; refused actions are 403, conflicts 409, bad input 400, each with a JSON body
(config/api.py). Who may is asked before what: the body is read only after the caller's right.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import UUID_PATTERN, CursorPage
from public_marketplace import selectors
from public_marketplace.api import OfferInputSerializer, _visible_impulse
from public_marketplace.models import (
    District,
    Impulse,
    OfferKind,
    OfferMode,
    OfferStatus,
    Participation,
)
from public_marketplace.permissions import can_edit_impulse
from public_marketplace.services import boxes as box_services
from workspaces import invitations
from workspaces import permissions as perms
from workspaces import services as workspace_services
from workspaces.api import (
    JOIN_RESULT,
    GroupMemberSerializer,
    HasActor,
    JoinRequestSerializer,
    decide_join_request_response,
    request_actor,
)
from workspaces.models import (
    InvitationQuerySet,
    Visibility,
    Workspace,
    WorkspaceInvitation,
    WorkspaceMember,
    WorkspaceRole,
)
from workspaces.selectors import pending_requests

# --- Serializers -------------------------------------------------------------------------------

# A shareable link or a single-use invitation mailed to one address (workspaces/invitations.py).
INVITATION_KINDS = [("link", "link"), ("email", "email")]


class BoxSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    visibility = serializers.ChoiceField(
        choices=Visibility.choices,
        read_only=True,
        help_text="closed: a box of an impulse (members read, others ask to join); "
        "secret: a friend circle (only its members know it)",
    )
    my_role = serializers.ChoiceField(
        choices=WorkspaceRole.choices,
        read_only=True,
        allow_null=True,
        help_text="the caller's role in the box; null: not a member",
    )
    impulse = serializers.UUIDField(
        source="impulse_public_id",
        read_only=True,
        allow_null=True,
        help_text="the id of the impulse the box implements; null: a friend circle",
    )

    class Meta:
        model = Workspace
        fields = [
            "id", "slug", "name", "description", "visibility", "member_count", "my_role",
            "impulse", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class BoxMemberSerializer(GroupMemberSerializer):
    """A member by display name (never an e-mail address) and role, for the box's members."""

    role = serializers.ChoiceField(choices=WorkspaceRole.choices, read_only=True)

    class Meta(GroupMemberSerializer.Meta):
        pass


class HandOverSerializer(serializers.Serializer):
    person = serializers.UUIDField(help_text="the person id of the member who takes over")


class InvitationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = WorkspaceInvitation
        fields = ["id", "kind", "email", "created_by", "created_at", "expires_at", "use_count"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=INVITATION_KINDS))
    def get_kind(self, invitation: WorkspaceInvitation) -> str:
        return "link" if invitation.is_link else "email"

    def get_created_by(self, invitation: WorkspaceInvitation) -> str | None:
        return invitation.created_by.name if invitation.created_by is not None else None


class IssuedInvitationSerializer(InvitationSerializer):
    url = serializers.SerializerMethodField(
        help_text="the link with its token: shown this once (only its hash is stored); "
        "empty for an e-mail invitation (the link went to the address)"
    )

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "url"]
        read_only_fields = fields

    def get_url(self, invitation: WorkspaceInvitation) -> str:
        return str(self.context.get("url", ""))


class InvitationInputSerializer(serializers.Serializer):
    email = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="invite this address (a single-use link by e-mail); without it: a link",
    )
    valid_days = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=f"a link's lifetime, 1 to {invitations.MAX_LINK_DAYS} days; null or none: "
        "until revoked",
    )


class AcceptInvitationSerializer(serializers.Serializer):
    token = serializers.CharField(
        max_length=200, help_text="the token of the link (the last part of its path)"
    )


class PersonRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class OfferSerializer(serializers.ModelSerializer):
    """An offer of help: what the helper brings, how and where, and the note for the
    impulse's owner. Only the owner and the helper see it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    helper = PersonRefSerializer(source="user", read_only=True)
    brings = serializers.ListField(
        child=serializers.ChoiceField(choices=OfferKind.choices), read_only=True
    )
    mode = serializers.ChoiceField(choices=OfferMode.choices, read_only=True)
    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    status = serializers.ChoiceField(choices=OfferStatus.choices, read_only=True)

    class Meta:
        model = Participation
        fields = [
            "id", "helper", "brings", "mode", "district", "note", "status", "created_at",
            "decided_at",
        ]  # fmt: skip
        read_only_fields = fields


BOX_MEMBER_RESPONSE = OpenApiResponse(
    JOIN_RESULT, description="`member`: joined an open box; `requested`: asked to join"
)


# --- Boxes -------------------------------------------------------------------------------------


class ByName(CursorPage):
    ordering = ("name", "id")  # type: ignore[assignment]  # the base names one field


class ByJoining(CursorPage):
    ordering = ("id",)
    page_size = 100


def _forbidden(message: str) -> workspace_services.WorkspaceError:
    return workspace_services.WorkspaceError(message, code="forbidden")


class BoxViewSet(viewsets.GenericViewSet):
    """Boxes on the network: "Meine Boxen" (the boxes the caller belongs to, by name) and any
    box the caller may see by its slug (an impulse's box: everyone; a friend circle: its
    members and platform staff, else 404)."""

    serializer_class = BoxSerializer
    permission_classes = [HasActor]
    reader_actions = ("leave",)  # a blocked person may still leave their boxes
    pagination_class = ByName
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self) -> Any:
        return selectors.my_boxes(request_actor(self.request))

    def _box(self) -> Workspace:
        box = selectors.box_for(request_actor(self.request), self.kwargs["slug"])
        if box is None:
            raise Http404
        return box

    def _managed_box(self) -> Workspace:
        box = self._box()
        if not perms.can_manage_workspace(request_actor(self.request), box):
            raise _forbidden(_("Nur wer die Box verantwortet, kann das."))
        return box

    def _fresh(self, box: Workspace) -> dict[str, Any]:
        fresh = selectors.box_for(request_actor(self.request), box.slug)
        if fresh is None:  # left a friend circle: it is gone from view
            raise Http404
        return BoxSerializer(fresh).data

    @extend_schema(responses=BoxSerializer(many=True))
    def list(self, request: Request) -> Response:
        """ "Meine Boxen": the boxes and friend circles the caller belongs to."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(BoxSerializer(page, many=True).data)

    def retrieve(self, request: Request, slug: str) -> Response:
        return Response(BoxSerializer(self._box()).data)

    @extend_schema(responses=BoxMemberSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=ByJoining)
    def members(self, request: Request, slug: str) -> Response:
        """Who is in the box, by display name and role, in the order they came (members and
        platform staff; the box page shows others only the number)."""
        box = self._box()
        if not perms.can_read_workspace(request_actor(request), box):
            raise _forbidden(_("Nur Mitglieder sehen, wer dabei ist."))
        page = self.paginate_queryset(
            WorkspaceMember.objects.filter(workspace=box).select_related("user")
        )
        return self.get_paginated_response(BoxMemberSerializer(page, many=True).data)

    @extend_schema(request=None, responses={200: JOIN_RESULT, 202: BOX_MEMBER_RESPONSE})
    @action(detail=True, methods=["post"])
    def join(self, request: Request, slug: str) -> Response:
        """Ask to join an impulse's box (``requested``; its owners decide) or join an open one
        (``member``). Friend circles take invitations only."""
        box = self._box()
        actor = request_actor(request)
        if box.visibility == Visibility.OPEN:
            workspace_services.join_workspace(actor=actor, workspace=box)
            return Response({"status": "member"})
        workspace_services.request_to_join(actor=actor, workspace=box)
        return Response({"status": "requested"}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, slug: str) -> Response:
        """Leave the box (its owner hands it over first)."""
        workspace_services.leave_workspace(actor=request_actor(request), workspace=self._box())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=HandOverSerializer, responses=BoxSerializer)
    @action(detail=True, methods=["post"], url_path="hand-over", url_name="hand-over")
    def hand_over(self, request: Request, slug: str) -> Response:
        """The owner makes another member the owner and stays as co-owner."""
        box = self._box()
        actor = request_actor(request)
        if not (actor.is_moderator or perms.role_in(box) == WorkspaceRole.OWNER):
            raise _forbidden(_("Nur die oder der Verantwortliche übergibt die Box."))
        data = HandOverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = (
            WorkspaceMember.objects.filter(
                workspace=box, user__public_id=data.validated_data["person"]
            )
            .select_related("user")
            .first()
        )
        if member is None:
            raise workspace_services.WorkspaceError(
                _("Diese Person ist kein Mitglied der Box."), field="person"
            )
        workspace_services.hand_over_workspace(actor=actor, workspace=box, user=member.user)
        return Response(self._fresh(box))

    @extend_schema(responses=JoinRequestSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def requests(self, request: Request, slug: str) -> Response:
        """Open requests to join (the box's owners and platform staff), oldest first."""
        box = self._managed_box()
        return Response(JoinRequestSerializer(pending_requests(box), many=True).data)

    @extend_schema(request=None, responses=JoinRequestSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"requests/(?P<request_id>{UUID_PATTERN})/(?P<decision>approve|decline)",
        url_name="decide",
    )
    def decide(self, request: Request, slug: str, request_id: str, decision: str) -> Response:
        """Let someone in (``approve``) or not (``decline``); each request is decided once."""
        return decide_join_request_response(
            actor=request_actor(request),
            workspace=self._managed_box(),
            request_id=request_id,
            decision=decision,
        )

    @extend_schema(methods=["GET"], request=None, responses=InvitationSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=InvitationInputSerializer,
        responses={201: IssuedInvitationSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def invitations(self, request: Request, slug: str) -> Response:
        """The box's usable links and e-mail invitations (newest first), or a new one: with
        ``email`` a single-use link goes to that address, else a link to share (its ``url``
        is shown this once)."""
        box = self._managed_box()
        actor = request_actor(request)
        if request.method == "GET":
            return Response(InvitationSerializer(invitations.open_invitations(box), many=True).data)
        data = InvitationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        email = data.validated_data.get("email", "")
        url = ""
        if email:
            issued = invitations.invite_by_email(actor=actor, workspace=box, email=email)
        else:
            issued = invitations.create_link(
                actor=actor, workspace=box, valid_days=data.validated_data.get("valid_days")
            )
            url = invitations.absolute(invitations.invitation_path(issued.token))
        body = IssuedInvitationSerializer(issued.invitation, context={"url": url}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=f"invitations/(?P<invitation_id>{UUID_PATTERN})",
        url_name="invitation",
    )
    def invitation(self, request: Request, slug: str, invitation_id: str) -> Response:
        """Revoke a link or an e-mail invitation: it lets nobody in from now on (one that is
        revoked, expired or used is no longer there: 404)."""
        box = self._managed_box()
        invitation = (
            InvitationQuerySet(WorkspaceInvitation)
            .usable()
            .filter(workspace=box, public_id=invitation_id)
            .first()
        )
        if invitation is None:
            raise Http404
        invitations.revoke(actor=request_actor(request), workspace=box, invitation=invitation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AcceptBoxInvitation(APIView):
    """Join the box behind an invitation link (already in: nothing changes). A revoked,
    expired, used or unknown token is a 400 that says which, and lets nobody in."""

    permission_classes = [HasActor]

    @extend_schema(request=AcceptInvitationSerializer, responses=BoxSerializer)
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        data = AcceptInvitationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        box = invitations.accept(actor=actor, token=data.validated_data["token"])
        fresh = selectors.box_for(actor, box.slug)
        if fresh is None:  # joined just now, so only for the type checker
            raise Http404
        return Response(BoxSerializer(fresh).data)


# --- Offers of help ----------------------------------------------------------------------------


def _offer(request: Request, impulse: Impulse, offer_id: Any) -> Participation:
    """The offer if the caller may see it: the impulse's owner sees every offer, a helper their
    own; anyone else gets 404."""
    offer = (
        Participation.objects.select_related("user", "district")
        .filter(impulse=impulse, public_id=offer_id)
        .first()
    )
    if offer is None or not (
        offer.user_id == request.user.pk or can_edit_impulse(request.user, impulse)
    ):
        raise Http404
    return offer


class ImpulseOffers(APIView):
    """The offers of help on an impulse: its owner sees all of them (open ones first), anyone
    else only their own (an empty list or one offer). POST offers help ("Mitmachen")."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OfferSerializer(many=True))
    def get(self, request: Request, public_id: Any) -> Response:
        impulse = _visible_impulse(request, public_id)
        if can_edit_impulse(request.user, impulse):
            offers = selectors.offers_of(impulse)
        else:
            mine = selectors.my_offer(impulse, request.user)
            offers = [mine] if mine is not None else []
        return Response(OfferSerializer(offers, many=True).data)

    @extend_schema(request=OfferInputSerializer, responses={201: OfferSerializer})
    def post(self, request: Request, public_id: Any) -> Response:
        impulse = _visible_impulse(request, public_id)
        data = OfferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        district = None
        if values.get("district"):
            district = District.objects.filter(city=impulse.city, slug=values["district"]).first()
            if district is None:
                raise serializers.ValidationError(
                    {"district": [_("Diesen Ortsteil gibt es nicht.")]}
                )
        offer = box_services.offer_help(
            impulse=impulse,
            user=request.user,
            brings=values.get("brings", []),
            mode=values["mode"],
            district=district,
            note=values.get("note", ""),
        )
        fresh = _offer(request, impulse, offer.public_id)
        return Response(OfferSerializer(fresh).data, status=status.HTTP_201_CREATED)


class ImpulseOffer(APIView):
    """One offer (its impulse's owner or its helper); DELETE: the helper takes an open offer
    back (a decided one is a 409: accepted helpers leave through the box)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OfferSerializer)
    def get(self, request: Request, public_id: Any, offer_id: Any) -> Response:
        impulse = _visible_impulse(request, public_id)
        return Response(OfferSerializer(_offer(request, impulse, offer_id)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, public_id: Any, offer_id: Any) -> Response:
        impulse = _visible_impulse(request, public_id)
        offer = _offer(request, impulse, offer_id)
        if offer.user_id != request.user.pk:
            raise _forbidden(_("Nur wer das Angebot gemacht hat, zieht es zurück."))
        box_services.withdraw_offer(impulse=impulse, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ImpulseOfferDecision(APIView):
    """The impulse's owner accepts an offer (the helper joins the box, opened if needed) or
    declines it. Each offer is decided once: a second decision is a 409."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=OfferSerializer)
    def post(self, request: Request, public_id: Any, offer_id: Any, decision: str) -> Response:
        impulse = _visible_impulse(request, public_id)
        offer = _offer(request, impulse, offer_id)
        box_services.decide_offer(
            impulse=impulse, offer=offer, by=request.user, accept=decision == "accept"
        )
        return Response(OfferSerializer(_offer(request, impulse, offer_id)).data)
