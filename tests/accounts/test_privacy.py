"""GDPR-1 (export, Art. 20) and GDPR-2 (erasure, Art. 17) for a canary with data everywhere.

The canary is a member of alpha and beta with a row in every model that holds personal data, in
the public schema and in both organisations; bob and erin keep data of their own beside it.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts import privacy
from accounts.models import User
from config.domain import DomainError
from intranet.services import add_member
from tenants.models import Organisation, Role
from tests.cast import PASSWORD, Cast
from tests.public_marketplace.factories import make_impulse

CANARY_EMAIL = "kanarienvogel@example.org"
CANARY_SECOND = "kira.privat@example.org"
CANARY_NAME = "Kira Kanarienvogel"


def personal_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """Fields that point at a person: a link to the account or an e-mail address."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.EmailField)
        or (
            field.is_relation
            and field.related_model is not None
            and field.related_model._meta.label == settings.AUTH_USER_MODEL
        )
    ]


def personal_models(*, include_auto_created: bool = False) -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=include_auto_created)
        if not model._meta.proxy and model._meta.managed and personal_fields(model)
    ]


def in_schema(model: type[models.Model], schema: str) -> bool:
    app = model._meta.app_config
    assert app is not None
    installed = settings.SHARED_APPS if schema == "public" else settings.TENANT_APPS
    return app.name in installed


# -- the canary ----------------------------------------------------------------------------------


def _building_blocks(user: User, other: User, *, tag: str) -> None:
    """One row of every shared building block (workspaces, events, tasks, decisions, documents,
    notifications) in the current schema, made by or about ``user``."""
    from decisions.models import Discussion, Outcome, Proposal, Vote
    from documents.models import Document, DocumentVersion, Folder
    from events.models import CalendarToken, Event, Rsvp
    from notifications.models import Notification, NotificationSettings
    from progress.models import ProgressEntry
    from taskboard.models import ChecklistItem, Task
    from tests.threads.factories import make_comment
    from threads.models import Mention as ThreadMention
    from threads.models import Reaction as ThreadReaction
    from threads.models import Report as ThreadReport
    from workspaces.models import (
        JoinRequest,
        Mention,
        Post,
        Reaction,
        Workspace,
        WorkspaceInvitation,
        WorkspaceMember,
    )

    now = timezone.now()
    mine = Workspace.objects.create(name=f"Kiras Gruppe {tag}", slug=f"kira-{tag}", created_by=user)
    theirs = Workspace.objects.create(name=f"Andere {tag}", slug=f"andere-{tag}", created_by=other)
    WorkspaceMember.objects.create(workspace=mine, user=user)
    WorkspaceMember.objects.create(workspace=theirs, user=other)
    JoinRequest.objects.create(workspace=theirs, user=user)
    JoinRequest.objects.create(workspace=mine, user=other, decided_by=user)
    WorkspaceInvitation.objects.create(
        workspace=mine, token_hash=f"kira-made-{tag}", created_by=user, accepted_by=other
    )
    WorkspaceInvitation.objects.create(
        workspace=theirs, token_hash=f"kira-mailed-{tag}", email=user.email, created_by=other
    )
    post = Post.objects.create(
        workspace=mine, author=user, body="Kiras Beitrag", body_html="<p>x</p>", pinned_by=user
    )
    said = make_comment("post", post.pk, user, "Kiras Kommentar")
    ThreadReaction.objects.create(comment=said, user=user, kind="like")
    ThreadMention.objects.create(comment=said, user=user)
    ThreadReport.objects.create(comment=said, reporter=user, reason="spam", handled_by=user)
    Reaction.objects.create(post=post, user=user, kind="like")
    Mention.objects.create(post=post, user=user)
    event = Event.objects.create(
        title="Kiras Treffen",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=1),
        created_by=user,
        cancelled_by=user,
    )
    Rsvp.objects.create(event=event, user=user, answer="yes")
    CalendarToken.objects.create(user=user, digest=f"kira-{tag}".ljust(64, "0"))
    task = Task.objects.create(
        workspace=mine, title="Kiras Aufgabe", created_by=user, assignee=user
    )
    ChecklistItem.objects.create(task=task, text="Kiras Punkt")
    ProgressEntry.objects.create(workspace=mine, author=user, text="Kiras Fortschritt")
    thread = Discussion.objects.create(title="Kiras Frage", author=user)
    make_comment("discussion", thread.pk, user, "Ja")
    proposal = Proposal.objects.create(
        discussion=thread, title="Kiras Antrag", process="simple", closes_at=now, author=user
    )
    Vote.objects.create(proposal=proposal, voter=user, voter_key=f"k-{tag}")
    Outcome.objects.create(
        proposal=proposal,
        result="passed",
        votes_cast=1,
        eligible=1,
        quorum_percent=0,
        quorum_met=True,
        closed_at=now,
        closed_by=user,
    )
    folder = Folder.objects.create(name="Kiras Ordner", created_by=user)
    document = Document.objects.create(name="Kiras Protokoll", folder=folder, created_by=user)
    DocumentVersion.objects.create(
        document=document,
        number=1,
        original_name="protokoll.pdf",
        blob=f"blob-kira-{tag}",
        size=1,
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=user,
    )
    Notification.objects.create(user=user, verb="test", title="Für Kira")
    Notification.objects.create(user=other, verb="test", title="Für andere")
    Notification.objects.create(user=other, verb="mention", title=f"{user.display_name} schrieb")
    NotificationSettings.objects.create(user=user)


def _audit_rows(organisation: Organisation, user: User, other: User) -> None:
    """Audit entries by and about the person, and a support grant they gave and ended."""
    from audit.models import Action, SupportGrant
    from audit.services import record

    record(organisation=organisation, action=Action.ROLE_CHANGED, actor=other, target=user)
    record(organisation=organisation, action=Action.SETTINGS_CHANGED, actor=user)
    with schema_context(organisation.schema_name):
        SupportGrant.objects.create(
            granted_by=user,
            revoked_by=user,
            reason="Ticket 7",
            expires_at=timezone.now(),
            revoked_at=timezone.now(),
        )


def _partner_rows(user: User) -> None:
    """A partner the canary manages, with the canary's second address as its contact, and a
    box's request the canary made and answered."""
    from partners.models import Partner, PartnerRequest
    from workspaces.models import Workspace

    partner = Partner.objects.create(
        name="Kiras Werkstatt", slug="kiras-werkstatt", description="Werkzeug", kinds=["tools"],
        address="Kiraweg 1", email=CANARY_SECOND,
    )  # fmt: skip
    partner.managers.add(user)
    box = Workspace.objects.create(name="Kiras Box", slug="kiras-box")
    PartnerRequest.objects.create(
        partner=partner, workspace=box, created_by=user, answered_by=user, what="Leiter",
        when="Samstag",
    )  # fmt: skip


def _motion_rows(user: User) -> None:
    """A motion the canary drafted a version of and signed."""
    from motions.models import Motion, MotionVersion, Signature
    from public_marketplace.models import CouncilBody, District
    from workspaces.models import Workspace

    box = Workspace.objects.create(name="Kiras Antragsbox", slug="kiras-antragsbox")
    body = CouncilBody.objects.get(slug="stadtbezirksbeirat-alt-west")
    motion = Motion.objects.create(
        workspace=box,
        body=body,
        title="Kiras Antrag",
        created_by=user,
        version_count=1,
        signature_count=1,
    )
    MotionVersion.objects.create(
        motion=motion, number=1, title="Kiras Antrag", proposal="Bänke", reasoning="Weil",
        author=user,
    )  # fmt: skip
    district = District.objects.get(city__slug="leipzig", number="70")
    Signature.objects.create(motion=motion, user=user, name="Kira", district=district, version=1)


def make_canary(cast: Cast) -> User:
    from allauth.mfa.models import Authenticator
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    from billing.models import BillingAccount, BillingLog
    from moderation.models import ModerationAction, Report
    from public_marketplace.models import (
        Follow,
        ImpulseStatusChange,
        Participation,
        Support,
    )
    from tenants.models import Invitation
    from tests.threads.factories import make_comment

    user = User.objects.create_user(email=CANARY_EMAIL, password=PASSWORD, display_name=CANARY_NAME)
    User.objects.filter(pk=user.pk).update(is_verified=True)
    EmailAddress.objects.create(user=user, email=CANARY_EMAIL, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email=CANARY_SECOND, verified=True, primary=False)
    add_member(organisation=cast.alpha, user=user, role=Role.MEMBER)
    add_member(organisation=cast.beta, user=user, role=Role.MEMBER)
    for organisation in (cast.alpha, cast.beta):
        with schema_context(organisation.schema_name):
            from intranet.models import Membership

            Membership.objects.filter(user=user).update(
                function="Kassenwartin", phone="+49 341 555", contact_email=CANARY_SECOND
            )

    # Public schema: the network, accounts, moderation, billing.
    impulse = make_impulse(user, title="Kiras Impuls für Lindenau")
    others = make_impulse(cast.erin, title="Erins Impuls")
    Support.objects.create(impulse=others, user=user)
    Participation.objects.create(impulse=others, user=user)
    make_comment("impulse", others.pk, user, "Kiras Meinung")
    Follow.objects.create(user=user, target="impulse", impulse=others)
    ImpulseStatusChange.objects.create(impulse=others, to_status="published", changed_by=user)
    Report.objects.create(
        reporter=user, target_kind="impulse", impulse=others, reason="spam", handled_by=user
    )
    Report.objects.create(
        reporter=cast.bob, target_kind="user", reported_user=user, reason="insult"
    )
    ModerationAction.objects.create(
        actor=user, action="hide", target_kind="impulse", target_id=others.public_id
    )
    Token.objects.create(user=user)
    _partner_rows(user)
    _motion_rows(user)
    Authenticator.objects.create(user=user, type="totp", data={"secret": "GEHEIM"})
    LogEntry.objects.create(user=user, object_repr="Kiras Eintrag", action_flag=ADDITION)
    LogEntry.objects.log_actions(
        user_id=cast.staff.pk, queryset=[user], action_flag=ADDITION, single_object=True
    )
    account, _created = BillingAccount.objects.get_or_create(organisation=cast.alpha)
    BillingAccount.objects.filter(pk=account.pk).update(billing_email=CANARY_SECOND)
    BillingLog.objects.create(
        account=account,
        source="user",
        acting_user=user,
        changes={"billing_email": ["", CANARY_SECOND]},
    )
    expires = timezone.now() + timedelta(days=7)
    Invitation.objects.create(
        organisation=cast.beta, email=CANARY_SECOND.upper(), token_hash="a" * 64, expires_at=expires
    )
    Invitation.objects.create(
        organisation=cast.alpha,
        email="freundin@example.org",
        token_hash="b" * 64,
        expires_at=expires,
        invited_by=user,
        accepted_by=user,
    )
    _building_blocks(user, cast.bob, tag="netz")
    for organisation, other in ((cast.alpha, cast.bob), (cast.beta, cast.carol)):
        _audit_rows(organisation, user, other)
    with schema_context(cast.alpha.schema_name):
        _building_blocks(user, cast.bob, tag="alpha")
    with schema_context(cast.beta.schema_name):
        _building_blocks(user, cast.carol, tag="beta")

    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.create(  # a link to an organisation's IdP (sso)
        user=user, provider=f"org-{cast.alpha.pk}", uid="canary-sub", extra_data={"sub": "x"}
    )
    for _ in range(2):  # logged in on two devices
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session.create()
    assert impulse.author_id == user.pk
    return user


@pytest.fixture
def canary(cast: Cast) -> User:
    return make_canary(cast)


# -- GDPR-1: export ------------------------------------------------------------------------------


def test_every_model_with_personal_data_is_covered_by_a_privacy_module() -> None:
    found = {model._meta.label for model in personal_models()}
    # A council body's submission address (and the outbox that sends to it) is an office's.
    office_addresses = {"public_marketplace.CouncilBody", "motions.Submission"}
    assert found - privacy.registered_models() - office_addresses == set()
    assert "intranet.Membership" in found and "public_marketplace.Impulse" in found


def test_every_registered_model_exists() -> None:
    for label in privacy.registered_models():
        apps.get_model(label)


def _sections(archive: dict[str, Any]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for part in (archive["public"], *archive["organisations"]):
        for app, section in part.items():
            if isinstance(section, dict):
                for key, found in section.items():
                    counts[(app, key)] = counts.get((app, key), 0) + len(found)
    return counts


def test_the_export_holds_the_canarys_data_from_every_model_and_schema(
    cast: Cast, canary: User
) -> None:
    archive = privacy.export_person(canary)
    text = json.dumps(archive, ensure_ascii=False)

    empty = {key for key, count in _sections(archive).items() if count == 0}
    assert empty == {("tenants", "organisations_owned")}  # the canary owns no organisation
    assert [o["slug"] for o in archive["organisations"]] == ["alpha", "beta"]
    for organisation in archive["organisations"]:
        membership = organisation["intranet"]["membership"]
        assert membership[0]["function"] == "Kassenwartin"
        assert membership[0]["contact_email"] == CANARY_SECOND
    assert CANARY_NAME in text and CANARY_EMAIL in text
    # Secrets never leave: password hash, API token, second-factor secret, calendar digest.
    assert canary.password not in text
    assert "GEHEIM" not in text
    assert "kira-alpha".ljust(64, "0") not in text


def test_the_export_holds_nothing_of_other_people(cast: Cast, canary: User) -> None:
    text = json.dumps(privacy.export_person(canary), ensure_ascii=False)
    for other in (cast.alice, cast.bob, cast.carol, cast.dave, cast.erin, cast.gina, cast.staff):
        assert other.email not in text
        assert not re.search(rf"\b{other.display_name}\b", text), other.display_name
    assert "freundin@example.org" not in text  # whom the canary invited
    assert "Für andere" not in text and "Andere alpha" not in text


def test_the_download_is_the_logged_in_persons_own_and_not_cached(
    cast: Cast, canary: User, client_for: Any
) -> None:
    response = client_for(None, canary).get("/konto/daten/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert response.json()["person"]["email"] == CANARY_EMAIL

    theirs = client_for(None, cast.erin).get("/konto/daten/", {"user": canary.pk})
    assert theirs.json()["person"]["email"] == cast.erin.email
    assert CANARY_NAME not in theirs.content.decode()
    assert client_for(None, None).get("/konto/daten/").status_code == 302
    assert client_for(cast.alpha, canary).get("/konto/daten/").status_code == 404


# -- GDPR-2: erasure -----------------------------------------------------------------------------


def remaining(user_id: int, emails: list[str]) -> dict[str, int]:
    """Rows in any schema that still point at the person or carry one of their addresses."""
    left: dict[str, int] = {}
    for schema in ("public", "alpha", "beta"):
        with schema_context(schema if schema == "public" else f"org_{schema}"):
            for model in personal_models(include_auto_created=True):
                if not in_schema(model, schema):
                    continue
                for field in personal_fields(model):
                    if isinstance(field, models.EmailField):
                        rows = sum(
                            model._default_manager.filter(**{f"{field.name}__iexact": e}).count()
                            for e in emails
                        )
                    else:
                        rows = model._base_manager.filter(**{field.attname: user_id}).count()
                    if rows:
                        left[f"{schema}:{model._meta.label}.{field.name}"] = rows
    return left


def live_sessions(user_id: int) -> int:
    return sum(
        1
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user_id)
    )


def test_the_schemas_are_the_ones_the_test_walks(cast: Cast) -> None:
    assert (cast.alpha.schema_name, cast.beta.schema_name) == ("org_alpha", "org_beta")


def test_erasure_leaves_no_row_with_the_canarys_data_in_any_schema(
    cast: Cast, canary: User
) -> None:
    emails = [CANARY_EMAIL, CANARY_SECOND]
    assert len(remaining(canary.pk, emails)) > 30  # the walk sees the canary before
    assert live_sessions(canary.pk) == 2

    privacy.erase_person(canary)
    with connection.cursor() as cursor:  # foreign keys are checked at commit; check them now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    assert remaining(canary.pk, emails) == {}
    assert live_sessions(canary.pk) == 0
    assert not User.objects.filter(email__iexact=CANARY_EMAIL).exists()
    assert not User.objects.filter(display_name=CANARY_NAME).exists()
    assert not Client().login(email=CANARY_EMAIL, password=PASSWORD)
    assert not LogEntry.objects.filter(object_repr__contains=CANARY_NAME).exists()
    for schema in ("public", "org_alpha", "org_beta"):
        with schema_context(schema):
            from notifications.models import Notification

            assert not Notification.objects.filter(title__contains=CANARY_NAME).exists()


def test_content_others_need_stays_without_a_name(cast: Cast, canary: User) -> None:
    from public_marketplace.models import Impulse
    from threads.models import Comment
    from workspaces.models import Post

    privacy.erase_person(canary)

    impulse = Impulse.objects.get(title="Kiras Impuls für Lindenau")
    assert impulse.author.email == "geloeschtes-konto@wecreate.invalid"
    assert not impulse.author.is_active and not impulse.author.has_usable_password()
    assert Comment.objects.get(body="Kiras Meinung").author is None
    with schema_context(cast.alpha.schema_name):
        assert Post.objects.get(body="Kiras Beitrag").author is None
    page = Client(HTTP_HOST=settings.BASE_DOMAIN).get(f"/impulse/{impulse.public_id}/")
    if page.status_code == 200:
        assert CANARY_NAME not in page.content.decode()


def test_audit_entries_stay_without_the_person(cast: Cast, canary: User) -> None:
    """docs/privacy.md: the organisation keeps its record of what happened, not who it was."""
    from audit.models import AuditEntry
    from audit.selectors import log_page

    privacy.erase_person(canary)

    with schema_context(cast.alpha.schema_name):
        entries = AuditEntry.objects.filter(action__in=["member.role_changed", "settings.changed"])
        assert entries.count() == 2
        assert {(e.actor_id, e.target_user_id) for e in entries} == {
            (cast.bob.pk, None),
            (None, None),
        }
        rows, _next = log_page(cast.alpha)
        text = " ".join(f"{r.actor} {r.target}" for r in rows)
    assert CANARY_NAME not in text
    assert "gelöschtes Konto" in text


def test_counters_follow_the_erased_rows(cast: Cast, canary: User) -> None:
    from events.models import Event
    from public_marketplace.models import Impulse
    from workspaces.models import Workspace

    privacy.erase_person(canary)

    others = Impulse.objects.get(title="Erins Impuls")
    assert (others.support_count, others.participant_count) == (0, 0)
    with schema_context(cast.alpha.schema_name):
        assert Workspace.objects.get(slug="kira-alpha").member_count == 0
        assert Event.objects.get(title="Kiras Treffen").going_count == 0


def test_erasing_twice_is_harmless(cast: Cast, canary: User) -> None:
    first = privacy.erase_person(canary)
    second = privacy.erase_person(canary)

    assert first["public"]["accounts"] > 0
    assert second["sessions"] == 0
    assert all(count == 0 for count in second["public"].values())
    for counts in second["organisations"].values():
        assert all(count == 0 for count in counts.values())


def test_the_only_owner_of_an_organisation_is_refused_and_nothing_changes(cast: Cast) -> None:
    with pytest.raises(DomainError, match="einzige Eigentümer"):
        privacy.erase_person(cast.alice)
    assert User.objects.filter(pk=cast.alice.pk).exists()
    with schema_context(cast.alpha.schema_name):
        from intranet.models import Membership

        assert Membership.objects.filter(user=cast.alice, role=Role.OWNER).exists()


def test_an_owner_with_a_co_owner_hands_the_organisation_over(cast: Cast) -> None:
    add_member(organisation=cast.alpha, user=cast.bob, role=Role.OWNER)

    privacy.erase_person(cast.alice)

    assert Organisation.objects.get(pk=cast.alpha.pk).owner_id == cast.bob.pk
    assert not User.objects.filter(pk=cast.alice.pk).exists()


def test_the_web_erasure_wants_the_address_then_logs_out_everywhere(
    cast: Cast, canary: User, client_for: Any
) -> None:
    client = client_for(None, canary)
    assert "Konto löschen" in client.get("/konto/profil/").content.decode()

    wrong = client.post("/konto/loeschen/", {"confirm": "jemand@example.org"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=canary.pk).exists()

    done = client.post("/konto/loeschen/", {"confirm": CANARY_EMAIL.upper()})
    assert done.status_code == 200
    assert "Dein Konto ist gelöscht" in done.content.decode()
    assert not User.objects.filter(pk=canary.pk).exists()
    assert live_sessions(canary.pk) == 0
    assert client.get("/konto/profil/").status_code == 302


def test_the_web_erasure_shows_the_refusal_to_an_only_owner(cast: Cast, client_for: Any) -> None:
    response = client_for(None, cast.carol).post("/konto/loeschen/", {"confirm": cast.carol.email})
    assert response.status_code == 400
    assert "einzige Eigentümer" in response.content.decode()
    assert User.objects.filter(pk=cast.carol.pk).exists()


def test_the_owner_of_a_deactivated_organisation_waits_for_its_purge(cast: Cast) -> None:
    from tenants.models import OrganisationStatus

    Organisation.objects.filter(pk=cast.beta.pk).update(status=OrganisationStatus.DEACTIVATED)

    with pytest.raises(DomainError, match="deaktiviert"):
        privacy.erase_person(cast.carol)
    assert User.objects.filter(pk=cast.carol.pk).exists()


def test_erasure_refuses_a_post_without_a_csrf_token(cast: Cast, canary: User) -> None:
    client = Client(HTTP_HOST=settings.BASE_DOMAIN, enforce_csrf_checks=True)
    client.force_login(canary, backend="allauth.account.auth_backends.AuthenticationBackend")

    response = client.post("/konto/loeschen/", {"confirm": CANARY_EMAIL})

    assert response.status_code == 403
    assert User.objects.filter(pk=canary.pk).exists()


def test_a_get_of_the_erasure_page_changes_nothing(
    cast: Cast, canary: User, client_for: Any
) -> None:
    response = client_for(None, canary).get("/konto/loeschen/", {"confirm": CANARY_EMAIL})

    assert response.status_code == 200
    assert User.objects.filter(pk=canary.pk).exists()


def test_erasure_removes_the_failed_logins_counted_for_the_account(
    cast: Cast, canary: User
) -> None:
    from axes.models import AccessAttempt

    Client(HTTP_HOST="localhost").post(
        "/accounts/login/", {"login": CANARY_EMAIL, "password": "wrong-guess"}
    )
    assert AccessAttempt.objects.filter(username=CANARY_EMAIL.lower()).exists()
    privacy.erase_person(canary)
    assert not AccessAttempt.objects.filter(username=CANARY_EMAIL.lower()).exists()
