from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.domain import DomainError, RateLimited
from config.ratelimit import DEFAULT_LIMITS
from notifications.models import Notification
from public_marketplace.models import Impulse
from public_marketplace.services.comments import (
    delete_comment,
    edit_comment,
    post_comment,
)
from public_marketplace.services.follows import follow
from tests.cast import Cast
from tests.conftest import host_of
from tests.public_marketplace.factories import make_impulse
from threads.models import Comment
from threads.services import comments_on
from threads.tasks import notify_about_comment


def count_of(impulse: Impulse) -> int:
    return Impulse.objects.get(pk=impulse.pk).comment_count


def age(comment: Comment, minutes: int) -> None:
    """Pretend the comment was written ``minutes`` ago (the edit window is measured from it)."""
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )
    comment.refresh_from_db()


# --- Services --------------------------------------------------------------------------------


def test_a_comment_is_rendered_from_markdown_and_counted(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    comment = post_comment(impulse=impulse, author=cast.bob, body="  Ich bin **dabei**.  ")
    assert comment.body == "Ich bin **dabei**."
    assert "<strong>dabei</strong>" in comment.body_html
    assert comment.author == cast.bob and comment.parent is None
    assert count_of(impulse) == 1


def test_script_in_markdown_is_sanitised(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    body = '<script>alert(1)</script><img src=x onerror="alert(2)">[klick](javascript:alert(3))'
    comment = post_comment(impulse=impulse, author=cast.bob, body=body)
    html = comment.body_html.lower()
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    page = Client(HTTP_HOST=host_of(cast.public)).get(f"/impulse/{impulse.public_id}/")
    assert "<script>alert(1)" not in page.content.decode()


def test_a_reply_to_a_reply_joins_the_thread_of_its_top_comment(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    top = post_comment(impulse=impulse, author=cast.bob, body="Oben")
    reply = post_comment(impulse=impulse, author=cast.carol, body="Antwort", parent=top)
    deeper = post_comment(impulse=impulse, author=cast.erin, body="Noch tiefer", parent=reply)
    assert reply.parent == top and deeper.parent == top
    assert count_of(impulse) == 3
    from public_marketplace.selectors import comment_page_of

    thread = comment_page_of(impulse).comments
    assert [c.body for c in thread] == ["Oben"]
    assert [r.body for r in thread[0].replies.all()] == ["Antwort", "Noch tiefer"]


def test_a_reply_must_belong_to_the_same_impulse_and_to_a_living_comment(cast: Cast) -> None:
    impulse, other = make_impulse(cast.erin), make_impulse(cast.erin, title="Anderer Impuls")
    elsewhere = post_comment(impulse=other, author=cast.bob, body="Woanders")
    with pytest.raises(DomainError) as wrong:
        post_comment(impulse=impulse, author=cast.bob, body="Hallo", parent=elsewhere)
    assert wrong.value.field == "parent"
    gone = post_comment(impulse=impulse, author=cast.bob, body="Bald weg")
    delete_comment(comment=gone, by=cast.bob)
    with pytest.raises(DomainError) as deleted:
        post_comment(impulse=impulse, author=cast.carol, body="Hallo", parent=gone)
    assert deleted.value.code == "conflict"
    assert comments_on("impulse", impulse.pk).count() == 1


@pytest.mark.parametrize("body", ["", "   \n  ", "x" * 5001])
def test_empty_or_oversized_comments_are_rejected_and_nothing_changes(
    cast: Cast, body: str
) -> None:
    impulse = make_impulse(cast.erin)
    with pytest.raises(DomainError) as error:
        post_comment(impulse=impulse, author=cast.bob, body=body)
    assert error.value.field == "body" and "5.000 Zeichen" in error.value.message
    assert not comments_on("impulse", impulse.pk).exists()
    assert count_of(impulse) == 0


def test_five_thousand_characters_with_browser_line_breaks_are_fine(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    body = ("x" * 99 + "\r\n") * 50  # 5,000 characters once line breaks count as one
    comment = post_comment(impulse=impulse, author=cast.bob, body=body)
    assert len(comment.body) == 4999


def test_drafts_and_hidden_impulses_take_no_comments(cast: Cast) -> None:
    draft = make_impulse(cast.erin, publish=False)
    hidden = make_impulse(cast.erin, title="Versteckt")
    Impulse.objects.filter(pk=hidden.pk).update(is_hidden=True)
    hidden.refresh_from_db()
    for impulse in (draft, hidden):
        with pytest.raises(DomainError) as error:
            post_comment(impulse=impulse, author=cast.erin, body="Hallo")
        assert error.value.code == "not_found"
    assert not Comment.objects.exists()


def test_the_author_edits_within_fifteen_minutes_and_not_after(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    comment = post_comment(impulse=impulse, author=cast.bob, body="Tippfeler")
    age(comment, 14)
    edited = edit_comment(comment=comment, editor=cast.bob, body="Tippfehler *behoben*")
    assert edited.body == "Tippfehler *behoben*" and "<em>behoben</em>" in edited.body_html
    assert edited.edited_at is not None
    age(comment, 16)
    with pytest.raises(DomainError) as late:
        edit_comment(comment=comment, editor=cast.bob, body="Zu spät")
    assert late.value.code == "conflict" and "15 Minuten" in late.value.message
    comment.refresh_from_db()
    assert comment.body == "Tippfehler *behoben*"


def test_an_edit_is_checked_like_a_new_comment(cast: Cast) -> None:
    comment = post_comment(impulse=make_impulse(cast.erin), author=cast.bob, body="Vorher")
    with pytest.raises(DomainError):
        edit_comment(comment=comment, editor=cast.bob, body=" ")
    comment.refresh_from_db()
    assert comment.body == "Vorher" and comment.edited_at is None


def test_someone_else_cannot_edit_or_delete_a_comment(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    comment = post_comment(impulse=impulse, author=cast.bob, body="Meins")
    for other in (cast.erin, cast.carol):
        with pytest.raises(DomainError) as edit:
            edit_comment(comment=comment, editor=other, body="Gekapert")
        assert edit.value.code == "forbidden"
        with pytest.raises(DomainError) as delete:
            delete_comment(comment=comment, by=other)
        assert delete.value.code == "forbidden"
    comment.refresh_from_db()
    assert comment.body == "Meins" and comment.deleted_at is None
    assert count_of(impulse) == 1


def test_deleting_is_soft_counts_down_once_and_staff_may_do_it(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    top = post_comment(impulse=impulse, author=cast.bob, body="Geheimnis")
    post_comment(impulse=impulse, author=cast.carol, body="Antwort", parent=top)
    spam = post_comment(impulse=impulse, author=cast.carol, body="Spam")
    delete_comment(comment=top, by=cast.bob)
    delete_comment(comment=top, by=cast.bob)  # twice changes nothing
    top.refresh_from_db()
    assert top.deleted_at is not None and top.body == "" and top.body_html == ""
    assert count_of(impulse) == 2
    assert Comment.objects.filter(parent=top).count() == 1  # replies stay
    delete_comment(comment=spam, by=cast.staff)
    assert count_of(impulse) == 1
    with pytest.raises(DomainError):
        edit_comment(comment=top, editor=cast.bob, body="Wieder da")


@pytest.mark.ratelimits
def test_commenting_is_rate_limited(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    limit, _window = DEFAULT_LIMITS["comment.create"]
    for i in range(limit):
        post_comment(impulse=impulse, author=cast.bob, body=f"Kommentar {i}")
    with pytest.raises(RateLimited):
        post_comment(impulse=impulse, author=cast.bob, body="Einer zu viel")
    assert count_of(impulse) == limit
    post_comment(impulse=impulse, author=cast.carol, body="Andere dürfen weiter")


# --- Notifications ---------------------------------------------------------------------------


def test_the_author_and_followers_hear_of_a_comment_but_not_the_commenter(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    follow(user=cast.bob, target=impulse)
    follow(user=cast.carol, target=impulse)
    comment = post_comment(impulse=impulse, author=cast.carol, body="Bin dabei")
    assert notify_about_comment.apply(args=[comment.pk]).get() == 2
    notes = Notification.objects.filter(verb="comment.new")
    assert set(notes.values_list("user_id", flat=True)) == {cast.erin.pk, cast.bob.pk}
    note = notes.get(user=cast.bob)
    assert impulse.title in note.title
    assert note.url == f"/impulse/{impulse.public_id}/#kommentar-{comment.public_id}"


def test_a_reply_also_tells_the_author_of_the_comment_replied_to(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    top = post_comment(impulse=impulse, author=cast.bob, body="Frage?")
    reply = post_comment(impulse=impulse, author=cast.erin, body="Antwort!", parent=top)
    notify_about_comment.apply(args=[reply.pk])
    assert set(Notification.objects.values_list("user_id", flat=True)) == {cast.bob.pk}


def test_a_comment_deleted_before_the_task_runs_notifies_nobody(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    comment = post_comment(impulse=impulse, author=cast.bob, body="Ups")
    delete_comment(comment=comment, by=cast.bob)
    assert notify_about_comment.apply(args=[comment.pk]).get() == 0
    assert notify_about_comment.apply(args=[987654321]).get() == 0
    assert not Notification.objects.exists()


def test_notifications_are_queued_only_after_commit(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    impulse = make_impulse(cast.erin)
    with django_capture_on_commit_callbacks() as callbacks:
        post_comment(impulse=impulse, author=cast.bob, body="Hallo")
    assert len(callbacks) == 1
    assert not Notification.objects.exists()  # nothing before the task runs


# --- Web -------------------------------------------------------------------------------------


def test_commenting_through_htmx_returns_the_updated_thread(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    client = client_for(None, cast.bob)
    response = client.post(
        f"/impulse/{impulse.public_id}/kommentare/",
        {"body": "Ich **helfe** mit."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="comments"' in html and "<strong>helfe</strong>" in html
    assert "Kommentare (1)" in html and "<html" not in html
    assert "bob@example.org" not in html and "Bob" in html
    comment = comments_on("impulse", impulse.pk).get()
    reply = client.post(
        f"/impulse/{impulse.public_id}/kommentare/",
        {"body": "Nachtrag", "parent": str(comment.public_id)},
    )
    assert reply.status_code == 302
    assert reply["Location"].startswith(f"/impulse/{impulse.public_id}/#kommentar-")
    assert Comment.objects.get(body="Nachtrag").parent == comment


def test_a_bad_comment_gets_a_clear_error_and_nothing_is_saved(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    client = client_for(None, cast.bob)
    url = f"/impulse/{impulse.public_id}/kommentare/"
    htmx = client.post(url, {"body": "  "}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 400 and "5.000 Zeichen" in htmx.content.decode()
    too_long = "y" * 5001
    page = client.post(url, {"body": too_long})
    assert page.status_code == 400
    html = page.content.decode()
    assert "5.000 Zeichen" in html and too_long in html  # the text is kept
    unknown_parent = client.post(url, {"body": "Hallo", "parent": "nicht-eine-uuid"})
    assert unknown_parent.status_code == 400
    assert not Comment.objects.exists() and count_of(impulse) == 0


def test_comments_on_a_draft_are_not_found(cast: Cast, client_for) -> None:
    draft = make_impulse(cast.erin, publish=False)
    response = client_for(None, cast.bob).post(
        f"/impulse/{draft.public_id}/kommentare/", {"body": "Hallo"}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_editing_and_deleting_through_the_web(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    comment = post_comment(impulse=impulse, author=cast.bob, body="Erst so")
    bob = client_for(None, cast.bob)
    edited = bob.post(
        f"/kommentare/{comment.public_id}/bearbeiten/", {"body": "Dann so"}, HTTP_HX_REQUEST="true"
    )
    assert edited.status_code == 200 and "Dann so" in edited.content.decode()
    assert "bearbeitet" in edited.content.decode()
    erin = client_for(None, cast.erin)
    assert erin.post(f"/kommentare/{comment.public_id}/bearbeiten/", {"body": "X"}).status_code == (
        403
    )
    assert erin.post(f"/kommentare/{comment.public_id}/loeschen/").status_code == 403
    age(comment, 20)
    late = bob.post(
        f"/kommentare/{comment.public_id}/bearbeiten/", {"body": "Zu spät"}, HTTP_HX_REQUEST="true"
    )
    assert late.status_code == 409 and "15 Minuten" in late.content.decode()
    deleted = bob.post(f"/kommentare/{comment.public_id}/loeschen/")
    assert deleted.status_code == 302
    comment.refresh_from_db()
    assert comment.deleted_at is not None and comment.body == ""
    page = erin.get(f"/impulse/{impulse.public_id}/").content.decode()
    # Without replies a deleted comment leaves no trace; with replies it leaves a placeholder.
    assert "Dieser Kommentar wurde gelöscht." not in page and "Dann so" not in page


def test_the_thread_offers_each_visitor_only_what_they_may_do(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    comment = post_comment(impulse=impulse, author=cast.bob, body="Hallo")
    report = f"/melden/kommentar/{comment.public_id}/"
    edit = f"/kommentare/{comment.public_id}/bearbeiten/"
    delete = f"/kommentare/{comment.public_id}/loeschen/"
    anonymous = client_for(None, None).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert report not in anonymous and edit not in anonymous and "comment-body" not in anonymous
    assert "Melde dich an, um mitzudiskutieren." in anonymous
    erin = client_for(None, cast.erin).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert report in erin and edit not in erin and delete not in erin and "comment-body" in erin
    bob = client_for(None, cast.bob).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert report not in bob and edit in bob and delete in bob
    staff = client_for(None, cast.staff).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert delete in staff and edit not in staff
    age(comment, 16)
    late = client_for(None, cast.bob).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert edit not in late and delete in late


def test_commenting_needs_a_login_and_a_csrf_token(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    url = f"/impulse/{impulse.public_id}/kommentare/"
    assert client_for(None, None).post(url, {"body": "Hallo"}).status_code == 302
    strict = Client(HTTP_HOST=host_of(cast.public), enforce_csrf_checks=True)
    strict.force_login(cast.bob, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert strict.post(url, {"body": "Hallo"}).status_code == 403
    assert not Comment.objects.exists()


def test_the_impulse_page_runs_the_same_number_of_queries_however_many_comments(
    cast: Cast, client_for
) -> None:
    impulse = make_impulse(cast.erin)
    first = post_comment(impulse=impulse, author=cast.bob, body="Eins")
    post_comment(impulse=impulse, author=cast.carol, body="Zwei", parent=first)
    client = client_for(None, cast.bob)
    url = f"/impulse/{impulse.public_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(25):
        top = post_comment(impulse=impulse, author=cast.erin if i % 2 else cast.bob, body=f"#{i}")
        post_comment(impulse=impulse, author=cast.staff, body=f"Antwort {i}", parent=top)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# --- API -------------------------------------------------------------------------------------


def test_the_api_lists_comments_to_everyone_without_contact_data(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    top = post_comment(impulse=impulse, author=cast.bob, body="Oben")
    post_comment(impulse=impulse, author=cast.carol, body="Unten", parent=top)
    gone = post_comment(impulse=impulse, author=cast.carol, body="Weg damit")
    delete_comment(comment=gone, by=cast.carol)
    response = client_for(None, None).get(f"/api/v1/impulses/{impulse.public_id}/comments/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [c["body"] for c in results] == ["Oben", "Unten", ""]
    assert results[1]["parent"] == str(top.public_id) and results[0]["parent"] is None
    assert results[0]["author_name"] == "Bob" and results[2]["is_deleted"] is True
    assert "example.org" not in response.content.decode()


def test_the_api_creates_edits_and_deletes_comments(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    bob = client_for(None, cast.bob)
    created = bob.post(
        f"/api/v1/impulses/{impulse.public_id}/comments/",
        {"body": "Per API"},
        content_type="application/json",
    )
    assert created.status_code == 201
    comment_id = created.json()["id"]
    assert created.json()["body_html"] == "<p>Per API</p>"
    reply = bob.post(
        f"/api/v1/impulses/{impulse.public_id}/comments/",
        {"body": "Antwort", "parent": comment_id},
        content_type="application/json",
    )
    assert reply.status_code == 201 and reply.json()["parent"] == comment_id
    patched = bob.patch(
        f"/api/v1/comments/{comment_id}/", {"body": "Korrigiert"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["edited_at"]
    erin = client_for(None, cast.erin)
    assert erin.delete(f"/api/v1/comments/{comment_id}/").status_code == 403
    assert bob.delete(f"/api/v1/comments/{comment_id}/").status_code == 204
    assert count_of(impulse) == 1


def test_the_api_refuses_bad_comments_with_a_json_error(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    url = f"/api/v1/impulses/{impulse.public_id}/comments/"
    anonymous = client_for(None, None).post(url, {"body": "Hallo"}, content_type="application/json")
    assert anonymous.status_code == 403
    bob = client_for(None, cast.bob)
    empty = bob.post(url, {"body": ""}, content_type="application/json")
    assert empty.status_code == 400 and "body" in empty.json()
    parent = bob.post(
        url,
        {"body": "Hallo", "parent": "00000000-0000-0000-0000-000000000000"},
        content_type="application/json",
    )
    assert parent.status_code == 400 and "parent" in parent.json()
    draft = make_impulse(cast.erin, publish=False, title="Entwurf")
    assert bob.get(f"/api/v1/impulses/{draft.public_id}/comments/").status_code == 404
    assert not Comment.objects.exists()


# --- Moderation ------------------------------------------------------------------------------


def test_a_blocked_person_reads_but_cannot_comment(cast: Cast, client_for) -> None:
    from accounts.models import User

    impulse = make_impulse(cast.erin)
    User.objects.filter(pk=cast.bob.pk).update(blocked_at=timezone.now())
    cast.bob.refresh_from_db()
    with pytest.raises(DomainError) as error:
        post_comment(impulse=impulse, author=cast.bob, body="Hallo")
    assert error.value.code == "forbidden"
    client = client_for(None, cast.bob)
    assert client.get(f"/impulse/{impulse.public_id}/").status_code == 200
    response = client.post(
        f"/impulse/{impulse.public_id}/kommentare/", {"body": "Hallo"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403 and "gesperrt" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_hidden_comment_shows_as_removed_everywhere(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    comment = post_comment(impulse=impulse, author=cast.bob, body="Beleidigung")
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    page = client_for(None, cast.erin).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert "Beleidigung" not in page and "von der Moderation entfernt" in page
    api = client_for(None, None).get(f"/api/v1/comments/{comment.public_id}/").json()
    assert api["body"] == "" and api["body_html"] == "" and api["is_hidden"] is True
    with pytest.raises(DomainError):
        post_comment(impulse=impulse, author=cast.carol, body="Antwort", parent=comment)


def test_a_long_impulse_thread_is_paged(cast: Cast) -> None:
    from threads.selectors import THREAD_PAGE_SIZE

    client = Client(HTTP_HOST=host_of(cast.public))
    impulse = make_impulse(cast.erin)
    for i in range(THREAD_PAGE_SIZE + 2):
        post_comment(impulse=impulse, author=cast.bob, body=f"Beitrag Nummer {i}")
    html = client.get(f"/impulse/{impulse.public_id}/").content.decode()
    assert f"Beitrag Nummer {THREAD_PAGE_SIZE - 1}<" in html
    assert f"Beitrag Nummer {THREAD_PAGE_SIZE}<" not in html
    cursor = html.split("?kommentare=")[1].split("#")[0]
    rest = client.get(f"/impulse/{impulse.public_id}/?kommentare={cursor}").content.decode()
    assert f"Beitrag Nummer {THREAD_PAGE_SIZE + 1}<" in rest and "Weitere Kommentare" not in rest
