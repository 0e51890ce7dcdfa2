"""The thread block's own API on an organisation's host: one comment of any place (feed post,
discussion), its correction, deletion, replies and reactions. The same services as the pages
(threads/services.py, asked through each place's hooks); missing and not-yours comments are
404 alike, refusals 403 with a JSON body (config/api.py)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.domain import DomainError
from threads import services
from threads.api_serializers import CommentInputSerializer, ReactionInputSerializer, ReplySerializer
from threads.models import Comment
from threads.places import place_of
from threads.selectors import attach_comment_reactions
from workspaces.api import HasActor, request_actor
from workspaces.permissions import Actor


def _readable(actor: Actor, public_id: UUID) -> Comment:
    comment = (
        Comment.objects.select_related("thread", "author", "parent")
        .filter(public_id=public_id)
        .first()
    )
    if comment is None or not place_of(comment.thread.kind).can_read(actor, comment):
        raise Http404
    return comment


def _shown(actor: Actor, public_id: UUID, status: int = 200) -> Response:
    comment = _readable(actor, public_id)
    attach_comment_reactions([comment], actor.user_id)
    return Response(ReplySerializer(comment).data, status=status)


def _not_found_as_404(exc: DomainError) -> None:
    if exc.code == "not_found":
        raise Http404 from exc


class CommentDetail(APIView):
    permission_classes = [HasActor]

    @extend_schema(responses=ReplySerializer, summary="Einen Kommentar lesen")
    def get(self, request: Request, public_id: UUID) -> Response:
        return _shown(request_actor(request), public_id)

    @extend_schema(
        request=CommentInputSerializer,
        responses=ReplySerializer,
        summary="Den eigenen Kommentar korrigieren (im Zeitfenster des Ortes)",
    )
    def patch(self, request: Request, public_id: UUID) -> Response:
        actor = request_actor(request)
        comment = _readable(actor, public_id)
        services.check_editor(comment, actor.user_id)
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.edit_as(actor, comment=comment, body=data.validated_data["body"])
        except DomainError as exc:
            _not_found_as_404(exc)
            raise
        return _shown(actor, public_id)

    @extend_schema(request=None, responses={204: None}, summary="Einen Kommentar löschen")
    def delete(self, request: Request, public_id: UUID) -> Response:
        actor = request_actor(request)
        services.delete_as(actor, comment=_readable(actor, public_id))
        return Response(status=204)


class CommentReplies(APIView):
    permission_classes = [HasActor]

    @extend_schema(
        request=CommentInputSerializer,
        responses={201: ReplySerializer},
        summary="Auf einen Kommentar antworten (Antworten sind eine Ebene tief)",
    )
    def post(self, request: Request, public_id: UUID) -> Response:
        actor = request_actor(request)
        parent = _readable(actor, public_id)
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reply = services.reply_as(actor, parent=parent, body=data.validated_data["body"])
        return _shown(actor, reply.public_id, status=201)


class CommentReactions(APIView):
    permission_classes = [HasActor]

    @extend_schema(
        request=ReactionInputSerializer,
        responses=ReplySerializer,
        summary="Reagieren (einmal je Art; nochmal ändert nichts)",
    )
    def post(self, request: Request, public_id: UUID) -> Response:
        actor = request_actor(request)
        comment = _readable(actor, public_id)
        data = ReactionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.react_as(actor, comment=comment, kind=data.validated_data["kind"], on=True)
        return _shown(actor, public_id)


class CommentReaction(APIView):
    permission_classes = [HasActor]

    @extend_schema(request=None, responses=ReplySerializer, summary="Eine Reaktion zurücknehmen")
    def delete(self, request: Request, public_id: UUID, kind: str) -> Response:
        actor = request_actor(request)
        services.react_as(actor, comment=_readable(actor, public_id), kind=kind, on=False)
        return _shown(actor, public_id)
