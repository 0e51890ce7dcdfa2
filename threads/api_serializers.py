"""How a comment of any thread looks in the API (feed posts, discussions, the thread block's
own endpoints): one shape, so a client reads every place's comments alike. A deleted or hidden
comment keeps its place and its replies but shows no text."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from threads.models import Comment, ReactionKind


class ReactionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    count = serializers.IntegerField()
    mine = serializers.BooleanField()


class ReplySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    in_reply_to = serializers.SerializerMethodField()  # the top comment's id, or null
    author_name = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    is_deleted = serializers.SerializerMethodField()
    reactions = ReactionSerializer(many=True, source="reaction_summary", default=list)

    class Meta:
        model = Comment
        fields = [
            "id",
            "in_reply_to",
            "author_name",
            "body",
            "body_html",
            "created_at",
            "edited_at",
            "is_deleted",
            "is_hidden",
            "reply_count",
            "reactions",
        ]
        read_only_fields = fields

    def _removed(self, comment: Comment) -> bool:
        return comment.deleted_at is not None or comment.is_hidden

    def get_in_reply_to(self, comment: Comment) -> str | None:
        parent = comment.parent if comment.parent_id is not None else None
        return str(parent.public_id) if parent is not None else None

    def get_author_name(self, comment: Comment) -> str | None:
        return comment.author.name if comment.author is not None else None

    def get_body(self, comment: Comment) -> str:
        return "" if self._removed(comment) else comment.body

    def get_body_html(self, comment: Comment) -> str:
        return "" if self._removed(comment) else comment.body_html

    def get_is_deleted(self, comment: Comment) -> bool:
        return comment.deleted_at is not None

    def to_representation(self, instance: Any) -> Any:
        if not hasattr(instance, "reaction_summary"):
            instance.reaction_summary = []
        return super().to_representation(instance)


class CommentSerializer(ReplySerializer):
    """A top-level comment with its replies (those the selector prefetched)."""

    replies = serializers.SerializerMethodField()

    class Meta(ReplySerializer.Meta):
        fields = [*ReplySerializer.Meta.fields, "replies"]
        read_only_fields = fields

    @extend_schema_field(ReplySerializer(many=True))
    def get_replies(self, comment: Comment) -> list[dict[str, Any]]:
        prefetched = getattr(comment, "_prefetched_objects_cache", {}).get("replies")
        return ReplySerializer(prefetched or [], many=True).data  # type: ignore[return-value]


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ReactionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReactionKind.choices)
