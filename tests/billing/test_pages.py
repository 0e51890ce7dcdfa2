"""The billing page of an organisation and the staff overview, through HTTP, against the local
Stripe double (and a recording server for Checkout, which the double lacks)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing import services
from billing.entitlements import has_feature
from billing.models import BillingAccount, SubscriptionStatus
from billing.selectors import platform_metrics
from tenants.models import Invitation, Organisation
from tests.billing.conftest import DECLINED_CARD, GOOD_CARD, Recorder
from tests.cast import Cast

BILLING = "/einstellungen/abrechnung/"


def fresh(org: Any) -> Organisation:
    return Organisation.objects.get(pk=org.pk)


def checkout(client: Any, plan: str = "partei", **card: str) -> Any:
    data = {"plan": plan, "interval": "month", "card_number": GOOD_CARD, "expiry": "12/34"}
    data["cvc"] = "123"
    data.update(card)
    return client.post(BILLING + "kasse/", data)


def test_the_page_shows_the_free_plan_its_limits_and_the_offers(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    page = client_for(cast.alpha, cast.alice).get(BILLING)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kostenloser Tarif" in html
    assert "von höchstens 30" in html  # members counted against the free plan's limit
    for plan in ("verein", "partei", "pro-mitglied"):
        assert f'data-plan="{plan}"' in html
    assert "29,00\u00a0€" in html  # German money format


def test_a_bad_plan_or_interval_is_refused_with_a_message(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    client = client_for(cast.alpha, cast.alice)
    for data in ({"plan": "gold", "interval": "month"}, {"plan": "verein", "interval": "week"}):
        response = client.post(BILLING + "buchen/", data)
        assert response.status_code == 400
    assert (
        "Diesen Tarif gibt es nicht."
        in client.post(BILLING + "buchen/", {"plan": "free", "interval": "month"}).content.decode()
    )
    assert (
        not BillingAccount.objects.filter(organisation=cast.alpha)
        .exclude(stripe_customer_id="")
        .exists()
    )


def test_subscribing_with_the_test_card_activates_the_plan_and_unlocks_its_features(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    client = client_for(cast.alpha, cast.alice)
    start = client.post(BILLING + "buchen/", {"plan": "partei", "interval": "month"})
    assert start.status_code == 302 and start["Location"].startswith(BILLING + "kasse/")
    assert client.get(start["Location"]).status_code == 200
    assert client.get("/einstellungen/api/").content.decode().count('data-testid="api-locked"')

    done = checkout(client)
    assert done.status_code == 302, done.content.decode()[:2000]
    account = BillingAccount.objects.get(organisation=cast.alpha)
    assert (account.status, account.plan, account.interval) == ("active", plans["partei"], "month")
    assert has_feature(fresh(cast.alpha), "api_access")
    html = client.get(BILLING).content.decode()
    assert "Partei / Profi" in html and "Aktiv" in html
    assert "VISA endet auf 4242" in html  # the card, from Stripe
    assert "99,00\u00a0€" in html  # the first invoice, paid
    assert 'data-testid="api-unlocked"' in client.get("/einstellungen/api/").content.decode()


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ({"card_number": "4242 4242 4242 4241"}, "Diese Kartennummer ist nicht gültig."),
        ({"expiry": "01/20"}, "Diese Karte ist abgelaufen."),
        ({"expiry": "13/30"}, "Bitte gib das Ablaufdatum als MM/JJ an."),
        ({"cvc": "12a"}, "Die Prüfnummer hat drei oder vier Ziffern."),
        ({"card_number": "4000000000000002"}, "Die Karte wurde abgelehnt"),
    ],
)
def test_a_bad_or_declined_card_gets_a_message_and_subscribes_nothing(
    cast: Cast, client_for: Any, plans: dict[str, Any], card: dict[str, str], message: str
) -> None:
    response = checkout(client_for(cast.alpha, cast.alice), **card)
    assert response.status_code == 400
    assert message in response.content.decode()
    account = BillingAccount.objects.filter(organisation=cast.alpha).first()
    assert account is None or account.status == SubscriptionStatus.NONE
    assert not has_feature(fresh(cast.alpha), "api_access")


def test_a_card_that_attaches_but_cannot_pay_leaves_the_free_plan_in_force(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    response = checkout(client_for(cast.alpha, cast.alice), card_number=DECLINED_CARD)
    assert response.status_code == 400
    assert "abgelehnt" in response.content.decode()
    assert not has_feature(fresh(cast.alpha), "api_access")


def test_the_card_form_exists_only_with_the_local_double(
    cast: Cast, client_for: Any, plans: dict[str, Any], settings: Any
) -> None:
    settings.STRIPE_LOCAL_DOUBLE = False
    assert checkout(client_for(cast.alpha, cast.alice)).status_code == 404


def test_with_real_stripe_subscribing_goes_to_checkout(
    cast: Cast, client_for: Any, recorder: Recorder
) -> None:
    services.sync_plans()
    from billing.models import Plan

    Plan.objects.filter(slug="verein").update(stripe_price_monthly_id="price_verein_m")
    BillingAccount.objects.update_or_create(
        organisation=cast.alpha, defaults={"stripe_customer_id": "cus_alpha"}
    )
    response = client_for(cast.alpha, cast.alice).post(
        BILLING + "buchen/", {"plan": "verein", "interval": "month"}
    )
    assert response.status_code == 302
    assert response["Location"] == "https://stripe.test/sessions"
    (request,) = recorder.requests
    assert request["form"]["line_items[0][price]"] == ["price_verein_m"]
    assert request["form"]["success_url"][0].endswith(BILLING + "?checkout=success")


def test_the_portal_button_goes_to_stripe(cast: Cast, client_for: Any, recorder: Recorder) -> None:
    BillingAccount.objects.update_or_create(
        organisation=cast.alpha, defaults={"stripe_customer_id": "cus_alpha"}
    )
    response = client_for(cast.alpha, cast.alice).post(BILLING + "zahlungsdaten/")
    assert (response.status_code, response["Location"]) == (302, "https://stripe.test/sessions")


def test_change_plan_then_cancel_from_the_page(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    client = client_for(cast.alpha, cast.alice)
    assert checkout(client, plan="verein").status_code == 302
    assert (
        client.post(BILLING + "wechseln/", {"plan": "partei", "interval": "year"}).status_code
        == 302
    )
    account = BillingAccount.objects.get(organisation=cast.alpha)
    assert (account.plan, account.interval) == (plans["partei"], "year")
    assert "Tarif wechseln" in client.get(BILLING).content.decode()

    refused = client.post(BILLING + "kuendigen/", {})
    assert (
        refused.status_code == 400 and "Bitte bestätige die Kündigung." in refused.content.decode()
    )
    assert client.post(BILLING + "kuendigen/", {"confirm": "on"}).status_code == 302
    account.refresh_from_db()
    assert account.cancel_at_period_end and account.status == "active"
    assert "gekündigt zum" in client.get(BILLING).content.decode()


def test_billing_details_are_validated_and_saved(cast: Cast, client_for: Any) -> None:
    client = client_for(cast.alpha, cast.alice)
    data = {
        "billing_email": "kasse@alpha.example",
        "billing_name": "Alpha e. V.",
        "address_line1": "Karl-Heine-Str. 1",
        "address_line2": "",
        "postal_code": "04229",
        "city": "Leipzig",
        "country": "DE",
        "vat_id": "DE123456789",  # right format, wrong check digit
    }
    refused = client.post(BILLING + "rechnungsdaten/", data)
    assert refused.status_code == 400
    assert "USt-IdNr. ist nicht gültig" in refused.content.decode()
    assert not BillingAccount.objects.filter(billing_email="kasse@alpha.example").exists()
    assert client.post(BILLING + "rechnungsdaten/", {**data, "vat_id": ""}).status_code == 302
    assert BillingAccount.objects.get(organisation=cast.alpha).city == "Leipzig"


def test_members_and_guests_cannot_change_billing(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    for user in (cast.bob, cast.gina):
        assert checkout(client_for(cast.alpha, user)).status_code == 403
    assert checkout(client_for(cast.alpha, cast.carol)).status_code == 404  # another org's owner
    assert not BillingAccount.objects.exclude(status="none").exists()


def test_the_page_runs_a_bounded_number_of_queries(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    client = client_for(cast.alpha, cast.alice)
    checkout(client, plan="verein")
    client.get(BILLING)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(BILLING).status_code == 200
    assert len(queries) <= 20


# --- Member limit -------------------------------------------------------------------------


def _limit_alpha(limit: int) -> None:
    from billing.models import Plan

    services.sync_plans()
    Plan.objects.filter(slug="free").update(member_limit=limit)
    from billing.entitlements import forget_plans

    forget_plans()


def test_invitations_stop_at_the_plans_member_limit_guests_still_welcome(
    cast: Cast, client_for: Any
) -> None:
    from billing.entitlements import members_counted

    _limit_alpha(members_counted(cast.alpha) + 1)
    client = client_for(cast.alpha, cast.alice)
    assert (
        client.post("/mitglieder/", {"email": "neu1@example.org", "role": "member"}).status_code
        == 302
    )
    refused = client.post("/mitglieder/", {"email": "neu2@example.org", "role": "member"})
    assert refused.status_code == 400
    assert "nicht genug freie Plätze" in refused.content.decode()
    assert not Invitation.objects.filter(email="neu2@example.org").exists()
    guest = client.post("/mitglieder/", {"email": "gast@example.org", "role": "guest"})
    assert guest.status_code == 302


def test_accepting_an_invitation_beyond_the_limit_is_refused_clearly(cast: Cast) -> None:
    from billing.entitlements import members_counted
    from intranet.services import add_member
    from tenants.services import OrganisationError

    _limit_alpha(members_counted(cast.alpha))
    with pytest.raises(OrganisationError) as error:
        add_member(organisation=cast.alpha, user=cast.erin, role="member")
    assert error.value.code == "member_limit"
    add_member(organisation=cast.alpha, user=cast.erin, role="guest")  # guests do not count
    add_member(organisation=cast.alpha, user=cast.bob, role="member")  # already in: no change


def test_every_way_in_refuses_alike_when_open_invitations_hold_the_last_place(
    cast: Cast,
) -> None:
    from billing.entitlements import MemberLimitReached, members_counted
    from intranet.member_import import import_members
    from intranet.services import add_member
    from tenants.services import accept_invitation, invite_member, role_of

    _limit_alpha(members_counted(cast.alpha) + 1)
    held = invite_member(
        organisation=cast.alpha, email=cast.erin.email, role="member", invited_by=cast.alice
    )  # the last place is promised now
    refusals = []
    with pytest.raises(MemberLimitReached) as invited:
        invite_member(
            organisation=cast.alpha, email="neu@example.org", role="member", invited_by=cast.alice
        )
    refusals.append(invited.value)
    with pytest.raises(MemberLimitReached) as imported:
        import_members(
            organisation=cast.alpha, acting_user=cast.alice, data=b"E-Mail\nneu@example.org\n"
        )
    refusals.append(imported.value)
    with pytest.raises(MemberLimitReached) as joined:
        add_member(organisation=cast.alpha, user=cast.carol, role="member")
    refusals.append(joined.value)
    assert {(e.code, e.message, e.field) for e in refusals} == {
        ("member_limit", refusals[0].message, None)
    }
    assert "frei sind noch 0 " in refusals[0].message
    # The invitation holding the place can still be accepted: it does not count against itself.
    accept_invitation(organisation=cast.alpha, token=held.token, user=cast.erin)
    assert role_of(organisation=cast.alpha, user=cast.erin) == "member"


# --- Grace period and read-only -----------------------------------------------------------


def _past_due(cast: Cast, plans: dict[str, Any], *, grace_left: timedelta) -> None:
    BillingAccount.objects.update_or_create(
        organisation=cast.alpha,
        defaults={
            "plan": plans["verein"],
            "status": SubscriptionStatus.PAST_DUE,
            "stripe_subscription_id": "sub_x",
            "grace_until": timezone.now() + grace_left,
        },
    )


def test_the_grace_period_shows_a_banner_and_changes_still_work(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    _past_due(cast, plans, grace_left=timedelta(days=3))
    page = client_for(cast.alpha, cast.bob).get("/").content.decode()
    assert "Eine Zahlung ist fehlgeschlagen" in page
    invite = client_for(cast.alpha, cast.alice).post(
        "/mitglieder/", {"email": "neu@example.org", "role": "member"}
    )
    assert invite.status_code == 302


def test_after_the_grace_period_the_intranet_is_read_only_but_billing_works(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    _past_due(cast, plans, grace_left=-timedelta(minutes=1))
    alice = client_for(cast.alpha, cast.alice)
    assert "nur noch lesbar" in alice.get("/").content.decode()
    assert alice.get("/mitglieder/").status_code == 200  # reading stays possible
    refused = alice.post("/mitglieder/", {"email": "neu@example.org", "role": "member"})
    assert refused.status_code == 403
    assert not Invitation.objects.filter(email="neu@example.org").exists()
    api = alice.post("/api/v1/invitations/", {"email": "neu@example.org"})
    assert api.status_code == 403 and api.json()["code"] == "read_only"
    # Billing stays open so that they can pay.
    details = alice.post(BILLING + "rechnungsdaten/", {"billing_email": "x@example.org"})
    assert details.status_code == 400  # a form error (name missing), not the read-only wall
    # Other organisations are not affected.
    beta = client_for(cast.beta, cast.carol).post(
        "/mitglieder/", {"email": "neu@example.org", "role": "member"}
    )
    assert beta.status_code == 302


# --- API access is a plan feature -----------------------------------------------------------


def test_token_access_to_the_intranet_api_needs_the_feature(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=cast.bob)
    client = client_for(cast.alpha)
    locked = client.get("/api/v1/members/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert locked.status_code == 403
    assert "Tarif" in locked.json()["detail"]
    assert client_for(cast.alpha, cast.bob).get("/api/v1/members/").status_code == 200  # session

    checkout(client_for(cast.alpha, cast.alice), plan="partei")
    unlocked = client_for(cast.alpha).get(
        "/api/v1/members/", HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert unlocked.status_code == 200


# --- Platform staff -----------------------------------------------------------------------


def test_staff_see_mrr_states_and_failing_payments(
    cast: Cast, client_for: Any, plans: dict[str, Any]
) -> None:
    checkout(client_for(cast.alpha, cast.alice), plan="partei")  # 99 € a month
    BillingAccount.objects.update_or_create(
        organisation=cast.beta,
        defaults={
            "plan": plans["verein"],
            "interval": "year",  # 290 € a year: 24.16 € a month
            "status": SubscriptionStatus.PAST_DUE,
            "grace_until": timezone.now() + timedelta(days=5),
        },
    )
    metrics = platform_metrics()
    assert metrics.mrr_cents == 9900 + 29000 // 12
    assert metrics.by_status == {"active": 1, "past_due": 1}
    assert [a.organisation_id for a in metrics.failing] == [cast.beta.pk]
    staff = client_for(None, cast.staff)
    staff.get("/staff/abrechnung/")  # session and caches warm
    with CaptureQueriesContext(connection) as queries:
        page = staff.get("/staff/abrechnung/")
    assert page.status_code == 200
    html = page.content.decode()
    assert cast.beta.name in html and "123,16\u00a0€" in html
    assert len(queries) <= 15  # fixed: aggregates, and at most 100 failing accounts listed
