"""The feed's rendering shortcuts show exactly what a fresh render would: a post's head and
body come from a cache keyed by everything they show (Post.display_version), and the reaction
bar is built in Python (workspaces_tags). Both must stay correct and escaped."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

from django.template import Context, Template
from django.test import RequestFactory
from django_tenants.utils import tenant_context

from intranet.services import remove_member
from tests.cast import Cast
from tests.workspaces.factories import actor
from workspaces import services

POST_ID = uuid.uuid4()


def test_edits_renames_and_departures_show_at_once_on_a_cached_feed(
    cast: Cast, client_for: Any
) -> None:
    with tenant_context(cast.alpha):
        group = services.create_workspace(actor=actor(cast.bob), name="Chor")
        post = services.create_post(actor=actor(cast.bob), body="Probe am Montag", workspace=group)
    dave = client_for(cast.alpha, cast.dave)
    first = dave.get("/feed/").content.decode()  # fills the cache
    assert "Probe am Montag" in first and ">Chor</a>" in first

    with tenant_context(cast.alpha):
        services.edit_post(actor=actor(cast.bob), post=post, body="Probe am **Dienstag**")
        services.update_workspace(
            actor=actor(cast.bob),
            workspace=group,
            name="Kirchenchor",
            description="",
            visibility=group.visibility,
        )
    cast.bob.display_name = "Bob Bass"
    cast.bob.save(update_fields=["display_name"])
    html = dave.get("/feed/").content.decode()
    assert "Probe am <strong>Dienstag</strong>" in html and "Probe am Montag" not in html
    assert ">Kirchenchor</a>" in html and "Bob Bass" in html and "bearbeitet" in html

    remove_member(organisation=cast.alpha, user=cast.bob, acting_user=cast.alice)
    html = dave.get("/feed/").content.decode()
    assert "ehemaliges Mitglied" in html


def _bar(summary: list[Any], *, may_take_part: bool, path: str = "/feed/", **extra: Any) -> str:
    request = RequestFactory().get(path)
    post = SimpleNamespace(
        public_id=POST_ID,
        reaction_summary=summary,
        workspace_id=None,
        author_id=None,
    )
    context = Context(
        {
            "request": request,
            "post": post,
            "actor": SimpleNamespace(can_write=may_take_part, user_id=1, is_moderator=False),
            "csrf_token": 'tok"en',
            **extra,
        }
    )
    from django.urls import set_urlconf

    set_urlconf("config.urls_tenant")
    try:
        return Template("{% load workspaces_tags %}{% reaction_bar post %}").render(context)
    finally:
        set_urlconf(None)


def test_the_reaction_bar_escapes_every_text() -> None:
    evil = '<b>"Gefällt"</b>'
    summary = [SimpleNamespace(kind="like", label=evil, emoji="👍", count=3, mine=True)]
    html = _bar(summary, may_take_part=True, path='/feed/?q="><script>')
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;&quot;Gefällt&quot;&lt;/b&gt;" in html
    assert 'value="tok&quot;en"' in html and 'aria-pressed="true"' in html
    assert f'action="/beitraege/{POST_ID}/reaktion/"' in html
    read_only = _bar(summary, may_take_part=False)
    assert "<form" not in read_only and "&lt;b&gt;" in read_only and "3</span>" in read_only
    none_chosen = [SimpleNamespace(kind="like", label="x", emoji="👍", count=0, mine=False)]
    assert "👍" not in _bar(none_chosen, may_take_part=False)
    # ``next`` from a form the visitor sent back (the htmx answer): escaped too.
    back = _bar(summary, may_take_part=True, next_url='/"><script>')
    assert "<script>" not in back and 'value="/&quot;&gt;&lt;script&gt;"' in back
    # Like {% csrf_token %}: no token field at all without a real token.
    assert "csrfmiddlewaretoken" not in _bar(summary, may_take_part=True, csrf_token="NOTPROVIDED")


def test_new_posts_on_a_group_page_name_no_group(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        group = services.create_workspace(actor=actor(cast.bob), name="Chor")
        first = services.create_post(actor=actor(cast.bob), body="Erste", workspace=group)
        services.create_post(actor=actor(cast.bob), body="Zweite", workspace=group)
    from workspaces.selectors import encode_cursor

    dave = client_for(cast.alpha, cast.dave)
    on_group = dave.get(f"/gruppen/chor/neu/?nach={encode_cursor(first.pk)}").content.decode()
    on_feed = dave.get(f"/feed/neu/?nach={encode_cursor(first.pk)}").content.decode()
    assert "Zweite" in on_group and ">Chor</a>" not in on_group
    assert "Zweite" in on_feed and ">Chor</a>" in on_feed


def test_migration_0004_sets_a_missing_search_statistics_target(cast: Cast) -> None:
    import importlib

    from django.db import connection

    from tests.tenants.test_services import statistics_target

    sql = importlib.import_module("workspaces.migrations.0004_post_search_statistics_in_clones").SQL
    schema = cast.alpha.schema_name
    with tenant_context(cast.alpha), connection.cursor() as cursor:
        cursor.execute("ALTER INDEX post_body_search ALTER COLUMN 1 SET STATISTICS -1")
        assert statistics_target(schema, "post_body_search") == -1
        cursor.execute(sql)
    assert statistics_target(schema, "post_body_search") == 1000
    assert statistics_target("public", "post_body_search") == 1000
