"""Route matrix entries for the tools of citizen boxes on the network: events (with answers
and .ics), documents, and discussions with proposals, web and API.

The objects live in a friend circle (a secret box): erin owns it, gina came in by invitation.
erin made an event, a folder with a document (one version), and a discussion with a running
proposal. A box's tools are for its members and platform staff (moderators): bob, alice and
carol get 404 on every page and every object in the API, exactly as for a box that does not
exist. Only the creator, the box's owner and staff change or delete what was made; every
member adds (events, uploads, folders, discussions, comments, proposals) and votes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix.actors import ACTORS


def box(default: int, **answers: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTORS, default), "anonymous": 302, **answers}


def api(default: int, **answers: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTORS, default), "anonymous": 403, **answers}


MEMBERS_READ = box(404, erin=200, gina=200, staff=200)
CHANGE = box(404, erin=200, gina=403, staff=200)
POST_ONLY = box(405)
API_MEMBERS = api(404, erin=200, gina=200, staff=200)
API_EVERYONE = api(200)
API_POST_ONLY = api(405)

B = "/boxen/{bt_box}"
E = B + "/termine/{bt_event}"
F = B + "/dokumente/ordner/{bt_folder}"
D = B + "/dokumente/{bt_document}"
DS = B + "/diskussionen/{bt_discussion}"
V = B + "/abstimmungen/{bt_proposal}"
AE = "/api/v1/events/{bt_event}"
AD = "/api/v1/documents/{bt_document}"
ADS = "/api/v1/discussions/{bt_discussion}"
AV = "/api/v1/proposals/{bt_proposal}"

PUBLIC = {
    # Events
    "events:group_calendar": (f"{B}/termine/", MEMBERS_READ),
    "events:event_create": (f"{B}/termine/neu/", MEMBERS_READ),
    "events:event": (f"{E}/", MEMBERS_READ),
    "events:event_edit": (f"{E}/bearbeiten/", CHANGE),
    "events:event_cancel": (f"{E}/absagen/", POST_ONLY),
    "events:event_answer": (f"{E}/antwort/", POST_ONLY),
    "events:event_ics": (f"{E}/termin.ics", MEMBERS_READ),
    "event-list": ("/api/v1/events/", API_EVERYONE),  # each caller's own boxes only
    "event-detail": (f"{AE}/", API_MEMBERS),
    "event-cancel": (f"{AE}/cancel/", API_POST_ONLY),
    "event-rsvp": (f"{AE}/rsvp/", API_POST_ONLY),
    # Documents
    "documents:group": (f"{B}/dokumente/", MEMBERS_READ),
    "documents:upload": (f"{B}/dokumente/hochladen/", MEMBERS_READ),
    "documents:folder_create": (f"{B}/dokumente/ordner/neu/", POST_ONLY),
    "documents:folder": (f"{F}/", MEMBERS_READ),
    "documents:folder_edit": (f"{F}/bearbeiten/", CHANGE),
    "documents:folder_delete": (f"{F}/loeschen/", POST_ONLY),
    "documents:version_download": (
        B + "/dokumente/versionen/{bt_version}/herunterladen/",
        MEMBERS_READ,
    ),
    "documents:document": (f"{D}/", MEMBERS_READ),
    "documents:download": (f"{D}/herunterladen/", MEMBERS_READ),
    "documents:version_upload": (f"{D}/neue-version/", POST_ONLY),
    "documents:document_edit": (f"{D}/bearbeiten/", CHANGE),
    "documents:document_delete": (f"{D}/loeschen/", CHANGE),
    "document-folder-list": ("/api/v1/document-folders/?group={bt_box}", API_MEMBERS),
    "document-folder-detail": ("/api/v1/document-folders/{bt_folder}/", API_MEMBERS),
    "document-list": ("/api/v1/documents/?folder={bt_folder}", API_MEMBERS),
    "document-detail": (f"{AD}/", API_MEMBERS),
    "document-versions": (f"{AD}/versions/", API_MEMBERS),
    "document-download": (f"{AD}/download/", API_MEMBERS),
    # Discussions and decisions
    "decisions:group_discussions": (f"{B}/diskussionen/", MEMBERS_READ),
    "decisions:discussion_create": (f"{B}/diskussionen/neu/", MEMBERS_READ),
    "decisions:discussion": (f"{DS}/", MEMBERS_READ),
    "decisions:discussion_comment": (f"{DS}/kommentare/", POST_ONLY),
    "decisions:proposal_create": (f"{DS}/abstimmung/", MEMBERS_READ),
    "decisions:proposal_vote": (f"{V}/stimme/", POST_ONLY),
    "decisions:proposal_close": (f"{V}/beenden/", POST_ONLY),
    "discussion-list": ("/api/v1/discussions/", API_EVERYONE),  # each caller's own boxes only
    "discussion-detail": (f"{ADS}/", API_MEMBERS),
    "discussion-comments": (f"{ADS}/comments/", API_MEMBERS),
    "proposal-list": ("/api/v1/proposals/", API_POST_ONLY),
    "proposal-detail": (f"{AV}/", API_MEMBERS),
    "proposal-vote": (f"{AV}/vote/", API_POST_ONLY),
    "proposal-close": (f"{AV}/close/", API_POST_ONLY),
}

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
MEMBERS = "erin gina staff"
OWNERS = "erin staff"
SIGNED_IN = "erin gina bob alice carol staff"  # a 400 for the missing fields, nothing written
PUBLIC_WRITES = {
    "events:event_create": {"post": MEMBERS},
    "events:event_edit": {"post": OWNERS},
    "events:event_cancel": {"post": OWNERS},
    "events:event_answer": {"post": MEMBERS},
    "event-list": {"post": SIGNED_IN},
    "event-cancel": {"post": OWNERS},
    "event-rsvp": {"post": MEMBERS},
    "documents:upload": {"post": MEMBERS},
    "documents:folder_create": {"post": MEMBERS},
    "documents:folder_edit": {"post": OWNERS},
    "documents:folder_delete": {"post": OWNERS},
    "documents:version_upload": {"post": MEMBERS},
    "documents:document_edit": {"post": OWNERS},
    "documents:document_delete": {"post": OWNERS},
    "document-folder-list": {"post": SIGNED_IN},
    "document-list": {"post": SIGNED_IN},
    "document-detail": {"delete": OWNERS},
    "document-versions": {"post": MEMBERS},
    "decisions:discussion_create": {"post": MEMBERS},
    "decisions:discussion_comment": {"post": MEMBERS},
    "decisions:proposal_create": {"post": MEMBERS},
    "decisions:proposal_vote": {"post": "erin gina"},  # staff moderate, but the box decides
    "decisions:proposal_close": {"post": OWNERS},
    "discussion-list": {"post": SIGNED_IN},
    "discussion-comments": {"post": MEMBERS},
    "proposal-list": {"post": SIGNED_IN},
    "proposal-vote": {"post": "erin gina"},
    "proposal-close": {"post": OWNERS},
}


def objects(cast: Any) -> dict[str, str]:
    from django.utils import timezone

    from decisions import services as decisions
    from decisions.models import Process
    from documents import services as documents
    from tests.documents.factories import upload
    from tests.events.factories import make_event
    from workspaces import invitations
    from workspaces import services as workspaces
    from workspaces.scopes import network_actor

    erin = network_actor(cast.erin)
    circle = workspaces.create_circle(actor=erin, name="Werkzeugkiste Connewitz")
    issued = invitations.create_link(actor=erin, workspace=circle)
    invitations.accept(actor=network_actor(cast.gina), token=issued.token)
    circle.my_role = "owner"  # type: ignore[attr-defined]
    event = make_event(erin, workspace=circle, title="Reparaturnachmittag")
    folder = documents.create_folder(actor=erin, name="Anleitungen", workspace=circle)
    document = upload(erin, workspace=circle, folder=folder)
    assert document.current_version is not None  # noqa: S101
    discussion = decisions.start_discussion(
        actor=erin, title="Welche Werkzeuge?", context="Was brauchen wir?", workspace=circle
    )
    proposal = decisions.start_proposal(
        actor=erin,
        discussion=discussion,
        title="Eine Standbohrmaschine",
        details="",
        process=Process.SIMPLE,
        closes_at=timezone.now() + timedelta(days=3),
        quorum_percent=0,
        anonymous=False,
        options=[],
    )
    return {
        "bt_box": circle.slug,
        "bt_event": str(event.public_id),
        "bt_folder": str(folder.public_id),
        "bt_document": str(document.public_id),
        "bt_version": str(document.current_version.public_id),
        "bt_discussion": str(discussion.public_id),
        "bt_proposal": str(proposal.public_id),
    }
