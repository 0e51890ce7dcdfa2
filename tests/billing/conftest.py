"""Billing fixtures: a real local Stripe double (localstripe) on a free port, signed webhooks,
plans mirrored into the double, and organisations with a paying customer."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
import stripe
from django.urls import NoReverseMatch, reverse

from tests.cast import Cast

WEBHOOK_SECRET = "whsec_test_wecreate_billing"
SECRET_KEY = "sk_test_wecreate_local"
GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000341"  # attaches fine, every charge is declined


def pytest_configure(config: pytest.Config) -> None:
    # Until pyproject.toml lists it (--strict-markers).
    config.addinivalue_line(
        "markers", "stripe_live: runs against Stripe's test mode (needs STRIPE_LIVE_SECRET_KEY)"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


@pytest.fixture(scope="session")
def localstripe() -> Iterator[str]:
    """localstripe as a subprocess; its API base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(autouse=True)
def stripe_settings(request: Any, settings: Any) -> None:
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    try:
        reverse("stripe_webhook", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    except NoReverseMatch:
        settings.PUBLIC_SCHEMA_URLCONF = "tests.billing.urls_public"
    if request.node.get_closest_marker("stripe_live") is not None:
        key = os.environ.get("STRIPE_LIVE_SECRET_KEY", "")
        if not key.startswith("sk_test_"):
            pytest.skip("set STRIPE_LIVE_SECRET_KEY (a test-mode key) to run against Stripe")
        settings.STRIPE_SECRET_KEY = key
        settings.STRIPE_API_BASE = ""
        settings.STRIPE_LOCAL_DOUBLE = False
        return
    if "recorder" in request.fixturenames:
        return  # that test points Stripe at its own recording server
    base = request.getfixturevalue("localstripe")
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_API_BASE = base
    settings.STRIPE_LOCAL_DOUBLE = True


def stripe_client() -> stripe.StripeClient:
    """Direct access to the double for the test's own set-up (the app goes through gateway)."""
    from django.conf import settings

    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else {}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base)  # type: ignore[arg-type]


def sign(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A real Stripe-Signature header (v1 = HMAC-SHA256 over "<t>.<payload>")."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def make_event(
    event_type: str, obj: dict[str, Any], *, event_id: str | None = None, created: int | None = None
) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "type": event_type,
        "created": created or int(time.time()),
        "livemode": False,
        "api_version": "2026-10-28.endive",
        "data": {"object": obj},
    }


def post_event(client: Any, event: dict[str, Any], **sign_kwargs: Any) -> Any:
    payload = json.dumps(event).encode()
    return client.post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, **sign_kwargs),
    )


@pytest.fixture
def plans(cast: Cast) -> dict[str, Any]:
    """The default plans, mirrored into the Stripe double."""
    from billing import services

    services.sync_plans()
    return {p.slug: p for p in services.sync_stripe_catalog()}


def attach_card(customer_id: str, number: str) -> str:
    client = stripe_client()
    pm = client.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        }
    )
    client.v1.payment_methods.attach(pm.id, params={"customer": customer_id})
    client.v1.customers.update(
        customer_id, params={"invoice_settings": {"default_payment_method": pm.id}}
    )
    return str(pm.id)


@pytest.fixture
def paying(cast: Cast) -> Any:
    """alpha as a Stripe customer with a working card."""
    from billing import services

    account = services.ensure_customer(organisation=cast.alpha)
    attach_card(account.stripe_customer_id, GOOD_CARD)
    return account


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks queued after commit run inline (for tests inside a rolled-back transaction)."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = before


# --- A recording stand-in for the calls the double lacks (Checkout, Portal, Prices) ---


class Recorder:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.fail_next = 0  # answer this many requests with a retryable 500 first


@pytest.fixture
def recorder(settings: Any) -> Iterator[Recorder]:
    record = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            record.requests.append(
                {
                    "path": self.path,
                    "form": parse_qs(body),
                    "idempotency_key": self.headers.get("Idempotency-Key"),
                }
            )
            if record.fail_next:
                record.fail_next -= 1
                self._answer(500, {"error": {"message": "try again"}}, retry=True)
                return
            kind = self.path.strip("/").split("/")[-1]
            answer = {"id": f"{kind}_1", "object": kind, "url": f"https://stripe.test/{kind}"}
            self._answer(200, answer)

        do_DELETE = do_POST  # noqa: N815  # cancelling a subscription is a DELETE

        def do_GET(self) -> None:  # noqa: N802
            self.do_POST()

        def _answer(self, status: int, data: dict[str, Any], retry: bool = False) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            if retry:
                self.send_header("Stripe-Should-Retry", "true")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.STRIPE_SECRET_KEY = "sk_test_recorder"
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.server_address[1]}"
    settings.STRIPE_LOCAL_DOUBLE = False
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
