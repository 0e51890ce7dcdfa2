"""Schemathesis against both OpenAPI schemas, in-process (docs/security.md WEB-4).

Each operation of the public network's schema and of an organisation's schema is called with
generated input, valid and invalid, anonymously and with a member's API token, and every
response is checked with all of Schemathesis's checks: no server error, every status, content
type, header and body as the schema says, invalid input refused, valid input accepted.

The examples are few and derandomised, so a run is repeatable and short. The requests go
through Django's WSGI handler on the test's database connection: everything they write is
rolled back with the test's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import CHECKS, load_all_checks

from tests.cast import Cast
from tests.conftest import host_of

load_all_checks()
ALL_CHECKS = CHECKS.get_all()
# Two checks are left out where they flag intended behaviour:
# - positive_data_acceptance expects every schema-valid request to succeed. But validity also
#   depends on stored state and on rules between fields that JSON Schema cannot state, which
#   the services check with the same messages as the web forms: a group slug that exists (an
#   unknown one is a 400 by design, tests/workspaces/test_api.py), an end after its start, a
#   closing date in the future, a free slug, text that is not only spaces, a follow target's
#   fields.
# - negative_data_rejection on request bodies: DRF reads JSON scalars leniently by design, as
#   the web forms do (0 or "false" for a boolean, a number for a text). On query and path
#   parameters it runs: a page size that is no positive number, an id that is no UUID, a NUL
#   character are all refused.
# Every other check runs on every operation: no server error, every status, content type,
# header and body as documented, credentials honoured, methods and Allow headers.
READ_CHECKS = [check for check in ALL_CHECKS if check.__name__ != "positive_data_acceptance"]
WRITE_CHECKS = [check for check in READ_CHECKS if check.__name__ != "negative_data_rejection"]
EXAMPLES = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI application on the test's own connection: the handler's signals would
    close it (and with it the test's transaction) around every request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield APP
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def paid_alpha(cast: Cast) -> Cast:
    """Alpha on a plan with API access, so a member's token reaches the intranet's API."""
    from billing import services
    from billing.entitlements import forget_entitlements
    from billing.models import BillingAccount, Plan

    services.sync_plans()
    BillingAccount.objects.create(
        organisation=cast.alpha, plan=Plan.objects.get(slug="partei"), status="active"
    )
    forget_entitlements(cast.alpha)
    return cast


def _schema(urlconf: str) -> Any:
    """The schema /api/schema/ serves on that kind of host (the test below compares them)."""
    document = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(json.loads(json.dumps(document, default=str)))


APP = WSGIHandler()
public = _schema("config.urls_public")
alpha = _schema("config.urls_tenant")
# Checks that send requests of their own (ignored_auth: the same without credentials) use it.
public.app = alpha.app = APP


# Real API tokens (DRF's, as /api/v1/auth/token/ hands out), stored by the ``tokens`` fixture in
# the test's transaction. Given to Schemathesis as its auth, so its checks know the credentials
# are real (and also try requests without them). Schemathesis asks for them while it collects
# the tests, before any database access: hence keys fixed in advance.
TOKENS = {"erin@example.org": Token.generate_key(), "bob@example.org": Token.generate_key()}


@pytest.fixture
def tokens(cast: Cast) -> None:
    for user in (cast.erin, cast.bob):
        Token.objects.create(user=user, key=TOKENS[user.email])


class _Token:
    email = ""

    def get(self, case: Any, ctx: Any) -> str:
        return TOKENS[self.email]

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


class ErinsToken(_Token):
    email = "erin@example.org"  # a citizen of the network


class BobsToken(_Token):
    email = "bob@example.org"  # a member of alpha


def _call(case: Any, app: WSGIHandler, host: str) -> None:
    checks = READ_CHECKS if case.method == "GET" else WRITE_CHECKS
    case.call_and_validate(app=app, base_url=f"http://{host}", checks=checks)


@pytest.mark.parametrize(
    ("urlconf", "on_alpha"), [("config.urls_public", False), ("config.urls_tenant", True)]
)
def test_the_schema_tested_is_the_schema_served(
    cast: Cast, client_for, urlconf: str, on_alpha: bool
) -> None:
    served = client_for(cast.alpha if on_alpha else None).get("/api/schema/?format=json").json()
    generated = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    assert served["paths"] == json.loads(json.dumps(generated["paths"], default=str))


@public.parametrize()
@EXAMPLES
def test_public_network_anonymously(case: Any, wsgi_app: WSGIHandler, cast: Cast) -> None:
    _call(case, wsgi_app, django_settings.BASE_DOMAIN)


@public.auth.apply(ErinsToken, refresh_interval=None)
@public.parametrize()
@EXAMPLES
def test_public_network_with_a_token(case: Any, wsgi_app: WSGIHandler, tokens: None) -> None:
    _call(case, wsgi_app, django_settings.BASE_DOMAIN)


@alpha.parametrize()
@EXAMPLES
def test_intranet_anonymously(case: Any, wsgi_app: WSGIHandler, paid_alpha: Cast) -> None:
    _call(case, wsgi_app, host_of(paid_alpha.alpha))


@alpha.auth.apply(BobsToken, refresh_interval=None)
@alpha.parametrize()
@EXAMPLES
def test_intranet_with_a_members_token(
    case: Any, wsgi_app: WSGIHandler, paid_alpha: Cast, tokens: None
) -> None:
    _call(case, wsgi_app, host_of(paid_alpha.alpha))
