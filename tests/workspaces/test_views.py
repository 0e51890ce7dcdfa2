"""Groups and feed pages on alpha's host: what each visitor sees, what they may change, the
messages for bad input, the htmx poll and paging, and isolation from other organisations."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import tenant_context

from tests.cast import Cast
from tests.workspaces.factories import actor
from workspaces import services
from workspaces.models import JoinRequest, Post, Visibility, Workspace, WorkspaceMember
from workspaces.selectors import encode_cursor


def make(cast: Cast, fn: Any, who: Any, **kwargs: Any) -> Any:
    with tenant_context(cast.alpha):
        return fn(actor=actor(who), **kwargs)


def in_alpha(cast: Cast, fn: Any) -> Any:
    with tenant_context(cast.alpha):
        return fn()


def test_the_feed_shows_what_the_member_may_read_newest_first(cast: Cast, client_for) -> None:
    open_group = make(cast, services.create_workspace, cast.alice, name="Offene AG")
    closed = make(cast, services.create_workspace, cast.alice, name="Vorstand", visibility="closed")
    make(cast, services.create_post, cast.alice, body="Aus der offenen AG", workspace=open_group)
    make(cast, services.create_post, cast.alice, body="Vorstandssache", workspace=closed)
    pinned = make(cast, services.create_post, cast.alice, body="Bitte lesen")
    make(cast, services.set_pinned, cast.alice, post=pinned, pinned=True)
    make(cast, services.create_post, cast.bob, body="**Neu** von Bob")

    html = client_for(cast.alpha, cast.bob).get("/feed/").content.decode()
    assert "Vorstandssache" not in html
    assert html.index("Bitte lesen") < html.index("<strong>Neu</strong> von Bob")
    assert html.index("<strong>Neu</strong> von Bob") < html.index("Aus der offenen AG")
    assert 'href="/gruppen/offene-ag/"' in html and 'hx-trigger="every 15s"' in html
    assert "Neuer Beitrag" in html  # bob may post


def test_posting_through_the_page_and_bad_input_with_a_clear_message(
    cast: Cast, client_for
) -> None:
    client = client_for(cast.alpha, cast.bob)
    response = client.post("/feed/", {"body": "Hallo <script>alert(1)</script> **alle**"})
    assert response.status_code == 302 and response["Location"] == "/feed/"
    html = client.get("/feed/").content.decode()
    assert "<strong>alle</strong>" in html and "<script>alert(1)" not in html

    for body in ("", "   ", "x" * 10_001):
        response = client.post("/feed/", {"body": body})
        assert response.status_code == 400
        # One clear message, the same the API gives; the field is not marked optional.
        assert response.content.decode().count("Ein Beitrag braucht 1 bis 10.000 Zeichen.") == 1
        assert "optional" not in response.content.decode().split('for="id_body"')[1][:80]
    assert in_alpha(cast, lambda: Post.objects.count()) == 1


def test_a_guest_reads_the_feed_but_cannot_post(cast: Cast, client_for) -> None:
    make(cast, services.create_post, cast.bob, body="Für alle")
    client = client_for(cast.alpha, cast.gina)
    html = client.get("/feed/").content.decode()
    assert "Für alle" in html and "Neuer Beitrag" not in html
    response = client.post("/feed/", {"body": "Gast schreibt"})
    assert response.status_code == 403
    assert "Als Gast kannst du mitlesen" in response.content.decode()
    assert in_alpha(cast, lambda: Post.objects.count()) == 1
    assert client.get("/gruppen/neu/").status_code == 403


def test_founding_joining_and_leaving_a_group(cast: Cast, client_for) -> None:
    bob = client_for(cast.alpha, cast.bob)
    response = bob.post(
        "/gruppen/neu/", {"name": "AG Radverkehr", "description": "Wege", "visibility": "open"}
    )
    assert response.status_code == 302 and response["Location"] == "/gruppen/ag-radverkehr/"
    bad = bob.post("/gruppen/neu/", {"name": "", "visibility": "open"})
    assert bad.status_code == 400 and "Der Name braucht 1 bis 120 Zeichen." in bad.content.decode()

    dave = client_for(cast.alpha, cast.dave)
    page = dave.get("/gruppen/ag-radverkehr/").content.decode()
    assert "Beitreten" in page and "Neuer Beitrag" not in page
    assert dave.post("/gruppen/ag-radverkehr/beitreten/").status_code == 302
    page = dave.get("/gruppen/ag-radverkehr/").content.decode()
    assert "Gruppe verlassen" in page and "Neuer Beitrag" in page
    assert dave.post("/gruppen/ag-radverkehr/", {"body": "Ich bin dabei"}).status_code == 302
    assert dave.post("/gruppen/ag-radverkehr/verlassen/").status_code == 302
    assert in_alpha(cast, lambda: WorkspaceMember.objects.filter(user=cast.dave).exists()) is False
    # What dave wrote stays in the group.
    assert "Ich bin dabei" in bob.get("/gruppen/ag-radverkehr/").content.decode()


def test_a_closed_group_shows_its_door_not_its_posts(cast: Cast, client_for) -> None:
    closed = make(cast, services.create_workspace, cast.bob, name="Vorstand", visibility="closed")
    make(cast, services.create_post, cast.bob, body="Haushalt 2027", workspace=closed)
    dave = client_for(cast.alpha, cast.dave)
    page = dave.get("/gruppen/vorstand/").content.decode()
    assert "Haushalt 2027" not in page and "Beitritt anfragen" in page
    assert dave.get("/gruppen/vorstand/neu/?nach=" + encode_cursor(0)).status_code == 404
    dave.post("/gruppen/vorstand/beitreten/")
    assert (
        "Deine Anfrage liegt bei den Gruppen-Admins."
        in dave.get("/gruppen/vorstand/").content.decode()
    )

    request = in_alpha(cast, lambda: JoinRequest.objects.get(user=cast.dave))
    path = f"/gruppen/vorstand/anfragen/{request.public_id}/"
    assert dave.post(path, {"approve": "1"}).status_code == 403
    bob = client_for(cast.alpha, cast.bob)
    settings_page = bob.get("/gruppen/vorstand/einstellungen/").content.decode()
    assert "Dave" in settings_page and "Annehmen" in settings_page
    assert bob.post(path, {"approve": "1"}).status_code == 302
    assert "Haushalt 2027" in dave.get("/gruppen/vorstand/").content.decode()


def test_a_secret_group_does_not_exist_for_outsiders(cast: Cast, client_for) -> None:
    secret = make(cast, services.create_workspace, cast.bob, name="Geheimrat", visibility="secret")
    post = make(cast, services.create_post, cast.bob, body="Streng geheim", workspace=secret)
    dave = client_for(cast.alpha, cast.dave)
    assert "Geheimrat" not in dave.get("/gruppen/").content.decode()
    for path in ("/gruppen/geheimrat/", f"/beitraege/{post.public_id}/"):
        assert dave.get(path).status_code == 404
    assert dave.post("/gruppen/geheimrat/beitreten/").status_code == 404
    alice = client_for(cast.alpha, cast.alice)  # the organisation's owner moderates
    assert "Geheimrat" in alice.get("/gruppen/").content.decode()
    assert alice.get("/gruppen/geheimrat/").status_code == 200


def test_group_settings_are_for_group_admins(cast: Cast, client_for) -> None:
    make(cast, services.create_workspace, cast.bob, name="AG")
    dave = client_for(cast.alpha, cast.dave)
    assert dave.get("/gruppen/ag/einstellungen/").status_code == 403
    response = dave.post("/gruppen/ag/einstellungen/", {"name": "Gekapert", "visibility": "open"})
    assert response.status_code == 403
    bob = client_for(cast.alpha, cast.bob)
    bad = bob.post("/gruppen/ag/einstellungen/", {"name": "AG", "visibility": "everyone"})
    assert bad.status_code == 400 and bad.content.decode().count("Bitte wähle, wer") == 1
    ok = bob.post(
        "/gruppen/ag/einstellungen/",
        {"name": "AG Umwelt", "description": "Bäume", "visibility": "closed"},
    )
    assert ok.status_code == 302
    group = in_alpha(cast, lambda: Workspace.objects.get(slug="ag"))
    assert (group.name, group.visibility) == ("AG Umwelt", Visibility.CLOSED)

    added = bob.post("/gruppen/ag/mitglieder/hinzufuegen/", {"person": "dave"})
    assert added.status_code == 302
    nobody = bob.post("/gruppen/ag/mitglieder/hinzufuegen/", {"person": "Carol"})
    assert (
        nobody.status_code == 400 and "Diese Person gehört nicht dazu." in nobody.content.decode()
    )
    promote = bob.post(f"/gruppen/ag/mitglieder/{cast.dave.public_id}/", {"role": "admin"})
    assert promote.status_code == 302
    assert in_alpha(cast, lambda: WorkspaceMember.objects.get(user=cast.dave).role) == "admin"


def test_editing_someone_elses_post_is_refused_and_changes_nothing(cast: Cast, client_for) -> None:
    post = make(cast, services.create_post, cast.bob, body="Bobs Text")
    dave = client_for(cast.alpha, cast.dave)
    path = f"/beitraege/{post.public_id}/bearbeiten/"
    assert dave.get(path).status_code == 403
    assert dave.post(path, {"body": "Daves Text"}).status_code == 403
    assert dave.post(f"/beitraege/{post.public_id}/loeschen/").status_code == 403
    assert in_alpha(cast, lambda: Post.objects.get(pk=post.pk).body) == "Bobs Text"
    bob = client_for(cast.alpha, cast.bob)
    assert bob.post(path, {"body": ""}).status_code == 400
    assert bob.post(path, {"body": "Bobs neuer Text"}).status_code == 302
    assert "Bobs neuer Text" in bob.get(f"/beitraege/{post.public_id}/").content.decode()


def test_comments_reactions_and_pins_through_the_page(cast: Cast, client_for) -> None:
    post = make(cast, services.create_post, cast.bob, body="Frage an alle")
    dave = client_for(cast.alpha, cast.dave)
    base = f"/beitraege/{post.public_id}/"
    assert dave.post(base + "kommentare/", {"body": "Antwort von @Bob"}).status_code == 302
    empty = dave.post(base + "kommentare/", {"body": " "})
    assert empty.status_code == 400 and "Ein Kommentar braucht" in empty.content.decode()
    reacted = dave.post(base + "reaktion/", {"kind": "like"}, HTTP_HX_REQUEST="true")
    assert reacted.status_code == 200 and 'aria-pressed="true"' in reacted.content.decode()
    assert dave.post(base + "reaktion/", {"kind": "wut"}).status_code == 400
    assert dave.post(base + "anheften/", {"pinned": "1"}).status_code == 403
    alice = client_for(cast.alpha, cast.alice)
    pinned = alice.post(base + "anheften/", {"pinned": "1", "next": "/feed/"})
    assert pinned.status_code == 302 and pinned["Location"] == "/feed/"
    elsewhere = alice.post(base + "anheften/", {"pinned": "1", "next": "//evil.example/"})
    assert elsewhere["Location"] == base  # never off this host
    html = dave.get(base).content.decode()
    assert "Antwort von @Bob" in html and "angeheftet" in html and "1 Kommentar" in html


def test_new_posts_arrive_through_the_poll(cast: Cast, client_for) -> None:
    first = make(cast, services.create_post, cast.bob, body="Erster")
    client = client_for(cast.alpha, cast.dave)
    cursor = encode_cursor(first.pk)
    assert client.get(f"/feed/neu/?nach={cursor}").status_code == 204
    assert client.get("/feed/neu/?nach=kaputt").status_code == 204
    second = make(cast, services.create_post, cast.alice, body="Zweiter")
    response = client.get(f"/feed/neu/?nach={cursor}", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "Zweiter" in html and "Erster" not in html
    assert f"/feed/neu/?nach={encode_cursor(second.pk)}" in html and "<html" not in html


def test_older_posts_load_by_keyset(cast: Cast, client_for) -> None:
    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        for i in range(25):
            services.create_post(actor=bob, body=f"Nummer {i:02d}")
    client = client_for(cast.alpha, cast.dave)
    first = client.get("/feed/").content.decode()
    assert "Nummer 24" in first and "Nummer 05" in first and "Nummer 04" not in first
    cursor = first.split("?vor=")[1].split('"')[0]
    more = client.get(f"/feed/?vor={cursor}", HTTP_HX_REQUEST="true").content.decode()
    assert "Nummer 04" in more and "Nummer 00" in more and "Nummer 05" not in more
    assert "<html" not in more and "Ältere Beiträge laden" not in more


def test_another_organisation_never_sees_alphas_groups_or_posts(cast: Cast, client_for) -> None:
    group = make(cast, services.create_workspace, cast.bob, name="Offene Runde")
    post = make(cast, services.create_post, cast.bob, body="Nur für Alpha", workspace=group)
    paths = [
        "/gruppen/offene-runde/",
        f"/beitraege/{post.public_id}/",
        f"/beitraege/{post.public_id}/bearbeiten/",
    ]
    carol_on_alpha = client_for(cast.alpha, cast.carol)
    for path in paths:
        assert carol_on_alpha.get(path).status_code == 404, path
    assert (
        carol_on_alpha.post(f"/beitraege/{post.public_id}/kommentare/", {"body": "x"}).status_code
        == 404
    )
    # dave belongs to both; on beta's host alpha's objects do not exist.
    dave_on_beta = client_for(cast.beta, cast.dave)
    for path in [*paths, f"/api/v1/posts/{post.public_id}/", "/api/v1/groups/offene-runde/"]:
        assert dave_on_beta.get(path).status_code == 404, path
    assert "Nur für Alpha" not in dave_on_beta.get("/feed/").content.decode()
    assert "Offene Runde" not in dave_on_beta.get("/gruppen/").content.decode()


def test_a_removed_member_loses_access_at_once_but_their_posts_stay(cast: Cast, client_for) -> None:
    from intranet.services import remove_member

    post = make(cast, services.create_post, cast.dave, body="Daves Beitrag")
    client = client_for(cast.alpha, cast.dave)
    assert client.get("/feed/").status_code == 200
    remove_member(organisation=cast.alpha, user=cast.dave, acting_user=cast.alice)
    assert client.get("/feed/").status_code == 404
    assert client.get(f"/beitraege/{post.public_id}/").status_code == 404
    html = client_for(cast.alpha, cast.bob).get("/feed/").content.decode()
    assert "Daves Beitrag" in html and "ehemaliges Mitglied" in html
