"""The tools of a citizen box on the network: its calendar (events, answers, .ics), its
documents (upload, download, versions) and its discussions with proposals, as tabs of the box,
under /boxen/<slug>/… . The same views and services as an intranet group's; here only what is
the network's: the addresses, members-only content, nothing scope-wide, and a private box that
nobody else finds on any of these paths or in the API.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from decisions.models import Discussion, Outcome, Proposal
from documents.models import Document
from events.models import Event, Rsvp
from notifications.models import Notification
from tests.cast import Cast
from tests.documents.factories import PDF, file, upload
from tests.events.factories import make_event
from tests.taskboard.factories import box_on_network
from workspaces import invitations, services
from workspaces.models import Workspace
from workspaces.scopes import network_actor


@pytest.fixture(autouse=True)
def documents_root(tmp_path: Path, settings: Any) -> Path:
    root = tmp_path / "documents"
    settings.DOCUMENTS_ROOT = root
    return root


@pytest.fixture
def circle(cast: Cast) -> Workspace:
    """erin's friend circle (a secret box); gina came in by invitation."""
    erin = network_actor(cast.erin)
    workspace = services.create_circle(actor=erin, name="Werkzeugkiste Connewitz")
    issued = invitations.create_link(actor=erin, workspace=workspace)
    invitations.accept(actor=network_actor(cast.gina), token=issued.token)
    workspace.my_role = "owner"  # type: ignore[attr-defined]
    return workspace


def _in_future(days: int = 3) -> dict[str, str]:
    start = timezone.localtime(timezone.now() + timedelta(days=days)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    return {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
    }


# --- Tabs --------------------------------------------------------------------------------------


def test_a_box_shows_its_tools_as_tabs_under_the_box(cast: Cast, client_for: Any) -> None:
    the_box = box_on_network(cast)
    page = client_for(None, cast.gina).get(f"/boxen/{the_box.slug}/").content.decode()
    for path, label in (
        ("diskussionen/", "Diskussionen"),
        ("termine/", "Termine"),
        ("aufgaben/", "Aufgaben"),
        ("dokumente/", "Dokumente"),
    ):
        assert f'href="/boxen/{the_box.slug}/{path}"' in page, label
    # No scope-wide page of the intranet is offered (or routed) on the network.
    client = client_for(None, cast.gina)
    for path in (
        "/termine/",
        "/termine/abo/",
        "/dokumente/",
        "/diskussionen/",
        "/diskussionen/neu/",
    ):
        assert client.get(path).status_code == 404, path


def test_the_box_tabs_cost_the_same_few_queries_for_few_or_many_entries(
    cast: Cast, client_for: Any, circle: Workspace, django_assert_max_num_queries: Any
) -> None:
    from decisions import services as decisions

    erin = network_actor(cast.erin)
    client = client_for(None, cast.gina)
    pages = [f"/boxen/{circle.slug}/{tab}/" for tab in ("termine", "dokumente", "diskussionen")]
    pages.append(f"/boxen/{circle.slug}/")
    client.get(pages[0])  # the first request of a session reads a few things once
    counts = []
    made = 0
    for total in (2, 30):
        for i in range(made, total):
            make_event(
                erin, workspace=circle, title=f"Treffen {i}", starts_in=timedelta(days=i + 1)
            )
            upload(erin, f"Anleitung {i}.pdf", workspace=circle)
            decisions.start_discussion(actor=erin, title=f"Frage {i}", context="", workspace=circle)
        made = total
        measured = []
        for page in pages:
            with django_assert_max_num_queries(25) as captured:
                assert client.get(page).status_code == 200, page
            measured.append(len(captured))
        counts.append(measured)
    assert counts[0] == counts[1]


# --- Events ------------------------------------------------------------------------------------


def test_members_announce_an_event_answer_it_and_take_it_home_as_ics(
    cast: Cast, client_for: Any, circle: Workspace
) -> None:
    erin, gina = client_for(None, cast.erin), client_for(None, cast.gina)
    base = f"/boxen/{circle.slug}/termine/"
    calendar = erin.get(base).content.decode()
    assert f'href="{base}neu/"' in calendar
    assert "/termine/abo/" not in calendar and "Alle Termine" not in calendar
    assert erin.get(f"{base}neu/").status_code == 200
    response = erin.post(
        f"{base}neu/", {"title": "Reparaturnachmittag", "place": "Werkstatt", **_in_future()}
    )
    event = Event.objects.get(title="Reparaturnachmittag")
    assert event.workspace == circle
    assert response["Location"] == f"{base}{event.public_id}/"
    # Bad input: a clear form error, nothing made.
    assert erin.post(f"{base}neu/", {"title": "", **_in_future()}).status_code == 400
    assert Event.objects.filter(workspace=circle).count() == 1

    page = gina.get(f"{base}{event.public_id}/").content.decode()
    assert f'action="{base}{event.public_id}/antwort/"' in page
    assert f'href="{base}{event.public_id}/termin.ics"' in page
    answered = gina.post(f"{base}{event.public_id}/antwort/", {"answer": "yes"})
    assert answered["Location"] == f"{base}{event.public_id}/"
    assert Rsvp.objects.get(event=event, user=cast.gina).answer == "yes"
    event.refresh_from_db()
    assert event.going_count == 1
    assert gina.post(f"{base}{event.public_id}/antwort/", {"answer": "nie"}).status_code == 400

    ics = gina.get(f"{base}{event.public_id}/termin.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode().replace("\r\n ", "")
    assert "SUMMARY:Reparaturnachmittag" in body
    assert f"/boxen/{circle.slug}/termine/{event.public_id}/" in body


def test_a_cancelled_box_event_tells_those_coming_with_a_link_into_the_box(
    cast: Cast, client_for: Any, circle: Workspace
) -> None:
    from django.test import TestCase

    from events import services as events

    event = make_event(network_actor(cast.erin), workspace=circle, title="Grillen")
    events.answer_event(actor=network_actor(cast.gina), event=event, answer="yes")
    base = f"/boxen/{circle.slug}/termine/{event.public_id}/"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(None, cast.erin).post(f"{base}absagen/")
    assert response["Location"] == base
    note = Notification.objects.filter(user=cast.gina, verb="event.cancelled").get()
    assert note.url == base


def test_the_network_has_no_event_without_a_box(cast: Cast, client_for: Any) -> None:
    client = client_for(None, cast.erin)
    response = client.post(
        "/api/v1/events/", {"title": "Ohne Box", **_in_future()}, content_type="application/json"
    )
    assert response.status_code == 400 and "group" in response.json()
    assert not Event.objects.filter(title="Ohne Box").exists()


# --- Documents ---------------------------------------------------------------------------------


def test_members_upload_a_document_into_a_folder_and_download_it(
    cast: Cast, client_for: Any, circle: Workspace
) -> None:
    erin, gina = client_for(None, cast.erin), client_for(None, cast.gina)
    base = f"/boxen/{circle.slug}/dokumente/"
    area = gina.get(base).content.decode()
    assert f'href="{base}hochladen/' in area and "Mitglieder der Box" in area
    made = gina.post(f"{base}ordner/neu/", {"name": "Anleitungen"})
    folder = circle.folders.get(name="Anleitungen")
    assert made["Location"] == f"{base}ordner/{folder.public_id}/"
    assert gina.get(f"{base}hochladen/?ordner={folder.public_id}").status_code == 200
    response = gina.post(
        f"{base}hochladen/?ordner={folder.public_id}", {"file": file("Bohrer.pdf", PDF)}
    )
    document = Document.objects.get(workspace=circle, name="Bohrer.pdf")
    assert document.folder == folder
    assert response["Location"] == f"{base}{document.public_id}/"
    page = erin.get(f"{base}{document.public_id}/").content.decode()
    assert f'href="{base}{document.public_id}/herunterladen/"' in page
    download = erin.get(f"{base}{document.public_id}/herunterladen/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # A new version, then the first one by its own address.
    first = document.current_version
    assert first is not None
    erin.post(f"{base}{document.public_id}/neue-version/", {"file": file("Bohrer.pdf", PDF + b"%")})
    document.refresh_from_db()
    assert document.current_version is not None and document.current_version.number == 2
    old = erin.get(f"{base}versionen/{first.public_id}/herunterladen/")
    assert b"".join(old.streaming_content) == PDF
    # Bad input: no file, a clear form error, nothing stored.
    assert gina.post(f"{base}hochladen/", {}).status_code == 400
    assert Document.objects.filter(workspace=circle).count() == 1


def test_the_network_has_no_documents_without_a_box(cast: Cast, client_for: Any) -> None:
    client = client_for(None, cast.erin)
    listed = client.get("/api/v1/documents/")
    assert listed.status_code == 400 and "group" in listed.json()
    response = client.post("/api/v1/documents/", {"file": file("Los.pdf", PDF)})
    assert response.status_code == 403
    assert not Document.objects.filter(name="Los.pdf").exists()


# --- Discussions and decisions -----------------------------------------------------------------


def test_members_discuss_vote_and_record_a_decision(
    cast: Cast, client_for: Any, circle: Workspace
) -> None:
    erin, gina = client_for(None, cast.erin), client_for(None, cast.gina)
    base = f"/boxen/{circle.slug}/diskussionen/"
    listing = gina.get(base).content.decode()
    assert f'href="{base}neu/"' in listing and "Alle Diskussionen" not in listing
    form = erin.get(f"{base}neu/").content.decode()
    assert 'name="group"' not in form  # the box is the place; nothing to choose
    response = erin.post(f"{base}neu/", {"title": "Welche Werkzeuge?", "context": "Budget 300 €"})
    discussion = Discussion.objects.get(title="Welche Werkzeuge?")
    assert discussion.workspace == circle
    assert response["Location"] == f"{base}{discussion.public_id}/"
    assert erin.post(f"{base}neu/", {"title": ""}).status_code == 400

    commented = gina.post(f"{base}{discussion.public_id}/kommentare/", {"body": "Eine Säge!"})
    assert commented["Location"] == f"{base}{discussion.public_id}/#diskussion"
    closes = timezone.localtime(timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    started = erin.post(
        f"{base}{discussion.public_id}/abstimmung/",
        {"title": "Eine Standbohrmaschine", "process": "simple", "closes_at": closes},
    )
    assert started["Location"] == f"{base}{discussion.public_id}/#abstimmung"
    proposal = Proposal.objects.get(discussion=discussion)
    page = gina.get(f"{base}{discussion.public_id}/").content.decode()
    votes = f"/boxen/{circle.slug}/abstimmungen/{proposal.public_id}/"
    assert f'action="{votes}stimme/"' in page and "Eine Säge!" in page
    for client in (erin, gina):
        assert client.post(f"{votes}stimme/", {"choice": "yes"}).status_code == 302
    assert gina.post(f"{votes}stimme/", {"choice": "vielleicht"}).status_code == 400
    assert gina.post(f"{votes}beenden/").status_code == 403  # only the proposer, owner, staff
    assert erin.post(f"{votes}beenden/")["Location"].endswith("#abstimmung")
    proposal.refresh_from_db()
    assert proposal.is_closed
    assert Outcome.objects.filter(proposal=proposal).exists()


def test_a_comment_permalink_in_a_box_discussion_leads_into_the_box(
    cast: Cast, client_for: Any, circle: Workspace
) -> None:
    from decisions import services as decisions

    discussion = decisions.start_discussion(
        actor=network_actor(cast.erin), title="Termin?", context="", workspace=circle
    )
    comment = decisions.add_comment(
        actor=network_actor(cast.gina), discussion=discussion, body="Samstag"
    )
    response = client_for(None, cast.erin).get(f"/kommentare/{comment.public_id}/")
    assert response["Location"] == (
        f"/boxen/{circle.slug}/diskussionen/{discussion.public_id}/#kommentar-{comment.public_id}"
    )


# --- A private box is invisible --------------------------------------------------------------


def _paths(circle: Workspace, objects: dict[str, Any]) -> list[str]:
    b = f"/boxen/{circle.slug}"
    e, d, f = objects["event"], objects["document"], objects["folder"]
    ds, p = objects["discussion"], objects["proposal"]
    return [
        f"{b}/termine/",
        f"{b}/termine/neu/",
        f"{b}/termine/{e}/",
        f"{b}/termine/{e}/bearbeiten/",
        f"{b}/termine/{e}/termin.ics",
        f"{b}/dokumente/",
        f"{b}/dokumente/hochladen/",
        f"{b}/dokumente/ordner/{f}/",
        f"{b}/dokumente/ordner/{f}/bearbeiten/",
        f"{b}/dokumente/{d}/",
        f"{b}/dokumente/{d}/herunterladen/",
        f"{b}/dokumente/{d}/bearbeiten/",
        f"{b}/dokumente/{d}/loeschen/",
        f"{b}/dokumente/versionen/{objects['version']}/herunterladen/",
        f"{b}/diskussionen/",
        f"{b}/diskussionen/neu/",
        f"{b}/diskussionen/{ds}/",
        f"{b}/diskussionen/{ds}/abstimmung/",
        f"/api/v1/events/{e}/",
        f"/api/v1/document-folders/{f}/",
        f"/api/v1/document-folders/?group={circle.slug}",
        f"/api/v1/documents/{d}/",
        f"/api/v1/documents/{d}/download/",
        f"/api/v1/documents/?group={circle.slug}",
        f"/api/v1/discussions/{ds}/",
        f"/api/v1/discussions/?group={circle.slug}",
        f"/api/v1/proposals/{p}/",
    ]


def _posts(circle: Workspace, objects: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    b = f"/boxen/{circle.slug}"
    e, ds, p = objects["event"], objects["discussion"], objects["proposal"]
    return [
        (f"{b}/termine/neu/", {"title": "Eingeschlichen", **_in_future()}),
        (f"{b}/termine/{e}/antwort/", {"answer": "yes"}),
        (f"{b}/termine/{e}/absagen/", {}),
        (f"{b}/dokumente/ordner/neu/", {"name": "Eingeschlichen"}),
        (f"{b}/diskussionen/neu/", {"title": "Eingeschlichen"}),
        (f"{b}/diskussionen/{ds}/kommentare/", {"body": "Eingeschlichen"}),
        (f"{b}/abstimmungen/{p}/stimme/", {"choice": "yes"}),
        (f"{b}/abstimmungen/{p}/beenden/", {}),
    ]


@pytest.fixture
def stocked(cast: Cast, circle: Workspace) -> dict[str, Any]:
    from decisions import services as decisions
    from decisions.models import Process
    from documents import services as documents

    erin = network_actor(cast.erin)
    event = make_event(erin, workspace=circle, title="Geheimes Treffen")
    folder = documents.create_folder(actor=erin, name="Geheim", workspace=circle)
    document = upload(erin, "Geheim.pdf", workspace=circle, folder=folder)
    discussion = decisions.start_discussion(
        actor=erin, title="Geheime Frage", context="", workspace=circle
    )
    proposal = decisions.start_proposal(
        actor=erin,
        discussion=discussion,
        title="Geheimer Vorschlag",
        process=Process.SIMPLE,
        closes_at=timezone.now() + timedelta(days=3),
    )
    assert document.current_version is not None
    return {
        "event": event.public_id,
        "folder": folder.public_id,
        "document": document.public_id,
        "version": document.current_version.public_id,
        "discussion": discussion.public_id,
        "proposal": proposal.public_id,
    }


def _walk(client: Any, circle: Workspace, stocked: dict[str, Any], *, anonymous: bool) -> None:
    secrets = ("Geheim", circle.name)
    for path in _paths(circle, stocked):
        response = client.get(path)
        if anonymous:
            expected = 403 if path.startswith("/api/") else 302
            assert response.status_code == expected, path
            if expected == 302:
                assert response["Location"].startswith("/accounts/login/?next="), path
        elif "?group=" in path:
            # A box named in a parameter: the very answer a box that does not exist gets.
            missing = client.get(path.replace(circle.slug, "gibt-es-nicht"))
            assert response.status_code in (400, 404), path
            assert (response.status_code, response.content) == (
                missing.status_code,
                missing.content,
            ), path
        else:
            assert response.status_code == 404, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not any(s.encode() in body for s in secrets), path
    for path, data in _posts(circle, stocked):
        response = client.post(path, data)
        assert response.status_code == (302 if anonymous else 404), path
    # Lists of the caller's own boxes do not name it either.
    if not anonymous:
        for path in ("/api/v1/events/", "/api/v1/discussions/", "/boxen/"):
            assert not any(s in client.get(path).content.decode() for s in secrets), path


def _unchanged(stocked: dict[str, Any]) -> None:
    assert not Event.objects.filter(title="Eingeschlichen").exists()
    assert not Discussion.objects.filter(title="Eingeschlichen").exists()
    assert Rsvp.objects.filter(event__public_id=stocked["event"]).count() == 0
    assert not Event.objects.get(public_id=stocked["event"]).is_cancelled
    assert not Proposal.objects.get(public_id=stocked["proposal"]).is_closed


def test_an_outsider_finds_nothing_of_a_private_box_on_any_tool_path(
    cast: Cast, client_for: Any, circle: Workspace, stocked: dict[str, Any]
) -> None:
    _walk(client_for(None, cast.bob), circle, stocked, anonymous=False)
    _unchanged(stocked)


def test_an_anonymous_visitor_is_sent_to_log_in_and_learns_nothing(
    cast: Cast, client_for: Any, circle: Workspace, stocked: dict[str, Any]
) -> None:
    _walk(client_for(None, None), circle, stocked, anonymous=True)
    _unchanged(stocked)


def test_a_former_member_loses_every_tool_path_at_once(
    cast: Cast, client_for: Any, circle: Workspace, stocked: dict[str, Any]
) -> None:
    gina = client_for(None, cast.gina)
    assert gina.get(f"/boxen/{circle.slug}/termine/{stocked['event']}/").status_code == 200
    services.leave_workspace(actor=network_actor(cast.gina), workspace=circle)
    _walk(gina, circle, stocked, anonymous=False)
    _unchanged(stocked)


def test_a_box_object_answers_only_under_its_own_box(
    cast: Cast, client_for: Any, circle: Workspace, stocked: dict[str, Any]
) -> None:
    """erin owns the circle and an impulse's box: the circle's event is not found under the
    other box's address (one address per object, checked against the box)."""
    other = box_on_network(cast)
    erin = client_for(None, cast.erin)
    for path in _paths(circle, stocked):
        if path.startswith("/api/") or path.endswith(("/termine/", "/dokumente/", "neu/")):
            continue
        if path.endswith(("/diskussionen/", "/hochladen/")):
            continue
        assert erin.get(path).status_code == 200, path
        assert erin.get(path.replace(circle.slug, other.slug)).status_code == 404, path


def test_the_openapi_schema_of_the_network_describes_the_box_tools(
    cast: Cast, client_for: Any
) -> None:
    schema = client_for(None, None).get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/events/",
        "/api/v1/events/{public_id}/rsvp/",
        "/api/v1/documents/",
        "/api/v1/documents/{public_id}/download/",
        "/api/v1/document-folders/",
        "/api/v1/discussions/",
        "/api/v1/proposals/{public_id}/vote/",
    ):
        assert path in schema["paths"], path
    listed = schema["paths"]["/api/v1/documents/"]["get"]
    assert {"200", "400", "403"} <= set(listed["responses"])
