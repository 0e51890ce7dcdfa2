"""The Stripe webhook (public host). Verify, store once, answer; the work happens in Celery."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing import gateway, services


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
