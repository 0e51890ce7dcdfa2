"""Platform staff verify which administration receives a body's motions, and watch the outbox
(delivery state, attempts, the last error). Motions themselves are shown read-only: their
text belongs to the box."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.domain import DomainError
from motions.models import BodyClaim, Motion, Submission
from motions.services import receiving


@admin.register(BodyClaim)
class BodyClaimAdmin(admin.ModelAdmin):
    list_display = ("body", "organisation", "requested_at", "verified_at")
    list_filter = ("verified_at",)
    readonly_fields = ("requested_by", "requested_at", "verified_at", "verified_by")
    actions = ("verify",)  # noqa: RUF012

    @admin.action(description=_("Zuständigkeit bestätigen"))
    def verify(self, request: HttpRequest, queryset: QuerySet[BodyClaim]) -> None:
        for claim in queryset.select_related("body", "organisation"):
            try:
                receiving.verify_claim(staff=request.user, claim=claim)  # type: ignore[arg-type]
            except DomainError as error:
                self.message_user(request, f"{claim.body}: {error.message}", messages.ERROR)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Motion)
class MotionAdmin(ReadOnly):
    list_display = ("title", "body", "state", "signature_count", "submitted_at")
    list_filter = ("state",)
    search_fields = ("title", "reference")
    list_select_related = ("body",)
    exclude = ("answer_text",)


@admin.register(Submission)
class SubmissionAdmin(ReadOnly):
    list_display = ("motion", "version", "recipient", "delivery", "attempts", "sent_at")
    list_filter = ("delivery",)
    list_select_related = ("motion",)
    exclude = ("pdf",)
