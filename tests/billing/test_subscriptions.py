"""Subscribe, change, cancel through the services, against the local Stripe double."""

from __future__ import annotations

from typing import Any

import pytest

from billing import services
from billing.entitlements import entitlements, has_feature
from billing.models import BillingAccount, BillingLog, SubscriptionStatus
from config.domain import DomainError
from tests.billing.conftest import stripe_client
from tests.cast import Cast


def fresh(org: Any) -> Any:
    from tenants.models import Organisation

    return Organisation.objects.get(pk=org.pk)


def test_one_customer_per_organisation_with_its_billing_details(cast: Cast) -> None:
    services.update_billing_details(
        organisation=cast.alpha,
        acting_user=cast.alice,
        email="kasse@alpha.example",
        name="Alpha Partei e. V.",
        line1="Karl-Heine-Str. 1",
        postal_code="04229",
        city="Leipzig",
        vat_id="DE 136 695 976",
    )
    first = services.ensure_customer(organisation=cast.alpha)
    again = services.ensure_customer(organisation=cast.alpha)
    assert first.stripe_customer_id.startswith("cus_")
    assert again.stripe_customer_id == first.stripe_customer_id
    customer = stripe_client().v1.customers.retrieve(first.stripe_customer_id)
    assert (customer.email, customer.name) == ("kasse@alpha.example", "Alpha Partei e. V.")
    assert customer.to_dict()["address"]["city"] == "Leipzig"
    assert first.vat_id == "DE136695976"


def test_a_malformed_vat_id_is_refused_and_changes_nothing(cast: Cast) -> None:
    with pytest.raises(DomainError) as error:
        services.update_billing_details(
            organisation=cast.alpha,
            acting_user=cast.alice,
            email="kasse@alpha.example",
            name="Alpha",
            vat_id="123",
        )
    assert error.value.field == "vat_id"
    assert not BillingAccount.objects.filter(organisation=cast.alpha, vat_id="123").exists()


@pytest.mark.parametrize("actor", ["bob", "gina", "carol", "erin"])
def test_only_admins_of_the_organisation_change_billing(
    cast: Cast, plans: dict[str, Any], actor: str
) -> None:
    with pytest.raises(DomainError):
        services.start_subscription(
            organisation=cast.alpha,
            acting_user=getattr(cast, actor),
            plan=plans["verein"],
            interval="month",
        )
    assert (
        not BillingAccount.objects.filter(organisation=cast.alpha).exclude(status="none").exists()
    )


def test_subscribe_with_the_test_card_unlocks_the_plan(
    cast: Cast, plans: dict[str, Any], paying: Any
) -> None:
    assert not has_feature(fresh(cast.alpha), "decisions")
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    assert account.status == SubscriptionStatus.ACTIVE
    assert account.plan == plans["verein"]
    assert account.stripe_subscription_id.startswith("sub_")
    assert account.current_period_end is not None
    org = fresh(cast.alpha)
    assert has_feature(org, "decisions")
    assert not has_feature(org, "custom_domain")
    assert entitlements(org).member_limit == 250
    assert BillingLog.objects.filter(account=account, source="user").exists()


def test_change_plan_and_interval_then_cancel(
    cast: Cast, plans: dict[str, Any], paying: Any
) -> None:
    services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    account = services.change_plan(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["partei"], interval="year"
    )
    assert (account.plan, account.interval, account.status) == (plans["partei"], "year", "active")
    sub = stripe_client().v1.subscriptions.retrieve(account.stripe_subscription_id)
    assert sub.to_dict()["items"]["data"][0]["plan"]["id"] == plans["partei"].stripe_price_yearly_id
    assert has_feature(fresh(cast.alpha), "custom_domain")

    account = services.cancel(organisation=cast.alpha, acting_user=cast.alice, at_period_end=True)
    assert account.cancel_at_period_end and account.status == "active"
    account = services.cancel(organisation=cast.alpha, acting_user=cast.alice, at_period_end=False)
    assert account.status == SubscriptionStatus.CANCELED
    ent = entitlements(fresh(cast.alpha))
    assert ent.plan_slug == "free" and ent.features == frozenset()
    assert "custom_domain" in ent.readable_features  # nothing deleted, readable only
    assert account.write_revision == 4


def test_a_second_subscription_is_refused(cast: Cast, plans: dict[str, Any], paying: Any) -> None:
    services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    with pytest.raises(DomainError):
        services.start_subscription(
            organisation=cast.alpha, acting_user=cast.alice, plan=plans["partei"], interval="month"
        )
    subs = stripe_client().v1.subscriptions.list(
        params={"customer": paying.stripe_customer_id, "status": "all"}
    )
    assert len(subs.data) == 1


def test_the_free_plan_cannot_be_bought(cast: Cast, plans: dict[str, Any], paying: Any) -> None:
    with pytest.raises(DomainError) as error:
        services.start_subscription(
            organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="week"
        )
    assert error.value.field == "plan"
