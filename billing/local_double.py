"""The local Stripe double (the ``localstripe`` package) for ``make run`` and the browser tests.

With no Stripe keys set, the run command starts localstripe on a local port, points the
``stripe`` library at it (``STRIPE_API_BASE``) and registers our webhook endpoint with a secret,
so that an organisation admin can subscribe end to end with the test card 4242 4242 4242 4242
and the webhooks arrive signed, as from Stripe. It keeps no state between runs
(``--from-scratch``); ``billing.services.subscriptions.reset_local_double_state`` forgets the
ids of the previous run.

It is also the adapter for the double's older API dialect (``LocalDoubleDialect``), which
``billing.gateway`` speaks when ``settings.STRIPE_LOCAL_DOUBLE`` is set, so that the gateway's
own code is Stripe's current API only.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import IO, Any

# Not secrets: the local double accepts any key; these only name it.
SECRET_KEY = "sk_test_wecreate_local_double"  # noqa: S105
WEBHOOK_SECRET = "whsec_wecreate_local_double"  # noqa: S105
DEFAULT_PORT = 8420


def _wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the local Stripe double did not start on port {port}")


def start(
    *, port: int, webhook_url: str, log: IO[Any] | int = subprocess.DEVNULL
) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    """Start localstripe, register the webhook; the process and the settings' environment."""
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and a pinned package
        [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(port)
        body = urllib.parse.urlencode({"url": webhook_url, "secret": WEBHOOK_SECRET}).encode()
        request = urllib.request.Request(  # noqa: S310 - a loopback URL we built
            f"http://127.0.0.1:{port}/_config/webhooks/wecreate", data=body, method="POST"
        )
        with urllib.request.urlopen(request, timeout=5):  # noqa: S310
            pass
    except Exception:
        process.terminate()
        raise
    environment = {
        "STRIPE_SECRET_KEY": SECRET_KEY,
        "STRIPE_PUBLISHABLE_KEY": "pk_test_wecreate_local_double",
        "STRIPE_API_BASE": f"http://127.0.0.1:{port}",
        "STRIPE_LOCAL_DOUBLE": "true",
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
    return process, environment


class LocalDoubleDialect:
    """What localstripe understands: Plans instead of Prices, ``items[][plan]`` (without the
    item's id) instead of ``items[][price]``, ``prorate`` instead of ``proration_behavior``,
    and card details sent by us (it has no Checkout). Implements ``billing.gateway.Dialect``."""

    def item(self, price_id: str, quantity: int, item_id: str = "") -> dict[str, Any]:
        return {"plan": price_id, "quantity": quantity}

    def proration(self) -> dict[str, Any]:
        return {"prorate": True}

    def price_params(
        self, *, product_id: str, amount_cents: int, currency: str, interval: str, metadata: dict
    ) -> dict[str, Any]:
        return {
            "product": product_id,
            "amount": amount_cents,
            "currency": currency,
            "interval": interval,
            "metadata": metadata,
        }

    def prices(self, client: Any) -> Any:
        return client.v1.plans

    def price_amount(self, price: Any) -> int:
        return int(price.amount or 0)

    def add_card(
        self,
        client: Any,
        call: Callable[..., Any],
        *,
        customer_id: str,
        number: str,
        exp_month: int,
        exp_year: int,
        cvc: str,
    ) -> Any:
        """Create the card, attach it and make it the default; the payment method."""
        params = {
            "type": "card",
            "card": {"number": number, "exp_month": exp_month, "exp_year": exp_year, "cvc": cvc},
        }
        method = call(client.v1.payment_methods.create, params=params)
        call(client.v1.payment_methods.attach, method.id, params={"customer": customer_id})
        call(
            client.v1.customers.update,
            customer_id,
            params={"invoice_settings": {"default_payment_method": method.id}},
        )
        return method


DIALECT = LocalDoubleDialect()
