"""Route matrix entries for the thread block: comment permalinks on both hosts, and inside an
organisation the comment actions, reporting a comment and the admins' moderation queue.

The objects come from the workspaces matrix (bob's comment on his post in alpha's open group,
``ws_comment``) and the comments matrix (bob's comment on erin's impulse, ``comment_id``).
On alpha's host, erin, carol and staff are outsiders: 404, as for any intranet page.
"""

from __future__ import annotations

from tests.matrix.actors import ACTORS
from tests.matrix.workspaces import API_READ, API_WRITE_ONLY, POST_ONLY, web

TENANT = {
    # Members are sent on to the post; the post page checks again.
    "comment_permalink": ("/kommentare/{ws_comment}/", web(302, 302, 302)),
    "threads:reply": ("/kommentare/{ws_comment}/antworten/", POST_ONLY),
    "threads:edit": ("/kommentare/{ws_comment}/bearbeiten/", POST_ONLY),
    "threads:delete": ("/kommentare/{ws_comment}/loeschen/", POST_ONLY),
    "threads:react": ("/kommentare/{ws_comment}/reaktion/", POST_ONLY),
    "threads:report": ("/kommentare/{ws_comment}/melden/", web(200, 200, 200)),
    "threads:queue": ("/moderation/", web(403, 403, 200)),
    "threads:hide": ("/moderation/kommentare/{ws_comment}/verbergen/", POST_ONLY),
    "threads:restore": ("/moderation/kommentare/{ws_comment}/wiederherstellen/", POST_ONLY),
    "threads:dismiss": ("/moderation/kommentare/{ws_comment}/verwerfen/", POST_ONLY),
    "api-comment": ("/api/v1/comments/{ws_comment}/", API_READ),
    "api-comment-replies": ("/api/v1/comments/{ws_comment}/replies/", API_WRITE_ONLY),
    "api-comment-reactions": ("/api/v1/comments/{ws_comment}/reactions/", API_WRITE_ONLY),
    "api-comment-reaction": ("/api/v1/comments/{ws_comment}/reactions/like/", API_WRITE_ONLY),
}

PUBLIC = {
    # A comment on a published impulse: everyone is sent on to the impulse's page.
    "comment_permalink": ("/kommentare/{comment_id}/", dict.fromkeys(ACTORS, 302)),
}

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    # bob wrote the comment; alice (owner) moderates; gina (guest) only reads.
    "threads:reply": {"post": "bob alice"},  # empty body: a form error
    "threads:edit": {"post": "bob"},
    "threads:delete": {"post": "bob alice"},
    "threads:react": {"post": "bob alice"},  # no kind: a clear 400
    "threads:report": {"post": "gina bob alice"},
    "threads:hide": {"post": "alice"},
    "threads:restore": {"post": "alice"},
    "threads:dismiss": {"post": "alice"},
    "api-comment": {"patch": "bob", "delete": "bob alice"},
    "api-comment-replies": {"post": "bob alice"},
    "api-comment-reactions": {"post": "bob alice"},
    "api-comment-reaction": {"delete": "bob alice"},
}
