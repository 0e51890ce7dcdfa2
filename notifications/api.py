"""REST API of the notification centre (both schemas): list, mark read, settings."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import CursorPage
from notifications import selectors, services
from notifications.kinds import FIELDS, KINDS
from notifications.models import DigestFrequency, Notification
from notifications.permissions import CanReadNotifications


class NotificationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "verb", "title", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationSettingsSerializer(serializers.Serializer):
    in_app = serializers.BooleanField()
    email_digest = serializers.ChoiceField(choices=DigestFrequency.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One switch per kind (notifications/kinds.py); left out of a PUT, a switch keeps its
        # value.
        for kind in KINDS:
            self.fields[kind.field] = serializers.BooleanField(
                required=False, help_text=str(kind.label)
            )


class NewestFirst(CursorPage):
    ordering = ("-created_at", "-id")  # type: ignore[assignment]  # the base names one field


class NotificationList(generics.ListAPIView):
    """The signed-in person's notifications, newest first."""

    serializer_class = NotificationSerializer
    permission_classes = [CanReadNotifications]
    pagination_class = NewestFirst

    @extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="only unread notifications")]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Notification]:
        qs = selectors.notifications_of(self.request.user)
        unread = self.request.query_params.get("unread", "")
        # true/false, 1/0 …; anything else is a 400 naming the parameter, not a silent "all".
        try:
            only_unread = bool(unread) and serializers.BooleanField().run_validation(unread)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"unread": exc.detail}) from exc
        if only_unread:
            qs = qs.filter(read_at__isnull=True)
        return qs


class NotificationRead(generics.GenericAPIView):
    serializer_class = NotificationSerializer
    permission_classes = [CanReadNotifications]

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, public_id: Any) -> Response:
        notification = services.mark_read(user=request.user, public_id=public_id)
        return Response(self.get_serializer(notification).data)


class NotificationReadAll(generics.GenericAPIView):
    permission_classes = [CanReadNotifications]

    @extend_schema(
        request=None,
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
    )
    def post(self, request: Request) -> Response:
        return Response({"marked": services.mark_all_read(user=request.user)})


class NotificationSettingsView(generics.GenericAPIView):
    serializer_class = NotificationSettingsSerializer
    permission_classes = [CanReadNotifications]

    def get(self, request: Request) -> Response:
        current = selectors.settings_of(request.user)
        return Response(self.get_serializer(current).data)

    def put(self, request: Request) -> Response:
        return self._update(request, partial=False)

    def patch(self, request: Request) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        current = selectors.settings_of(request.user)
        serializer = self.get_serializer(current, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        wanted = serializer.validated_data
        saved = services.update_settings(
            user=request.user,
            in_app=wanted.get("in_app", current.in_app),
            email_digest=wanted.get("email_digest", current.email_digest),
            kinds={name: wanted[name] for name in FIELDS if name in wanted},
        )
        return Response(self.get_serializer(saved).data)
