"""One login across the root domain and organisation hosts that cannot share a cookie
(docs/security.md AUTH-7)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from django.contrib.sessions.models import Session

from accounts.models import LinkedSession
from tests.cast import PASSWORD, Cast

_REFRESH = re.compile(r'http-equiv="refresh" content="0;url=([^"]+)"')


def _logged_in_root(client_for, user):
    root = client_for()
    assert (
        root.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code
        == 302
    )
    return root


def _hand_over(root, target: str) -> str:
    """The finish link the root domain sends the browser on to (its meta refresh)."""
    page = root.get("/konto/weiter/", {"to": target})
    assert page.status_code == 200, page.status_code
    found = _REFRESH.search(page.content.decode())
    assert found, page.content.decode()
    return html.unescape(found.group(1))


def _finish(client, url: str):
    parts = urlsplit(url)
    return client.get(parts.path + "?" + parts.query)


def test_a_member_gets_a_session_of_its_own_on_the_organisation_host(
    cast: Cast, client_for
) -> None:
    root = _logged_in_root(client_for, cast.dave)
    url = _hand_over(root, "https://beta.localhost/mitglieder/")
    parts = urlsplit(url)
    assert parts.netloc == "beta.localhost" and parts.path == "/anmelden/fertig/"

    org = client_for(cast.beta)
    finished = _finish(org, url)
    assert finished.status_code == 302 and finished["Location"] == "/mitglieder/"
    root_key, org_key = root.cookies["sessionid"].value, org.cookies["sessionid"].value
    assert org_key != root_key  # never the root's key
    assert org.get("/mitglieder/").status_code == 200
    link = LinkedSession.objects.get(session_key=org_key)
    assert (link.root_session_key, link.host, link.user_id) == (
        root_key,
        "beta.localhost",
        cast.dave.pk,
    )
    # Single use: a replayed link does nothing.
    assert _finish(client_for(cast.beta), url).status_code == 400


def test_a_token_only_opens_the_host_it_was_issued_for(cast: Cast, client_for) -> None:
    root = _logged_in_root(client_for, cast.dave)
    url = _hand_over(root, "https://beta.localhost/")
    token = parse_qs(urlsplit(url).query)["token"][0]
    elsewhere = client_for(cast.alpha)  # dave is a member here too, yet the token is beta's
    assert elsewhere.get("/anmelden/fertig/", {"token": token}).status_code == 400
    assert "_auth_user_id" not in elsewhere.session
    # Shown to the wrong host, it is used up.
    assert _finish(client_for(cast.beta), url).status_code == 400


def test_logging_out_on_an_organisation_host_ends_the_root_and_every_linked_session(
    cast: Cast, client_for
) -> None:
    root = _logged_in_root(client_for, cast.dave)
    alpha, beta = client_for(cast.alpha), client_for(cast.beta)
    _finish(alpha, _hand_over(root, "https://alpha.localhost/"))
    _finish(beta, _hand_over(root, "https://beta.localhost/"))
    assert beta.get("/mitglieder/").status_code == 200

    alpha.post("/accounts/logout/")
    assert root.get("/organisationen/neu/").status_code == 302  # to the login
    assert beta.get("/mitglieder/").status_code == 302
    assert not LinkedSession.objects.exists()


def test_logging_out_on_the_root_host_ends_the_linked_sessions(cast: Cast, client_for) -> None:
    root = _logged_in_root(client_for, cast.dave)
    beta = client_for(cast.beta)
    _finish(beta, _hand_over(root, "https://beta.localhost/"))
    root.post("/accounts/logout/")
    assert beta.get("/mitglieder/").status_code == 302
    assert not Session.objects.filter(session_key=beta.cookies["sessionid"].value).exists()


def test_a_password_change_ends_the_bridged_sessions(cast: Cast, client_for) -> None:
    root = _logged_in_root(client_for, cast.dave)
    beta = client_for(cast.beta)
    _finish(beta, _hand_over(root, "https://beta.localhost/"))
    changed = root.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "ein-neues-passwort-99",
            "password2": "ein-neues-passwort-99",
        },
    )
    assert changed.status_code == 302, changed.content.decode()[:500]
    assert beta.get("/mitglieder/").status_code == 302
    assert root.get("/organisationen/neu/").status_code == 200  # the changing session stays


def test_erasure_ends_the_bridged_sessions(cast: Cast, client_for) -> None:
    from accounts import privacy

    root = _logged_in_root(client_for, cast.erin)
    issued = _invite(cast, cast.erin.email)
    alpha = client_for(cast.alpha)
    _finish(alpha, _hand_over(root, f"https://alpha.localhost/einladung/{issued.token}/"))
    assert LinkedSession.objects.filter(user_id=cast.erin.pk).exists()
    privacy.erase_person(cast.erin)
    assert not LinkedSession.objects.exists()
    assert not Session.objects.filter(session_key=alpha.cookies["sessionid"].value).exists()


def _invite(cast: Cast, email: str):
    from tenants import services

    return services.invite_member(
        organisation=cast.alpha, email=email, role="member", invited_by=cast.alice
    )


def test_non_members_get_no_session_handed_over(cast: Cast, client_for) -> None:
    root = _logged_in_root(client_for, cast.erin)
    page = root.get("/konto/weiter/", {"to": "https://alpha.localhost/mitglieder/"})
    assert page.status_code == 403
    assert "nicht Mitglied von Alpha Partei" in page.content.decode()
    assert "/anmelden/fertig/" not in page.content.decode()  # no token was handed out


def test_an_invited_person_with_an_account_logs_in_to_accept(cast: Cast, client_for) -> None:
    issued = _invite(cast, cast.erin.email)
    root = _logged_in_root(client_for, cast.erin)
    url = _hand_over(root, f"https://alpha.localhost/einladung/{issued.token}/")
    alpha = client_for(cast.alpha)
    assert _finish(alpha, url).status_code == 302
    assert "Einladung annehmen" in alpha.get(f"/einladung/{issued.token}/").content.decode()
    # A made-up invitation opens nothing.
    refused = root.get("/konto/weiter/", {"to": "https://alpha.localhost/einladung/erfunden/"})
    assert refused.status_code == 403


def test_platform_staff_are_handed_over_only_under_a_support_grant(cast: Cast, client_for) -> None:
    from audit.services import grant_support_access

    root = client_for(None, cast.staff)
    assert root.get("/konto/weiter/", {"to": "https://alpha.localhost/"}).status_code == 403
    from django_tenants.utils import schema_context

    with schema_context(cast.alpha.schema_name):
        grant_support_access(
            organisation=cast.alpha,
            acting_user=cast.alice,
            hours=2,
            reason="Fehlersuche",
            role="member",
        )
    assert _hand_over(root, "https://alpha.localhost/").startswith("https://alpha.localhost/")


def test_anonymous_visitors_log_in_on_the_root_domain_first(cast: Cast, client_for) -> None:
    start = client_for(cast.alpha).get("/anmelden/", {"next": "/mitglieder/"})
    assert start.status_code == 302
    bridge = urlsplit(start["Location"])
    assert bridge.netloc == "localhost" and bridge.path == "/konto/weiter/"
    to_login = client_for().get(bridge.path + "?" + bridge.query)
    assert to_login.status_code == 302 and to_login["Location"].startswith("/accounts/login/?next=")


def test_the_bridge_never_redirects_to_foreign_hosts_or_ports(
    cast: Cast, client_for, settings
) -> None:
    client = client_for(None, cast.alice)
    for target in (
        "https://evil.example/",
        "javascript:alert(1)",
        "https://localhost/",
        "http://alpha.localhost/",
        "https://alpha.localhost:8443/",
        "https://alpha.localhost:99999/",
        "https://user@alpha.localhost/",
    ):
        assert client.get("/konto/weiter/", {"to": target}).status_code == 404, target
    assert client.get("/konto/weiter/", {"to": "https://alpha.localhost:443/"}).status_code == 200
    settings.BASE_PORT = "8000"
    assert client.get("/konto/weiter/", {"to": "https://alpha.localhost:9000/"}).status_code == 404
    assert client.get("/konto/weiter/", {"to": "https://alpha.localhost/"}).status_code == 404
    assert client.get("/konto/weiter/", {"to": "https://alpha.localhost:8000/"}).status_code == 200
    start = client_for(cast.alpha).get("/anmelden/", {"next": "https://evil.example/"})
    assert "evil.example" not in start["Location"]


def test_the_hand_over_is_a_page_and_the_policy_names_no_other_host(cast: Cast, client_for) -> None:
    """WEB-5: after the login form's POST the browser meets no redirect to another host."""
    target = "https://alpha.localhost/mitglieder/"
    login_page = client_for().get("/accounts/login/", {"next": f"/konto/weiter/?to={target}"})
    policy = login_page["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if "form-action" in d)
    assert "alpha.localhost" not in form_action and "*" not in form_action
    root = _logged_in_root(client_for, cast.bob)
    page = root.get("/konto/weiter/", {"to": target})
    assert page.status_code == 200 and "Location" not in page
    assert "alpha.localhost" not in page["Content-Security-Policy"]
    assert 'href="https://alpha.localhost/anmelden/fertig/?token=' in page.content.decode()
