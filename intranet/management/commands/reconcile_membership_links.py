"""Find (and with --fix repair) where django-tenant-users' link disagrees with the memberships.

The membership is the authority (intranet/membership_link.py); drift means an interrupted write
or a hand edit. ``--check`` exits 1 on drift, for a monitoring job.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import get_public_schema_name

from intranet.membership_link import link_drift, reconcile_links
from tenants.models import Organisation, OrganisationStatus


class Command(BaseCommand):
    help = "Compare the tenant-users link with active memberships in every ready organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="repair what differs")
        parser.add_argument("--check", action="store_true", help="exit 1 if anything differs")

    def handle(self, *args: Any, **options: Any) -> None:
        drifted = 0
        ready = Organisation.objects.filter(status=OrganisationStatus.READY).exclude(
            schema_name=get_public_schema_name()
        )
        for organisation in ready.order_by("pk"):
            drift = reconcile_links(organisation) if options["fix"] else link_drift(organisation)
            if drift:
                drifted += 1
                self.stdout.write(
                    f"{organisation.slug}: {len(drift.missing)} ohne Verknüpfung, "
                    f"{len(drift.extra)} verknüpft ohne aktive Mitgliedschaft"
                    + (" (repariert)" if options["fix"] else "")
                )
        self.stdout.write(f"{drifted} Organisation(en) mit Abweichungen")
        if options["check"] and drifted and not options["fix"]:
            raise CommandError("membership links drifted")
