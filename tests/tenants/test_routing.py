from __future__ import annotations

import pytest
from django.test.utils import CaptureQueriesContext

from tenants import services
from tenants.db import connection
from tenants.models import Organisation
from tests.cast import Cast


def test_the_root_domain_serves_the_public_network(cast: Cast, client_for) -> None:
    response = client_for().get("/")
    assert response.status_code == 200
    assert "Ideen für Leipzig" in response.content.decode()


def test_an_organisation_host_serves_its_intranet(cast: Cast, client_for) -> None:
    response = client_for(cast.alpha, cast.bob).get("/")
    assert response.status_code == 200
    assert "Willkommen bei Alpha Partei" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_an_unknown_host_gets_a_friendly_404(cast: Cast, client_for) -> None:
    from django.test import Client

    response = Client(HTTP_HOST="nirgendwo.localhost").get("/irgendwas/")
    assert response.status_code == 404
    assert "Diese Adresse kennen wir nicht" in response.content.decode()
    assert Client(HTTP_HOST="nirgendwo.localhost").get("/healthz").status_code == 200


def test_a_schema_that_is_not_ready_is_never_entered(cast: Cast, client_for) -> None:
    organisation = services.register_organisation(
        name="Im Aufbau", slug="im-aufbau", owner=cast.erin, kind="other", enqueue=False
    )
    with CaptureQueriesContext(connection) as queries:
        response = client_for(organisation, cast.erin).get("/mitglieder/")
    assert response.status_code == 503
    assert "wird vorbereitet" in response.content.decode()
    assert not any("org_im_aufbau" in q["sql"] for q in queries.captured_queries)


def test_deactivation_closes_the_intranet_on_the_next_request(cast: Cast, client_for) -> None:
    client = client_for(cast.alpha, cast.alice)
    assert client.get("/").status_code == 200  # warms the host cache
    services.deactivate_organisation(
        organisation=Organisation.objects.get(pk=cast.alpha.pk), acting_user=cast.alice
    )
    response = client.get("/")
    assert response.status_code == 410
    assert "deaktiviert" in response.content.decode()


def test_the_host_lookup_is_cached_and_the_search_path_set_once(cast: Cast, client_for) -> None:
    client = client_for(cast.alpha)
    client.get("/healthz")  # first request: looks the host up and caches it
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
        client.get("/")
    sql = [q["sql"] for q in queries.captured_queries]
    assert not any("tenants_domain" in s for s in sql), sql
    assert sum("search_path" in s.lower() for s in sql) <= 1, sql


# The start page gathers news, events, votes, invitations and first steps (intranet.dashboard).
@pytest.mark.parametrize(
    ("path", "bound"), [("/", 16), ("/mitglieder/", 12), ("/api/v1/members/", 12)]
)
def test_each_intranet_page_runs_a_bounded_number_of_queries(
    cast: Cast, client_for, path: str, bound: int
) -> None:
    from accounts.models import User
    from intranet.services import add_member

    client = client_for(cast.alpha, cast.alice)
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    for i in range(15):
        user = User.objects.create_user(email=f"extra{i}@example.org", password="x-pass-12345")
        add_member(organisation=cast.alpha, user=user, role="member")
    connection.set_schema_to_public()
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= bound


def test_the_same_organisation_again_needs_no_search_path_statement(cast: Cast, client_for) -> None:
    from django.test import Client

    from tenants.db import connection as tenant_connection

    client = Client(HTTP_HOST="alpha.localhost")  # like a server worker: no reset between requests
    client.force_login(cast.bob, backend="allauth.account.auth_backends.AuthenticationBackend")
    client.get("/")
    with CaptureQueriesContext(tenant_connection) as queries:
        client.get("/mitglieder/")
    sql = [q["sql"].lower() for q in queries.captured_queries]
    assert not any("search_path" in s for s in sql), sql
