"""Organisation settings: name, colour, logo, default language, and custom domains verified by
a DNS TXT record (looked up over UDP from a DNS server the test runs on loopback)."""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import dns.message
import dns.rcode
import dns.rrset
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from billing.models import BillingAccount, Plan, SubscriptionStatus
from tenants import custom_domains
from tenants.models import Domain, DomainClaim, Organisation
from tests.cast import Cast


class DnsServer:
    """A tiny authoritative DNS server for the test: TXT records by name, NXDOMAIN otherwise."""

    def __init__(self) -> None:
        self.txt: dict[str, list[str]] = {}
        self.queries = 0
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                data, peer = self.socket.recvfrom(4096)
            except OSError:
                return
            self.queries += 1
            query = dns.message.from_wire(data)
            response = dns.message.make_response(query)
            question = query.question[0]
            name = question.name.to_text().rstrip(".")
            if name in self.txt:
                values = [f'"{v}"' for v in self.txt[name]]
                response.answer.append(dns.rrset.from_text(question.name, 60, "IN", "TXT", *values))
            else:
                response.set_rcode(dns.rcode.NXDOMAIN)
            self.socket.sendto(response.to_wire(), peer)

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def dns_server(settings: Any) -> Iterator[DnsServer]:
    server = DnsServer()
    settings.DNS_NAMESERVERS = ["127.0.0.1"]
    settings.DNS_PORT = server.port
    settings.DNS_TIMEOUT_SECONDS = 2.0
    yield server
    server.close()


@pytest.fixture
def custom_domain_plan(cast: Cast) -> None:
    plan = Plan.objects.create(
        slug="test-domains", name="Mit Domain", features=["custom_domain"], price_monthly_cents=1
    )
    BillingAccount.objects.update_or_create(
        organisation=cast.alpha, defaults={"plan": plan, "status": SubscriptionStatus.ACTIVE}
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (11, 92, 173)).save(buffer, format="PNG")
    return buffer.getvalue()


SETTINGS = "/einstellungen/erscheinungsbild/"


def test_owners_set_name_colour_language_and_logo(
    cast: Cast, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    alice = client_for(cast.alpha, cast.alice)
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = alice.post(
        SETTINGS,
        {
            "name": "Alpha Partei Leipzig",
            "brand_colour": "#0B5CAD",
            "default_language": "de",
            "logo": logo,
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(pk=cast.alpha.pk)
    assert (org.name, org.brand_colour) == ("Alpha Partei Leipzig", "#0b5cad")
    assert org.logo.name.startswith("logos/")
    home = alice.get("/").content.decode()
    assert "Alpha Partei Leipzig" in home and "/branding.css" in home and org.logo.url in home
    assert "#0b5cad" in client_for(cast.alpha).get("/branding.css").content.decode()
    assert client_for(cast.alpha).get(org.logo.url).status_code == 200  # served, public


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"brand_colour": "#ffff00"}, "zu hell"),
        ({"brand_colour": "blau"}, "#RRGGBB"),
        ({"name": "A"}, "2 bis 120 Zeichen"),
        (
            {"logo": SimpleUploadedFile("logo.png", b"<script>", content_type="image/png")},
            "kein gültiges Bild",
        ),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(
    cast: Cast, client_for: Any, data: dict[str, Any], message: str
) -> None:
    form = {"name": "Neuer Name", "brand_colour": "", "default_language": "de", **data}
    response = client_for(cast.alpha, cast.alice).post(SETTINGS, form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organisation.objects.get(pk=cast.alpha.pk).name == cast.alpha.name


def test_members_cannot_change_settings(cast: Cast, client_for: Any) -> None:
    form = {"name": "Übernommen", "default_language": "de"}
    assert client_for(cast.alpha, cast.bob).post(SETTINGS, form).status_code == 403
    assert client_for(cast.alpha, cast.carol).post(SETTINGS, form).status_code == 404
    assert Organisation.objects.get(pk=cast.alpha.pk).name == cast.alpha.name


def test_english_as_the_organisations_default_language(cast: Cast, client_for: Any) -> None:
    client_for(cast.alpha, cast.alice).post(
        SETTINGS, {"name": cast.alpha.name, "default_language": "en"}
    )
    visitor = client_for(cast.alpha)
    assert '<html lang="en">' in visitor.get("/").content.decode()
    assert '<html lang="de">' in client_for(cast.beta).get("/").content.decode()
    visitor.cookies["django_language"] = "de"  # the visitor's own choice wins
    assert '<html lang="de">' in visitor.get("/").content.decode()


# --- Custom domains -------------------------------------------------------------------------


def test_a_custom_domain_needs_the_plan_feature(cast: Cast, client_for: Any) -> None:
    alice = client_for(cast.alpha, cast.alice)
    assert 'data-testid="custom-domain-locked"' in alice.get("/einstellungen/").content.decode()
    response = alice.post("/einstellungen/domains/", {"domain": "intranet.alpha.example"})
    assert response.status_code == 400
    assert "nicht enthalten" in response.content.decode()
    assert not DomainClaim.objects.exists()


def test_a_domain_is_verified_by_its_txt_record_and_then_routes_to_the_organisation(
    cast: Cast,
    client_for: Any,
    dns_server: DnsServer,
    custom_domain_plan: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    alice = client_for(cast.alpha, cast.alice)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = alice.post("/einstellungen/domains/", {"domain": "Intranet.Alpha.Example."})
    assert response.status_code == 302 and len(queued) == 1  # the check runs as a task
    claim = DomainClaim.objects.get()
    assert claim.domain == "intranet.alpha.example" and claim.status == "pending"
    page = alice.get("/einstellungen/").content.decode()
    assert claim.record_name in page and claim.record_value in page

    # Not yet in DNS: still pending, with the reason.
    assert Client(HTTP_HOST="intranet.alpha.example").get("/").status_code == 404
    claim = custom_domains.verify_claim(claim_id=claim.pk)
    assert claim.status == "pending" and "Kein passender TXT-Eintrag" in claim.last_error

    dns_server.txt[claim.record_name] = ["v=spf1 -all", claim.record_value]
    alice.post("/einstellungen/domains/pruefen/", {"domain": claim.domain})
    claim.refresh_from_db()
    assert claim.status == "verified" and dns_server.queries == 2
    assert Domain.objects.filter(domain="intranet.alpha.example", tenant=cast.alpha).exists()
    # The cached "unknown host" is gone: the domain now serves alpha's intranet.
    welcome = Client(HTTP_HOST="intranet.alpha.example").get("/")
    assert welcome.status_code == 200 and cast.alpha.name in welcome.content.decode()

    alice.post("/einstellungen/domains/entfernen/", {"domain": "intranet.alpha.example"})
    assert Client(HTTP_HOST="intranet.alpha.example").get("/").status_code == 404


def test_a_claim_fails_after_three_days_and_taken_or_reserved_domains_are_refused(
    cast: Cast, dns_server: DnsServer, custom_domain_plan: None
) -> None:
    claim = custom_domains.claim_domain(
        organisation=cast.alpha, domain="alpha.example", acting_user=cast.alice
    )
    DomainClaim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(days=4))
    assert custom_domains.verify_claim(claim_id=claim.pk).status == "failed"
    for domain, message in [
        (cast.beta.domains.get().domain, "vergeben"),
        ("gruppe.localhost", "automatisch vergeben"),
        ("admin.example.org", "reserviert"),
        ("nicht gültig", "kein gültiger Domainname"),
    ]:
        with pytest.raises(custom_domains.OrganisationError) as error:
            custom_domains.claim_domain(
                organisation=cast.alpha, domain=domain, acting_user=cast.alice
            )
        assert message in error.value.message


def test_other_organisations_cannot_touch_the_domains(
    cast: Cast, client_for: Any, dns_server: DnsServer, custom_domain_plan: None
) -> None:
    claim = custom_domains.claim_domain(
        organisation=cast.alpha, domain="alpha.example", acting_user=cast.alice
    )
    carol = client_for(cast.beta, cast.carol)
    response = carol.post(
        "/einstellungen/domains/entfernen/", {"domain": "alpha.example"}, follow=True
    )
    assert "gehört nicht zu eurer Organisation" in response.content.decode()
    assert (
        carol.post("/einstellungen/domains/pruefen/", {"domain": "alpha.example"}).status_code
        == 404
    )
    assert DomainClaim.objects.filter(pk=claim.pk).exists()
