"""REST API for events (/api/v1/events/ on an organisation's host, and on the network for the
events of the boxes the caller may read).

Same selectors and services as the web pages: serializers only translate JSON. Missing and
not-yours events are 404 alike; refused actions are 4xx with a JSON body (config/api.py).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import ByPublicId, page_size_param
from config.openapi import page_of
from events import selectors, services
from events.models import Answer, Event, Rsvp
from tenants.models import Role
from workspaces import permissions as perms
from workspaces.api import HasActor, InScope, group_param
from workspaces.api import request_actor as _actor
from workspaces.models import Workspace


class EventSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    group = serializers.SerializerMethodField()
    cancelled = serializers.SerializerMethodField()
    places_left = serializers.IntegerField(read_only=True, allow_null=True)
    my_answer = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id", "group", "title", "description", "description_html", "starts_at", "ends_at",
            "place", "online_url", "capacity", "places_left", "going_count", "waiting_count",
            "maybe_count", "cancelled", "my_answer", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_group(self, event: Event) -> str | None:
        return event.workspace.slug if event.workspace is not None else None

    def get_cancelled(self, event: Event) -> bool:
        return event.is_cancelled

    @extend_schema_field(
        serializers.ChoiceField(choices=[*Answer.values, "waiting"], allow_null=True)
    )
    def get_my_answer(self, event: Event) -> str | None:
        """The caller's answer; ``waiting`` for a yes on the waiting list."""
        if getattr(event, "my_waiting", False):
            return "waiting"
        return getattr(event, "my_answer", None)


class EventInputSerializer(serializers.Serializer):
    # Emptiness, lengths, dates and links are the service's to judge: same messages as the web.
    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(allow_blank=True, required=False, default="")
    online_url = serializers.CharField(allow_blank=True, required=False, default="")
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None)
    group = serializers.SlugField(required=False, allow_null=True, allow_blank=True)


class RsvpInputSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=Answer.choices)


class RsvpSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rsvp
        fields = ["answer", "waiting", "answered_at"]
        read_only_fields = fields


EventPageSerializer = page_of("EventPage", EventSerializer(), next_field="next")


class EventViewSet(ByPublicId, viewsets.GenericViewSet):
    """Upcoming events the caller may read (the organisation's and its groups'; on the network
    those of the caller's boxes), soonest first, paged by ``cursor``; a group's or box's with
    ``group``."""

    serializer_class = EventSerializer
    # HasActor: one of this host's people. InScope adds the intranet's member and plan rules
    # (token access); what a guest may change is the services' to say (with a clear message),
    # so it lets every member role through. On the network the selectors keep to the boxes the
    # caller may read.
    permission_classes = [HasActor, InScope]
    write_role = Role.GUEST

    def _event(self) -> Event:
        event = selectors.event_for(_actor(self.request), self.kwargs["public_id"])
        if event is None:
            raise Http404
        return event

    def _group(self, slug: str | None) -> Workspace | None:
        return group_param(_actor(self.request), slug)

    @extend_schema(
        parameters=[
            OpenApiParameter("group", str, description="a group's slug; default: all events"),
            OpenApiParameter("cursor", str, description="the `next` value of the previous page"),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1},
                description="1 to 100 (more counts as 100), default 20",
            ),
        ],
        responses=EventPageSerializer,
    )
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        workspace = self._group(request.query_params.get("group"))
        if workspace is not None and not perms.can_read_workspace(actor, workspace):
            raise services.EventError(_("Nur Mitglieder sehen diese Termine."), code="forbidden")
        limit = selectors.PAGE_SIZE
        if "page_size" in request.query_params:
            limit = page_size_param(request, "page_size", 100)
        page = selectors.upcoming_events(
            actor, workspace=workspace, cursor=request.query_params.get("cursor", ""), limit=limit
        )
        return Response(
            {"next": page.next_cursor, "results": EventSerializer(page.items, many=True).data}
        )

    def retrieve(self, request: Request, public_id: str) -> Response:
        return Response(EventSerializer(self._event()).data)

    @extend_schema(request=EventInputSerializer, responses={201: EventSerializer})
    def create(self, request: Request) -> Response:
        data = EventInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        workspace = self._group(values.pop("group", None))
        event = services.create_event(actor=_actor(request), workspace=workspace, **values)
        fresh = selectors.event_for(_actor(request), event.public_id)
        return Response(EventSerializer(fresh).data, status=201)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, public_id: str) -> Response:
        """Call the event off (its author, group admins, organisation admins)."""
        services.cancel_event(actor=_actor(request), event=self._event())
        return Response(status=204)

    @extend_schema(request=RsvpInputSerializer, responses=RsvpSerializer)
    @action(detail=True, methods=["post"])
    def rsvp(self, request: Request, public_id: str) -> Response:
        """Answer yes, maybe or no; a yes beyond the capacity waits (``waiting: true``)."""
        event = self._event()  # who may, before what: a stranger's input is never read
        data = RsvpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rsvp = services.answer_event(
            actor=_actor(request), event=event, answer=data.validated_data["answer"]
        )
        return Response(RsvpSerializer(rsvp).data)
