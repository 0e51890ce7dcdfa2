"""The member directory: own entries and contact privacy, admin actions, CSV import."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from intranet.models import Membership
from tenants.models import Invitation
from tests.cast import Cast


def membership(org: Any, user: Any) -> Membership:
    with schema_context(org.schema_name):
        return Membership.objects.get(user=user)


def upload(client: Any, text: str, name: str = "mitglieder.csv", encoding: str = "utf-8") -> Any:
    file = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return client.post("/mitglieder/import/", {"file": file})


def test_a_member_edits_their_entry_and_chooses_who_sees_contact_details(
    cast: Cast, client_for: Any
) -> None:
    bob = client_for(cast.alpha, cast.bob)
    data = {
        "function": "Kassenwart",
        "phone": "0341 123456",
        "contact_email": "",
        "contact_visibility": "admins",
    }
    assert bob.post("/mitglieder/profil/", data).status_code == 302
    entry = membership(cast.alpha, cast.bob)
    assert (entry.function, entry.contact_visibility) == ("Kassenwart", "admins")

    # Admins see the phone number; other members do not; the function is visible to all.
    assert "0341 123456" in client_for(cast.alpha, cast.alice).get("/mitglieder/").content.decode()
    seen_by_dave = client_for(cast.alpha, cast.dave).get("/mitglieder/").content.decode()
    assert "Kassenwart" in seen_by_dave and "0341 123456" not in seen_by_dave
    assert cast.bob.email not in seen_by_dave

    bob.post("/mitglieder/profil/", {**data, "contact_visibility": "members"})
    assert "0341 123456" in client_for(cast.alpha, cast.dave).get("/mitglieder/").content.decode()


def test_bad_profile_input_is_refused_and_changes_nothing(cast: Cast, client_for: Any) -> None:
    bob = client_for(cast.alpha, cast.bob)
    response = bob.post(
        "/mitglieder/profil/",
        {"function": "x" * 500, "contact_email": "kein-mail", "contact_visibility": "world"},
    )
    assert response.status_code == 400
    assert membership(cast.alpha, cast.bob).function == ""


def test_search_and_keyset_pages_in_name_order(cast: Cast, client_for: Any) -> None:
    from intranet import selectors

    with schema_context(cast.alpha.schema_name):
        first, after = selectors.directory_page()
        names = [m.user.display_name for m in first]
        assert names == sorted(names) and after is None
        assert [m.user for m in selectors.directory_page(query="bo")[0]] == [cast.bob]
    page = client_for(cast.alpha, cast.bob).get("/mitglieder/?q=Gin").content.decode()
    assert "Gina" in page and "Alice" not in page


def test_the_directory_runs_the_same_number_of_queries_however_many_members(
    cast: Cast, client_for: Any
) -> None:
    from accounts.models import User

    client = client_for(cast.alpha, cast.alice)
    client.get("/mitglieder/")
    with CaptureQueriesContext(connection) as before:
        client.get("/mitglieder/")
    users = [
        User.objects.create_user(email=f"m{i}@example.org", display_name=f"M {i:02d}")
        for i in range(30)
    ]
    with schema_context(cast.alpha.schema_name):
        for user in users:
            Membership.objects.create(user=user, role="member", function="Helfer")
    with CaptureQueriesContext(connection) as after:
        client.get("/mitglieder/")
    assert len(after) == len(before)


def test_admins_change_roles_deactivate_reactivate_and_remove(cast: Cast, client_for: Any) -> None:
    alice = client_for(cast.alpha, cast.alice)
    bob_id = cast.bob.public_id
    assert alice.post(f"/mitglieder/{bob_id}/rolle/", {"role": "guest"}).status_code == 302
    assert membership(cast.alpha, cast.bob).role == "guest"

    alice.post(f"/mitglieder/{bob_id}/deaktivieren/")
    assert not membership(cast.alpha, cast.bob).is_active
    assert client_for(cast.alpha, cast.bob).get("/mitglieder/profil/").status_code == 404
    former = alice.get("/mitglieder/?ehemalige=1").content.decode()
    assert "Bob" in former and "deaktiviert" in former

    alice.post(f"/mitglieder/{bob_id}/reaktivieren/")
    assert membership(cast.alpha, cast.bob).is_active

    alice.post(f"/mitglieder/{bob_id}/entfernen/")
    entry = membership(cast.alpha, cast.bob)
    assert not entry.is_active and entry.left_at is not None  # kept: shown as former member
    assert "ehemalig" in alice.get("/mitglieder/?ehemalige=1").content.decode()


def test_owners_cannot_be_deactivated_and_other_organisations_members_are_unknown(
    cast: Cast, client_for: Any
) -> None:
    carol = client_for(cast.beta, cast.carol)
    # Bob is alpha's member: on beta's host he does not exist.
    assert carol.post(f"/mitglieder/{cast.bob.public_id}/deaktivieren/").status_code == 404
    alice = client_for(cast.alpha, cast.alice)
    response = alice.post(f"/mitglieder/{cast.alice.public_id}/deaktivieren/", follow=True)
    assert "nicht selbst deaktivieren" in response.content.decode()
    assert membership(cast.alpha, cast.alice).is_active


def test_a_good_csv_file_invites_everyone(cast: Cast, client_for: Any) -> None:
    response = upload(
        client_for(cast.alpha, cast.alice),
        "E-Mail;Rolle\nneu1@example.org;Mitglied\nNEU2@example.org ;gast\n\nneu3@example.org;\n",
    )
    assert response.status_code == 302
    invited = dict(Invitation.objects.filter(organisation=cast.alpha).values_list("email", "role"))
    assert invited == {
        "neu1@example.org": "member",
        "neu2@example.org": "guest",
        "neu3@example.org": "member",
    }


def test_an_excel_csv_with_a_comma_and_windows_encoding_is_read(
    cast: Cast, client_for: Any
) -> None:
    text = "Name,E-Mail\r\nJürgen Müller,juergen@example.org\r\n"
    response = upload(client_for(cast.alpha, cast.alice), text, encoding="cp1252")
    assert response.status_code == 302
    assert Invitation.objects.filter(email="juergen@example.org").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Name;Telefon\nAnna;123\n", "Spalte „E-Mail“"),
        ("E-Mail\nkein-mail\nok@example.org\n", "Zeile 2: „kein-mail“ ist keine gültige"),
        ("E-Mail;Rolle\na@example.org;König\n", "Zeile 2: Unbekannte Rolle"),
        ("E-Mail\na@example.org\nA@example.org\n", "Zeile 3: Doppelt (schon in Zeile 2)"),
        ("E-Mail\nbob@example.org\n", "bereits Mitglied"),
        ("E-Mail;Rolle\nx@example.org;Admin\n", None),  # alice is owner: allowed
        ("E-Mail\n", "keine Personen"),
        ("\x00\x01binary", "keine CSV-Datei"),
    ],
)
def test_a_file_with_any_bad_row_is_rejected_whole_with_every_problem(
    cast: Cast, client_for: Any, text: str, expected: str | None
) -> None:
    if "bob@example.org" in text:
        text = text.replace("bob@example.org", cast.bob.email)
    response = upload(client_for(cast.alpha, cast.alice), text)
    if expected is None:
        assert response.status_code == 302
        return
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Invitation.objects.filter(organisation=cast.alpha).exists()


def test_members_cannot_import_and_an_import_respects_the_member_limit(
    cast: Cast, client_for: Any
) -> None:
    from billing import services as billing_services
    from billing.entitlements import forget_plans, members_counted
    from billing.models import Plan

    assert upload(client_for(cast.alpha, cast.bob), "E-Mail\na@example.org\n").status_code == 403
    billing_services.sync_plans()
    Plan.objects.filter(slug="free").update(member_limit=members_counted(cast.alpha) + 1)
    forget_plans()
    rows = "E-Mail;Rolle\na@example.org;Mitglied\nb@example.org;Mitglied\nc@example.org;Gast\n"
    response = upload(client_for(cast.alpha, cast.alice), rows)
    assert response.status_code == 400
    assert "frei sind noch 1 " in response.content.decode()
    assert not Invitation.objects.filter(organisation=cast.alpha).exists()


def test_the_api_lists_functions_and_shares_contacts_only_as_chosen(
    cast: Cast, client_for: Any
) -> None:
    from intranet.services import update_profile

    update_profile(
        organisation=cast.alpha,
        user=cast.bob,
        function="Kassenwart",
        phone="0341 1",
        contact_email="",
        contact_visibility="admins",
    )

    def bob_as_seen_by(user: Any) -> dict[str, Any]:
        rows = client_for(cast.alpha, user).get("/api/v1/members/").json()["results"]
        return next(r for r in rows if r["id"] == str(cast.bob.public_id))

    assert bob_as_seen_by(cast.alice)["contact"] == {"email": cast.bob.email, "phone": "0341 1"}
    assert bob_as_seen_by(cast.dave)["contact"] is None
    assert bob_as_seen_by(cast.dave)["function"] == "Kassenwart"
