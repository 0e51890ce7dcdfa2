"""Route matrix entries for citizen boxes on the network (web).

The box belongs to erin's impulse: erin is its owner, gina joined by an accepted offer, bob
asked to join; the others are outsiders. A box is listed (its page says who may read), its
posts are for members; platform staff moderate every box.
"""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS

# Routes anonymous visitors may read, and why (AUTH-1's allow-list).
PUBLIC_ROUTES = {
    "workspaces:invitation": "the invitation link itself is the credential (box or group)",
}


def web(**answers: int) -> dict[str, int]:
    """Logged-in visitors answer ``default`` unless named; anonymous visitors log in first."""
    default = answers.pop("default")
    return {**dict.fromkeys(ACTORS, default), "anonymous": 302, **answers}


POST_ONLY = web(default=405)
MEMBERS_READ = web(default=404, erin=200, gina=200, staff=200)

B = "/boxen/{box}"
P = "/beitraege/{box_post}"
C = "/boxen/kommentare/{box_comment}"

PUBLIC = {
    "workspaces:my_boxes": ("/boxen/", web(default=200)),
    "workspaces:group": (f"{B}/", web(default=200)),
    "workspaces:group_new_posts": (
        f"{B}/neu/?nach={{box_cursor}}",
        web(default=404, erin=204, gina=204, staff=204),
    ),
    # Mention suggestions: the box's members and the moderators who may post there.
    "workspaces:group_mentions": (f"{B}/erwaehnen/?q=a", MEMBERS_READ),
    "workspaces:group_join": (f"{B}/beitreten/", POST_ONLY),
    "workspaces:group_leave": (f"{B}/verlassen/", POST_ONLY),
    "workspaces:group_settings": (f"{B}/einstellungen/", web(default=403, erin=200, staff=200)),
    "workspaces:group_member_add": (f"{B}/mitglieder/hinzufuegen/", POST_ONLY),
    "workspaces:group_member": (f"{B}/mitglieder/{{box_person}}/", POST_ONLY),
    "workspaces:group_request": (f"{B}/anfragen/{{box_request}}/", POST_ONLY),
    # A made-up token: a clear "not valid" for everyone, logged in or not (nothing revealed).
    "workspaces:invitation": ("/boxen/einladung/unknown-token/", dict.fromkeys(ACTORS, 410)),
    "workspaces:circle_create": ("/boxen/neu/", web(default=200)),
    "workspaces:group_invitations": (f"{B}/einladungen/", POST_ONLY),
    "workspaces:group_invitation_revoke": (
        f"{B}/einladungen/{{box_invitation}}/zurueckziehen/",
        POST_ONLY,
    ),
    "workspaces:post": (f"{P}/", MEMBERS_READ),
    "workspaces:post_edit": (f"{P}/bearbeiten/", web(default=404, erin=200, gina=403, staff=403)),
    "workspaces:post_delete": (f"{P}/loeschen/", POST_ONLY),
    "workspaces:post_pin": (f"{P}/anheften/", POST_ONLY),
    "workspaces:post_react": (f"{P}/reaktion/", POST_ONLY),
    "workspaces:post_comment": (f"{P}/kommentare/", POST_ONLY),
    "workspaces:post_comment_delete": ("/beitraege/kommentare/{box_comment}/loeschen/", POST_ONLY),
    "threads:reply": (f"{C}/antworten/", POST_ONLY),
    "threads:edit": (f"{C}/bearbeiten/", POST_ONLY),
    "threads:delete": (f"{C}/loeschen/", POST_ONLY),
    "threads:react": (f"{C}/reaktion/", POST_ONLY),
    "impulse_offer_decide": ("/impulse/{box_impulse}/angebote/{box_offer}/", POST_ONLY),
    "impulse_open_box": ("/impulse/{impulse}/box/", POST_ONLY),
}


def objects(cast: Any) -> dict[str, str]:
    from public_marketplace.services import boxes
    from tests.public_marketplace.factories import make_impulse
    from workspaces import services
    from workspaces.scopes import network_actor
    from workspaces.selectors import encode_cursor

    impulse = make_impulse(cast.erin, title="Gemeinschaftsgarten Lindenau")
    offer = boxes.offer_help(impulse=impulse, user=cast.gina, brings=["time"])
    boxes.decide_offer(impulse=impulse, offer=offer, by=cast.erin, accept=True)
    impulse.refresh_from_db()
    box = impulse.box
    assert box is not None
    pending = boxes.offer_help(impulse=impulse, user=cast.carol)
    request = services.request_to_join(actor=network_actor(cast.bob), workspace=box)
    erin = network_actor(cast.erin)
    box.my_role = "owner"  # type: ignore[attr-defined]
    post = services.create_post(actor=erin, body="Wer hat Spaten?", workspace=box)
    comment = services.add_comment(actor=network_actor(cast.gina), post=post, body="Ich!")
    from workspaces import invitations

    invitation = invitations.create_link(actor=erin, workspace=box).invitation
    return {
        "box_invitation": str(invitation.public_id),
        "box": box.slug,
        "box_impulse": str(impulse.public_id),
        "box_offer": str(pending.public_id),
        "box_request": str(request.public_id),
        "box_post": str(post.public_id),
        "box_comment": str(comment.public_id),
        "box_person": str(cast.gina.public_id),
        "box_cursor": encode_cursor(post.pk),
    }


# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
LOGGED_IN = "erin gina bob alice carol staff"
PUBLIC_WRITES = {
    "workspaces:group": {"post": "erin gina staff"},
    "workspaces:group_join": {"post": LOGGED_IN},
    "workspaces:group_leave": {"post": LOGGED_IN},
    "workspaces:group_settings": {"post": "erin staff"},
    "workspaces:group_member_add": {"post": "erin staff"},
    "workspaces:group_member": {"post": "erin staff"},
    "workspaces:group_request": {"post": "erin staff"},
    "workspaces:invitation": {"post": "anonymous " + LOGGED_IN},
    "workspaces:circle_create": {"post": LOGGED_IN},
    "workspaces:group_invitations": {"post": "erin staff"},
    "workspaces:group_invitation_revoke": {"post": "erin staff"},
    "workspaces:post_edit": {"post": "erin"},
    "workspaces:post_delete": {"post": "erin staff"},
    "workspaces:post_pin": {"post": "erin staff"},
    "workspaces:post_react": {"post": "erin gina staff"},
    "workspaces:post_comment": {"post": "erin gina staff"},
    "workspaces:post_comment_delete": {"post": "erin gina staff"},
    "threads:reply": {"post": "erin gina staff"},
    "threads:edit": {"post": "gina"},  # only the author corrects
    "threads:delete": {"post": "erin gina staff"},
    "threads:react": {"post": "erin gina staff"},
    "impulse_offer_decide": {"post": "erin"},
    "impulse_open_box": {"post": "erin"},
}
