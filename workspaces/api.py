"""REST API for groups and their feeds (served on an organisation's host under /api/v1/).

Same selectors and services as the web pages: serializers only translate JSON. Missing and
not-yours objects are 404 alike; refused actions are 403 with a JSON body (config/api.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import UUID_PATTERN, ByPublicId, CursorPage
from config.openapi import page_of
from intranet.api import IsMember
from threads.api_serializers import (
    CommentInputSerializer,
    CommentSerializer,
    ReactionInputSerializer,
    ReactionSerializer,
)
from threads.services import comments_on
from workspaces import permissions as perms
from workspaces import selectors, services
from workspaces.models import (
    JoinRequest,
    Post,
    Visibility,
    Workspace,
    WorkspaceMember,
)
from workspaces.permissions import Actor
from workspaces.scopes import actor_for


class HasActor(BasePermission):
    """Signed in and one of this host's people (on an intranet: an active member). Writes
    need a writing actor (not a guest, not an organisation whose plan has lapsed) before any
    input is read, except the view's ``reader_actions`` (leaving a group); what else a
    writer may do is the services' to decide."""

    message = gettext_lazy("Melde dich als Mitglied dieser Organisation an.")

    def has_permission(self, request: Request, view: Any) -> bool:
        actor = actor_for(request._request)
        if actor is None:
            return False
        if request.method in SAFE_METHODS or actor.can_write:
            return True
        if getattr(view, "action", None) in getattr(view, "reader_actions", ()):
            return True
        # The same 403 body as the services' own refusals: {"detail": …, "code": "forbidden"}.
        raise services.WorkspaceError(
            _(
                "Du kannst hier mitlesen, aber nichts ändern (als Gast, oder solange die "
                "Organisation nur lesen kann)."
            ),
            code="forbidden",
        )


class InScope(BasePermission):
    """The scope's own rule beside ``HasActor``: on an intranet the organisation's member rules
    (plan, token access, the view's roles); on the network ``HasActor`` alone decides (a box's
    tools filter to the boxes the caller may read). What a guest may change is the services'
    to say."""

    def has_permission(self, request: Request, view: Any) -> bool:
        tenant = getattr(request._request, "tenant", None)
        if tenant is None or tenant.is_public:
            return True
        rule = IsMember()
        allowed = rule.has_permission(request, view)
        if not allowed and getattr(rule, "message", None):
            self.message = rule.message  # e.g. token access is not in the plan
        return allowed


def request_actor(request: Request) -> Actor:
    """The caller as an actor; every building block's API uses it after ``HasActor``."""
    actor = actor_for(request._request)
    if actor is None:  # HasActor has checked; keeps the type checker honest
        raise Http404
    return actor


_actor = request_actor


def group_param(actor: Actor, slug: str | None, *, code: str = "invalid") -> Workspace | None:
    """The group named by a ``group`` parameter (None without one); a clear error when the
    caller cannot see such a group."""
    if not slug:
        return None
    workspace = selectors.workspace_for(actor, slug)
    if workspace is None:
        raise services.WorkspaceError(_("Diese Gruppe gibt es nicht."), field="group", code=code)
    return workspace


# --- Serializers -------------------------------------------------------------------------------


class GroupSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    my_role = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Workspace
        fields = [
            "id", "slug", "name", "description", "visibility", "member_count", "my_role",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class GroupInputSerializer(serializers.Serializer):
    # Length and emptiness are the service's to judge, so web and API give the same message.
    name = serializers.CharField(allow_blank=True, trim_whitespace=False)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.OPEN)


class GroupUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, trim_whitespace=False, required=False)
    description = serializers.CharField(allow_blank=True, required=False)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)


class GroupMemberSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="user.public_id", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)

    class Meta:
        model = WorkspaceMember
        fields = ["id", "name", "role", "joined_at"]
        read_only_fields = fields


class JoinRequestSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)

    class Meta:
        model = JoinRequest
        fields = ["id", "name", "status", "created_at"]
        read_only_fields = fields


class PostSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    group = serializers.SerializerMethodField()
    author_name = serializers.SerializerMethodField()
    author_is_former_member = serializers.SerializerMethodField()
    pinned = serializers.SerializerMethodField()
    reactions = ReactionSerializer(many=True, source="reaction_summary", read_only=True)

    class Meta:
        model = Post
        fields = [
            "id", "group", "author_name", "author_is_former_member", "body", "body_html",
            "created_at", "edited_at", "pinned", "comment_count", "reactions",
        ]  # fmt: skip
        read_only_fields = fields

    def get_group(self, post: Post) -> str | None:
        return post.workspace.slug if post.workspace is not None else None

    def get_author_name(self, post: Post) -> str | None:
        return post.author.name if post.author is not None else None

    def get_author_is_former_member(self, post: Post) -> bool:
        return post.author is None or not getattr(post, "author_is_current", True)

    def get_pinned(self, post: Post) -> bool:
        return post.pinned_at is not None


class PostInputSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    group = serializers.SlugField(required=False, allow_null=True, allow_blank=True)


class PostEditSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


FeedSerializer = page_of(
    "Feed", PostSerializer(), next_field="next", pinned=PostSerializer(many=True)
)


JOIN_RESULT = inline_serializer("JoinResult", {"status": serializers.CharField()})


# --- Groups ------------------------------------------------------------------------------------


class ByName(CursorPage):
    ordering = ("name", "id")  # type: ignore[assignment]  # the base names one field


class GroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Groups the caller may see (secret ones only for their members and organisation admins)."""

    serializer_class = GroupSerializer
    permission_classes = [HasActor]
    reader_actions = ("leave",)  # a member turned guest may still leave their groups
    pagination_class = ByName
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self) -> QuerySet[Workspace]:
        return selectors.visible_workspaces(_actor(self.request))

    def _workspace(self) -> Workspace:
        workspace = selectors.workspace_for(_actor(self.request), self.kwargs["slug"])
        if workspace is None:
            raise Http404
        return workspace

    @extend_schema(request=GroupInputSerializer, responses={201: GroupSerializer})
    def create(self, request: Request) -> Response:
        data = GroupInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        workspace = services.create_workspace(actor=_actor(request), **data.validated_data)
        return Response(GroupSerializer(workspace).data, status=201)

    @extend_schema(request=GroupUpdateSerializer, responses=GroupSerializer)
    def partial_update(self, request: Request, slug: str) -> Response:
        workspace = self._workspace()
        data = GroupUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {
            "name": workspace.name,
            "description": workspace.description,
            "visibility": workspace.visibility,
            **data.validated_data,
        }
        updated = services.update_workspace(actor=_actor(request), workspace=workspace, **values)
        return Response(GroupSerializer(updated).data)

    @extend_schema(
        request=None,
        responses={
            200: JOIN_RESULT,
            202: OpenApiResponse(JOIN_RESULT, description="asked to join a closed group"),
        },
    )
    @action(detail=True, methods=["post"])
    def join(self, request: Request, slug: str) -> Response:
        """Join an open group (``member``) or ask to join a closed one (``requested``)."""
        workspace = self._workspace()
        actor = _actor(request)
        if workspace.visibility == Visibility.CLOSED:
            services.request_to_join(actor=actor, workspace=workspace)
            return Response({"status": "requested"}, status=202)
        services.join_workspace(actor=actor, workspace=workspace)
        return Response({"status": "member"})

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, slug: str) -> Response:
        services.leave_workspace(actor=_actor(request), workspace=self._workspace())
        return Response(status=204)

    @extend_schema(responses=GroupMemberSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def members(self, request: Request, slug: str) -> Response:
        workspace = self._workspace()
        if not perms.can_read_workspace(_actor(request), workspace):
            raise services.WorkspaceError(
                _("Nur Mitglieder sehen, wer dazugehört."), code="forbidden"
            )
        return Response(GroupMemberSerializer(selectors.members_of(workspace), many=True).data)

    @extend_schema(responses=JoinRequestSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def requests(self, request: Request, slug: str) -> Response:
        """Open join requests (group admins)."""
        workspace = self._workspace()
        if not perms.can_manage_workspace(_actor(request), workspace):
            raise services.WorkspaceError(
                _("Nur Gruppen-Admins sehen die Anfragen."), code="forbidden"
            )
        return Response(
            JoinRequestSerializer(selectors.pending_requests(workspace), many=True).data
        )

    @extend_schema(request=None, responses=JoinRequestSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"requests/(?P<request_id>{UUID_PATTERN})/(?P<decision>approve|decline)",
        url_name="decide",
    )
    def decide(self, request: Request, slug: str, request_id: str, decision: str) -> Response:
        """Approve or decline a join request (group admins)."""
        return decide_join_request_response(
            actor=_actor(request),
            workspace=self._workspace(),
            request_id=request_id,
            decision=decision,
        )


def decide_join_request_response(
    *, actor: Actor, workspace: Workspace, request_id: str, decision: str
) -> Response:
    """The join request's decision for the group and box APIs alike (``approve``/``decline``)."""
    join_request = JoinRequest.objects.filter(workspace=workspace, public_id=request_id).first()
    if join_request is None:
        raise Http404
    decided = services.decide_join_request(
        actor=actor, join_request=join_request, approve=decision == "approve"
    )
    decided = JoinRequest.objects.select_related("user").get(pk=decided.pk)
    return Response(JoinRequestSerializer(decided).data)


# --- Posts -------------------------------------------------------------------------------------


class PostViewSet(ByPublicId, viewsets.GenericViewSet):
    """Posts in the organisation's feed and its groups, newest first, paged by ``cursor``."""

    serializer_class = PostSerializer
    permission_classes = [HasActor]

    def _post(self) -> Post:
        post = selectors.post_for(_actor(self.request), self.kwargs["public_id"])
        if post is None:
            raise Http404
        return post

    def _group(self, slug: str | None) -> Workspace | None:
        return group_param(_actor(self.request), slug)

    def _fresh(self, post: Post, status: int = 200) -> Response:
        fresh = selectors.post_for(_actor(self.request), post.public_id)
        return Response(PostSerializer(fresh).data, status=status)

    @extend_schema(
        parameters=[
            OpenApiParameter("group", str, description="a group's slug; default: the whole feed"),
            OpenApiParameter("cursor", str, description="the `next` value of the previous page"),
        ],
        responses=FeedSerializer,
    )
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        workspace = self._group(request.query_params.get("group"))
        if workspace is not None and not perms.can_read_workspace(actor, workspace):
            raise services.WorkspaceError(_("Nur Mitglieder lesen diese Gruppe."), code="forbidden")
        page = selectors.feed_page(
            actor, workspace=workspace, cursor=request.query_params.get("cursor", "")
        )
        return Response(
            {
                "next": page.next_cursor,
                "pinned": PostSerializer(page.pinned, many=True).data,
                "results": PostSerializer(page.items, many=True).data,
            }
        )

    @extend_schema(request=PostInputSerializer, responses={201: PostSerializer})
    def create(self, request: Request) -> Response:
        data = PostInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = services.create_post(
            actor=_actor(request),
            body=data.validated_data["body"],
            workspace=self._group(data.validated_data.get("group")),
        )
        return self._fresh(post, status=201)

    def retrieve(self, request: Request, public_id: str) -> Response:
        return Response(PostSerializer(self._post()).data)

    @extend_schema(request=PostEditSerializer, responses=PostSerializer)
    def partial_update(self, request: Request, public_id: str) -> Response:
        post = self._post()
        if not perms.can_edit_post(_actor(request), post):  # who may, before what
            raise services.WorkspaceError(
                _("Du kannst nur deine eigenen Beiträge bearbeiten."), code="forbidden"
            )
        data = PostEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.edit_post(actor=_actor(request), post=post, body=data.validated_data["body"])
        return self._fresh(post)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, public_id: str) -> Response:
        services.delete_post(actor=_actor(request), post=self._post())
        return Response(status=204)

    @extend_schema(request=None, responses={200: PostSerializer})
    @action(detail=True, methods=["post", "delete"])
    def pin(self, request: Request, public_id: str) -> Response:
        """Pin (POST) or unpin (DELETE): group admins in their group, organisation admins
        anywhere."""
        post = services.set_pinned(
            actor=_actor(request), post=self._post(), pinned=request.method == "POST"
        )
        return self._fresh(post)

    @extend_schema(methods=["GET"], responses=CommentSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"], request=CommentInputSerializer, responses={201: CommentSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def comments(self, request: Request, public_id: str) -> Response:
        actor = _actor(request)
        post = self._post()
        if request.method == "GET":
            return Response(CommentSerializer(selectors.comments_of(actor, post), many=True).data)
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.add_comment(actor=actor, post=post, body=data.validated_data["body"])
        return Response(CommentSerializer(comment).data, status=201)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=f"comments/(?P<comment_id>{UUID_PATTERN})",
        url_name="comment",
    )
    def comment(self, request: Request, public_id: str, comment_id: str) -> Response:
        post = self._post()
        comment = (
            comments_on(services.POST_KIND, post.pk)
            .select_related("thread")
            .filter(public_id=comment_id)
            .first()
        )
        if comment is None:
            raise Http404
        services.delete_comment(actor=_actor(request), comment=comment)
        return Response(status=204)

    @extend_schema(request=ReactionInputSerializer, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def reactions(self, request: Request, public_id: str) -> Response:
        """React (once per kind; again changes nothing)."""
        post = self._post()
        data = ReactionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.react(actor=_actor(request), post=post, kind=data.validated_data["kind"])
        return self._fresh(post)

    @extend_schema(request=None, responses={200: PostSerializer})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"reactions/(?P<kind>[a-z]+)",
        url_name="reaction",
    )
    def reaction(self, request: Request, public_id: str, kind: str) -> Response:
        """Take a reaction back."""
        post = self._post()
        services.react(actor=_actor(request), post=post, kind=kind, on=False)
        return self._fresh(post)
