"""REST API for reporting content: the same service as the web form."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from moderation import selectors, services
from moderation.models import MAX_TEXT, Report, ReportReason, TargetKind


class ReportCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TargetKind.choices, help_text="impulse | comment | user")
    target = serializers.UUIDField(help_text="the public id of the impulse, comment or person")
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    text = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class ReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = serializers.CharField(source="target_kind", read_only=True)
    target = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "kind", "target", "reason", "text", "status", "created_at"]
        read_only_fields = fields

    def get_target(self, report: Report) -> str:
        return str(report.target.public_id)


class ReportCreate(APIView):
    """Report an impulse, a comment or a person to the moderation team (signed-in people)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReportCreateSerializer, responses={201: ReportSerializer})
    def post(self, request: Request) -> Response:
        serializer = ReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target = selectors.report_target(data["kind"], data["target"])
        if target is None:
            raise Http404
        report = services.report_content(
            reporter=request.user, target=target, reason=data["reason"], text=data["text"]
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)
