"""Single sign-on per organisation (docs/security.md AUTH-9), against a real local OpenID
Connect provider: configuration and its plan gate, the full authorization-code flow, matching by
verified e-mail, new members, refused addresses, "members must use SSO"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from audit.models import AuditEntry
from billing.entitlements import forget_entitlements
from billing.models import BillingAccount, Plan, SubscriptionStatus
from intranet.models import Membership
from sso import services
from sso.models import IdentityProvider
from tenants.db import connection
from tests.cast import PASSWORD, Cast
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, IdP, callback_path, sign_in_at_idp

SETTINGS_URL = "/einstellungen/sso/"


def subscribe(cast: Cast, features: list[str]) -> None:
    plan, _ = Plan.objects.update_or_create(
        slug="test-sso", defaults={"name": "SSO", "features": features, "price_monthly_cents": 1}
    )
    BillingAccount.objects.update_or_create(
        organisation=cast.alpha, defaults={"plan": plan, "status": SubscriptionStatus.ACTIVE}
    )
    forget_entitlements(cast.alpha)


@pytest.fixture
def sso_plan(cast: Cast) -> None:
    subscribe(cast, ["single_sign_on"])


def form_data(issuer: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Partei-Login",
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "allowed_domains": "example.org",
        **extra,
    }


@pytest.fixture
def configured(cast: Cast, sso_plan: None, idp: IdP) -> None:
    services.configure_sso(
        organisation=cast.alpha,
        actor=cast.alice,
        name="Partei-Login",
        issuer=idp.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        allowed_domains=["example.org"],
        members_must_use_sso=False,
        add_new_members=True,
    )
    services.forget_provider(cast.alpha.pk)


def log_in_via_idp(cast: Cast, login: str, next_path: str = "/") -> tuple[Client, Any]:
    from tests.conftest import TenantClient

    client = TenantClient(HTTP_HOST="alpha.localhost")
    page = client.get("/anmelden/", {"next": next_path})
    assert page.status_code == 200
    start = client.post(f"/accounts/oidc/org-{cast.alpha.pk}/login/", {"next": next_path})
    assert start.status_code == 302, start.content[:300]
    back = sign_in_at_idp(start["Location"], login)
    parts = urlsplit(back)
    assert parts.netloc == "alpha.localhost" and parts.path == callback_path(cast.alpha)
    return client, client.get(parts.path + "?" + parts.query)


def audit_actions(cast: Cast) -> list[str]:
    connection.set_tenant(cast.alpha)
    try:
        return list(
            AuditEntry.objects.filter(action="settings.sso").values_list("action", flat=True)
        )
    finally:
        connection.set_schema_to_public()


def test_an_admin_configures_sso_and_the_secret_is_sealed_and_never_shown(
    cast: Cast, client_for: Any, sso_plan: None, idp: IdP
) -> None:
    admin = client_for(cast.alpha, cast.alice)
    response = admin.post(SETTINGS_URL, form_data(idp.issuer, add_new_members="on"))
    assert response.status_code == 302
    idp_row = IdentityProvider.objects.get(organisation=cast.alpha)
    assert CLIENT_SECRET not in idp_row.client_secret_sealed
    assert services.unseal(idp_row.client_secret_sealed) == CLIENT_SECRET
    page = admin.get(SETTINGS_URL)
    assert page.status_code == 200
    assert CLIENT_SECRET not in page.content.decode()
    assert "Partei-Login" in page.content.decode()
    # An empty secret keeps the stored one.
    admin.post(SETTINGS_URL, form_data(idp.issuer, client_secret="", name="Neu"))
    idp_row.refresh_from_db()
    assert (idp_row.name, services.unseal(idp_row.client_secret_sealed)) == ("Neu", CLIENT_SECRET)
    assert audit_actions(cast) == ["settings.sso", "settings.sso"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("issuer", "nicht-url"),
        ("issuer", "http://idp.example.org"),
        ("allowed_domains", " , "),
        ("allowed_domains", "kein domain"),
        ("client_id", ""),
    ],
)
def test_bad_configuration_is_refused_with_a_message_and_nothing_stored(
    cast: Cast, client_for: Any, sso_plan: None, field: str, value: str
) -> None:
    admin = client_for(cast.alpha, cast.alice)
    response = admin.post(SETTINGS_URL, {**form_data("https://idp.example.org"), field: value})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not IdentityProvider.objects.filter(organisation=cast.alpha).exists()


def test_members_guests_and_other_organisations_cannot_configure(
    cast: Cast, client_for: Any, sso_plan: None
) -> None:
    assert client_for(cast.alpha, cast.bob).get(SETTINGS_URL).status_code == 403
    assert (
        client_for(cast.alpha, cast.gina).post(SETTINGS_URL, form_data("https://x.org")).status_code
        == 403
    )
    assert client_for(cast.alpha, cast.carol).get(SETTINGS_URL).status_code == 404  # beta's owner
    anonymous = client_for(cast.alpha).get(SETTINGS_URL)
    assert anonymous.status_code == 302
    assert not IdentityProvider.objects.exists()


def test_without_the_plan_feature_the_configuration_is_refused(cast: Cast, client_for: Any) -> None:
    admin = client_for(cast.alpha, cast.alice)
    page = admin.get(SETTINGS_URL)
    assert 'data-testid="sso-locked"' in page.content.decode()
    response = admin.post(SETTINGS_URL, form_data("https://idp.example.org"))
    assert response.status_code == 403
    assert "nicht enthalten" in response.content.decode()
    assert not IdentityProvider.objects.exists()
    with pytest.raises(services.SSOError):
        services.configure_sso(
            organisation=cast.alpha,
            actor=cast.alice,
            name="x",
            issuer="https://x.org",
            client_id="c",
            client_secret="s",
            allowed_domains=["x.org"],
            members_must_use_sso=False,
            add_new_members=False,
        )


def test_a_downgraded_organisation_loses_the_button_and_the_flow(
    cast: Cast, configured: None
) -> None:
    from tests.conftest import TenantClient

    client = TenantClient(HTTP_HOST="alpha.localhost")
    assert "Mit Partei-Login anmelden" in client.get("/anmelden/").content.decode()
    subscribe(cast, [])  # downgraded
    page = client.get("/anmelden/")
    assert page.status_code == 302  # straight to the platform login, no SSO button
    start = client.post(f"/accounts/oidc/org-{cast.alpha.pk}/login/", {"next": "/"})
    assert start.status_code in (403, 404)


def test_an_existing_person_is_matched_by_verified_email(cast: Cast, configured: None) -> None:
    client, response = log_in_via_idp(cast, "bob", "/mitglieder/")
    assert response.status_code == 302 and response["Location"] == "/mitglieder/"
    assert client.get("/mitglieder/").status_code == 200
    assert int(client.session["_auth_user_id"]) == cast.bob.pk
    from allauth.socialaccount.models import SocialAccount

    assert SocialAccount.objects.get(user=cast.bob).provider == f"org-{cast.alpha.pk}"


def test_a_new_person_gets_an_account_and_becomes_a_member(cast: Cast, configured: None) -> None:
    from accounts.models import User

    client, response = log_in_via_idp(cast, "newbie")
    assert response.status_code == 302
    user = User.objects.get(email="newbie@example.org")
    assert user.display_name == "Neu Ling"
    assert user.tenants.filter(schema_name="public").exists()
    connection.set_tenant(cast.alpha)
    try:
        assert Membership.objects.get(user=user).role == "member"
    finally:
        connection.set_schema_to_public()
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("login", ["unverified", "outsider", "staff"])
def test_unverified_outside_and_staff_addresses_are_refused(
    cast: Cast, configured: None, login: str
) -> None:
    from accounts.models import User

    before = User.objects.count()
    client, response = log_in_via_idp(cast, login)
    assert response.status_code == 403
    assert 'data-testid="sso-refused"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == before


def test_members_must_use_sso_sends_platform_logins_to_the_idp(
    cast: Cast, configured: None, client_for: Any
) -> None:
    IdentityProvider.objects.filter(organisation=cast.alpha).update(members_must_use_sso=True)
    services.forget_provider(cast.alpha.pk)
    password_session = client_for(cast.alpha, cast.bob)
    response = password_session.get("/mitglieder/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")
    login_page = password_session.get(response["Location"])
    assert 'data-testid="sso-required"' in login_page.content.decode()
    assert 'data-testid="platform-login"' not in login_page.content.decode()
    # The owner is exempt (a broken IdP must not lock the organisation out).
    assert client_for(cast.alpha, cast.alice).get("/mitglieder/").status_code == 200
    client, _ = log_in_via_idp(cast, "bob", "/mitglieder/")
    assert client.get("/mitglieder/").status_code == 200


def test_disabling_sso_is_audited_and_hides_the_button(
    cast: Cast, configured: None, client_for: Any
) -> None:
    admin = client_for(cast.alpha, cast.alice)
    assert admin.post("/einstellungen/sso/aus/").status_code == 302
    assert client_for(cast.alpha).get("/anmelden/").status_code == 302
    assert len(audit_actions(cast)) == 2


def test_another_organisations_host_knows_nothing_of_alphas_idp(
    cast: Cast, configured: None, client_for: Any
) -> None:
    beta = client_for(cast.beta)
    assert beta.get("/anmelden/").status_code == 302
    response = beta.post(f"/accounts/oidc/org-{cast.alpha.pk}/login/", {"next": "/"})
    assert response.status_code in (403, 404)
    assert client_for(cast.beta, cast.carol).get(SETTINGS_URL).status_code == 200


def test_the_login_page_and_an_intranet_page_stay_within_their_queries(
    cast: Cast, configured: None, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    from tests.conftest import TenantClient

    client = TenantClient(HTTP_HOST="alpha.localhost")
    client.get("/anmelden/")  # warms the platform cache
    with django_assert_max_num_queries(4):
        page = client.get("/anmelden/")
    assert "Mit Partei-Login anmelden" in page.content.decode()
    member = client_for(cast.alpha, cast.bob)
    member.get("/mitglieder/")
    with django_assert_max_num_queries(30):
        assert member.get("/mitglieder/").status_code == 200


def test_an_existing_account_that_is_no_member_is_not_taken_over(
    cast: Cast, configured: None
) -> None:
    # Alpha lists example.org, but Carol (owner of beta) is no member of alpha: alpha's IdP must
    # not sign in her account, nor make her a member.
    client, response = log_in_via_idp(cast, "carol")
    assert response.status_code == 403
    assert 'data-testid="sso-refused"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    connection.set_tenant(cast.alpha)
    try:
        assert not Membership.objects.filter(user=cast.carol).exists()
    finally:
        connection.set_schema_to_public()


def test_an_sso_session_is_a_login_on_its_organisations_host_only(
    cast: Cast, configured: None
) -> None:
    # Dave is a member of alpha and of beta. Where subdomains share the cookie, the session
    # alpha's IdP started must not open beta's intranet or the network as Dave.
    client, response = log_in_via_idp(cast, "dave", "/mitglieder/")
    assert response.status_code == 302
    assert client.get("/mitglieder/").status_code == 200
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    for host in ("beta.localhost", "localhost"):
        other = Client(HTTP_HOST=host)
        other.cookies[settings.SESSION_COOKIE_NAME] = cookie
        page = other.get("/mitglieder/" if host != "localhost" else "/konto/profil/")
        assert page.status_code in (302, 403), host
        assert "dave@example.org" not in page.content.decode()
    # A login by password on the root domain lifts the scope there.
    root = Client(HTTP_HOST="localhost")
    root.cookies[settings.SESSION_COOKIE_NAME] = cookie
    answer = root.post("/accounts/login/", {"login": "dave@example.org", "password": PASSWORD})
    assert answer.status_code == 302
    assert root.get("/konto/profil/").status_code == 200
