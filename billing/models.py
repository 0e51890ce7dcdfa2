"""Plans, entitlements, Stripe customers and subscriptions (public schema). Models arrive
with the billing issue."""
