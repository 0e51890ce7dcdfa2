"""Friend circles (secret boxes without an impulse) and invitations into workspaces: links and
e-mails, one implementation for network boxes and intranet groups (workspaces/invitations.py).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from notifications.models import Notification
from public_marketplace.models import Impulse
from tests.cast import Cast
from tests.public_marketplace.test_views import form_data
from workspaces import invitations, services
from workspaces.models import (
    Visibility,
    Workspace,
    WorkspaceInvitation,
    WorkspaceMember,
    WorkspaceRole,
)
from workspaces.scopes import network_actor
from workspaces.services import WorkspaceError

NAME = "Doppelkopfrunde Südvorstadt"


@pytest.fixture
def circle(cast: Cast) -> Workspace:
    """erin's friend circle; gina is in it."""
    workspace = services.create_circle(
        actor=network_actor(cast.erin), name=NAME, description="Donnerstags bei Gina."
    )
    issued = invitations.create_link(actor=network_actor(cast.erin), workspace=workspace)
    invitations.accept(actor=network_actor(cast.gina), token=issued.token)
    return workspace


def _members(workspace: Workspace) -> dict[str, str]:
    return {
        m.user.display_name: m.role
        for m in WorkspaceMember.objects.filter(workspace=workspace).select_related("user")
    }


def _link_from(page: str) -> str:
    match = re.search(r'value="https?://[^"/]+(/boxen/einladung/[^"]+/)"', page)
    assert match, "the new link is shown once"
    return match.group(1)


# --- Creating a friend circle ------------------------------------------------------------------


def test_a_citizen_creates_a_friend_circle_from_my_boxes(cast: Cast, client_for: Any) -> None:
    client = client_for(None, cast.erin)
    page = client.get("/boxen/").content.decode()
    assert "/boxen/neu/" in page and "Freundeskreis anlegen" in page
    assert client.get("/boxen/neu/").status_code == 200
    response = client.post("/boxen/neu/", {"name": NAME, "description": "Karten & Kuchen"})
    workspace = Workspace.objects.get(name=NAME)
    assert response["Location"] == f"/boxen/{workspace.slug}/einstellungen/"
    assert workspace.visibility == Visibility.SECRET
    assert _members(workspace) == {cast.erin.display_name: WorkspaceRole.OWNER}
    assert not hasattr(workspace, "impulse") or Impulse.objects.filter(box=workspace).count() == 0
    assert NAME in client.get("/boxen/").content.decode()
    assert client.post("/boxen/neu/", {"name": ""}).status_code == 400


def test_a_friend_circle_takes_no_join_requests_and_cannot_be_joined_openly(
    cast: Cast, circle: Workspace
) -> None:
    bob = network_actor(cast.bob)
    with pytest.raises(WorkspaceError):
        services.request_to_join(actor=bob, workspace=circle)
    with pytest.raises(WorkspaceError):
        services.join_workspace(actor=bob, workspace=circle)
    assert cast.bob.display_name not in _members(circle)


# --- Invitation links --------------------------------------------------------------------------


def test_a_manager_creates_a_link_and_whoever_opens_it_joins_only_by_the_button(
    cast: Cast, circle: Workspace, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    owner = client_for(None, cast.erin)
    page = owner.post(f"/boxen/{circle.slug}/einladungen/", {"valid_days": "7"}).content.decode()
    path = _link_from(page)
    invitation = WorkspaceInvitation.objects.filter(workspace=circle).latest("id")
    assert invitation.token_hash == invitations.token_hash(path.split("/")[-2])
    assert path.split("/")[-2] not in invitation.token_hash  # only the hash is stored
    assert invitation.expires_at is not None
    assert invitation.expires_at - timezone.now() > timedelta(days=6)
    settings_page = owner.get(f"/boxen/{circle.slug}/einstellungen/").content.decode()
    assert f"Erstellt von {cast.erin.display_name}" in settings_page
    assert path not in settings_page  # shown once, never again

    bob = client_for(None, cast.bob)
    confirm = bob.get(path)
    assert confirm.status_code == 200 and NAME in confirm.content.decode()
    assert cast.bob.display_name not in _members(circle)  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = bob.post(path)
    assert response["Location"] == f"/boxen/{circle.slug}/"
    assert _members(circle)[cast.bob.display_name] == WorkspaceRole.MEMBER
    assert bob.get(f"/boxen/{circle.slug}/").status_code == 200
    assert Notification.objects.filter(user=cast.erin, verb="workspace.invitation_used").exists()
    invitation.refresh_from_db()
    assert invitation.use_count == 1
    assert "Du bist schon dabei" in bob.get(path).content.decode()


@pytest.mark.parametrize("how", ["revoked", "expired", "unknown"])
def test_a_revoked_expired_or_unknown_link_says_so_and_changes_nothing(
    cast: Cast, circle: Workspace, client_for: Any, how: str
) -> None:
    issued = invitations.create_link(actor=network_actor(cast.erin), workspace=circle)
    path = f"/boxen/einladung/{issued.token}/"
    if how == "revoked":
        response = client_for(None, cast.erin).post(
            f"/boxen/{circle.slug}/einladungen/{issued.invitation.public_id}/zurueckziehen/"
        )
        assert response.status_code == 302
    elif how == "expired":
        WorkspaceInvitation.objects.filter(pk=issued.invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    else:
        path = "/boxen/einladung/gibt-es-nicht/"
    bob = client_for(None, cast.bob)
    for response in (bob.get(path), bob.post(path)):
        assert response.status_code == 410
        text = response.content.decode()
        assert "Einladung nicht gültig" in text
        assert NAME not in text
    expected = {
        "revoked": "zurückgezogen",
        "expired": "abgelaufen",
        "unknown": "gibt es nicht",
    }[how]
    assert expected in bob.get(path).content.decode()
    assert cast.bob.display_name not in _members(circle)


def test_only_managers_create_and_revoke_links(cast: Cast, circle: Workspace) -> None:
    with pytest.raises(WorkspaceError) as error:
        invitations.create_link(actor=network_actor(cast.gina), workspace=circle)
    assert error.value.code == "forbidden"
    with pytest.raises(WorkspaceError) as error:
        invitations.create_link(actor=network_actor(cast.bob), workspace=circle)
    assert error.value.code == "not_found"  # a non-member does not learn the circle exists
    issued = invitations.create_link(actor=network_actor(cast.erin), workspace=circle)
    with pytest.raises(WorkspaceError):
        invitations.revoke(
            actor=network_actor(cast.gina), workspace=circle, invitation=issued.invitation
        )
    assert WorkspaceInvitation.objects.get(pk=issued.invitation.pk).revoked_at is None
    with pytest.raises(WorkspaceError) as error:
        invitations.create_link(actor=network_actor(cast.erin), workspace=circle, valid_days=365)
    assert error.value.field == "valid_days"


# --- E-mail invitations ------------------------------------------------------------------------


def test_an_email_invitation_to_an_account_brings_a_mail_and_a_notification(
    cast: Cast, circle: Workspace, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    owner = client_for(None, cast.erin)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(f"/boxen/{circle.slug}/einladungen/", {"email": cast.bob.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.bob.email] and NAME in message.subject
    found = re.search(r"https?://[^/\s]+(/boxen/einladung/\S+/)", str(message.body))
    assert found
    path = found.group(1)
    note = Notification.objects.get(user=cast.bob, verb="workspace.invitation")
    assert note.url == path
    bob = client_for(None, cast.bob)
    assert bob.post(path).status_code == 302
    assert cast.bob.display_name in _members(circle)
    # Single use: nobody else gets in with it.
    assert client_for(None, cast.carol).post(path).status_code == 410
    assert cast.carol.display_name not in _members(circle)


def test_an_email_invitation_to_a_new_address_leads_through_sign_up_and_back(
    cast: Cast, circle: Workspace, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from accounts.adapter import AccountAdapter
    from accounts.models import User

    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_by_email(
            actor=network_actor(cast.erin), workspace=circle, email="Neu@Example.org"
        )
    body = str(mail.outbox[0].body)
    assert "lege dir ein Konto an" in body
    found = re.search(r"https?://[^/\s]+(/boxen/einladung/\S+/)", body)
    assert found, body
    path = found.group(1)
    visitor = client_for(None)
    page = visitor.get(path).content.decode()
    assert "/accounts/signup/?next=" in page and "/accounts/login/?next=" in page
    assert visitor.session[invitations.SESSION_KEY] == path
    # Sign-up (allauth, with its e-mail confirmation) ends in a login; the adapter then
    # sends the new person back to the confirmation page.
    request = RequestFactory().get("/")
    request.session = visitor.session
    assert AccountAdapter(request).get_login_redirect_url(request) == path
    assert AccountAdapter(request).get_signup_redirect_url(request) == path
    newcomer = User.objects.create_user(email="neu@example.org", password="x-Very-long-1")
    visitor.force_login(newcomer, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert visitor.post(path)["Location"] == f"/boxen/{circle.slug}/"
    assert WorkspaceMember.objects.filter(workspace=circle, user=newcomer).exists()
    assert invitations.SESSION_KEY not in visitor.session


def test_sign_up_with_the_invitation_as_next_comes_back_to_it(
    cast: Cast, circle: Workspace, client_for: Any, settings: Any
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    issued = invitations.create_link(actor=network_actor(cast.erin), workspace=circle)
    path = f"/boxen/einladung/{issued.token}/"
    visitor = client_for(None)
    visitor.get(path)
    response = visitor.post(
        f"/accounts/signup/?next={path}",
        {
            "email": "frisch@example.org",
            "password1": "ein-Langes-Passwort-42",
            "password2": "ein-Langes-Passwort-42",
            "display_name": "Frieda",
            "next": path,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == path
    assert visitor.get(path).status_code == 200
    assert visitor.post(path).status_code == 302
    assert "Frieda" in _members(circle)


def test_email_invitations_are_checked_and_rate_limited(
    cast: Cast, circle: Workspace, settings: Any
) -> None:
    erin = network_actor(cast.erin)
    with pytest.raises(WorkspaceError) as error:
        invitations.invite_by_email(actor=erin, workspace=circle, email="kein-mail")
    assert error.value.field == "email"
    with pytest.raises(WorkspaceError) as error:
        invitations.invite_by_email(actor=erin, workspace=circle, email=cast.gina.email)
    assert error.value.code == "conflict"
    settings.RATE_LIMITS = {"workspace.invite": (3, 3600)}  # the fixture made one link
    invitations.invite_by_email(actor=erin, workspace=circle, email="a@example.org")
    invitations.create_link(actor=erin, workspace=circle)
    from config.domain import RateLimited

    with pytest.raises(RateLimited):
        invitations.invite_by_email(actor=erin, workspace=circle, email="b@example.org")


# --- Leaving and handing over ------------------------------------------------------------------


def test_a_member_leaves_a_friend_circle_and_then_sees_nothing_of_it(
    cast: Cast, circle: Workspace, client_for: Any
) -> None:
    gina = client_for(None, cast.gina)
    response = gina.post(f"/boxen/{circle.slug}/verlassen/")
    assert response["Location"] == "/boxen/"
    assert cast.gina.display_name not in _members(circle)
    assert gina.get(f"/boxen/{circle.slug}/").status_code == 404
    assert NAME not in gina.get("/boxen/").content.decode()


def test_the_owner_hands_a_friend_circle_over_and_then_may_leave(
    cast: Cast, circle: Workspace, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    erin = client_for(None, cast.erin)
    page = erin.get(f"/boxen/{circle.slug}/einstellungen/").content.decode()
    assert "Verantwortung übergeben" in page
    # The owner cannot just walk away from a circle with members.
    erin.post(f"/boxen/{circle.slug}/verlassen/")
    assert _members(circle)[cast.erin.display_name] == WorkspaceRole.OWNER
    with django_capture_on_commit_callbacks(execute=True):
        response = erin.post(
            f"/boxen/{circle.slug}/mitglieder/{cast.gina.public_id}/", {"handover": "1"}
        )
    assert response.status_code == 302
    assert _members(circle) == {
        cast.erin.display_name: WorkspaceRole.ADMIN,
        cast.gina.display_name: WorkspaceRole.OWNER,
    }
    assert Notification.objects.filter(user=cast.gina, verb="workspace.handed_over").exists()
    # gina (a member before) may not hand over; now she is the owner, erin a co-owner.
    assert erin.post(f"/boxen/{circle.slug}/verlassen/")["Location"] == "/boxen/"
    assert _members(circle) == {cast.gina.display_name: WorkspaceRole.OWNER}


def test_a_member_who_is_not_the_owner_cannot_hand_over(cast: Cast, circle: Workspace) -> None:
    circle.my_role = WorkspaceRole.MEMBER  # type: ignore[attr-defined]
    with pytest.raises(WorkspaceError):
        services.hand_over_workspace(
            actor=network_actor(cast.gina), workspace=circle, user=cast.gina
        )


# --- Publishing an impulse out of a circle -----------------------------------------------------


@pytest.mark.parametrize("visibility", [Visibility.OPEN, Visibility.CLOSED])
def test_a_friend_circle_stays_secret(cast: Cast, circle: Workspace, visibility: str) -> None:
    with pytest.raises(WorkspaceError) as error:
        services.update_workspace(
            actor=network_actor(cast.erin),
            workspace=circle,
            name=NAME,
            description="",
            visibility=visibility,
        )
    assert error.value.field == "visibility" and "bleibt geheim" in error.value.message
    circle.refresh_from_db()
    assert circle.visibility == Visibility.SECRET and circle.description == "Donnerstags bei Gina."


def test_the_owner_publishes_an_impulse_out_of_the_circle_which_becomes_its_box(
    cast: Cast, circle: Workspace, client_for: Any
) -> None:
    erin = client_for(None, cast.erin)
    page = erin.get(f"/boxen/{circle.slug}/").content.decode()
    assert "Als Impuls veröffentlichen" in page
    assert "Als Impuls veröffentlichen" not in (
        client_for(None, cast.gina).get(f"/boxen/{circle.slug}/").content.decode()
    )
    form = erin.get(f"/impulse/neu/?freundeskreis={circle.slug}").content.decode()
    assert NAME in form and f'name="freundeskreis" value="{circle.slug}"' in form
    # Someone else cannot hang an impulse on erin's circle.
    assert (
        client_for(None, cast.gina).get(f"/impulse/neu/?freundeskreis={circle.slug}").status_code
        == 404
    )
    response = erin.post("/impulse/neu/", form_data(title=NAME, freundeskreis=circle.slug))
    assert response.status_code == 302
    impulse = Impulse.objects.get(title=NAME)
    circle.refresh_from_db()
    assert impulse.box_id == circle.pk
    assert circle.visibility == Visibility.CLOSED  # like a box opened from an impulse
    detail = client_for(None, cast.bob).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert f"/boxen/{circle.slug}/" in detail
    box_page = client_for(None, cast.bob).get(f"/boxen/{circle.slug}/").content.decode()
    assert "Beitritt anfragen" in box_page and "Donnerstags bei Gina" in box_page
    services.request_to_join(actor=network_actor(cast.bob), workspace=circle)
    # Once only: the button is gone.
    assert "Als Impuls veröffentlichen" not in erin.get(f"/boxen/{circle.slug}/").content.decode()


# --- Nothing reveals a friend circle -----------------------------------------------------------


def _former_member(cast: Cast, circle: Workspace) -> Any:
    services.leave_workspace(actor=network_actor(cast.gina), workspace=circle)
    return cast.gina


def _all_paths(circle: Workspace, objects: dict[str, str]) -> list[str]:
    from django.urls import URLPattern

    from workspaces.urls import workspace_routes

    paths = []
    for route in workspace_routes:
        assert isinstance(route, URLPattern)
        pattern = str(route.pattern)
        if pattern.startswith("einladung/"):
            continue  # the link is the credential; a made-up token is tested above
        pattern = (
            pattern.replace("<slug:slug>", circle.slug)
            .replace("<uuid:person>", objects["person"])
            .replace("<uuid:request_id>", objects["uuid"])
            .replace("<uuid:invitation_id>", objects["invitation"])
        )
        assert "<" not in pattern, pattern
        paths.append(f"/boxen/{pattern}")
    post, comment = objects["post"], objects["comment"]
    paths += [
        f"/boxen/{circle.slug}/neu/?nach={objects['cursor']}",
        f"/beitraege/{post}/",
        f"/beitraege/{post}/bearbeiten/",
        f"/beitraege/{post}/loeschen/",
        f"/beitraege/{post}/anheften/",
        f"/beitraege/{post}/reaktion/",
        f"/beitraege/{post}/kommentare/",
        f"/beitraege/kommentare/{comment}/loeschen/",
        f"/boxen/kommentare/{comment}/antworten/",
        f"/boxen/kommentare/{comment}/bearbeiten/",
        f"/boxen/kommentare/{comment}/reaktion/",
    ]
    return paths


# Pages anyone (or anyone logged in) may read that list or search things on the network.
OVERVIEWS = [
    "/",
    "/boxen/",
    "/impulse/",
    f"/impulse/?q={NAME.split()[0]}",
    "/benachrichtigungen/",
    "/api/v1/",
    "/api/v1/impulses/",
    f"/api/v1/impulses/?q={NAME.split()[0]}",
    "/api/v1/organisations/",
    "/staedte/leipzig/termine.ics",
]


@pytest.mark.parametrize("who", ["anonymous", "outsider", "former member"])
def test_nothing_reveals_a_friend_circle_to_non_members(
    cast: Cast, circle: Workspace, client_for: Any, who: str
) -> None:
    erin = network_actor(cast.erin)
    circle.my_role = WorkspaceRole.OWNER  # type: ignore[attr-defined]
    post = services.create_post(actor=erin, body=f"Geheim: {NAME}", workspace=circle)
    comment = services.add_comment(actor=erin, post=post, body="Nur für uns")
    issued = invitations.create_link(actor=erin, workspace=circle)
    from workspaces.selectors import encode_cursor

    objects = {
        "person": str(cast.erin.public_id),
        "uuid": str(issued.invitation.public_id),
        "invitation": str(issued.invitation.public_id),
        "post": str(post.public_id),
        "comment": str(comment.public_id),
        "cursor": encode_cursor(post.pk - 1),
    }
    user = {"anonymous": None, "outsider": cast.bob}.get(who) or _former_member(cast, circle)
    client = client_for(None, user)
    before = (
        WorkspaceMember.objects.filter(workspace=circle).count(),
        WorkspaceInvitation.objects.filter(workspace=circle, revoked_at__isnull=True).count(),
    )
    for path in _all_paths(circle, objects):
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if user is None:
                assert response.status_code == 302 and "/accounts/login/" in response["Location"]
            else:
                assert response.status_code in (404, 405), (path, method, response.status_code)
            assert NAME not in response.content.decode(), (path, method)
    for path in OVERVIEWS:
        response = client.get(path)
        assert response.status_code < 500, path
        assert NAME not in response.content.decode(), path
        assert circle.slug not in response.content.decode(), path
    assert before == (
        WorkspaceMember.objects.filter(workspace=circle).count(),
        WorkspaceInvitation.objects.filter(workspace=circle, revoked_at__isnull=True).count(),
    )
    # Nor any notification about it.
    assert not Notification.objects.filter(user=cast.bob, title__contains=NAME).exists()


# --- The same code for intranet groups ---------------------------------------------------------


def test_an_intranet_group_admin_invites_by_link_and_by_email_members_only(
    cast: Cast, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tenants.utils import tenant_context

    from tests.workspaces.factories import actor

    with tenant_context(cast.alpha):
        alice = actor(cast.alice)
        group = services.create_workspace(
            actor=alice, name="Vorstandsrunde", visibility=Visibility.SECRET
        )
        issued = invitations.create_link(actor=alice, workspace=group)
        with pytest.raises(WorkspaceError) as error:
            invitations.invite_by_email(actor=alice, workspace=group, email=cast.erin.email)
        assert error.value.field == "email"  # not one of alpha's people
        with django_capture_on_commit_callbacks(execute=True):
            invitations.invite_by_email(actor=alice, workspace=group, email=cast.dave.email)
    assert "/gruppen/einladung/" in str(mail.outbox[0].body)
    path = f"/gruppen/einladung/{issued.token}/"
    bob = client_for(cast.alpha, cast.bob)
    assert bob.get(path).status_code == 200
    assert bob.post(path)["Location"] == f"/gruppen/{group.slug}/"
    # Someone outside the organisation cannot use the link.
    assert client_for(cast.alpha, cast.erin).post(path).status_code in (403, 404)
    with tenant_context(cast.alpha):
        names = set(
            WorkspaceMember.objects.filter(workspace=group).values_list(
                "user__display_name", flat=True
            )
        )
    assert names == {cast.alice.display_name, cast.bob.display_name}
