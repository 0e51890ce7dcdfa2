"""Groups and feed through the services: the rules, their messages, and that a refused action
changes nothing. Runs inside alpha's schema (and, for the shared building block, in public)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection as default_connection
from django_tenants.utils import tenant_context

from config.domain import DomainError
from intranet.services import remove_member
from notifications.models import Notification
from tests.cast import Cast
from tests.workspaces.factories import actor
from threads import services as thread_services
from workspaces import selectors, services
from workspaces.models import (
    JoinRequestStatus,
    Mention,
    Post,
    Reaction,
    Visibility,
    Workspace,
    WorkspaceMember,
    WorkspaceRole,
)


@pytest.fixture
def alpha(cast: Cast) -> Iterator[Cast]:
    with tenant_context(cast.alpha):
        yield cast


def refused(code: str, fn: Any, **kwargs: Any) -> DomainError:
    # Comment rules raise the thread block's ThreadError; both are DomainErrors.
    with pytest.raises(DomainError) as info:
        fn(**kwargs)
    assert info.value.code == code, info.value.message
    return info.value


# --- Groups ----------------------------------------------------------------------------------


def test_a_member_founds_a_group_and_becomes_its_admin(alpha: Cast) -> None:
    group = services.create_workspace(
        actor=actor(alpha.bob), name="  AG Verkehr ", description="Radwege", visibility="open"
    )
    assert (group.name, group.slug, group.member_count) == ("AG Verkehr", "ag-verkehr", 1)
    member = WorkspaceMember.objects.get(workspace=group)
    assert (member.user_id, member.role) == (alpha.bob.pk, WorkspaceRole.ADMIN)


def test_a_guest_reads_but_founds_nothing_and_posts_nothing(alpha: Cast) -> None:
    gina = actor(alpha.gina)
    error = refused("forbidden", services.create_workspace, actor=gina, name="Gästerunde")
    assert error.message == "Du darfst keine Gruppen anlegen."
    error = refused("forbidden", services.create_post, actor=gina, body="Hallo")
    assert "Gast" in error.message
    group = services.create_workspace(actor=actor(alpha.bob), name="Offen")
    refused("forbidden", services.join_workspace, actor=gina, workspace=group)
    assert Workspace.objects.count() == 1 and not Post.objects.exists()
    assert [w.name for w in selectors.workspace_list(gina)] == ["Offen"]


def test_slugs_stay_unique_and_never_shadow_a_page(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    first = services.create_workspace(actor=bob, name="Vorstand")
    second = services.create_workspace(actor=bob, name="Vorstand")
    neu = services.create_workspace(actor=bob, name="Neu")
    assert (first.slug, second.slug, neu.slug) == ("vorstand", "vorstand-2", "neu-2")


@pytest.mark.parametrize(
    ("name", "description", "visibility", "field"),
    [
        ("   ", "", "open", "name"),
        ("x" * 121, "", "open", "name"),
        ("Gut", "y" * 2001, "open", "description"),
        ("Gut", "", "public", "visibility"),
    ],
)
def test_bad_group_input_gets_a_clear_error_and_creates_nothing(
    alpha: Cast, name: str, description: str, visibility: str, field: str
) -> None:
    error = refused(
        "invalid",
        services.create_workspace,
        actor=actor(alpha.bob),
        name=name,
        description=description,
        visibility=visibility,
    )
    assert error.field == field and error.message
    assert not Workspace.objects.exists() and not WorkspaceMember.objects.exists()


def test_open_groups_are_joined_closed_ones_requested_secret_ones_invisible(alpha: Cast) -> None:
    alice = actor(alpha.alice)
    open_group = services.create_workspace(actor=alice, name="Offen")
    closed = services.create_workspace(actor=alice, name="Zu", visibility=Visibility.CLOSED)
    secret = services.create_workspace(actor=alice, name="Geheim", visibility=Visibility.SECRET)
    bob = actor(alpha.bob)

    services.join_workspace(actor=bob, workspace=open_group)
    services.join_workspace(actor=bob, workspace=open_group)  # again: nothing changes
    assert Workspace.objects.get(pk=open_group.pk).member_count == 2

    refused("forbidden", services.join_workspace, actor=bob, workspace=closed)
    request = services.request_to_join(actor=bob, workspace=closed)
    assert services.request_to_join(actor=bob, workspace=closed).pk == request.pk

    refused("not_found", services.join_workspace, actor=bob, workspace=secret)
    refused("not_found", services.request_to_join, actor=bob, workspace=secret)
    assert {w.name for w in selectors.workspace_list(bob)} == {"Offen", "Zu"}
    assert selectors.workspace_for(bob, secret.slug) is None


def test_a_closed_group_admits_people_only_through_an_admin(
    alpha: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    bob = actor(alpha.bob)
    closed = services.create_workspace(actor=bob, name="Vorstand", visibility="closed")
    dave = actor(alpha.dave)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_to_join(actor=dave, workspace=closed)
    assert Notification.objects.filter(user_id=alpha.bob.pk, verb="workspace.join_request").exists()

    error = refused(
        "forbidden",
        services.decide_join_request,
        actor=actor(alpha.gina),
        join_request=request,
        approve=True,
    )
    assert error.message == "Nur Gruppen-Admins entscheiden über Anfragen."
    refused(
        "forbidden", services.decide_join_request, actor=dave, join_request=request, approve=True
    )
    assert not WorkspaceMember.objects.filter(workspace=closed, user=alpha.dave).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_join_request(actor=bob, join_request=request, approve=True)
    request.refresh_from_db()
    assert request.status == JoinRequestStatus.APPROVED and request.decided_by_id == alpha.bob.pk
    assert WorkspaceMember.objects.filter(workspace=closed, user=alpha.dave).exists()
    assert Notification.objects.filter(user_id=alpha.dave.pk, verb="workspace.joined").exists()
    refused(
        "conflict", services.decide_join_request, actor=bob, join_request=request, approve=False
    )


def test_a_declined_request_leaves_the_person_outside(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    closed = services.create_workspace(actor=bob, name="Vorstand", visibility="closed")
    request = services.request_to_join(actor=actor(alpha.dave), workspace=closed)
    services.decide_join_request(actor=actor(alpha.alice), join_request=request, approve=False)
    request.refresh_from_db()
    assert request.status == JoinRequestStatus.DECLINED
    assert Workspace.objects.get(pk=closed.pk).member_count == 1


def test_the_last_admin_stays_until_someone_else_is_admin(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    group = services.create_workspace(actor=bob, name="AG")
    services.join_workspace(actor=actor(alpha.dave), workspace=group)
    error = refused("conflict", services.leave_workspace, actor=bob, workspace=group)
    assert "Gruppen-Admin" in error.message
    refused(
        "conflict",
        services.set_member_role,
        actor=bob,
        workspace=group,
        user=alpha.bob,
        role="member",
    )
    services.set_member_role(actor=bob, workspace=group, user=alpha.dave, role="admin")
    services.leave_workspace(actor=bob, workspace=group)
    group.refresh_from_db()
    assert group.member_count == 1
    assert list(WorkspaceMember.objects.filter(workspace=group).values_list("role", flat=True)) == [
        "admin"
    ]


def test_admins_add_people_of_the_organisation_only(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    secret = services.create_workspace(actor=bob, name="Geheim", visibility="secret")
    services.add_workspace_member(actor=bob, workspace=secret, user=alpha.gina)
    error = refused(
        "invalid", services.add_workspace_member, actor=bob, workspace=secret, user=alpha.carol
    )
    assert error.field == "person"
    refused(
        "not_found",
        services.add_workspace_member,
        actor=actor(alpha.dave),
        workspace=secret,
        user=alpha.dave,
    )
    assert set(WorkspaceMember.objects.filter(workspace=secret).values_list("user", flat=True)) == {
        alpha.bob.pk,
        alpha.gina.pk,
    }
    # The guest now reads the secret group, but still does not write in it.
    assert selectors.workspace_for(actor(alpha.gina), secret.slug) is not None
    refused("forbidden", services.create_post, actor=actor(alpha.gina), body="Hi", workspace=secret)


def test_organisation_admins_see_and_manage_every_group(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    secret = services.create_workspace(actor=bob, name="Geheim", visibility="secret")
    alice = actor(alpha.alice)
    found = selectors.workspace_for(alice, secret.slug)
    assert found is not None
    services.update_workspace(
        actor=alice, workspace=found, name="Geheimrat", description="", visibility="closed"
    )
    assert Workspace.objects.get(pk=secret.pk).name == "Geheimrat"
    refused(
        "forbidden",
        services.update_workspace,
        actor=actor(alpha.dave),
        workspace=found,
        name="Übernommen",
        description="",
        visibility="open",
    )


# --- Posts -----------------------------------------------------------------------------------


def test_markdown_is_rendered_and_scripts_are_removed(alpha: Cast) -> None:
    body = "**Treffen** am Montag <script>alert(1)</script> [Link](javascript:alert(2))"
    body += ' <img src=x onerror="alert(3)">'
    post = services.create_post(actor=actor(alpha.bob), body=body)
    assert "<strong>Treffen</strong>" in post.body_html
    for bad in ("<script", "javascript:", "<img"):
        assert bad not in post.body_html
    assert post.body == body  # the author's text is kept as written


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 10_001])
def test_empty_or_oversized_posts_are_refused_and_nothing_is_saved(alpha: Cast, body: str) -> None:
    error = refused("invalid", services.create_post, actor=actor(alpha.bob), body=body)
    assert error.field == "body" and error.message == "Ein Beitrag braucht 1 bis 10.000 Zeichen."
    assert not Post.objects.exists()


def test_nobody_edits_or_deletes_someone_elses_post(alpha: Cast) -> None:
    post = services.create_post(actor=actor(alpha.bob), body="Original")
    error = refused("forbidden", services.edit_post, actor=actor(alpha.dave), post=post, body="X")
    assert error.message == "Du kannst nur deine eigenen Beiträge bearbeiten."
    refused("forbidden", services.delete_post, actor=actor(alpha.dave), post=post)
    post.refresh_from_db()
    assert (post.body, post.edited_at) == ("Original", None)
    services.edit_post(actor=actor(alpha.bob), post=post, body="Korrigiert")
    post.refresh_from_db()
    assert post.body == "Korrigiert" and post.edited_at is not None
    services.delete_post(actor=actor(alpha.alice), post=post)  # organisation admins moderate
    assert not Post.objects.exists()


def test_members_post_only_in_groups_they_belong_to(alpha: Cast) -> None:
    group = services.create_workspace(actor=actor(alpha.alice), name="Offen")
    bob = actor(alpha.bob)
    error = refused("forbidden", services.create_post, actor=bob, body="Hallo", workspace=group)
    assert error.message == "Tritt der Gruppe bei, um hier zu schreiben."
    services.join_workspace(actor=bob, workspace=group)
    post = services.create_post(actor=bob, body="Hallo", workspace=group)
    assert post.workspace_id == group.pk
    # Commenting and reacting in an open group needs no membership.
    services.add_comment(actor=actor(alpha.dave), post=post, body="Willkommen")
    services.react(actor=actor(alpha.dave), post=post, kind="like")


def test_closed_and_secret_posts_stay_with_their_members(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    closed = services.create_workspace(actor=bob, name="Zu", visibility="closed")
    secret = services.create_workspace(actor=bob, name="Geheim", visibility="secret")
    inner = services.create_post(actor=bob, body="Intern", workspace=closed)
    hidden = services.create_post(actor=bob, body="Geheim", workspace=secret)
    public = services.create_post(actor=bob, body="Für alle")
    dave = actor(alpha.dave)
    assert [p.body for p in selectors.feed_page(dave).items] == ["Für alle"]
    assert selectors.post_for(dave, inner.public_id) is None
    refused("not_found", services.add_comment, actor=dave, post=hidden, body="Hallo?")
    refused("not_found", services.react, actor=dave, post=inner, kind="like")
    alice = actor(alpha.alice)
    assert [p.pk for p in selectors.feed_page(alice).items] == [public.pk, hidden.pk, inner.pk]


def test_pinning_is_for_group_admins_and_organisation_admins(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    group = services.create_workspace(actor=bob, name="AG")
    services.join_workspace(actor=actor(alpha.dave), workspace=group)
    in_group = services.create_post(actor=actor(alpha.dave), body="Wichtig", workspace=group)
    org_wide = services.create_post(actor=bob, body="Für alle")
    refused("forbidden", services.set_pinned, actor=actor(alpha.dave), post=in_group, pinned=True)
    services.set_pinned(actor=bob, post=in_group, pinned=True)
    refused("forbidden", services.set_pinned, actor=bob, post=org_wide, pinned=True)
    services.set_pinned(actor=actor(alpha.alice), post=org_wide, pinned=True)
    group_page = selectors.feed_page(bob, workspace=selectors.workspace_for(bob, group.slug))
    assert [p.pk for p in group_page.pinned] == [in_group.pk] and group_page.items == []
    feed = selectors.feed_page(bob)
    assert [p.pk for p in feed.pinned] == [org_wide.pk]
    assert [p.pk for p in feed.items] == [in_group.pk]


def test_reactions_count_once_and_unknown_ones_are_refused(alpha: Cast) -> None:
    post = services.create_post(actor=actor(alpha.bob), body="Hallo")
    dave = actor(alpha.dave)
    services.react(actor=dave, post=post, kind="like")
    services.react(actor=dave, post=post, kind="like")
    assert services.toggle_reaction(actor=actor(alpha.alice), post=post, kind="like") is True
    error = refused("invalid", services.react, actor=dave, post=post, kind="angry")
    assert error.field == "kind"
    refused("forbidden", services.react, actor=actor(alpha.gina), post=post, kind="like")
    shown: Any = selectors.post_for(dave, post.public_id)
    summary = {r.kind: (r.count, r.mine) for r in shown.reaction_summary}
    assert summary["like"] == (2, True) and summary["idea"] == (0, False)
    assert services.toggle_reaction(actor=dave, post=post, kind="like") is False
    assert Reaction.objects.filter(post=post).count() == 1


def test_comments_count_and_go_with_their_author_or_an_admin(alpha: Cast) -> None:
    post = services.create_post(actor=actor(alpha.bob), body="Hallo")
    mine = services.add_comment(actor=actor(alpha.dave), post=post, body="Antwort")
    refused("invalid", services.add_comment, actor=actor(alpha.dave), post=post, body=" ")
    refused("forbidden", services.delete_comment, actor=actor(alpha.bob), comment=mine)
    assert Post.objects.get(pk=post.pk).comment_count == 1
    services.delete_comment(actor=actor(alpha.dave), comment=mine)
    assert Post.objects.get(pk=post.pk).comment_count == 0


# --- Mentions --------------------------------------------------------------------------------


def test_mentions_notify_the_people_named_once(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    post = services.create_post(actor=bob, body="Fragt @Dave und @alice, nicht @Niemand oder @Bob.")
    assert set(Mention.objects.values_list("user_id", flat=True)) == {alpha.dave.pk, alpha.alice.pk}
    assert services.notify_mentions(post_id=post.pk) == 2
    note = Notification.objects.get(user_id=alpha.dave.pk, verb="workspace.mention")
    assert note.title == "Bob hat dich in einem Beitrag erwähnt"
    assert note.url == f"/beitraege/{post.public_id}/"
    services.edit_post(actor=bob, post=post, body="Fragt @Dave und @Gina")
    assert services.notify_mentions(post_id=post.pk) == 1  # only gina is new
    assert services.notify_mentions(post_id=post.pk) == 0
    said = services.add_comment(actor=actor(alpha.dave), post=post, body="@Bob erledigt")
    assert services.notify_mentions(post_id=post.pk) == 0  # comments keep their own mentions
    assert thread_services.notify_mentions(comment_id=said.pk) == 1
    assert thread_services.notify_mentions(comment_id=said.pk) == 0
    note = Notification.objects.get(user_id=alpha.bob.pk)
    assert note.title.startswith("Dave hat dich")
    assert note.url == f"/beitraege/{post.public_id}/#kommentar-{said.public_id}"


def test_a_mention_in_a_closed_group_reaches_only_its_members(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    closed = services.create_workspace(actor=bob, name="Zu", visibility="closed")
    services.create_post(actor=bob, body="@Dave schau mal", workspace=closed)
    assert not Mention.objects.exists()


def test_mentions_find_names_of_several_words_and_nobody_outside(alpha: Cast) -> None:
    type(alpha.dave).objects.filter(pk=alpha.dave.pk).update(display_name="Dave Müller")
    services.create_post(actor=actor(alpha.bob), body="Danke @Dave Müller! Und @Carol?")
    assert list(Mention.objects.values_list("user_id", flat=True)) == [alpha.dave.pk]


def test_mentions_find_names_that_end_in_a_bracket(alpha: Cast) -> None:
    type(alpha.dave).objects.filter(pk=alpha.dave.pk).update(display_name="Dave (Kasse)")
    services.create_post(actor=actor(alpha.bob), body="Danke, @Dave (Kasse)!")
    assert list(Mention.objects.values_list("user_id", flat=True)) == [alpha.dave.pk]


def test_the_mention_task_runs_the_service(alpha: Cast) -> None:
    from workspaces.tasks import notify_mentions

    post = services.create_post(actor=actor(alpha.bob), body="@Dave")
    assert notify_mentions.apply(args=[post.pk]).get() == 1


# --- Former members, feeds ---------------------------------------------------------------------


def test_a_former_members_posts_stay_and_are_marked(cast: Cast) -> None:
    with tenant_context(cast.alpha):
        post = services.create_post(actor=actor(cast.dave), body="Mein letzter Beitrag")
    remove_member(organisation=cast.alpha, user=cast.dave, acting_user=cast.alice)
    with tenant_context(cast.alpha):
        shown = selectors.post_for(actor(cast.bob), post.public_id)
        assert shown is not None and shown.author_is_current is False  # type: ignore[attr-defined]
        assert shown.author_id == cast.dave.pk


def test_the_feed_pages_by_keyset_without_gaps_or_repeats(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    for i in range(45):
        services.create_post(actor=bob, body=f"Beitrag {i}")
    seen: list[str] = []
    cursor = ""
    pages = 0
    while True:
        page = selectors.feed_page(bob, cursor=cursor)
        seen += [p.body for p in page.items]
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == 3 and seen == [f"Beitrag {i}" for i in range(44, -1, -1)]
    forged = selectors.feed_page(bob, cursor="%%%")
    assert forged.items[0].body == "Beitrag 44"
    newest = selectors.feed_page(bob).newest_cursor
    assert newest is not None and selectors.new_posts(bob, after=newest).items == []
    services.create_post(actor=actor(alpha.dave), body="Ganz neu")
    assert [p.body for p in selectors.new_posts(bob, after=newest).items] == ["Ganz neu"]
    assert selectors.new_posts(bob, after="kaputt").items == []


def test_tables_are_in_the_template_schema_that_new_organisations_are_cloned_from(
    cast: Cast,
) -> None:
    from django.conf import settings

    with default_connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = %s",
            ["workspaces_post"],
        )
        schemas = {row[0] for row in cursor.fetchall()}
    assert {"public", settings.TENANT_BASE_SCHEMA, cast.alpha.schema_name} <= schemas


def test_the_same_building_blocks_serve_the_public_network(cast: Cast) -> None:
    """A citizen box in the public schema: same services, the network's people and rules."""
    erin = actor(cast.erin)
    box = services.create_workspace(actor=erin, name="Radweg Lindenau", visibility="closed")
    request = services.request_to_join(actor=actor(cast.bob), workspace=box)
    services.decide_join_request(actor=erin, join_request=request, approve=True)
    post = services.create_post(actor=erin, body="Treffen am Markt, @Bob?", workspace=box)
    assert list(Mention.objects.filter(post=post).values_list("user_id", flat=True)) == [
        cast.bob.pk
    ]
    assert selectors.post_for(actor(cast.carol), post.public_id) is None
    assert selectors.post_for(actor(cast.staff), post.public_id) is not None  # moderation
    with tenant_context(cast.alpha):
        assert not Workspace.objects.filter(name="Radweg Lindenau").exists()
