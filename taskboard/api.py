"""REST API for tasks (/api/v1/tasks/ on an organisation's host and on the network).

Same selectors and services as the web pages: serializers only translate JSON. Missing and
not-yours tasks are 404 alike; refused actions are 4xx with a JSON body
``{"detail": …, "code": …}`` and invalid input names the field (config/api.py, config/openapi.py).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from config.api import ByPublicId, page_size_param
from config.openapi import page_of
from intranet.api import IsMember
from taskboard import selectors, services
from taskboard.models import ChecklistItem, Status, Task
from tenants.models import Role
from workspaces import permissions as perms
from workspaces.api import HasActor, group_param
from workspaces.api import request_actor as _actor
from workspaces.models import Workspace


class InScope(BasePermission):
    """On an intranet the organisation's member rules (plan, token access); on the network
    ``HasActor`` alone decides. What a guest may change is the services' to say."""

    def has_permission(self, request: Request, view: Any) -> bool:
        tenant = getattr(request._request, "tenant", None)
        if tenant is None or tenant.is_public:
            return True
        return IsMember().has_permission(request, view)


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "text", "done"]
        read_only_fields = fields


class TaskSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    group = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id", "group", "title", "description", "description_html", "status", "assignee",
            "due_date", "overdue", "checklist_total", "checklist_done", "created_at",
            "updated_at", "completed_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_group(self, task: Task) -> str:
        return task.workspace.slug

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_assignee(self, task: Task) -> dict[str, Any] | None:
        if task.assignee is None:
            return None
        return {"id": str(task.assignee.public_id), "name": task.assignee.name}

    def get_overdue(self, task: Task) -> bool:
        from django.utils import timezone

        return bool(
            task.due_date and task.status != Status.DONE and task.due_date < timezone.localdate()
        )


class TaskDetailSerializer(TaskSerializer):
    checklist = serializers.SerializerMethodField()

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "checklist"]
        read_only_fields = fields

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_checklist(self, task: Task) -> list[dict[str, Any]]:
        return ChecklistItemSerializer(selectors.checklist_of(task), many=True).data  # type: ignore[return-value]


class TaskInputSerializer(serializers.Serializer):
    # Emptiness, lengths and who may be assigned are the service's to judge: the web's messages.
    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    assignee = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="a member's person id, or null"
    )
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class TaskCreateSerializer(TaskInputSerializer):
    group = serializers.SlugField(help_text="the slug of the group (or box) the task belongs to")


class TaskUpdateSerializer(TaskInputSerializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)


TaskPageSerializer = page_of("TaskPage", TaskSerializer(), next_field="next")


def _person_id(public_id: Any) -> int | None:
    """The user id behind a person id; -1 (nobody in any group) for an unknown one."""
    if public_id is None:
        return None
    pk = User.objects.filter(public_id=public_id).values_list("pk", flat=True).first()
    return int(pk) if pk is not None else -1


def _flag(request: Request, name: str) -> bool:
    """A yes/no query parameter: ``true`` or ``false`` (also 1 / 0); anything else is a 400."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return False
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise serializers.ValidationError({name: [_("Bitte true oder false angeben.")]})


class TaskViewSet(ByPublicId, viewsets.GenericViewSet):
    """Tasks of the groups (intranet) or boxes (network) the caller may read, soonest due
    first (none last), paged by ``cursor``; one group's with ``group``."""

    serializer_class = TaskSerializer
    permission_classes = [HasActor, InScope]
    write_role = Role.GUEST  # guests are refused by HasActor and the services, with a message

    def _task(self) -> Task:
        task = selectors.task_for(_actor(self.request), self.kwargs["public_id"])
        if task is None:
            raise Http404
        return task

    def _group(self, slug: str | None) -> Workspace | None:
        actor = _actor(self.request)
        workspace = group_param(actor, slug)
        if workspace is not None and not perms.can_read_workspace(actor, workspace):
            raise services.TaskError(
                _("Nur Mitglieder sehen diese Aufgaben."), code="forbidden", field="group"
            )
        return workspace

    def _fresh(self, task: Task) -> dict[str, Any]:
        fresh = selectors.task_for(_actor(self.request), task.public_id)
        if fresh is None:
            raise Http404
        return TaskDetailSerializer(fresh).data

    @extend_schema(
        parameters=[
            OpenApiParameter("group", str, description="a group's (box's) slug; default: all"),
            OpenApiParameter("status", str, enum=Status.values, description="only this status"),
            OpenApiParameter("mine", bool, description="only tasks assigned to the caller"),
            OpenApiParameter("overdue", bool, description="only tasks past due and not done"),
            OpenApiParameter("cursor", str, description="the `next` value of the previous page"),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1},
                description="1 to 100 (more counts as 100), default 25",
            ),
        ],
        responses=TaskPageSerializer,
    )
    def list(self, request: Request) -> Response:
        params = request.query_params
        status = params.get("status", "")
        if status and status not in Status.values:
            raise serializers.ValidationError(
                {"status": [_("Bitte wähle Offen, In Arbeit oder Erledigt.")]}
            )
        limit = selectors.PAGE_SIZE
        if "page_size" in params:
            limit = page_size_param(request, "page_size", selectors.MAX_PAGE_SIZE)
        page = selectors.task_list(
            _actor(request),
            workspace=self._group(params.get("group")),
            status=status,
            mine=_flag(request, "mine"),
            overdue=_flag(request, "overdue"),
            cursor=params.get("cursor", ""),
            limit=limit,
        )
        return Response(
            {"next": page.next_cursor, "results": TaskSerializer(page.items, many=True).data}
        )

    @extend_schema(responses=TaskDetailSerializer)
    def retrieve(self, request: Request, public_id: str) -> Response:
        return Response(TaskDetailSerializer(self._task()).data)

    @extend_schema(request=TaskCreateSerializer, responses={201: TaskDetailSerializer})
    def create(self, request: Request) -> Response:
        data = TaskCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        workspace = self._group(values.pop("group"))
        if workspace is None:  # the slug is required, so this is only for the type checker
            raise Http404
        values["assignee"] = _person_id(values["assignee"])
        task = services.create_task(actor=_actor(request), workspace=workspace, **values)
        return Response(self._fresh(task), status=201)

    def _update(self, request: Request, *, partial: bool) -> Response:
        task = self._task()
        actor = _actor(request)
        if not services.can_edit_task(actor, task):  # who may, before what
            raise services.refuse_edit(actor)
        data = TaskUpdateSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        status = values.pop("status", None)
        current = {
            "title": task.title,
            "description": task.description,
            "assignee": task.assignee_id,
            "due_date": task.due_date,
        }
        if "assignee" in values:
            values["assignee"] = _person_id(values["assignee"])
        with transaction.atomic():  # the text and the status change together or not at all
            if set(values) & set(current) or not partial:
                task = services.update_task(actor=actor, task=task, **{**current, **values})
            if status is not None:
                task = services.set_status(actor=actor, task=task, status=status)
        return Response(self._fresh(task))

    @extend_schema(request=TaskUpdateSerializer, responses=TaskDetailSerializer)
    def update(self, request: Request, public_id: str) -> Response:
        """Replace title, description, assignee and due date (and set ``status``)."""
        return self._update(request, partial=False)

    @extend_schema(request=TaskUpdateSerializer, responses=TaskDetailSerializer)
    def partial_update(self, request: Request, public_id: str) -> Response:
        """Change only the fields sent; ``status`` moves the task on the board."""
        return self._update(request, partial=True)

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request: Request, public_id: str) -> Response:
        services.delete_task(actor=_actor(request), task=self._task())
        return Response(status=204)

    @extend_schema(request=None, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def take(self, request: Request, public_id: str) -> Response:
        """ "Ich übernehme das": the caller takes on a task nobody has taken (409 if someone
        has, or it is done)."""
        task = services.take_task(actor=_actor(request), task=self._task())
        return Response(self._fresh(task))

    @extend_schema(request=None, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request: Request, public_id: str) -> Response:
        """Hand the task back: nobody is assigned any more."""
        task = services.release_task(actor=_actor(request), task=self._task())
        return Response(self._fresh(task))
