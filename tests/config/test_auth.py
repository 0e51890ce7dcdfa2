"""AUTH-4 (brute force) and LOG-1 (no personal data in auth logs)."""

from __future__ import annotations

import logging

from config.logging import JsonFormatter
from tests.cast import PASSWORD, Cast


def _attempt(client, email: str, password: str, ip: str):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_are_throttled_but_the_real_person_can_log_in_elsewhere(
    cast: Cast, client_for
) -> None:
    attacker = client_for()
    outcomes = [
        _attempt(attacker, cast.bob.email, "wrong-guess", "203.0.113.9").content.decode()
        for _ in range(20)
    ]
    throttled = [i for i, page in enumerate(outcomes) if "Zu viele" in page or "Too many" in page]
    assert throttled and throttled[0] < 10
    # Even the right password is refused to the attacker's address now …
    assert _attempt(attacker, cast.bob.email, PASSWORD, "203.0.113.9").status_code != 302
    # … while Bob, from his own address, logs in.
    assert _attempt(client_for(), cast.bob.email, PASSWORD, "198.51.100.7").status_code == 302


def test_one_address_is_throttled_across_accounts(cast: Cast, client_for) -> None:
    attacker = client_for()
    emails = [f"nobody{i}@example.org" for i in range(12)]
    pages = [_attempt(attacker, e, "x-wrong-1", "203.0.113.10").content.decode() for e in emails]
    assert any("Zu viele" in p or "Too many" in p for p in pages[:11])


def test_failed_logins_are_logged_with_ids_not_names(cast: Cast, client_for, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="wecreate.auth"):
        _attempt(client_for(), cast.carol.email, "wrong", "192.0.2.1")
    record = next(r for r in caplog.records if r.name == "wecreate.auth")
    line = JsonFormatter().format(record)
    assert f'"target_user_id": {cast.carol.pk}' in line
    assert '"route": "/accounts/login/"' in line
    assert "carol" not in line.lower()
