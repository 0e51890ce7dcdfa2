from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import QuerySet
from django.http import HttpRequest

from tenants import services, verification
from tenants.models import Domain, Invitation, Organisation


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    readonly_fields = ["domain", "is_primary"]
    can_delete = False


class VerificationActionForm(ActionForm):
    note = forms.CharField(
        label="Nachweis / Grund", required=False, widget=forms.TextInput(attrs={"size": 50})
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    action_form = VerificationActionForm
    list_display = ["name", "slug", "kind", "status", "created"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "slug"]
    readonly_fields = [
        "schema_name",
        "status",
        "provisioning_error",
        "deactivated_at",
        "purge_after",
        "public_id",
        "verified_at",
        "verified_by",
        "verification_note",
        "verification_revoked_at",
        "verification_revoked_reason",
    ]
    inlines = [DomainInline]
    actions = ["deactivate", "reactivate", "retry_provisioning", "verify", "revoke_verification"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deletion is the two-step deactivate → purge, never a raw delete

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            created = services.register_organisation(
                name=obj.name, slug=obj.slug, kind=obj.kind, owner=obj.owner, city_id=obj.city_id
            )
        except services.OrganisationError as exc:
            messages.error(request, exc.message)
            return
        obj.pk = created.pk

    def _each(self, request: HttpRequest, queryset: QuerySet[Organisation], action: Any) -> None:
        for organisation in queryset:
            try:
                action(organisation=organisation, acting_user=request.user)
            except services.OrganisationError as exc:
                messages.error(request, f"{organisation}: {exc.message}")

    @admin.action(description="Deaktivieren (Löschung nach Frist)")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        self._each(request, queryset, services.deactivate_organisation)

    @admin.action(description="Reaktivieren")
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        self._each(request, queryset, services.reactivate_organisation)

    @admin.action(description="Verifizieren (Nachweis im Feld daneben)")
    def verify(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        note = request.POST.get("note", "")
        for organisation in queryset:
            try:
                verification.verify_organisation(
                    organisation=organisation, staff=request.user, note=note
                )
            except services.OrganisationError as exc:
                messages.error(request, f"{organisation}: {exc.message}")

    @admin.action(description="Verifizierung widerrufen (Grund im Feld daneben)")
    def revoke_verification(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        reason = request.POST.get("note", "")
        for organisation in queryset:
            try:
                verification.revoke_verification(
                    organisation=organisation, staff=request.user, reason=reason
                )
            except services.OrganisationError as exc:
                messages.error(request, f"{organisation}: {exc.message}")

    @admin.action(description="Einrichtung wiederholen")
    def retry_provisioning(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        for organisation in queryset:
            try:
                services.retry_provisioning(organisation=organisation)
            except services.OrganisationError as exc:
                messages.error(request, f"{organisation}: {exc.message}")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "role", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token_hash"]
    exclude = ["email"]  # personal data: support sees the invitation, not the address
