"""Route matrix entries for comments on impulses (web and API)."""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS

ALL_OK = dict.fromkeys(ACTORS, 200)
POST_ONLY = {**dict.fromkeys(ACTORS, 405), "anonymous": 302}

PUBLIC_ROUTES = {
    "api-comment-list": "comments on a published impulse are public, as on its page",
    "api-comment-detail": "a comment on a published impulse is public, as on its page",
}

PUBLIC = {
    "comment_create": ("/impulse/{comment_impulse}/kommentare/", POST_ONLY),
    "comment_edit": ("/kommentare/{comment_id}/bearbeiten/", POST_ONLY),
    "comment_delete": ("/kommentare/{comment_id}/loeschen/", POST_ONLY),
    "api-comment-list": ("/api/v1/impulses/{comment_impulse}/comments/", ALL_OK),
    "api-comment-detail": ("/api/v1/comments/{comment_id}/", ALL_OK),
}


def objects(cast: Any) -> dict[str, str]:
    from public_marketplace.services.comments import post_comment
    from tests.public_marketplace.factories import make_impulse

    impulse = make_impulse(cast.erin, title="Ein Impuls zum Kommentieren")
    comment = post_comment(impulse=impulse, author=cast.bob, body="Gute Idee!")
    return {"comment_impulse": str(impulse.public_id), "comment_id": str(comment.public_id)}


# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
PUBLIC_WRITES = {
    "comment_create": {"post": "erin gina bob alice carol staff"},
    "comment_edit": {"post": "bob"},
    "comment_delete": {"post": "bob staff"},
    "api-comment-list": {"post": "erin gina bob alice carol staff"},
    "api-comment-detail": {"patch": "bob", "delete": "bob staff"},
}
