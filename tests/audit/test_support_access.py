"""Support access (docs/security.md AUTH-8): platform staff see an organisation's intranet only
under an owner's time-limited grant, read-only, and every request they make is logged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from audit import services
from audit.models import Action, AuditEntry, SupportGrant
from tenants.models import Invitation, Organisation
from tenants.services import OrganisationError
from tests.cast import Cast

PAGES = ["/", "/mitglieder/", "/gruppen/", "/termine/", "/dokumente/"]


def grant(organisation: Organisation, owner: Any, **extra: Any) -> SupportGrant:
    values = {"hours": 2, "reason": "Ticket 4711", "role": "member", **extra}
    return services.grant_support_access(organisation=organisation, acting_user=owner, **values)


def accesses(organisation: Organisation) -> list[dict[str, Any]]:
    with schema_context(organisation.schema_name):
        return [
            {**e.details, "actor_kind": e.actor_kind}
            for e in AuditEntry.objects.filter(action=Action.SUPPORT_ACCESS).order_by("id")
        ]


def test_without_a_grant_staff_get_404_and_nothing_is_logged(cast: Cast, client_for: Any) -> None:
    client = client_for(cast.alpha, cast.staff)
    assert client.get("/mitglieder/").status_code == 404
    assert client.get("/").status_code == 403  # the home page's "no access" page, as before
    assert accesses(cast.alpha) == []


def test_with_a_grant_staff_read_the_pages_and_each_request_is_logged(
    cast: Cast, client_for: Any
) -> None:
    grant(cast.alpha, cast.alice)
    client = client_for(cast.alpha, cast.staff)
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    page = client.get("/mitglieder/", {"q": "Bob"}).content.decode()
    assert "Bob" in page and "nur lesend" in page  # the banner tells staff where they are

    logged = accesses(cast.alpha)
    assert [e["path"] for e in logged] == [*PAGES, "/mitglieder/"]
    assert {(e["method"], e["status"], e["actor_kind"]) for e in logged} == {("GET", 200, "staff")}
    assert all("Bob" not in str(e) for e in logged)  # the query string is not stored


def test_member_scope_keeps_admin_and_owner_pages_closed(cast: Cast, client_for: Any) -> None:
    grant(cast.alpha, cast.alice)
    client = client_for(cast.alpha, cast.staff)
    assert client.get("/mitglieder/import/").status_code == 403
    assert client.get("/einstellungen/abrechnung/").status_code == 403
    assert client.get("/einstellungen/").status_code == 403
    assert client.get("/einstellungen/protokoll/").status_code == 403
    assert client.get("/api/v1/members/").status_code == 403  # pages only, not the API


def test_admin_scope_opens_admin_pages_but_not_the_owners(cast: Cast, client_for: Any) -> None:
    grant(cast.alpha, cast.alice, role="admin")
    client = client_for(cast.alpha, cast.staff)
    assert client.get("/mitglieder/import/").status_code == 200
    assert client.get("/einstellungen/abrechnung/").status_code == 200
    assert client.get("/mitglieder/", {"ehemalige": "1"}).context["former"] is True
    assert client.get("/einstellungen/support/").status_code == 403


def test_writes_are_refused_logged_and_change_nothing(cast: Cast, client_for: Any) -> None:
    grant(cast.alpha, cast.alice, role="admin")
    client = client_for(cast.alpha, cast.staff)
    before = Invitation.objects.count()
    response = client.post("/mitglieder/", {"email": "x@example.org", "role": "member"})
    assert response.status_code == 403
    assert "nur lesend" in response.content.decode()
    assert client.post(f"/mitglieder/{cast.bob.public_id}/entfernen/").status_code == 403
    assert Invitation.objects.count() == before
    assert [(e["method"], e["status"]) for e in accesses(cast.alpha)] == [("POST", 403)] * 2


def test_an_expired_grant_closes_by_itself(cast: Cast, client_for: Any) -> None:
    given = grant(cast.alpha, cast.alice)
    client = client_for(cast.alpha, cast.staff)
    assert client.get("/mitglieder/").status_code == 200
    with schema_context(cast.alpha.schema_name):
        SupportGrant.objects.filter(pk=given.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    assert client.get("/mitglieder/").status_code == 404
    assert len(accesses(cast.alpha)) == 1


def test_the_owner_revokes_at_any_time(cast: Cast, client_for: Any) -> None:
    given = grant(cast.alpha, cast.alice)
    staff = client_for(cast.alpha, cast.staff)
    assert staff.get("/mitglieder/").status_code == 200
    owner = client_for(cast.alpha, cast.alice)
    assert owner.post(f"/einstellungen/support/{given.pk}/beenden/").status_code == 302
    assert staff.get("/mitglieder/").status_code == 404
    with schema_context(cast.alpha.schema_name):
        actions = list(AuditEntry.objects.order_by("id").values_list("action", "actor_id"))
    assert actions == [
        (Action.SUPPORT_GRANTED, cast.alice.pk),
        (Action.SUPPORT_ACCESS, cast.staff.pk),
        (Action.SUPPORT_REVOKED, cast.alice.pk),
    ]


def test_another_organisations_grant_does_not_open_this_one(cast: Cast, client_for: Any) -> None:
    grant(cast.beta, cast.carol)
    assert client_for(cast.beta, cast.staff).get("/mitglieder/").status_code == 200
    assert client_for(cast.alpha, cast.staff).get("/mitglieder/").status_code == 404
    assert accesses(cast.alpha) == []


def test_a_grant_opens_nothing_for_people_who_are_not_staff(cast: Cast, client_for: Any) -> None:
    grant(cast.alpha, cast.alice)
    assert client_for(cast.alpha, cast.erin).get("/mitglieder/").status_code == 404
    assert client_for(cast.alpha, cast.carol).get("/mitglieder/").status_code == 404
    assert client_for(cast.alpha, cast.bob).get("/mitglieder/").status_code == 200
    assert accesses(cast.alpha) == []


def test_only_owners_grant_within_1_to_72_hours_with_a_reason(cast: Cast, client_for: Any) -> None:
    with pytest.raises(OrganisationError):
        grant(cast.alpha, cast.bob)
    for bad in ({"hours": 0}, {"hours": 73}, {"reason": "x"}, {"role": "owner"}):
        with pytest.raises(OrganisationError):
            grant(cast.alpha, cast.alice, **bad)
    grant(cast.alpha, cast.alice)
    with pytest.raises(OrganisationError):  # one valid grant at a time
        grant(cast.alpha, cast.alice)

    owner = client_for(cast.alpha, cast.alice)
    response = owner.post("/einstellungen/support/", {"hours": "100", "reason": "", "role": "x"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"hours", "reason", "role"}
    page = owner.get("/einstellungen/support/").content.decode()
    assert "Ticket 4711" in page and "Zugang jetzt beenden" in page


def test_the_grant_page_works_by_form(cast: Cast, client_for: Any) -> None:
    owner = client_for(cast.alpha, cast.alice)
    response = owner.post(
        "/einstellungen/support/", {"hours": "3", "reason": "Anfrage 12", "role": "admin"}
    )
    assert response.status_code == 302
    with schema_context(cast.alpha.schema_name):
        given = SupportGrant.objects.get()
    assert (given.role, given.reason, given.granted_by_id) == ("admin", "Anfrage 12", cast.alice.pk)
    assert timedelta(hours=2, minutes=59) < given.expires_at - timezone.now() <= timedelta(hours=3)
    assert owner.post("/einstellungen/support/999999/beenden/").status_code == 302  # message


def test_members_pay_no_extra_query_for_the_support_check(
    cast: Cast, client_for: Any, django_assert_num_queries: Any
) -> None:
    """The middleware's membership lookup is the one the page would make anyway."""
    client = client_for(cast.alpha, cast.bob)
    client.get("/mitglieder/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/mitglieder/")
    membership_lookups = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "intranet_membership"' in q["sql"]
        and '"intranet_membership"."user_id" = ' in q["sql"]
        and "LIMIT 1" in q["sql"]
    ]
    assert len(membership_lookups) == 1


def test_member_scope_does_not_reveal_secret_groups(cast: Cast, client_for: Any) -> None:
    from workspaces.models import Visibility, Workspace

    with schema_context(cast.alpha.schema_name):
        Workspace.objects.create(
            name="Vorstand intern",
            slug="vorstand",
            visibility=Visibility.SECRET,
            created_by=cast.alice,
        )
    given = grant(cast.alpha, cast.alice)
    client = client_for(cast.alpha, cast.staff)
    assert "Vorstand intern" not in client.get("/gruppen/").content.decode()
    assert client.get("/gruppen/vorstand/").status_code == 404
    services.revoke_support_access(
        organisation=cast.alpha, acting_user=cast.alice, grant_id=given.pk
    )
    grant(cast.alpha, cast.alice, role="admin")  # admins moderate every group, so this one sees it
    assert "Vorstand intern" in client.get("/gruppen/").content.decode()
