from __future__ import annotations

from django.core import mail

from tenants import services
from tenants.db import connection
from tenants.models import Organisation, OrganisationStatus, Role
from tests.cast import Cast


def test_creating_an_organisation_answers_at_once_and_shows_the_preparation(
    cast: Cast, client_for, django_capture_on_commit_callbacks
) -> None:
    client = client_for(None, cast.erin)
    with django_capture_on_commit_callbacks():
        response = client.post(
            "/organisationen/neu/",
            {"name": "Kiezverein Plagwitz", "slug": "kiez-plagwitz", "kind": "association"},
        )
    organisation = Organisation.objects.get(slug="kiez-plagwitz")
    assert response.status_code == 302
    assert response["Location"] == f"/organisationen/{organisation.public_id}/"
    page = client.get(response["Location"])
    assert "wird vorbereitet" in page.content.decode()
    # The intranet host answers "being prepared" until the schema is ready …
    assert client_for(organisation, cast.erin).get("/").status_code == 503
    services.provision_organisation(organisation_id=organisation.pk)
    # … and the htmx poll swaps in the link once it is.
    partial = client.get(f"/organisationen/{organisation.public_id}/", HTTP_HX_REQUEST="true")
    assert "Zum Intranet" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert client_for(organisation, cast.erin).get("/").status_code == 200


def test_a_taken_or_reserved_address_gets_a_form_error_and_nothing_is_created(
    cast: Cast, client_for
) -> None:
    client = client_for(None, cast.erin)
    before = Organisation.objects.count()
    for slug, message in (
        ("alpha", "bereits vergeben"),
        ("admin", "reserviert"),
        ("A!", "Kleinbuchstaben"),
    ):
        response = client.post("/organisationen/neu/", {"name": "X", "slug": slug, "kind": "party"})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Organisation.objects.count() == before


def test_the_api_registers_an_organisation_with_202_and_explains_bad_input(
    cast: Cast, client_for
) -> None:
    client = client_for(None, cast.erin)
    created = client.post(
        "/api/v1/organisations/",
        {"name": "API Verein", "slug": "api-verein", "kind": "association"},
        content_type="application/json",
    )
    assert created.status_code == 202
    assert created.json()["status"] == OrganisationStatus.PROVISIONING
    assert created.json()["url"].startswith("http")

    taken = client.post(
        "/api/v1/organisations/",
        {"name": "X", "slug": "alpha", "kind": "party"},
        content_type="application/json",
    )
    assert taken.status_code == 400
    assert taken.json()["code"] == "taken" and "slug" in taken.json()
    bad_kind = client.post(
        "/api/v1/organisations/",
        {"name": "X", "slug": "ok-slug", "kind": "sect"},
        content_type="application/json",
    )
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()
    assert not Organisation.objects.filter(slug__in=["ok-slug"]).exists()


class TestInvitationPages:
    def test_an_admin_invites_from_the_members_page(
        self, cast: Cast, client_for, django_capture_on_commit_callbacks
    ) -> None:
        client = client_for(cast.alpha, cast.alice)
        with django_capture_on_commit_callbacks() as callbacks:
            response = client.post("/mitglieder/", {"email": "neu@example.org", "role": "member"})
        assert response.status_code == 302
        assert len(callbacks) == 1
        bad = client.post("/mitglieder/", {"email": "kaputt", "role": "member"})
        assert bad.status_code == 400

    def test_a_member_cannot_invite(self, cast: Cast, client_for) -> None:
        response = client_for(cast.alpha, cast.bob).post(
            "/mitglieder/", {"email": "neu@example.org", "role": "member"}
        )
        assert response.status_code == 403

    def test_a_new_person_signs_up_through_the_link_and_lands_in_the_intranet(
        self, cast: Cast, client_for
    ) -> None:
        issued = services.invite_member(
            organisation=cast.alpha,
            email="frida@example.org",
            role=Role.MEMBER,
            invited_by=cast.alice,
        )
        connection.set_schema_to_public()
        client = client_for(cast.alpha)
        page = client.get(f"/einladung/{issued.token}/")
        assert page.status_code == 200 and "frida@example.org" in page.content.decode()
        weak = client.post(
            f"/einladung/{issued.token}/", {"display_name": "Frida", "password": "12345678"}
        )
        assert weak.status_code == 400
        response = client.post(
            f"/einladung/{issued.token}/",
            {"display_name": "Frida", "password": "ein-gutes-passwort-42"},
        )
        assert response.status_code == 302
        home = client.get("/")
        assert "Willkommen bei Alpha Partei" in home.content.decode()
        again = client_for(cast.alpha).get(f"/einladung/{issued.token}/")
        assert again.status_code == 410 and "bereits angenommen" in again.content.decode()

    def test_an_existing_user_accepts_while_logged_in(self, cast: Cast, client_for) -> None:
        issued = services.invite_member(
            organisation=cast.beta, email=cast.erin.email, role=Role.GUEST, invited_by=cast.carol
        )
        connection.set_schema_to_public()
        client = client_for(cast.beta, cast.erin)
        assert client.get("/").status_code == 403
        assert client.post(f"/einladung/{issued.token}/").status_code == 302
        assert client.get("/").status_code == 200

    def test_the_api_invites_and_refuses_bad_input_with_json(self, cast: Cast, client_for) -> None:
        client = client_for(cast.alpha, cast.alice)
        ok = client.post(
            "/api/v1/invitations/",
            {"email": "api@example.org", "role": "guest"},
            content_type="application/json",
        )
        assert ok.status_code == 201 and ok.json()["role"] == "guest"
        member = client.post(
            "/api/v1/invitations/", {"email": "bob@example.org"}, content_type="application/json"
        )
        assert member.status_code == 400 and member.json()["code"] == "already_member"
        nonsense = client.post(
            "/api/v1/invitations/", {"email": "nope"}, content_type="application/json"
        )
        assert nonsense.status_code == 400 and "email" in nonsense.json()
        assert (
            client_for(cast.alpha, cast.bob)
            .post(
                "/api/v1/invitations/", {"email": "x@example.org"}, content_type="application/json"
            )
            .status_code
            == 403
        )
        assert len(mail.outbox) == 0  # e-mails go out through the worker, after commit


def test_removing_a_member_ends_access_with_the_next_request(cast: Cast, client_for) -> None:
    from intranet.services import remove_member

    client = client_for(cast.alpha, cast.bob)
    assert client.get("/mitglieder/").status_code == 200
    remove_member(organisation=cast.alpha, user=cast.bob, acting_user=cast.alice)
    connection.set_schema_to_public()
    assert client.get("/mitglieder/").status_code == 404
    assert client.get("/api/v1/members/").status_code == 403


def test_lowering_a_role_takes_effect_with_the_next_request(cast: Cast, client_for) -> None:
    from intranet.services import change_role

    client = client_for(cast.alpha, cast.bob)
    assert client.get("/mitglieder/").status_code == 200
    change_role(organisation=cast.alpha, user=cast.bob, role=Role.GUEST, acting_user=cast.alice)
    connection.set_schema_to_public()
    assert client.get("/mitglieder/").status_code == 403


def test_the_owner_deactivates_after_typing_the_address(cast: Cast, client_for) -> None:
    client = client_for(cast.alpha, cast.alice)
    wrong = client.post("/einstellungen/deaktivieren/", {"confirm": "falsch"})
    assert wrong.status_code == 400
    assert Organisation.objects.get(pk=cast.alpha.pk).is_ready
    assert client.post("/einstellungen/deaktivieren/", {"confirm": "alpha"}).status_code == 302
    assert Organisation.objects.get(pk=cast.alpha.pk).status == OrganisationStatus.DEACTIVATED
    assert client.get("/").status_code == 410


def test_the_navigation_switches_between_a_persons_organisations(cast: Cast, client_for) -> None:
    page = client_for(cast.alpha, cast.dave).get("/").content.decode()
    assert "Organisation wechseln" in page
    assert "to=https%3A%2F%2Fbeta.localhost%2F" in page and "Beta Gewerkschaft" in page
    assert "Alpha Partei" in page


def test_the_address_help_text_names_the_real_domain(cast: Cast, client_for, settings) -> None:
    page = client_for(None, cast.erin).get("/organisationen/neu/").content.decode()
    assert "%(domain)s" not in page
    assert f"&lt;adresse&gt;.{settings.BASE_DOMAIN}" in page


def test_the_address_help_text_names_the_real_domain_in_english_too(
    cast: Cast, client_for, settings
) -> None:
    client = client_for(None, cast.erin)
    client.cookies["django_language"] = "en"
    page = client.get("/organisationen/neu/").content.decode()
    assert "%(domain)s" not in page and f"&lt;address&gt;.{settings.BASE_DOMAIN}" in page
