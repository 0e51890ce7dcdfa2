"""WEB-1, WEB-3 and AUTH-3 from docs/security.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cast import PASSWORD, Cast

BASE_DIR = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings() -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING", "SECURE_SSL_REDIRECT"}
    }
    env.update(
        {
            "DEBUG": "false",
            "TESTING": "false",
            "SECRET_KEY": "prod-" + "k3y-!x" * 12,
            "BASE_DOMAIN": "wecreate.example",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "TESTING"}}
    env.update({"DEBUG": "false", "TESTING": "false", "DJANGO_SETTINGS_MODULE": "config.settings"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_live_responses_carry_the_security_headers(cast: Cast, client_for) -> None:
    response = client_for(cast.alpha, cast.bob).get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"  # WEB-3: intranet pages
    api = client_for(cast.alpha, cast.bob).get("/api/v1/members/", secure=True)
    assert api["Cache-Control"] == "no-store"


def test_every_answer_carries_a_permissions_policy(cast: Cast, client_for) -> None:
    """WEB-7: pages, API answers, error pages and the public network alike."""
    answers = [
        client_for(cast.alpha, cast.bob).get("/", secure=True),
        client_for(cast.alpha, cast.bob).get("/api/v1/members/", secure=True),
        client_for(cast.alpha, None).get("/does-not-exist/", secure=True),
        client_for(None, None).get("/", secure=True),
    ]
    for response in answers:
        policy = response["Permissions-Policy"]
        for denied in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert denied in policy
        assert "publickey-credentials-get=(self)" in policy  # WebAuthn sign-in keeps working


def test_login_rotates_the_session_and_sets_hardened_cookies(cast: Cast, client_for) -> None:
    client = client_for()
    client.get("/accounts/login/", secure=True)
    before = client.cookies.get("sessionid")
    response = client.post(
        "/accounts/login/", {"login": cast.bob.email, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    cookie = client.cookies["sessionid"]
    assert before is None or cookie.value != before.value
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_logout_ends_the_session_on_every_host(cast: Cast, client_for) -> None:
    client = client_for()
    client.post("/accounts/login/", {"login": cast.dave.email, "password": PASSWORD}, secure=True)
    session = client.cookies["sessionid"].value
    from django.test import Client

    # The same session cookie (domain-wide in production) opens both intranets …
    for host in ("alpha.localhost", "beta.localhost"):
        other = Client(HTTP_HOST=host)
        other.cookies["sessionid"] = session
        assert other.get("/", secure=True).status_code == 200
    client.post("/accounts/logout/", secure=True)
    # … and after logout it opens neither.
    for host in ("alpha.localhost", "beta.localhost"):
        other = Client(HTTP_HOST=host)
        other.cookies["sessionid"] = session
        assert "Bitte melde dich an" in other.get("/", secure=True).content.decode()


def test_deactivating_an_account_ends_its_sessions(cast: Cast, client_for) -> None:
    from accounts.models import User

    client = client_for(cast.alpha, cast.bob)
    assert client.get("/mitglieder/").status_code == 200
    User.objects.filter(pk=cast.bob.pk).update(is_active=False)
    assert client.get("/mitglieder/").status_code == 302
