"""The thread block's own comment actions on an organisation's host (threads/views.py): reply,
correct, delete and react on feed posts and in discussions, each asked through the place's
hooks; refusals change nothing and say why; another organisation's host knows no such comment."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import tenant_context

from decisions import services as decisions
from tests.cast import Cast
from tests.workspaces.factories import actor
from threads.models import Comment, Reaction
from workspaces import services as workspaces


def _in_alpha(cast: Cast, fn: Any) -> Any:
    with tenant_context(cast.alpha):
        return fn()


def _post_with_comment(cast: Cast) -> tuple[Any, Comment]:
    def make() -> tuple[Any, Comment]:
        post = workspaces.create_post(actor=actor(cast.alice), body="Sommerfest?")
        return post, workspaces.add_comment(actor=actor(cast.bob), post=post, body="Ja, gern")

    result: tuple[Any, Comment] = _in_alpha(cast, make)
    return result


def test_reply_edit_react_and_delete_on_a_post_page(cast: Cast, client_for: Any) -> None:
    post, said = _post_with_comment(cast)
    bob, dave = client_for(cast.alpha, cast.bob), client_for(cast.alpha, cast.dave)
    page = f"/beitraege/{post.public_id}/"

    html = bob.get(page).content.decode()
    assert f"/kommentare/{said.public_id}/antworten/" in html
    assert f"/kommentare/{said.public_id}/bearbeiten/" in html  # own and within the window
    assert f"/kommentare/{said.public_id}/reaktion/" in html

    answer = dave.post(f"/kommentare/{said.public_id}/antworten/", {"body": "Ich bringe Kuchen"})
    assert answer.status_code == 302 and answer["Location"].startswith(page)
    edited = bob.post(f"/kommentare/{said.public_id}/bearbeiten/", {"body": "Ja, sehr gern"})
    assert edited.status_code == 302
    thanks = dave.post(f"/kommentare/{said.public_id}/reaktion/", {"kind": "thanks"})
    assert thanks.status_code == 302

    html = dave.get(page).content.decode()
    assert "Ich bringe Kuchen" in html and "Ja, sehr gern" in html and "bearbeitet" in html
    assert 'aria-pressed="true"' in html  # dave's thanks, shown as chosen
    assert html.count(f"/kommentare/{said.public_id}/bearbeiten/") == 0  # not dave's to edit

    # Reacting again takes it back; an unknown kind and someone else's edit change nothing.
    dave.post(f"/kommentare/{said.public_id}/reaktion/", {"kind": "thanks"})
    assert _in_alpha(cast, lambda: Reaction.objects.filter(comment_id=said.pk).count()) == 0
    assert dave.post(f"/kommentare/{said.public_id}/reaktion/", {"kind": "x"}).status_code == 400
    refused = dave.post(f"/kommentare/{said.public_id}/bearbeiten/", {"body": "Gekapert"})
    assert refused.status_code == 403 and "nicht bearbeiten" in refused.content.decode()
    assert dave.post(f"/kommentare/{said.public_id}/loeschen/").status_code == 403
    empty = dave.post(f"/kommentare/{said.public_id}/antworten/", {"body": "  "})
    assert empty.status_code == 400 and "1 bis 5.000 Zeichen" in empty.content.decode()
    assert _in_alpha(cast, lambda: Comment.objects.get(pk=said.pk).body) == "Ja, sehr gern"

    # The organisation's admin deletes anyone's comment; the reply keeps its place.
    alice = client_for(cast.alpha, cast.alice)
    assert alice.post(f"/kommentare/{said.public_id}/loeschen/").status_code == 302
    html = alice.get(page).content.decode()
    assert "Dieser Kommentar wurde gelöscht." in html and "Ich bringe Kuchen" in html


def test_a_guest_reads_but_cannot_reply_and_another_organisation_finds_nothing(
    cast: Cast, client_for: Any
) -> None:
    post, said = _post_with_comment(cast)
    gina = client_for(cast.alpha, cast.gina)
    html = gina.get(f"/beitraege/{post.public_id}/").content.decode()
    assert "Ja, gern" in html and "/antworten/" not in html
    reply = gina.post(f"/kommentare/{said.public_id}/antworten/", {"body": "Hallo"})
    assert reply.status_code == 403
    beta = client_for(cast.beta, cast.dave)  # dave is a member of both
    for action in ("antworten", "bearbeiten", "loeschen", "reaktion"):
        answer = beta.post(f"/kommentare/{said.public_id}/{action}/", {"body": "x"})
        assert answer.status_code == 404
    assert _in_alpha(cast, lambda: Comment.objects.filter(parent_id=said.pk).count()) == 0


def test_replies_and_deletion_in_a_discussion(cast: Cast, client_for: Any) -> None:
    def make() -> tuple[Any, Comment]:
        discussion = decisions.start_discussion(actor=actor(cast.alice), title="Haushalt 2027")
        said = decisions.add_comment(actor=actor(cast.bob), discussion=discussion, body="Mehr Rad")
        return discussion, said

    discussion, said = _in_alpha(cast, make)
    dave, bob = client_for(cast.alpha, cast.dave), client_for(cast.alpha, cast.bob)
    page = f"/diskussionen/{discussion.public_id}/"
    reply = dave.post(f"/kommentare/{said.public_id}/antworten/", {"body": "Und Bus"})
    assert reply.status_code == 302
    html = bob.get(page).content.decode()
    assert "Und Bus" in html and "comment--reply" in html
    assert "/reaktion/" not in html  # discussions have no reactions
    assert dave.post(f"/kommentare/{said.public_id}/reaktion/", {"kind": "like"}).status_code == 403
    assert bob.post(f"/kommentare/{said.public_id}/loeschen/").status_code == 302
    assert "Dieser Kommentar wurde gelöscht." in bob.get(page).content.decode()


def test_the_comment_api_answers_corrects_reacts_and_hides_removed_text(
    cast: Cast, client_for: Any
) -> None:
    post, said = _post_with_comment(cast)
    bob, dave = client_for(cast.alpha, cast.bob), client_for(cast.alpha, cast.dave)
    url = f"/api/v1/comments/{said.public_id}/"

    reply = dave.post(f"{url}replies/", {"body": "Ich auch"}, content_type="application/json")
    assert reply.status_code == 201 and reply.json()["in_reply_to"] == str(said.public_id)
    liked = dave.post(f"{url}reactions/", {"kind": "like"}, content_type="application/json")
    assert liked.status_code == 200
    assert {"kind": "like", "count": 1, "mine": True} in liked.json()["reactions"]
    assert dave.delete(f"{url}reactions/like/").json()["reactions"][0]["count"] == 0
    edited = bob.patch(url, {"body": "Ja, sehr gern"}, content_type="application/json")
    assert edited.status_code == 200 and edited.json()["edited_at"] is not None
    bad = bob.patch(url, {"body": ""}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["body"]  # the service's message, per field
    assert dave.patch(url, {"body": "Gekapert"}, content_type="application/json").status_code == 403

    # The post's comment list shows replies and reactions in the same shape.
    listed = dave.get(f"/api/v1/posts/{post.public_id}/comments/").json()
    assert listed[0]["replies"][0]["body"] == "Ich auch"

    assert bob.delete(url).status_code == 204
    gone = dave.get(url).json()
    assert gone["is_deleted"] is True and gone["body"] == "" and gone["body_html"] == ""
    assert client_for(cast.beta, cast.dave).get(url).status_code == 404


def test_a_busy_thread_is_paged_by_keyset_with_replies_kept_with_their_comment(
    cast: Cast, client_for: Any
) -> None:
    from threads.selectors import THREAD_PAGE_SIZE

    def make() -> Any:
        post = workspaces.create_post(actor=actor(cast.alice), body="Viel los")
        first = workspaces.add_comment(actor=actor(cast.bob), post=post, body="Kommentar 0")
        workspaces.add_comment(actor=actor(cast.dave), post=post, body="Antwort", parent=first)
        for i in range(1, THREAD_PAGE_SIZE + 5):
            Comment.objects.create(
                thread_id=first.thread_id, author=cast.bob, body=f"Kommentar {i}", body_html=f"K{i}"
            )
        return post

    post = _in_alpha(cast, make)
    client = client_for(cast.alpha, cast.dave)
    html = client.get(f"/beitraege/{post.public_id}/").content.decode()
    assert "Antwort" in html and f"K{THREAD_PAGE_SIZE - 1}" in html
    assert f"K{THREAD_PAGE_SIZE}<" not in html and "Weitere Kommentare" in html
    cursor = html.split("?kommentare=")[1].split('"')[0]
    rest = client.get(f"/beitraege/{post.public_id}/?kommentare={cursor}").content.decode()
    assert f"K{THREAD_PAGE_SIZE}<" in rest and "Weitere Kommentare" not in rest
    assert "Kommentar 0" not in rest
    broken = client.get(f"/beitraege/{post.public_id}/?kommentare=nonsense")
    assert broken.status_code == 200 and "Kommentar 0" in broken.content.decode()
