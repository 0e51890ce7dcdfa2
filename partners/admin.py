"""Platform staff keep the directory: add partners, give them their accounts (managers, by
e-mail address), hide an entry. Requests are shown for support, read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.domain import DomainError
from partners import services
from partners.models import Partner, PartnerRequest


class PartnerAdminForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    manager_emails = forms.CharField(
        label=_("Verwaltet von (E-Mail-Adressen)"),
        help_text=_("Eine Adresse je Zeile; die Konten müssen schon bestehen."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Partner
        exclude = ("managers",)  # noqa: DJ006

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["manager_emails"] = "\n".join(
                self.instance.managers.order_by("email").values_list("email", flat=True)
            )

    def clean_manager_emails(self) -> list[Any]:
        try:
            return services.accounts_for(self.cleaned_data["manager_emails"].split())
        except DomainError as error:
            raise forms.ValidationError(error.message) from error


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    form = PartnerAdminForm
    list_display = ("name", "slug", "address", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("name", "slug", "address")
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012
    filter_horizontal = ("districts",)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        form.instance.managers.set(form.cleaned_data["manager_emails"])


@admin.register(PartnerRequest)
class PartnerRequestAdmin(admin.ModelAdmin):
    list_display = ("partner", "workspace", "status", "created_at", "answered_at")
    list_filter = ("status",)
    list_select_related = ("partner", "workspace")
    readonly_fields = (
        "partner", "workspace", "created_by", "what", "when", "status", "answer",
        "answered_at", "answered_by", "created_at",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
