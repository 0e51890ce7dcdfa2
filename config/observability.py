"""Sentry: on when SENTRY_DSN is set; events carry ids only, never personal data."""

from __future__ import annotations

from typing import Any


def init_sentry(dsn: str, *, environment: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=0.0,
        before_send=scrub_event,
    )


def scrub_event(event: Any, hint: dict[str, Any]) -> Any:
    """Keep only the user id; drop request bodies, cookies and anything that names a person."""
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    request = event.get("request") or {}
    for key in ("data", "cookies", "query_string"):
        request.pop(key, None)
    headers = request.get("headers") or {}
    for header in list(headers):
        if header.lower() in {"cookie", "authorization", "x-csrftoken"}:
            headers.pop(header)
    return event
