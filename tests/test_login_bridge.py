"""One login across the root domain and organisation hosts that cannot share a cookie."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.test import Client

from tests.cast import PASSWORD, Cast


def test_the_root_session_is_handed_to_an_organisation_host_once(cast: Cast, client_for) -> None:
    root = client_for()
    root.post("/accounts/login/", {"login": cast.dave.email, "password": PASSWORD})
    handed = root.get("/konto/weiter/", {"to": "https://beta.localhost/mitglieder/"})
    assert handed.status_code == 302
    target = urlsplit(handed["Location"])
    assert target.netloc == "beta.localhost" and target.path == "/anmelden/fertig/"
    token = parse_qs(target.query)["token"][0]

    org = Client(HTTP_HOST="beta.localhost")
    finished = org.get("/anmelden/fertig/", {"token": token, "next": "/mitglieder/"})
    assert finished.status_code == 302 and finished["Location"] == "/mitglieder/"
    assert org.cookies["sessionid"].value == root.cookies["sessionid"].value
    assert org.get("/mitglieder/").status_code == 200
    # Single use: a replayed link does nothing.
    replay = Client(HTTP_HOST="beta.localhost").get("/anmelden/fertig/", {"token": token})
    assert replay.status_code == 400

    # Logging out on the organisation host ends the login on the root domain too.
    org.post("/accounts/logout/")
    assert root.get("/organisationen/neu/").status_code == 302


def test_anonymous_visitors_log_in_on_the_root_domain_first(cast: Cast, client_for) -> None:
    start = client_for(cast.alpha).get("/anmelden/", {"next": "/mitglieder/"})
    assert start.status_code == 302
    bridge = urlsplit(start["Location"])
    assert bridge.netloc == "localhost" and bridge.path == "/konto/weiter/"
    to_login = client_for().get(bridge.path + "?" + bridge.query)
    assert to_login.status_code == 302 and to_login["Location"].startswith("/accounts/login/?next=")


def test_the_bridge_never_redirects_to_foreign_hosts(cast: Cast, client_for) -> None:
    client = client_for(None, cast.alice)
    for target in (
        "https://evil.example/",
        "javascript:alert(1)",
        "https://localhost/",
        "http://alpha.localhost/",
    ):
        assert client.get("/konto/weiter/", {"to": target}).status_code == 404, target
    start = client_for(cast.alpha).get("/anmelden/", {"next": "https://evil.example/"})
    assert "evil.example" not in start["Location"]
