from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from tenants import services
from tenants.models import OrganisationKind


class Command(BaseCommand):
    help = "Register an organisation and provision its schema (queued, or at once with --now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--owner-email", required=True)
        parser.add_argument(
            "--kind", default=OrganisationKind.OTHER, choices=OrganisationKind.values
        )
        parser.add_argument("--now", action="store_true", help="provision in this process")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = User.objects.filter(email__iexact=options["owner_email"]).first()
        if owner is None:
            raise CommandError("No account with that e-mail address.")
        try:
            organisation = services.register_organisation(
                name=options["name"],
                slug=options["slug"],
                kind=options["kind"],
                owner=owner,
                enqueue=not options["now"],
            )
            if options["now"]:
                organisation = services.provision_organisation(organisation_id=organisation.pk)
        except services.OrganisationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{organisation.name}: {organisation.status} – {organisation.url()}")
