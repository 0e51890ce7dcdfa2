"""Search within an organisation: posts, events, documents, groups and people, each only as
far as the searching member may see them (the building blocks' own readable_* selectors decide).

German full text (stemming, ``websearch`` syntax: "quoted phrases", -exclusions, OR) for posts
(GIN expression index ``post_body_search``) and events; names for documents, groups and
people. Each
source returns at most ``limit`` hits, newest or best first, so a search costs a fixed number
of queries however large the organisation is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Q

from intranet.models import Membership
from workspaces.permissions import Actor

MIN_QUERY = 2
MAX_QUERY = 200
LIMIT = 10


@dataclass
class SearchResults:
    query: str
    posts: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    documents: list[Any] = field(default_factory=list)
    groups: list[Any] = field(default_factory=list)
    people: list[Membership] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.posts or self.events or self.documents or self.groups or self.people)


def clean_query(text: str) -> str:
    return " ".join((text or "").split())[:MAX_QUERY]


def search(actor: Actor, text: str, *, limit: int = LIMIT) -> SearchResults:
    from documents.models import Document
    from events.selectors import readable_events
    from workspaces.selectors import (
        attach_author_state,
        readable_area,
        readable_posts,
        visible_workspaces,
    )

    text = clean_query(text)
    results = SearchResults(query=text)
    if len(text) < MIN_QUERY:
        return results
    query = SearchQuery(text, search_type="websearch", config="german")

    # Newest matching posts: the GIN index finds the matches, the newest come first. Whether
    # each author is still a member is looked up for these posts only (as on the feed).
    results.posts = list(
        readable_posts(actor, author_state=False)
        .annotate(document=SearchVector("body", config="german"))
        .filter(document=query)
        .select_related("author", "workspace")
        .order_by("-id")[:limit]
    )
    attach_author_state(actor, results.posts)
    # Events: title weighted over the description, best match first, upcoming before past.
    vector = SearchVector("title", weight="A", config="german") + SearchVector(
        "description", weight="B", config="german"
    )
    results.events = list(
        readable_events(actor)
        .annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .select_related("workspace")
        .order_by(F("rank").desc(), "-starts_at", "-id")[:limit]
    )
    # Documents by name (newest first): the readable areas' documents only.
    results.documents = list(
        Document.objects.filter(readable_area(actor), name__icontains=text)
        .select_related("workspace", "current_version")
        .order_by("-pk")[:limit]
    )
    results.groups = list(
        visible_workspaces(actor)
        .filter(Q(name__icontains=text) | Q(description__icontains=text))
        .order_by("name", "pk")[:limit]
    )
    if not actor.sees_directory:  # guests do not read the directory (DIRECTORY_ROLE)
        return results
    # People by name or function: two trigram-indexed lookups joined by UNION (an OR across
    # the two tables would read every member and every account).
    by_name = Membership.objects.filter(user__display_name__icontains=text).values("pk")
    by_function = Membership.objects.filter(function__icontains=text).values("pk")
    results.people = list(
        Membership.objects.filter(is_active=True, pk__in=by_name.union(by_function))
        .select_related("user")
        .order_by("user__display_name", "pk")[:limit]
    )
    return results
