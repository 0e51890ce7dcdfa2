"""AUTH-4 (brute force: one lockout per account and per address, on every host and every way to
log in) and LOG-1 (no personal data in auth logs)."""

from __future__ import annotations

import logging

from django.test import RequestFactory

from config.logging import JsonFormatter
from config.middleware import ClientAddressMiddleware
from tests.cast import PASSWORD, Cast

LOCKED = "Zu viele fehlgeschlagene Anmeldeversuche"


def _attempt(client, email: str, password: str, ip: str = "203.0.113.9", **extra):
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip, **extra
    )


def _token(client, email: str, password: str, ip: str = "203.0.113.9", **extra):
    return client.post(
        "/api/v1/auth/token/",
        {"email": email, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
        **extra,
    )


def test_a_forged_forwarded_header_gives_the_token_endpoint_no_fresh_attempts(
    cast: Cast, client_for
) -> None:
    answers = [
        _token(client_for(), cast.bob.email, f"guess-{i}", HTTP_X_FORWARDED_FOR=f"198.18.0.{i}")
        for i in range(5)
    ]
    assert [a.status_code for a in answers[:4]] == [400] * 4
    assert answers[4].status_code == 429
    # Even the right password, from yet another forged address, is refused now.
    refused = _token(client_for(), cast.bob.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.18.1.1")
    assert refused.status_code == 429
    body = refused.json()
    assert LOCKED in body["detail"] and body["code"] == "locked_out"
    assert "15 Minuten" in body["detail"]


def test_token_failures_count_toward_the_accounts_lock_on_the_web_form(
    cast: Cast, client_for
) -> None:
    for i in range(3):
        assert _token(client_for(), cast.bob.email, f"guess-{i}").status_code == 400
    # Two more on the web form, from other addresses: the fifth failure locks the account.
    assert _attempt(client_for(), cast.bob.email, "guess-3", ip="198.51.100.1").status_code == 200
    locked = _attempt(client_for(), cast.bob.email, "guess-4", ip="198.51.100.2")
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    right = _attempt(client_for(), cast.bob.email, PASSWORD, ip="198.51.100.3")
    assert right.status_code == 429 and "_auth_user_id" not in right.client.session


def test_a_lock_on_the_root_host_holds_on_organisation_hosts_and_the_api(
    cast: Cast, client_for
) -> None:
    for i in range(5):
        _attempt(client_for(), cast.dave.email, f"guess-{i}", ip=f"198.51.100.{i}")
    on_org = _attempt(client_for(cast.alpha), cast.dave.email, PASSWORD, ip="192.0.2.50")
    assert on_org.status_code == 429 and LOCKED in on_org.content.decode()
    assert (
        _attempt(client_for(cast.beta), cast.dave.email, PASSWORD, ip="192.0.2.51").status_code
        == 429
    )
    assert _token(client_for(), cast.dave.email, PASSWORD, ip="192.0.2.52").status_code == 429


def test_a_lock_on_an_organisation_host_holds_on_the_root_host_and_the_api(
    cast: Cast, client_for
) -> None:
    for i in range(5):
        _attempt(client_for(cast.alpha), cast.bob.email, f"guess-{i}", ip=f"198.51.100.{i}")
    assert _attempt(client_for(), cast.bob.email, PASSWORD, ip="192.0.2.60").status_code == 429
    assert _attempt(client_for(cast.beta), cast.bob.email, PASSWORD).status_code == 429
    assert _token(client_for(), cast.bob.email, PASSWORD, ip="192.0.2.61").status_code == 429


def test_the_account_is_matched_however_its_address_is_spelt(cast: Cast, client_for) -> None:
    for i in range(5):
        _attempt(client_for(), cast.bob.email.upper(), f"guess-{i}", ip=f"198.51.100.{i}")
    assert _token(client_for(), f" {cast.bob.email} ", PASSWORD, ip="192.0.2.9").status_code == 429


def test_one_address_is_locked_across_accounts(cast: Cast, client_for) -> None:
    pages = [
        _attempt(client_for(), f"nobody{i}@example.org", "x-wrong-1", ip="203.0.113.10")
        for i in range(5)
    ]
    assert pages[-1].status_code == 429
    # The real person behind that address is refused too; from elsewhere they log in.
    assert _attempt(client_for(), cast.erin.email, PASSWORD, ip="203.0.113.10").status_code == 429
    assert _attempt(client_for(), cast.erin.email, PASSWORD, ip="198.51.100.7").status_code == 302


def test_a_successful_login_clears_the_accounts_failures(cast: Cast, client_for) -> None:
    for i in range(4):
        _attempt(client_for(), cast.carol.email, f"guess-{i}", ip=f"198.51.100.{i}")
    assert _attempt(client_for(), cast.carol.email, PASSWORD, ip="198.51.100.20").status_code == 302
    for i in range(4):
        page = _attempt(client_for(), cast.carol.email, f"again-{i}", ip=f"198.51.100.{30 + i}")
        assert page.status_code == 200, i
    assert _token(client_for(), cast.carol.email, PASSWORD, ip="198.51.100.40").status_code == 200


def test_logging_into_an_own_account_does_not_clear_an_addresss_failures(
    cast: Cast, client_for
) -> None:
    for i in range(4):
        _attempt(client_for(), f"nobody{i}@example.org", "x-wrong", ip="203.0.113.11")
    assert _attempt(client_for(), cast.erin.email, PASSWORD, ip="203.0.113.11").status_code == 302
    last = _attempt(client_for(), "nobody9@example.org", "x-wrong", ip="203.0.113.11")
    assert last.status_code == 429


def test_forwarded_addresses_are_believed_only_from_trusted_proxies(settings) -> None:
    seen: list[str] = []

    def view(request):
        seen.append(request.META["REMOTE_ADDR"])
        return None

    factory = RequestFactory()
    forged = "198.18.0.1, 198.18.0.2"
    ClientAddressMiddleware(view)(
        factory.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=forged)
    )
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    middleware = ClientAddressMiddleware(view)
    middleware(factory.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=forged))
    # Through the ingress (10.0.0.7) and an inner proxy (10.1.1.1): the client is the right-most
    # address no trusted proxy has; what the client itself put further left is ignored.
    middleware(
        factory.get(
            "/", REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="198.18.9.9, 192.0.2.44, 10.1.1.1"
        )
    )
    middleware(factory.get("/", REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="not-an-address"))
    assert seen == ["203.0.113.5", "203.0.113.5", "192.0.2.44", "10.0.0.7"]


def test_failed_logins_are_logged_with_ids_not_names(cast: Cast, client_for, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="wecreate.auth"):
        _attempt(client_for(), cast.carol.email, "wrong", "192.0.2.1")
    record = next(r for r in caplog.records if r.name == "wecreate.auth")
    line = JsonFormatter().format(record)
    assert f'"target_user_id": {cast.carol.pk}' in line
    assert '"route": "/accounts/login/"' in line
    assert "carol" not in line.lower()


def test_the_token_endpoint_takes_the_email_address_as_its_help_says(
    cast: Cast, client_for
) -> None:
    answer = _token(client_for(), cast.bob.email, PASSWORD)
    assert answer.status_code == 200 and answer.json()["token"]
    # The old field name is no longer read: a clear error names the field that is missing.
    old = client_for().post(
        "/api/v1/auth/token/",
        {"username": cast.bob.email, "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="203.0.113.10",
    )
    assert old.status_code == 400 and "email" in old.json()
    wrong = _token(client_for(), cast.bob.email, "not-the-password", ip="203.0.113.11")
    assert wrong.status_code == 400
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in str(wrong.json())
