"""Route matrix entries for groups and feeds on an organisation's host (web and API).

On alpha's host gina (guest), bob (member) and alice (owner) belong; erin (citizen), carol
(beta's owner) and staff do not: the web answers them 404, the API 403. The objects: an open
group that bob founded (so he is its admin), his post in it with a comment, and a join request.
"""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS

OUTSIDERS = ("erin", "carol", "staff")


def web(gina: int, bob: int, alice: int) -> dict[str, int]:
    return {
        **dict.fromkeys(ACTORS, 404),
        "anonymous": 302,
        "gina": gina,
        "bob": bob,
        "alice": alice,
    }


def api(gina: int, bob: int, alice: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTORS, 403), "gina": gina, "bob": bob, "alice": alice}


READ = web(200, 200, 200)
POLL = web(204, 204, 204)  # nothing new since the cursor: no content, the page keeps polling
POST_ONLY = web(405, 405, 405)
API_READ = api(200, 200, 200)
API_WRITE_ONLY = api(405, 405, 405)

G = "/gruppen/{ws_group}"
P = "/beitraege/{ws_post}"
AG = "/api/v1/groups/{ws_group}"
AP = "/api/v1/posts/{ws_post}"

TENANT = {
    "workspaces:feed": ("/feed/", READ),
    "workspaces:feed_new": ("/feed/neu/?nach={ws_cursor}", POLL),
    # Mention suggestions: for those who may write there (guests read only).
    "workspaces:feed_mentions": ("/feed/erwaehnen/?q=a", web(404, 200, 200)),
    "workspaces:groups": ("/gruppen/", READ),
    "workspaces:group_create": ("/gruppen/neu/", web(403, 200, 200)),
    "workspaces:group": (f"{G}/", READ),
    "workspaces:group_new_posts": (f"{G}/neu/?nach={{ws_cursor}}", POLL),
    "workspaces:group_mentions": (f"{G}/erwaehnen/?q=a", web(404, 200, 200)),
    "workspaces:group_join": (f"{G}/beitreten/", POST_ONLY),
    "workspaces:group_leave": (f"{G}/verlassen/", POST_ONLY),
    "workspaces:group_settings": (f"{G}/einstellungen/", web(403, 200, 200)),
    "workspaces:group_member_add": (f"{G}/mitglieder/hinzufuegen/", POST_ONLY),
    "workspaces:group_member": (f"{G}/mitglieder/{{ws_person}}/", POST_ONLY),
    "workspaces:group_request": ("/gruppen/{ws_closed}/anfragen/{ws_request}/", POST_ONLY),
    "workspaces:invitation": ("/gruppen/einladung/unknown-token/", dict.fromkeys(ACTORS, 410)),
    "workspaces:group_invitations": (f"{G}/einladungen/", POST_ONLY),
    "workspaces:group_invitation_revoke": (
        f"{G}/einladungen/{{ws_invitation}}/zurueckziehen/",
        POST_ONLY,
    ),
    "workspaces:post": (f"{P}/", READ),
    "workspaces:post_edit": (f"{P}/bearbeiten/", web(403, 200, 403)),
    "workspaces:post_delete": (f"{P}/loeschen/", POST_ONLY),
    "workspaces:post_pin": (f"{P}/anheften/", POST_ONLY),
    "workspaces:post_react": (f"{P}/reaktion/", POST_ONLY),
    "workspaces:post_comment": (f"{P}/kommentare/", POST_ONLY),
    "workspaces:post_comment_delete": ("/beitraege/kommentare/{ws_comment}/loeschen/", POST_ONLY),
    "group-list": ("/api/v1/groups/", API_READ),
    "group-detail": (f"{AG}/", API_READ),
    "group-join": (f"{AG}/join/", API_WRITE_ONLY),
    "group-leave": (f"{AG}/leave/", API_WRITE_ONLY),
    "group-members": (f"{AG}/members/", API_READ),
    "group-requests": (f"{AG}/requests/", api(403, 200, 200)),
    "group-decide": ("/api/v1/groups/{ws_closed}/requests/{ws_request}/approve/", API_WRITE_ONLY),
    "post-list": ("/api/v1/posts/", API_READ),
    "post-detail": (f"{AP}/", API_READ),
    "post-pin": (f"{AP}/pin/", API_WRITE_ONLY),
    "post-comments": (f"{AP}/comments/", API_READ),
    "post-comment": (f"{AP}/comments/{{ws_comment}}/", API_WRITE_ONLY),
    "post-reactions": (f"{AP}/reactions/", API_WRITE_ONLY),
    "post-reaction": (f"{AP}/reactions/like/", API_WRITE_ONLY),
}


def objects(cast: Any) -> dict[str, str]:
    from django_tenants.utils import tenant_context

    from tests.workspaces.factories import actor
    from workspaces import services
    from workspaces.models import Visibility
    from workspaces.selectors import encode_cursor

    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        group = services.create_workspace(actor=bob, name="Offene Runde")
        closed = services.create_workspace(actor=bob, name="Vorstand", visibility=Visibility.CLOSED)
        request = services.request_to_join(actor=actor(cast.dave), workspace=closed)
        post = services.create_post(actor=bob, body="Hallo Runde", workspace=group)
        comment = services.add_comment(actor=bob, post=post, body="Erster!")
        from workspaces import invitations

        invitation = invitations.create_link(actor=bob, workspace=group).invitation
    return {
        "ws_invitation": str(invitation.public_id),
        "ws_group": group.slug,
        "ws_closed": closed.slug,
        "ws_request": str(request.public_id),
        "ws_post": str(post.public_id),
        "ws_comment": str(comment.public_id),
        "ws_person": str(cast.bob.public_id),
        "ws_cursor": encode_cursor(post.pk),
    }


# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "workspaces:feed": {"post": "bob alice"},
    "workspaces:group_create": {"post": "bob alice"},
    "workspaces:group": {"post": "bob alice"},
    "workspaces:group_join": {"post": "gina bob alice"},
    "workspaces:group_leave": {"post": "gina bob alice"},
    "workspaces:group_settings": {"post": "bob alice"},
    "workspaces:group_member_add": {"post": "bob alice"},
    "workspaces:group_member": {"post": "bob alice"},
    "workspaces:group_request": {"post": "bob alice"},
    "workspaces:invitation": {"post": "anonymous erin gina bob alice carol staff"},
    "workspaces:group_invitations": {"post": "bob alice"},
    "workspaces:group_invitation_revoke": {"post": "bob alice"},
    "workspaces:post_edit": {"post": "bob"},
    "workspaces:post_delete": {"post": "bob alice"},
    "workspaces:post_pin": {"post": "bob alice"},
    "workspaces:post_react": {"post": "bob alice"},
    "workspaces:post_comment": {"post": "bob alice"},
    "workspaces:post_comment_delete": {"post": "bob alice"},
    "group-list": {"post": "bob alice"},
    "group-detail": {"patch": "bob alice"},
    "group-join": {"post": "bob alice"},
    "group-leave": {"post": "gina bob alice"},
    "group-decide": {"post": "bob alice"},
    "post-list": {"post": "bob alice"},
    "post-detail": {"patch": "bob", "delete": "bob alice"},
    "post-pin": {"post": "bob alice", "delete": "bob alice"},
    "post-comments": {"post": "bob alice"},
    "post-comment": {"delete": "bob alice"},
    "post-reactions": {"post": "bob alice"},
    "post-reaction": {"delete": "bob alice"},
}
