"""Copy the three old comment tables into threads (impulse comments, post comments,
discussion comments), with their public ids (so permalinks and API ids stay), times, replies,
deletions, hiding and mentions.

django-tenants runs this in the public schema and in every organisation schema. Impulse
comments live only in public: an organisation's search path ends in ``public``, so reading
them there would copy the network's comments into every organisation. The schema guard below
prevents that; the other two tables exist in every schema.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import migrations
from django_tenants.utils import get_public_schema_name

BATCH = 2000


def _copy(apps, kind, rows, target_of):
    """``rows``: old comments (dicts), parents before replies. Returns old pk → new pk."""
    Thread = apps.get_model("threads", "Thread")
    Comment = apps.get_model("threads", "Comment")
    threads = {}
    new_pk = {}
    counts = defaultdict(int)
    replies = defaultdict(int)
    tops = [r for r in rows if r.get("parent_id") is None]
    answers = [r for r in rows if r.get("parent_id") is not None]
    # Parents are written (and their new ids known) before any reply that points at them.
    chunks = [
        part[start : start + BATCH]
        for part in (tops, answers)
        for start in range(0, len(part), BATCH)
    ]
    for chunk in chunks:
        targets = {target_of(r) for r in chunk} - set(threads)
        if targets:
            Thread.objects.bulk_create(
                [Thread(kind=kind, target_id=t) for t in sorted(targets)], ignore_conflicts=True
            )
            threads.update(
                Thread.objects.filter(kind=kind, target_id__in=targets).values_list(
                    "target_id", "pk"
                )
            )
        made = Comment.objects.bulk_create(
            [
                Comment(
                    public_id=r["public_id"],
                    thread_id=threads[target_of(r)],
                    parent_id=new_pk.get(r.get("parent_id")),
                    author_id=r["author_id"],
                    body=r["body"],
                    body_html=r["body_html"],
                    edited_at=r.get("edited_at"),
                    deleted_at=r.get("deleted_at"),
                    is_hidden=r.get("is_hidden", False),
                )
                for r in chunk
            ]
        )
        for r, c in zip(chunk, made, strict=True):
            new_pk[r["id"]] = c.pk
            if r.get("deleted_at") is None:
                counts[threads[target_of(r)]] += 1
                if r.get("parent_id") is not None:
                    replies[new_pk[r["parent_id"]]] += 1
    # auto_now_add set created_at to now: put the original times back.
    created = {new_pk[r["id"]]: r["created_at"] for r in rows}
    objs = list(Comment.objects.filter(pk__in=list(created)).only("pk"))
    for obj in objs:
        obj.created_at = created[obj.pk]
        obj.reply_count = replies.get(obj.pk, 0)
    Comment.objects.bulk_update(objs, ["created_at", "reply_count"], batch_size=BATCH)
    thread_objs = list(Thread.objects.filter(pk__in=list(counts)).only("pk"))
    for t in thread_objs:
        t.comment_count = counts[t.pk]
    Thread.objects.bulk_update(thread_objs, ["comment_count"], batch_size=BATCH)
    return new_pk


FIELDS = ("id", "public_id", "author_id", "body", "body_html", "created_at")


def copy_comments(apps, schema_editor):
    connection = schema_editor.connection
    is_public = getattr(connection, "schema_name", "public") == get_public_schema_name()
    tables = set(connection.introspection.table_names())

    if is_public and "public_marketplace_comment" in tables:
        Old = apps.get_model("public_marketplace", "Comment")
        rows = list(
            Old.objects.order_by("parent_id", "id").values(  # NULL parents sort last in PostgreSQL
                *FIELDS, "impulse_id", "parent_id", "edited_at", "deleted_at", "is_hidden"
            )
        )
        rows.sort(key=lambda r: (r["parent_id"] is not None, r["id"]))
        _copy(apps, "impulse", rows, lambda r: r["impulse_id"])

    if "workspaces_postcomment" in tables:
        Old = apps.get_model("workspaces", "PostComment")
        rows = list(Old.objects.order_by("id").values(*FIELDS, "post_id", "edited_at"))
        new_pk = _copy(apps, "post", rows, lambda r: r["post_id"])
        OldMention = apps.get_model("workspaces", "Mention")
        Mention = apps.get_model("threads", "Mention")
        Mention.objects.bulk_create(
            [
                Mention(
                    comment_id=new_pk[m["comment_id"]],
                    user_id=m["user_id"],
                    notified_at=m["notified_at"],
                )
                for m in OldMention.objects.filter(comment__isnull=False).values(
                    "comment_id", "user_id", "notified_at"
                )
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )

    if "decisions_discussioncomment" in tables:
        Old = apps.get_model("decisions", "DiscussionComment")
        rows = list(Old.objects.order_by("id").values(*FIELDS, "discussion_id"))
        _copy(apps, "discussion", rows, lambda r: r["discussion_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("threads", "0001_threads"),
        ("public_marketplace", "0003_support_named_newest"),
        ("workspaces", "0004_post_search_statistics_in_clones"),
        ("decisions", "0001_discussions_and_decisions"),
    ]

    operations = [migrations.RunPython(copy_comments, migrations.RunPython.noop)]
