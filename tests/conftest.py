from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tenants.db import connection
from tests.cast import PASSWORD, Cast
from tests.isolation import clear_caches


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests first: their process starts with them (scheduled together, see below).
    items.sort(key=lambda item: not item.nodeid.startswith("tests/e2e/"))


def pytest_xdist_make_scheduler(config: Any, log: Any) -> Any:
    """`make test` runs two processes (`-n 2 --dist loadfile`): a module's tests stay together,
    and all browser tests run in one process, with one live stack and one Chromium beside the
    other process's tests (two of each overload two cores and PostgreSQL's hundred clients)."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class BrowserTestsTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("tests/e2e/"):
                return "tests/e2e"
            return str(super()._split_scope(nodeid))

    return BrowserTestsTogether(config, log)


def _make_cast() -> Cast:
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from intranet.services import add_member
    from tenants import services
    from tenants.management.commands.seed_demo import ensure_public_tenant
    from tenants.models import OrganisationKind, Role

    public = ensure_public_tenant(settings.BASE_DOMAIN)
    from public_marketplace.models import Topic
    from public_marketplace.services.cities import city_data_path, load_city_file

    load_city_file(path=city_data_path("leipzig"))
    for name, slug in (("Verkehr", "verkehr"), ("Grün", "gruen"), ("Kultur", "kultur")):
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})

    def person(name: str, **extra: Any) -> User:
        user = User.objects.create_user(
            email=f"{name}@example.org", password=PASSWORD, display_name=name.title(), **extra
        )
        User.objects.filter(pk=user.pk).update(is_verified=True)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        user.refresh_from_db()
        return user

    alice, bob, gina, carol, dave, erin = (
        person(n) for n in ("alice", "bob", "gina", "carol", "dave", "erin")
    )
    staff = person("staff", is_staff=True)
    # Platform staff: all model permissions in the public schema (as `createsuperuser` gives).
    perms = staff.usertenantpermissions
    perms.is_superuser = True
    perms.save(update_fields=["is_superuser"])

    def organisation(name: str, slug: str, kind: str, owner: User) -> Any:
        org = services.register_organisation(
            name=name, slug=slug, kind=kind, owner=owner, enqueue=False
        )
        return services.provision_organisation(organisation_id=org.pk)

    alpha = organisation("Alpha Partei", "alpha", OrganisationKind.PARTY, alice)
    beta = organisation("Beta Gewerkschaft", "beta", OrganisationKind.UNION, carol)
    add_member(organisation=alpha, user=bob, role=Role.MEMBER)
    add_member(organisation=alpha, user=gina, role=Role.GUEST)
    add_member(organisation=alpha, user=dave, role=Role.MEMBER)
    add_member(organisation=beta, user=dave, role=Role.MEMBER)
    connection.set_schema_to_public()
    return Cast(public, alpha, beta, alice, bob, gina, carol, dave, erin, staff)


@pytest.fixture(scope="session")
def _cast(django_db_setup: None, django_db_blocker: Any) -> Cast:
    with django_db_blocker.unblock():
        return _make_cast()


@pytest.fixture
def cast(_cast: Cast, db: None) -> Cast:
    """The standing cast; each test runs in a transaction that is rolled back afterwards."""
    for user in (
        _cast.alice,
        _cast.bob,
        _cast.gina,
        _cast.carol,
        _cast.dave,
        _cast.erin,
        _cast.staff,
    ):
        user.refresh_from_db()
    from billing.entitlements import forget_entitlements

    for organisation in (_cast.alpha, _cast.beta):
        forget_entitlements(organisation)  # remembered per object; the cast lives all session
    return _cast


@pytest.fixture(autouse=True)
def _generous_rate_limits(request: Any, settings: Any) -> None:
    """Tests make many objects quickly; tests marked ``ratelimits`` keep the real limits."""
    if request.node.get_closest_marker("ratelimits") is None:
        from config.ratelimit import DEFAULT_LIMITS

        settings.RATE_LIMITS = {
            action: (100_000, window) for action, (_, window) in DEFAULT_LIMITS.items()
        }


@pytest.fixture(autouse=True)
def _public_schema_and_clean_cache() -> Iterator[None]:
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()
    clear_caches()


def host_of(organisation: Any) -> str:
    return (
        f"{organisation.slug}.{settings.BASE_DOMAIN}" if organisation.slug else settings.BASE_DOMAIN
    )


class TenantClient(Client):
    """Like a server process, every request starts from the public schema and ends there."""

    def request(self, **request: Any) -> Any:
        connection.set_schema_to_public()
        try:
            return super().request(**request)
        finally:
            connection.set_schema_to_public()


@pytest.fixture
def client_for():
    """A test client on an organisation's host (or the root domain), optionally logged in."""

    def make(organisation: Any = None, user: Any = None) -> Client:
        host = host_of(organisation) if organisation is not None else settings.BASE_DOMAIN
        client = TenantClient(HTTP_HOST=host)
        if user is not None:
            client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return make


@pytest.fixture
def route_objects(cast: Cast) -> dict[str, str]:
    """The objects the matrix paths point at (an impulse, a comment …), made fresh per test."""
    from tenants.db import connection
    from tests.matrix import OBJECT_FACTORIES

    values: dict[str, str] = {}
    for factory in OBJECT_FACTORIES:
        values.update(factory(cast))
        connection.set_schema_to_public()
    return values
