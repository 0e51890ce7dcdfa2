"""Billing state changes, by concern. Stripe is reached only through billing.gateway.

- ``subscriptions``: plans and the Stripe catalog, customers and billing details, subscribe,
  change, cancel, our copy of Stripe's state (``sync_account``) and the nightly reconciliation;
- ``webhooks``: storing and processing Stripe's events, exactly once, with retries;
- ``dunning``: the grace period after a failed payment and the e-mail to the admins;
- ``seats``: per-member plans follow the number of active members;
- ``common``: the error, the account and its log, the gateway call, reads of the members.

The names below are the package's public surface; callers may import them from here or from
their module.
"""

from billing.services.common import BillingError, account_for, admin_emails
from billing.services.dunning import GRACE_PERIOD, send_payment_failed_email
from billing.services.seats import (
    SEAT_SYNC_DELAY_SECONDS,
    schedule_seat_sync,
    seat_count,
    sync_seats,
)
from billing.services.subscriptions import (
    VAT_ID_PATTERN,
    cancel,
    change_plan,
    ensure_customer,
    open_portal,
    plan_for_price,
    reconcile_accounts,
    refresh_after_checkout,
    reset_local_double_state,
    start_checkout,
    start_subscription,
    subscribe_with_card_at_local_double,
    sync_account,
    sync_plans,
    sync_stripe_catalog,
    update_billing_details,
)
from billing.services.webhooks import (
    HANDLED_EVENTS,
    MAX_EVENT_ATTEMPTS,
    RETRY_AFTER,
    process_event,
    retry_unprocessed_events,
    store_event,
)

__all__ = [
    "GRACE_PERIOD",
    "HANDLED_EVENTS",
    "MAX_EVENT_ATTEMPTS",
    "RETRY_AFTER",
    "SEAT_SYNC_DELAY_SECONDS",
    "VAT_ID_PATTERN",
    "BillingError",
    "account_for",
    "admin_emails",
    "cancel",
    "change_plan",
    "ensure_customer",
    "open_portal",
    "plan_for_price",
    "process_event",
    "reconcile_accounts",
    "refresh_after_checkout",
    "reset_local_double_state",
    "retry_unprocessed_events",
    "schedule_seat_sync",
    "seat_count",
    "send_payment_failed_email",
    "start_checkout",
    "start_subscription",
    "store_event",
    "subscribe_with_card_at_local_double",
    "sync_account",
    "sync_plans",
    "sync_seats",
    "sync_stripe_catalog",
    "update_billing_details",
]
