"""Verified custom domains are looked up again daily; one whose TXT record is gone is no longer
trusted (docs/security.md AUTH-7). DNS answers come from the local server of the settings tests."""

from __future__ import annotations

import socket
from typing import Any

from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from audit.models import Action, AuditEntry
from tenants import custom_domains, tasks
from tenants.models import Domain, DomainClaim
from tests.cast import PASSWORD, Cast
from tests.tenants import test_organisation_settings as settings_tests
from tests.tenants.test_organisation_settings import DnsServer

# The settings tests' fixtures: the local DNS server and a plan with custom domains.
dns_server = settings_tests.dns_server
custom_domain_plan = settings_tests.custom_domain_plan

DOMAIN = "intranet.alpha.example"


def _verified(cast: Cast, dns_server: DnsServer) -> DomainClaim:
    claim = custom_domains.claim_domain(
        organisation=cast.alpha, domain=DOMAIN, acting_user=cast.alice
    )
    dns_server.txt[claim.record_name] = [claim.record_value]
    claim = custom_domains.verify_claim(claim_id=claim.pk)
    assert claim.status == "verified"
    return claim


def _bridged_session(cast: Cast, client_for: Any) -> Client:
    """Bob, logged in on the custom domain through the login bridge."""
    import html
    import re
    from urllib.parse import urlsplit

    root = client_for()
    root.post("/accounts/login/", {"login": cast.bob.email, "password": PASSWORD})
    page = root.get("/konto/weiter/", {"to": f"https://{DOMAIN}/"})
    found = re.search(r'content="0;url=([^"]+)"', page.content.decode())
    assert found, "the hand-over page carries its refresh target"
    url = html.unescape(found.group(1))
    org = Client(HTTP_HOST=DOMAIN)
    parts = urlsplit(url)
    assert org.get(parts.path + "?" + parts.query).status_code == 302
    assert org.get("/mitglieder/").status_code == 200
    return org


def test_a_domain_whose_record_stays_keeps_routing(
    cast: Cast, dns_server: DnsServer, custom_domain_plan: None
) -> None:
    claim = _verified(cast, dns_server)
    claim = custom_domains.reverify_claim(claim_id=claim.pk)
    claim.refresh_from_db()
    assert claim.status == "verified" and claim.checked_at is not None
    assert Client(HTTP_HOST=DOMAIN).get("/").status_code == 200


def test_a_domain_whose_record_is_gone_is_no_longer_trusted(
    cast: Cast,
    client_for: Any,
    dns_server: DnsServer,
    custom_domain_plan: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    claim = _verified(cast, dns_server)
    org = _bridged_session(cast, client_for)
    del dns_server.txt[claim.record_name]

    with django_capture_on_commit_callbacks(execute=True):
        custom_domains.reverify_claim(claim_id=claim.pk)
    claim.refresh_from_db()
    assert claim.status == "pending" and "nicht mehr zu finden" in claim.last_error
    assert not Domain.objects.filter(domain=DOMAIN).exists()
    # No routing, no bridging, no session there any more.
    assert Client(HTTP_HOST=DOMAIN).get("/").status_code == 404
    bob = client_for(None, cast.bob)
    assert bob.get("/konto/weiter/", {"to": f"https://{DOMAIN}/"}).status_code == 404
    from accounts.models import LinkedSession

    assert not LinkedSession.objects.filter(host=DOMAIN).exists()
    assert org.session.session_key is None or "_auth_user_id" not in org.session
    # The owner hears of it; the audit log has it.
    (message,) = [m for m in mail.outbox if DOMAIN in m.subject]
    assert message.to == [cast.alice.email] and "nicht mehr" in message.subject
    with schema_context(cast.alpha.schema_name):
        assert AuditEntry.objects.filter(action=Action.DOMAIN_LAPSED, target_id=DOMAIN).exists()

    # Restored within three days: the regular pending check verifies it again.
    dns_server.txt[claim.record_name] = [claim.record_value]
    assert custom_domains.verify_claim(claim_id=claim.pk).status == "verified"
    assert Client(HTTP_HOST=DOMAIN).get("/").status_code == 200


def test_a_dns_failure_does_not_end_the_trust(
    cast: Cast, dns_server: DnsServer, custom_domain_plan: None, settings: Any
) -> None:
    claim = _verified(cast, dns_server)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))  # a resolver that never answers
        settings.DNS_PORT = silent.getsockname()[1]
        settings.DNS_TIMEOUT_SECONDS = 0.3
        custom_domains.reverify_claim(claim_id=claim.pk)
    claim.refresh_from_db()
    assert claim.status == "verified" and "DNS-Abfrage fehlgeschlagen" in claim.last_error
    assert Domain.objects.filter(domain=DOMAIN).exists()


def test_the_daily_check_fans_out_one_task_per_verified_domain(
    cast: Cast, dns_server: DnsServer, custom_domain_plan: None, settings: Any
) -> None:
    from config.celery import app

    claim = _verified(cast, dns_server)
    assert settings.CELERY_BEAT_SCHEDULE["reverify-custom-domains"]["schedule"] == 24 * 3600.0
    del dns_server.txt[claim.record_name]
    app.conf.task_always_eager = True
    try:
        assert tasks.reverify_custom_domains() == 1
    finally:
        app.conf.task_always_eager = False
    claim.refresh_from_db()
    assert claim.status == "pending"
