"""Billing on the public host: the Stripe webhook (verify, store once, answer; the work happens
in Celery) and the platform staff's overview."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import staff_required
from billing import gateway, selectors, services


@csrf_exempt  # Stripe calls it without a session; the signature is the credential.
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        event = gateway.verify_webhook(request.body, request.headers.get("Stripe-Signature", ""))
    except gateway.WebhookRejected:
        return JsonResponse({"error": "invalid signature"}, status=400)
    stored, created = services.store_event(event)
    if created:
        from billing.tasks import process_stripe_event_task

        stripe_id = stored.stripe_id
        transaction.on_commit(lambda: process_stripe_event_task.delay(stripe_id))
    return JsonResponse({"received": True, "duplicate": not created})


@staff_required
@require_GET
def staff_overview(request: HttpRequest) -> HttpResponse:
    """Platform staff: MRR, subscriptions by state, failing payments, webhook backlog."""
    return render(request, "billing/staff.html", {"metrics": selectors.platform_metrics()})
