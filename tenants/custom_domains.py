"""An organisation's own domain (organisation settings; plan feature ``custom_domain``).

The owner claims a domain, puts a TXT record ``_wecreate-challenge.<domain>`` with the shown
value into its DNS and points the domain (CNAME or A record) at the platform. A Celery task looks
the TXT record up (at once, then every 10 minutes for three days); only a verified claim becomes
a ``Domain`` that routes to the organisation. Removing a domain ends its routing at once.

Verified domains are looked up again every day (one task per domain). Once the TXT record is
gone, the domain is no longer trusted: it stops routing and being a login-bridge target, the
sessions started on it end, the claim is pending again (three more days to restore the record),
the owner gets an e-mail and the audit log an entry (docs/security.md AUTH-7).
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

import dns.exception
import dns.resolver
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import Action, record
from config import jobs
from tenants.models import Domain, DomainClaim, DomainClaimStatus, Organisation, Role
from tenants.roles import OrganisationError, require_role
from tenants.routing import forget_host
from tenants.services import normalise_custom_domain

logger = logging.getLogger(__name__)

CLAIM_LIFETIME = timedelta(days=3)
MAX_CUSTOM_DOMAINS = 5


def _require_feature(organisation: Organisation) -> None:
    from billing.entitlements import has_feature
    from billing.models import Feature

    if not has_feature(organisation, Feature.CUSTOM_DOMAIN):
        raise OrganisationError(
            _("Eine eigene Domain ist in eurem Tarif nicht enthalten."),
            field="domain",
            code="forbidden",
        )


@transaction.atomic
def claim_domain(*, organisation: Organisation, domain: str, acting_user: User) -> DomainClaim:
    require_role(organisation=organisation, user=acting_user, minimum=Role.OWNER)
    _require_feature(organisation)
    domain = normalise_custom_domain(domain)
    if DomainClaim.objects.filter(domain=domain).exclude(status=DomainClaimStatus.FAILED).exists():
        raise OrganisationError(_("Diese Domain ist bereits angemeldet."), field="domain")
    custom = Domain.objects.filter(tenant=organisation, is_primary=False).count()
    pending = DomainClaim.objects.filter(
        organisation=organisation, status=DomainClaimStatus.PENDING
    ).count()
    if custom + pending >= MAX_CUSTOM_DOMAINS:
        raise OrganisationError(
            _("Höchstens %(n)d eigene Domains.") % {"n": MAX_CUSTOM_DOMAINS}, field="domain"
        )
    claim = DomainClaim.objects.create(
        organisation=organisation, domain=domain, token=secrets.token_hex(16)
    )
    record(
        organisation=organisation,
        action=Action.DOMAIN_CLAIMED,
        actor=acting_user,
        target=("domain", domain),
    )
    jobs.enqueue("tenants.tasks.verify_domain_claim_task", claim.pk)
    return claim


def _txt_values(name: str) -> list[str]:
    """The TXT strings published at ``name`` (empty if there are none)."""
    resolver = dns.resolver.Resolver(configure=not settings.DNS_NAMESERVERS)
    if settings.DNS_NAMESERVERS:
        resolver.nameservers = list(settings.DNS_NAMESERVERS)
        resolver.port = settings.DNS_PORT
    resolver.lifetime = settings.DNS_TIMEOUT_SECONDS
    try:
        answer = resolver.resolve(name, "TXT")
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    return [b"".join(record.strings).decode(errors="replace") for record in answer]


def verify_claim(*, claim_id: int) -> DomainClaim:
    """Look the TXT record up once; on success the domain starts routing to the organisation."""
    claim = DomainClaim.objects.select_related("organisation").get(pk=claim_id)
    if claim.status != DomainClaimStatus.PENDING:
        return claim
    error = ""
    try:
        found = claim.record_value in _txt_values(claim.record_name)
        if not found:
            error = _("Kein passender TXT-Eintrag gefunden.")
    except dns.exception.DNSException as exc:
        found = False
        error = _("DNS-Abfrage fehlgeschlagen: %(error)s") % {"error": type(exc).__name__}
    with transaction.atomic():
        claim = DomainClaim.objects.select_for_update().get(pk=claim_id)
        if claim.status != DomainClaimStatus.PENDING:
            return claim
        now = timezone.now()
        claim.attempts += 1
        claim.checked_at = now
        claim.last_error = error[:200]
        if found and not Domain.objects.filter(domain=claim.domain).exists():
            Domain.objects.create(domain=claim.domain, tenant=claim.organisation, is_primary=False)
            claim.status = DomainClaimStatus.VERIFIED
            claim.verified_at = now
            record(
                organisation=claim.organisation,
                action=Action.DOMAIN_VERIFIED,
                target=("domain", claim.domain),
            )
            logger.info("custom domain verified", extra={"organisation": claim.organisation_id})
        elif found:
            claim.status = DomainClaimStatus.FAILED
            claim.last_error = _("Die Domain gehört inzwischen einer anderen Organisation.")
        elif now - claim.created_at > CLAIM_LIFETIME:
            claim.status = DomainClaimStatus.FAILED
        claim.save()
    forget_host(claim.domain)  # a cached "unknown host" must not outlive the new route
    return claim


def recheck_pending_claims() -> int:
    """Beat task body: one more look at every pending claim. Returns how many were verified."""
    ids = list(
        DomainClaim.objects.filter(status=DomainClaimStatus.PENDING).values_list("pk", flat=True)
    )
    return sum(verify_claim(claim_id=pk).status == DomainClaimStatus.VERIFIED for pk in ids)


@transaction.atomic
def remove_domain(*, organisation: Organisation, domain: str, acting_user: User) -> None:
    """Stop routing a custom domain (or withdraw its claim). The subdomain cannot be removed."""
    require_role(organisation=organisation, user=acting_user, minimum=Role.OWNER)
    removed = DomainClaim.objects.filter(organisation=organisation, domain=domain).delete()[0]
    removed += Domain.objects.filter(tenant=organisation, domain=domain, is_primary=False).delete()[
        0
    ]
    if not removed:
        raise OrganisationError(
            _("Diese Domain gehört nicht zu eurer Organisation."), code="not_found"
        )
    record(
        organisation=organisation,
        action=Action.DOMAIN_REMOVED,
        actor=acting_user,
        target=("domain", domain),
    )
    forget_host(domain)


def verified_claim_ids() -> list[int]:
    return list(
        DomainClaim.objects.filter(status=DomainClaimStatus.VERIFIED).values_list("pk", flat=True)
    )


def reverify_claim(*, claim_id: int) -> DomainClaim:
    """Look a verified domain's TXT record up again. A clear answer without the record (no such
    name, no TXT, another value) ends the trust; a DNS failure (timeout, server error) changes
    nothing but the claim's last error, so an outage of the owner's DNS does not cut them off."""
    claim = DomainClaim.objects.select_related("organisation").get(pk=claim_id)
    if claim.status != DomainClaimStatus.VERIFIED:
        return claim
    try:
        found = claim.record_value in _txt_values(claim.record_name)
    except dns.exception.DNSException as exc:
        error = _("DNS-Abfrage fehlgeschlagen: %(error)s") % {"error": type(exc).__name__}
        DomainClaim.objects.filter(pk=claim_id).update(
            checked_at=timezone.now(), last_error=error[:200]
        )
        return claim
    if found:
        DomainClaim.objects.filter(pk=claim_id).update(checked_at=timezone.now(), last_error="")
        return claim
    return _lapse(claim_id=claim_id)


def _lapse(*, claim_id: int) -> DomainClaim:
    from accounts.bridge import end_sessions_on_host
    from tenants.emails import send_domain_lapsed_email

    with transaction.atomic():
        claim = (
            DomainClaim.objects.select_for_update().select_related("organisation").get(pk=claim_id)
        )
        if claim.status != DomainClaimStatus.VERIFIED:
            return claim
        now = timezone.now()
        Domain.objects.filter(
            tenant=claim.organisation, domain=claim.domain, is_primary=False
        ).delete()
        claim.status = DomainClaimStatus.PENDING
        claim.verified_at = None
        claim.checked_at = now
        claim.attempts = 0
        claim.last_error = _("Der TXT-Eintrag ist nicht mehr zu finden.")
        claim.save()
        # The three days to restore the record count from now (auto_now_add: set by update).
        DomainClaim.objects.filter(pk=claim_id).update(created_at=now)
        record(
            organisation=claim.organisation,
            action=Action.DOMAIN_LAPSED,
            target=("domain", claim.domain),
        )
        organisation, domain = claim.organisation, claim.domain
        transaction.on_commit(
            lambda: send_domain_lapsed_email(organisation=organisation, domain=domain)
        )
    forget_host(claim.domain)
    # Whoever controls the name now could receive the cookies of sessions started there.
    end_sessions_on_host(claim.domain)
    logger.warning("custom domain lapsed", extra={"organisation": claim.organisation_id})
    return claim
