"""Route matrix entries for motions.

Network: erin's box (gina helps) has a motion collecting signatures (carol signed) and a
submitted one. The box's pages are for its members (erin, gina) and platform staff, who read
but neither start, edit nor submit (they are not members); opening the signing and submitting
are for the box's owner. The public page and the submitted PDF are open to everyone; signing
to everyone with an account; withdrawing to who signed.

Intranet (alpha's host): alpha is a party, not an administration, so the receiving pages do
not exist there (404 for its members; the guest gina is refused by role first).
"""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS


def web(default: int, **answers: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTORS, default), "anonymous": 302, **answers}


ALL_OK = dict.fromkeys(ACTORS, 200)
B = "/boxen/{mo_box}/antraege"
M = B + "/{mo_motion}"
MEMBERS = web(404, erin=200, gina=200, staff=200)
WRITERS = web(404, erin=200, gina=200, staff=403)
POST_ONLY = web(405)

PUBLIC = {
    "motions:box": (f"{B}/", MEMBERS),
    "motions:create": (f"{B}/neu/", WRITERS),
    "motions:draft": (f"{M}/", MEMBERS),
    "motions:edit": (f"{M}/bearbeiten/", WRITERS),
    "motions:compare": (f"{M}/vergleich/?von=1&zu=1", MEMBERS),
    "motions:paragraph": (f"{M}/absaetze/{{mo_paragraph}}/", MEMBERS),
    "motions:open_signing": (f"{M}/unterschriften-oeffnen/", POST_ONLY),
    "motions:submit": (f"{M}/einreichen/", POST_ONLY),
    "motions:pdf": (B + "/{mo_submitted}/antrag.pdf", MEMBERS),
    "motion_pages:public": ("/antraege/{mo_motion}/", ALL_OK),
    "motion_pages:sign": ("/antraege/{mo_motion}/unterschreiben/", POST_ONLY),
    "motion_pages:withdraw": ("/antraege/{mo_motion}/zurueckziehen/", POST_ONLY),
    "motion_pages:pdf": ("/antraege/{mo_submitted}/antrag.pdf", ALL_OK),
}

PUBLIC_ROUTES = {
    "motion_pages:public": "a motion is public once its box opened the signing",
    "motion_pages:pdf": "the PDF a box submitted to a council body is public",
}

LOGGED_IN = "erin gina bob alice carol staff"
PUBLIC_WRITES = {
    "motions:create": {"post": "erin gina"},  # form errors
    "motions:edit": {"post": "erin gina"},
    "motions:paragraph": {"post": "erin gina staff"},  # an empty comment: a clear refusal
    "motions:open_signing": {"post": "erin"},  # already open: a conflict
    "motions:submit": {"post": "erin"},  # the meeting date is missing
    "motion_pages:sign": {"post": LOGGED_IN},  # the Ortsteil is missing
    "motion_pages:withdraw": {"post": "carol"},
}

INBOX = "/antragseingang"
MEMBER_PAGE = web(404, gina=403)
ADMIN_PAGE = web(404, gina=403, bob=403)
INBOX_POST = web(404, gina=403, bob=405, alice=405)

TENANT = {
    "motion_inbox:inbox": (f"{INBOX}/", MEMBER_PAGE),
    "motion_inbox:claim": (f"{INBOX}/gremium/", ADMIN_PAGE),
    "motion_inbox:detail": (f"{INBOX}/{{mo_submitted}}/", MEMBER_PAGE),
    "motion_inbox:acknowledge": (f"{INBOX}/{{mo_submitted}}/eingang/", INBOX_POST),
    "motion_inbox:schedule": (f"{INBOX}/{{mo_submitted}}/tagesordnung/", INBOX_POST),
    "motion_inbox:decide": (f"{INBOX}/{{mo_submitted}}/ergebnis/", INBOX_POST),
}


def objects(cast: Any) -> dict[str, str]:
    from datetime import timedelta

    from django.utils import timezone

    from motions.models import Paragraph
    from motions.services import signing, submission
    from tests.motions.factories import motion_in, signed_by
    from tests.taskboard.factories import box_on_network
    from workspaces.scopes import network_actor

    box = box_on_network(cast)
    erin = network_actor(cast.erin)
    motion = motion_in(box, cast.erin)
    signing.open_signing(actor=erin, motion=motion)
    signed_by(motion, cast.carol)
    submitted = motion_in(box, cast.erin, title="Mehr Bänke am Markt")
    submission.submit(
        actor=erin, motion=submitted, meeting_date=timezone.localdate() + timedelta(days=30)
    )
    return {
        "mo_box": box.slug,
        "mo_motion": str(motion.public_id),
        "mo_submitted": str(submitted.public_id),
        "mo_paragraph": str(Paragraph.objects.filter(motion=motion).order_by("id")[0].pk),
    }
