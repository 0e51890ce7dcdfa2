from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from billing import gateway
from billing.services import sync_stripe_catalog


class Command(BaseCommand):
    help = "Create or update a Stripe Product and monthly and yearly Prices for every paid plan."

    def handle(self, *args: Any, **options: Any) -> None:
        if not gateway.is_configured():
            raise CommandError("STRIPE_SECRET_KEY is not set.")
        try:
            plans = sync_stripe_catalog()
        except gateway.GatewayError as exc:
            raise CommandError(str(exc)) from exc
        for plan in plans:
            self.stdout.write(
                f"{plan.slug}: {plan.stripe_product_id} "
                f"{plan.stripe_price_monthly_id} {plan.stripe_price_yearly_id}"
            )
