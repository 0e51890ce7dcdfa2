"""Deny by default (AUTH-1): an API view that does not name who may use it refuses everyone,
and every routed view names its permission classes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from accounts.models import User
from config.api_permissions import DenyAll


class Forgotten(APIView):
    """A view whose author forgot ``permission_classes``."""

    def get(self, request: Any) -> Response:
        return Response({"secret": True})

    def post(self, request: Any) -> Response:
        return Response({"written": True})


def test_a_view_without_permission_classes_refuses_even_a_signed_in_caller() -> None:
    admin = User(pk=1, email="root@example.org", is_active=True)
    factory = APIRequestFactory()
    for request in (factory.get("/"), factory.post("/", {}, format="json")):
        force_authenticate(request, user=admin)
        response = Forgotten.as_view()(request)
        assert response.status_code == 403
        assert response.data == {"detail": DenyAll.message}


def _drf_views(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, type[APIView]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _drf_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if isinstance(view, type) and issubclass(view, APIView):
                yield prefix + str(pattern.pattern), view


@pytest.mark.parametrize("urlconf", ["config.urls_public", "config.urls_tenant"])
def test_every_routed_api_view_names_who_may_use_it(urlconf: str) -> None:
    views = list(_drf_views(get_resolver(urlconf).url_patterns))
    assert len(views) > 10  # the walk found the API at all
    unnamed = sorted(
        {path for path, view in views if DenyAll in view.permission_classes}
        | {path for path, view in views if not view.permission_classes}
    )
    assert unnamed == [], f"API views without permission_classes: {unnamed}"
