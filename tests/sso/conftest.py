"""A real local OpenID Connect provider (npm ``oidc-provider``) on a free port, and the
authorization-code flow driven through its HTTP endpoints."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from tests.billing.conftest import free_port, wait_for_port
from tests.cast import Cast

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "wecreate-alpha"
CLIENT_SECRET = "alpha-client-secret-0123456789"  # noqa: S105 - the test IdP's client only
ACCOUNTS = {
    # matches cast user bob@example.org (allowed domain example.org)
    "bob": {"email": "bob@example.org", "email_verified": True, "name": "Bob IdP"},
    "newbie": {"email": "newbie@example.org", "email_verified": True, "name": "Neu Ling"},
    # an existing account that is not a member of the organisation (carol owns beta)
    "carol": {"email": "carol@example.org", "email_verified": True, "name": "Carol IdP"},
    # a member of alpha and of beta
    "dave": {"email": "dave@example.org", "email_verified": True, "name": "Dave IdP"},
    "unverified": {"email": "erin@example.org", "email_verified": False, "name": "Not Erin"},
    "outsider": {"email": "mallory@elsewhere.test", "email_verified": True, "name": "M"},
    "staff": {"email": "staff@example.org", "email_verified": True, "name": "Staff"},
}


class IdP:
    def __init__(self, issuer: str) -> None:
        self.issuer = issuer


def callback_path(organisation: Any) -> str:
    return f"/accounts/oidc/org-{organisation.pk}/login/callback/"


@pytest.fixture(scope="session")
def idp(_cast: Cast) -> Iterator[IdP]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.fail("node and the npm package oidc-provider are needed (npm ci)")
    port = free_port()
    redirect = f"http://alpha.localhost{callback_path(_cast.alpha)}"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as config:
        json.dump(
            {
                "port": port,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [redirect],
                "accounts": ACCOUNTS,
            },
            config,
        )
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [node, str(Path(__file__).with_name("idp.mjs")), config.name],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield IdP(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)
        Path(config.name).unlink(missing_ok=True)


def sign_in_at_idp(authorize_url: str, login: str) -> str:
    """Walk oidc-provider's login and consent pages as a browser would; the URL it sends the
    person back to (our callback with ``code`` and ``state``)."""
    browser = requests.Session()
    url = authorize_url
    issuer = "{0.scheme}://{0.netloc}".format(urlsplit(authorize_url))
    for _step in range(12):
        response = browser.get(url, allow_redirects=False, timeout=10)
        while response.is_redirect:
            url = requests.compat.urljoin(url, response.headers["Location"])
            if not url.startswith(issuer):
                return url
            response = browser.get(url, allow_redirects=False, timeout=10)
        assert response.status_code == 200, response.text[:500]
        if 'name="login"' in response.text:
            data = {"prompt": "login", "login": login, "password": "any"}
        elif 'value="consent"' in response.text:
            data = {"prompt": "consent"}
        else:
            raise AssertionError(response.text[:500])
        response = browser.post(url, data=data, allow_redirects=False, timeout=10)
        assert response.is_redirect, response.text[:500]
        url = requests.compat.urljoin(url, response.headers["Location"])
        if not url.startswith(issuer):
            return url
    raise AssertionError("the IdP never sent the person back")
