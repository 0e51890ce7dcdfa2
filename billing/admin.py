"""Staff edit plans; accounts, events and the log are read-only records of Stripe's state."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from billing.entitlements import forget_plans
from billing.models import BillingAccount, BillingLog, Plan, StripeEvent


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "slug",
        "price_monthly_cents",
        "price_yearly_cents",
        "member_limit",
        "per_seat",
        "is_public",
        "position",
    )
    readonly_fields = ("stripe_product_id", "stripe_price_monthly_id", "stripe_price_yearly_id")

    def save_model(self, request: HttpRequest, obj: Plan, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_plans()


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BillingAccount)
class BillingAccountAdmin(_ReadOnly):
    list_display = ("organisation", "plan", "status", "seats", "current_period_end", "grace_until")
    list_filter = ("status", "plan")
    search_fields = ("organisation__name", "stripe_customer_id", "stripe_subscription_id")
    list_select_related = ("organisation", "plan")


@admin.register(StripeEvent)
class StripeEventAdmin(_ReadOnly):
    list_display = ("stripe_id", "type", "created", "received_at", "processed_at", "attempts")
    list_filter = ("type",)
    search_fields = ("stripe_id",)


@admin.register(BillingLog)
class BillingLogAdmin(_ReadOnly):
    list_display = ("account", "source", "stripe_event_id", "created_at")
    list_filter = ("source",)
    list_select_related = ("account__organisation",)
