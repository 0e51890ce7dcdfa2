"""Demo content for an organisation's intranet (``manage.py seed_demo``): a few groups, posts,
an upcoming event and a discussion, made through the same services as the pages, so that a
newcomer running ``make run`` sees a living intranet. Only for organisations without groups."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from intranet.models import Membership
from tenants.models import Organisation
from workspaces.models import Workspace

GROUPS = [
    ("Öffentlichkeitsarbeit", "Flyer, Website, Social Media und Pressemitteilungen.", "open"),
    ("Vorstand", "Sitzungen, Finanzen und Beschlüsse des Vorstands.", "closed"),
]


def seed_intranet(organisation: Organisation, owner: User) -> bool:
    """Fill an empty intranet; False if it already has groups (never touches real content)."""
    from decisions.services import add_comment, start_discussion
    from events.services import create_event
    from workspaces.scopes import intranet_actor
    from workspaces.services import create_post, create_workspace

    with tenant_context(organisation):
        if Workspace.objects.exists():
            return False
        membership = Membership.objects.get(user=owner, is_active=True)
        actor = intranet_actor(owner, membership, organisation)
        groups = [
            create_workspace(actor=actor, name=name, description=text, visibility=visibility)
            for name, text, visibility in GROUPS
        ]
        create_post(
            actor=actor,
            body=(
                f"Willkommen im Intranet von **{organisation.name}**! Hier findet ihr "
                "Neuigkeiten, Gruppen, Termine, Dokumente und Abstimmungen."
            ),
        )
        create_post(
            actor=actor,
            workspace=groups[0],
            body="Wer hilft am Samstag beim Infostand am Lindenauer Markt?",
        )
        start = timezone.localtime(timezone.now() + timedelta(days=7)).replace(
            hour=18, minute=30, second=0, microsecond=0
        )
        create_event(
            actor=actor,
            title="Mitgliederversammlung",
            description="Tagesordnung folgt. Gäste sind willkommen.",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Gemeindesaal, Georg-Schwarz-Straße 1, Leipzig",
            capacity=60,
        )
        discussion = start_discussion(
            actor=actor,
            title="Sommerfest im nächsten Jahr",
            context="Wo und wann wollen wir feiern? Ideen bitte hier sammeln.",
        )
        add_comment(actor=actor, discussion=discussion, body="Ich schlage den Juni vor.")
    return True
