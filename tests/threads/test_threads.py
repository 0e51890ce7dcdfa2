"""The thread block through the places that use it: replies, edits, soft deletion with the
"gelöscht" placeholder, counters kept without COUNT, reactions only where the place wants them,
and the organisation's own moderation (reports stay in its schema; admins decide)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection as default_connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from config.domain import DomainError
from decisions import services as decisions
from notifications.models import Notification
from tests.cast import Cast
from tests.workspaces.factories import actor
from threads import moderation
from threads import services as threads
from threads.models import Comment, Report, Thread
from threads.selectors import comment_page, comment_thread
from workspaces import services as workspaces
from workspaces.models import Post


@pytest.fixture
def alpha(cast: Cast) -> Iterator[Cast]:
    with tenant_context(cast.alpha):
        yield cast


def refused(code: str, fn: Any, **kwargs: Any) -> DomainError:
    with pytest.raises(DomainError) as info:
        fn(**kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def test_replies_join_the_top_comment_and_counters_follow(alpha: Cast) -> None:
    bob, dave = actor(alpha.bob), actor(alpha.dave)
    post = workspaces.create_post(actor=bob, body="Hallo")
    top = workspaces.add_comment(actor=dave, post=post, body="Eins")
    reply = workspaces.add_comment(actor=bob, post=post, body="Zwei", parent=top)
    deeper = workspaces.add_comment(actor=dave, post=post, body="Drei", parent=reply)
    assert deeper.parent_id == top.pk  # one level deep
    thread = Thread.objects.get(kind="post", target_id=post.pk)
    assert thread.comment_count == 3 == Post.objects.get(pk=post.pk).comment_count
    assert Comment.objects.get(pk=top.pk).reply_count == 2
    refused("invalid", workspaces.add_comment, actor=dave, post=post, body="x" * 5001)
    assert Thread.objects.get(pk=thread.pk).comment_count == 3  # nothing half-written


def test_a_deleted_comment_with_replies_stays_as_a_placeholder(alpha: Cast) -> None:
    bob, dave = actor(alpha.bob), actor(alpha.dave)
    post = workspaces.create_post(actor=bob, body="Hallo")
    top = workspaces.add_comment(actor=dave, post=post, body="Eins")
    workspaces.add_comment(actor=bob, post=post, body="Antwort", parent=top)
    lonely = workspaces.add_comment(actor=dave, post=post, body="Allein")
    workspaces.delete_comment(
        actor=dave, comment=Comment.objects.select_related("thread").get(pk=top.pk)
    )
    workspaces.delete_comment(
        actor=dave, comment=Comment.objects.select_related("thread").get(pk=lonely.pk)
    )
    shown = comment_thread("post", post.pk)
    assert [c.pk for c in shown] == [top.pk]  # the lonely one is gone, the one with replies stays
    assert shown[0].deleted_at is not None and shown[0].body == ""
    assert [r.body for r in shown[0].replies.all()] == ["Antwort"]
    assert Post.objects.get(pk=post.pk).comment_count == 1


def test_edits_are_marked_and_only_the_author_edits(alpha: Cast) -> None:
    post = workspaces.create_post(actor=actor(alpha.bob), body="Hallo")
    said = workspaces.add_comment(actor=actor(alpha.dave), post=post, body="Tippfeler")
    refused("forbidden", threads.edit_comment, comment=said, editor_id=alpha.bob.pk, body="Nö")
    edited = threads.edit_comment(comment=said, editor_id=alpha.dave.pk, body="Tippfehler")
    assert edited.edited_at is not None and "Tippfehler" in edited.body_html


def test_reactions_only_where_the_place_wants_them(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    post = workspaces.create_post(actor=bob, body="Hallo")
    said = workspaces.add_comment(actor=bob, post=post, body="Eins")
    said = Comment.objects.select_related("thread").get(pk=said.pk)
    assert threads.react(comment=said, user_id=alpha.dave.pk, kind="like") is True
    refused("invalid", threads.react, comment=said, user_id=alpha.dave.pk, kind="boo")
    discussion = decisions.start_discussion(actor=bob, title="Frage")
    other = decisions.add_comment(actor=bob, discussion=discussion, body="Meinung")
    other = Comment.objects.select_related("thread").get(pk=other.pk)
    refused("forbidden", threads.react, comment=other, user_id=alpha.dave.pk, kind="like")


def test_keyset_pages_cover_a_thread_once(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    post = workspaces.create_post(actor=bob, body="Hallo")
    made = [workspaces.add_comment(actor=bob, post=post, body=f"K{i}").pk for i in range(7)]
    seen, after = [], None
    while True:
        page = comment_page("post", post.pk, after=after, size=3)
        seen += [c.pk for c in page.items]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert seen == made


def test_the_thread_page_runs_the_same_queries_however_many_comments(
    alpha: Cast, client_for: Any
) -> None:
    bob = actor(alpha.bob)
    post = workspaces.create_post(actor=bob, body="Hallo")
    workspaces.add_comment(actor=bob, post=post, body="Eins")
    client = client_for(alpha.alpha, alpha.bob)

    def queries() -> int:
        with CaptureQueriesContext(default_connection) as captured:
            assert client.get(f"/beitraege/{post.public_id}/").status_code == 200
        return len(captured)

    queries()  # warm the caches (session, organisation, fragments)
    few = queries()
    with tenant_context(alpha.alpha):
        for i in range(10):
            workspaces.add_comment(actor=actor(alpha.dave), post=post, body=f"Mehr {i}")
    assert queries() == few


# --- Moderation inside an organisation ------------------------------------------------------


def _reported(alpha: Cast) -> Comment:
    post = workspaces.create_post(actor=actor(alpha.bob), body="Hallo")
    said = workspaces.add_comment(actor=actor(alpha.dave), post=post, body="Unverschämt")
    moderation.report_comment(actor=actor(alpha.bob), comment=said, reason="insult")
    return said


def test_members_report_and_admins_hide_with_a_reason_and_the_author_is_told(
    alpha: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    said = _reported(alpha)
    refused(
        "conflict",
        moderation.report_comment,
        actor=actor(alpha.bob),
        comment=said,
        reason="insult",
    )
    refused(
        "forbidden", moderation.report_comment, actor=actor(alpha.dave), comment=said, reason="spam"
    )
    refused(
        "invalid", moderation.report_comment, actor=actor(alpha.alice), comment=said, reason="x"
    )
    refused("forbidden", moderation.hide_comment, actor=actor(alpha.bob), comment=said, reason="Nö")
    refused("invalid", moderation.hide_comment, actor=actor(alpha.alice), comment=said, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_comment(actor=actor(alpha.alice), comment=said, reason="Beleidigung")
    assert Comment.objects.get(pk=said.pk).is_hidden
    assert Report.objects.get(comment=said).status == "resolved"
    note = Notification.objects.get(user_id=alpha.dave.pk, verb="moderation.hidden")
    assert "Beleidigung" in note.title
    assert AuditEntry.objects.filter(action="comment.hidden").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        moderation.restore_comment(actor=actor(alpha.alice), comment=said, reason="Widerspruch")
    assert not Comment.objects.get(pk=said.pk).is_hidden
    assert Notification.objects.filter(user_id=alpha.dave.pk, verb="moderation.restored").exists()


def test_an_organisations_reports_never_leave_its_schema(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        said = _reported(cast)
    from moderation.models import Report as NetworkReport

    assert not NetworkReport.objects.exists()  # the network's moderators never see it
    with tenant_context(cast.beta):
        assert not Report.objects.exists()
    # Beta's owner cannot reach alpha's comment from beta's host, nor alpha's pages at all.
    carol_on_beta = client_for(cast.beta, cast.carol)
    assert carol_on_beta.get(f"/kommentare/{said.public_id}/melden/").status_code == 404
    assert (
        carol_on_beta.post(
            f"/moderation/kommentare/{said.public_id}/verbergen/", {"reason": "x"}
        ).status_code
        == 404
    )
    assert "Unverschämt" not in carol_on_beta.get("/moderation/").content.decode()
    assert client_for(cast.alpha, cast.carol).get("/moderation/").status_code == 404
    with tenant_context(cast.alpha):
        assert not Comment.objects.get(pk=said.pk).is_hidden


def test_the_queue_page_shows_reports_to_admins_with_bounded_queries(
    cast: Cast, client_for: Any
) -> None:
    with tenant_context(cast.alpha):
        said = _reported(cast)
    alice = client_for(cast.alpha, cast.alice)
    assert client_for(cast.alpha, cast.bob).get("/moderation/").status_code == 403

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(default_connection) as captured:
            response = alice.get("/moderation/")
        assert response.status_code == 200
        return len(captured), response.content.decode()

    queries()  # warm the caches
    few, page = queries()
    assert "Unverschämt" in page
    with tenant_context(cast.alpha):
        for _i in range(5):
            _reported(cast)
    assert queries()[0] == few
    answer = alice.post(f"/moderation/kommentare/{said.public_id}/verbergen/", {"reason": "Hetze"})
    assert answer.status_code == 302
    with tenant_context(cast.alpha):
        assert Comment.objects.get(pk=said.pk).is_hidden


def test_a_report_through_the_web_and_a_bad_one(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        post = workspaces.create_post(actor=actor(cast.bob), body="Hallo")
        said = workspaces.add_comment(actor=actor(cast.dave), post=post, body="Na ja")
    bob = client_for(cast.alpha, cast.bob)
    bad = bob.post(f"/kommentare/{said.public_id}/melden/", {"reason": "other", "text": ""})
    assert bad.status_code == 400 and "beschreibe" in bad.content.decode()
    good = bob.post(f"/kommentare/{said.public_id}/melden/", {"reason": "spam"})
    assert good.status_code == 302
    with tenant_context(cast.alpha):
        assert Report.objects.filter(comment_id=said.pk, reporter=cast.bob).count() == 1


def test_pages_show_the_placeholder_and_a_report_link(cast: Cast, client_for: Any) -> None:
    from public_marketplace.services import comments as impulse_comments
    from tests.public_marketplace.factories import make_impulse

    impulse = make_impulse(cast.erin, title="Bänke")
    top = impulse_comments.post_comment(impulse=impulse, author=cast.bob, body="Oben")
    impulse_comments.post_comment(impulse=impulse, author=cast.dave, body="Drunter", parent=top)
    impulse_comments.delete_comment(comment=top, by=cast.bob)
    page = client_for(None, cast.erin).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert "Dieser Kommentar wurde gelöscht." in page and "Drunter" in page and "Oben" not in page
    with tenant_context(cast.alpha):
        post = workspaces.create_post(actor=actor(cast.bob), body="Hallo")
        said = workspaces.add_comment(actor=actor(cast.dave), post=post, body="Na ja")
    page = client_for(cast.alpha, cast.bob).get(f"/beitraege/{post.public_id}/").content.decode()
    assert f"/kommentare/{said.public_id}/melden/" in page
    own = client_for(cast.alpha, cast.dave).get(f"/beitraege/{post.public_id}/").content.decode()
    assert f"/kommentare/{said.public_id}/melden/" not in own
