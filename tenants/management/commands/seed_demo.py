"""Demo data for `make run`: Leipzig with impulses, a box and population figures, three
organisations, people with known logins."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django_tenants.utils import get_public_schema_name

from accounts.models import User
from intranet.demo import seed_intranet
from intranet.services import add_member
from public_marketplace.demo import seed_network
from public_marketplace.services.cities import city_data_path, load_city_file
from tenants import services
from tenants.models import Domain, Organisation, OrganisationKind, OrganisationStatus, Role

DEMO_PASSWORD = "demo-passwort-2026"  # noqa: S105 - printed on purpose, demo data only

ORGANISATIONS = [
    ("Grüne Mitte Leipzig", "gruene-mitte", OrganisationKind.PARTY),
    ("Ev.-Luth. Kirchgemeinde Lindenau", "kirche-lindenau", OrganisationKind.CHURCH),
    ("ver.di Leipzig", "verdi-leipzig", OrganisationKind.UNION),
]
PEOPLE = [
    ("anna@demo.wecreate.test", "Anna (Bürgerin)"),
    ("ben@demo.wecreate.test", "Ben (Partei, Admin)"),
    ("clara@demo.wecreate.test", "Clara (Kirche, Admin)"),
    ("deniz@demo.wecreate.test", "Deniz (Gewerkschaft, Admin)"),
    ("emil@demo.wecreate.test", "Emil (Mitglied in Partei und Gewerkschaft)"),
    ("frieda@demo.wecreate.test", "Frieda (Lindenau)"),
    ("jonas@demo.wecreate.test", "Jonas (Volkmarsdorf)"),
]


class Command(BaseCommand):
    help = "Create the public tenant, Leipzig, three demo organisations and demo people."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--domain", default=None, help="root domain (default: BASE_DOMAIN)")

    def handle(self, *args: Any, **options: Any) -> None:
        from config import ratelimit

        # The demo's people post through the same services as everyone, without their limits.
        with ratelimit.exempt():
            self._seed(options)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def _seed(self, options: dict[str, Any]) -> None:
        from django.conf import settings

        ensure_public_tenant(options["domain"] or settings.BASE_DOMAIN)
        from django.core.management import call_command

        call_command("sync_plans", verbosity=0)
        if settings.STRIPE_SECRET_KEY:
            call_command("sync_stripe_catalog", verbosity=0)
        leipzig = load_city_file(path=city_data_path("leipzig"))
        people = {email: ensure_person(email, name) for email, name in PEOPLE}
        owners = ["ben@demo.wecreate.test", "clara@demo.wecreate.test", "deniz@demo.wecreate.test"]
        for (name, slug, kind), owner_email in zip(ORGANISATIONS, owners, strict=True):
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                organisation = services.register_organisation(
                    name=name,
                    slug=slug,
                    kind=kind,
                    owner=people[owner_email],
                    city_id=leipzig.pk,
                    enqueue=False,
                )
            if organisation.status != OrganisationStatus.READY:
                organisation = services.provision_organisation(organisation_id=organisation.pk)
            if kind in (OrganisationKind.PARTY, OrganisationKind.UNION):
                add_member(
                    organisation=organisation,
                    user=people["emil@demo.wecreate.test"],
                    role=Role.MEMBER,
                )
            seed_intranet(organisation, people[owner_email])
        seed_network(leipzig, list(people.values()))


def ensure_public_tenant(domain: str) -> Organisation:
    public = Organisation.objects.filter(schema_name=get_public_schema_name()).first()
    if public is None:
        from tenant_users.tenants.utils import create_public_tenant

        public, _, _ = create_public_tenant(
            domain_url=domain,
            owner_email="platform@wecreate.test",
            tenant_extra_data={
                "status": OrganisationStatus.READY,
                "kind": OrganisationKind.PLATFORM,
            },
            verbosity=0,
        )
        services.update_organisation_row(public.pk, name="WeCreate")
    Domain.objects.get_or_create(domain=domain, defaults={"tenant": public, "is_primary": True})
    return public


def ensure_person(email: str, display_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, display_name=display_name
        )
    User.objects.filter(pk=user.pk).update(is_verified=True)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
