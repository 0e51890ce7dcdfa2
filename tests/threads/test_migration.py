"""The data migration that moved the three old comment tables into threads, run on prepared
schemas with rows: a network schema (impulse comments with a reply, a deleted and a hidden
comment, a report) and an organisation schema (post comments with a mention, discussion
comments). Each runs in a scratch schema inside the test's transaction, so nothing stays.

The network case treats the scratch schema as "public" (PUBLIC_SCHEMA_NAME), so django-tenants
runs the shared apps' migrations there, as it does in the real public schema.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import connection as default_connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from tenants.db import connection
from tests.cast import Cast

BEFORE_COPY = [
    ("threads", "0001_threads"),
    ("workspaces", "0004_post_search_statistics_in_clones"),
    ("decisions", "0001_discussions_and_decisions"),
    ("public_marketplace", "0003_support_named_newest"),
    ("moderation", "0001_initial"),
]
AFTER_DROP = [
    ("workspaces", "0005_drop_old_comments"),
    ("decisions", "0002_drop_old_comments"),
    ("public_marketplace", "0004_drop_old_comments"),
    ("moderation", "0002_reports_on_thread_comments"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate the current schema to ``targets``; the historical apps at that point."""
    with default_connection.cursor() as cursor:
        # Rows inserted in this transaction must not leave deferred checks behind a DROP.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(default_connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _rows(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with default_connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def test_an_organisation_schema_keeps_its_post_and_discussion_comments(cast: Cast) -> None:
    with default_connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA mig_org")
    connection.set_schema("mig_org")
    try:
        apps = _migrate(BEFORE_COPY)
        Post = apps.get_model("workspaces", "Post")
        PostComment = apps.get_model("workspaces", "PostComment")
        Mention = apps.get_model("workspaces", "Mention")
        Discussion = apps.get_model("decisions", "Discussion")
        DiscussionComment = apps.get_model("decisions", "DiscussionComment")
        post = Post.objects.create(author_id=cast.bob.pk, body="Hallo", body_html="<p>Hallo</p>")
        first = PostComment.objects.create(
            post=post, author_id=cast.dave.pk, body="@Bob eins", body_html="<p>eins</p>"
        )
        PostComment.objects.create(post=post, author_id=None, body="zwei", body_html="zwei")
        Post.objects.filter(pk=post.pk).update(comment_count=2)
        Mention.objects.create(post=post, comment=first, user_id=cast.bob.pk)
        Mention.objects.create(post=post, user_id=cast.dave.pk)
        discussion = Discussion.objects.create(title="Frage", author_id=cast.bob.pk)
        said = DiscussionComment.objects.create(
            discussion=discussion, author_id=cast.bob.pk, body="Ja", body_html="<p>Ja</p>"
        )

        _migrate([("threads", "0002_copy_comments")])

        assert _rows("SELECT kind, target_id, comment_count FROM threads_thread ORDER BY kind") == [
            ("discussion", discussion.pk, 1),
            ("post", post.pk, 2),
        ]
        copied = _rows(
            "SELECT c.public_id, c.author_id, c.body, c.created_at FROM threads_comment c "
            "JOIN threads_thread t ON t.id = c.thread_id WHERE t.kind = 'post' ORDER BY c.id"
        )
        assert [(r[0], r[1], r[2]) for r in copied] == [
            (first.public_id, cast.dave.pk, "@Bob eins"),
            (copied[1][0], None, "zwei"),
        ]
        assert copied[0][3] == first.created_at  # the original time, not the migration's
        assert _rows(
            "SELECT public_id FROM threads_comment c JOIN threads_thread t "
            "ON t.id = c.thread_id WHERE t.kind = 'discussion'"
        ) == [(said.public_id,)]
        assert _rows("SELECT user_id FROM threads_mention") == [(cast.bob.pk,)]
        # No impulse comments from the network leak in (the search path ends in public).
        assert not _rows("SELECT 1 FROM threads_thread WHERE kind = 'impulse'")

        _migrate([*AFTER_DROP[:2]])
        tables = {
            r[0]
            for r in _rows(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'mig_org'"
            )
        }
        assert "workspaces_postcomment" not in tables
        assert "decisions_discussioncomment" not in tables
        assert _rows("SELECT user_id FROM workspaces_mention") == [(cast.dave.pk,)]
    finally:
        connection.set_schema_to_public()


@override_settings(PUBLIC_SCHEMA_NAME="mig_pub")
def test_the_network_schema_keeps_its_impulse_comments_and_their_reports(
    cast: Cast, monkeypatch: Any
) -> None:
    from django_tenants.postgresql_backend import base

    # The extensions (pg_trgm, unaccent) live in the real public schema: keep it on the path
    # behind the scratch schema, where every table is created.
    monkeypatch.setattr(base, "EXTRA_SEARCH_PATHS", ["public"])
    with default_connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA mig_pub")
    connection.set_schema("mig_pub")
    try:
        apps = _migrate(BEFORE_COPY)
        User = apps.get_model("accounts", "User")
        City = apps.get_model("public_marketplace", "City")
        Impulse = apps.get_model("public_marketplace", "Impulse")
        Comment = apps.get_model("public_marketplace", "Comment")
        Report = apps.get_model("moderation", "Report")
        user = User.objects.create(email="m@example.org", display_name="M", public_id=uuid.uuid4())
        city = City.objects.create(name="Leipzig", slug="leipzig")
        impulse = Impulse.objects.create(
            kind="idea", title="Bänke", body="x", body_html="x", city=city, author=user,
            author_kind="person", status="published", comment_count=2,
        )  # fmt: skip
        top = Comment.objects.create(impulse=impulse, author=user, body="Gut", body_html="Gut")
        reply = Comment.objects.create(
            impulse=impulse, parent=top, author=user, body="Ja", body_html="Ja", is_hidden=True
        )
        gone = Comment.objects.create(
            impulse=impulse, author=user, body="", body_html="", deleted_at=top.created_at
        )
        report = Report.objects.create(
            reporter=user, target_kind="comment", comment=reply, reason="spam"
        )

        _migrate([("moderation", "0002_reports_on_thread_comments")])

        new = {
            r[0]: r[1:]
            for r in _rows(
                "SELECT public_id, parent_id, is_hidden, deleted_at IS NOT NULL, reply_count, id "
                "FROM threads_comment"
            )
        }
        assert set(new) == {top.public_id, reply.public_id, gone.public_id}
        assert new[reply.public_id][0] == new[top.public_id][4]  # the reply keeps its parent
        assert new[reply.public_id][1] is True and new[gone.public_id][2] is True
        assert new[top.public_id][3] == 1
        assert _rows("SELECT comment_count FROM threads_thread WHERE kind = 'impulse'") == [(2,)]
        assert _rows("SELECT comment_id FROM moderation_report WHERE id = %s", report.pk) == [
            (new[reply.public_id][4],)
        ]

        _migrate([AFTER_DROP[2]])
        assert not _rows(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = 'mig_pub' "
            "AND table_name = 'public_marketplace_comment'"
        )
    finally:
        connection.set_schema_to_public()
