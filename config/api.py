"""API conventions shared by every endpoint."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import APIRootView, DefaultRouter
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from config.domain import DomainError

# A public id in a route: the same pattern as Django's ``<uuid:…>`` converter, so an id of the
# right length that is no UUID (36 zeros) is an unknown route (404), never a failed lookup.
UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


class ApiRootView(APIRootView):
    """The router's index of endpoints: for signed-in callers, as before deny-by-default."""

    permission_classes = [IsAuthenticated]


class ApiRouter(DefaultRouter):
    APIRootView = ApiRootView


class ByPublicId:
    """Viewset mix-in: objects are addressed by their ``public_id`` (a UUID) in the route."""

    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Domain errors become 4xx with a JSON body, like DRF's own validation errors."""
    if isinstance(exc, DomainError):
        code = {
            "forbidden": status.HTTP_403_FORBIDDEN,
            "not_found": status.HTTP_404_NOT_FOUND,
            "rate_limited": status.HTTP_429_TOO_MANY_REQUESTS,
            "conflict": status.HTTP_409_CONFLICT,
        }.get(exc.code, status.HTTP_400_BAD_REQUEST)
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body = {exc.field: [exc.message], "code": exc.code}
        return Response(body, status=code)
    return drf_exception_handler(exc, context)


class CursorPage(CursorPagination):
    """Cursor pagination: stays fast on deep pages (no COUNT, no OFFSET)."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("-id",)

    def get_page_size(self, request: Any) -> int:
        """A ``page_size`` that is no positive whole number is a 400, not silently ignored."""
        if self.page_size_query_param in request.query_params:
            return page_size_param(request, self.page_size_query_param, self.max_page_size)
        return self.page_size


def page_size_param(request: Any, name: str, maximum: int) -> int:
    """A positive page size from the query, at most ``maximum``; else a 400 naming it."""
    from django.utils.translation import gettext as _
    from rest_framework.exceptions import ValidationError

    raw = request.query_params.get(name, "")
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ValidationError({name: [_("Bitte eine ganze Zahl ab 1 angeben.")]})
    return min(int(raw), maximum)


class EmailTokenSerializer(serializers.Serializer[Any]):
    """E-mail address and password, as on the login form (DRF's own serializer asks for a
    ``username``, which people here do not have)."""

    email = serializers.CharField(label=_("E-Mail-Adresse"), max_length=254)
    password = serializers.CharField(
        label=_("Passwort"), style={"input_type": "password"}, trim_whitespace=False
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = authenticate(
            request=self.context.get("request"),
            username=attrs["email"].strip(),
            password=attrs["password"],
        )
        if user is None:
            raise serializers.ValidationError(
                _("E-Mail-Adresse oder Passwort stimmen nicht."), code="authorization"
            )
        attrs["user"] = user
        return attrs


class ObtainTokenView(ObtainAuthToken):
    """Exchange e-mail and password for an API token (for apps and the city's systems)."""

    serializer_class = EmailTokenSerializer
    permission_classes = [AllowAny]  # the password is the credential; lockout limits guessing
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def post(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        # The same lockout as the web form (docs/security.md AUTH-4): checked before the
        # password, and a failure that reaches the limit answers 429 at once.
        from rest_framework.exceptions import ValidationError

        from accounts import lockout

        data = request.data if hasattr(request.data, "get") else {}
        login = lockout.login_of(None, {"email": data.get("email")})
        if login and lockout.is_locked_out(request._request, login):
            return _locked_out()
        try:
            response = super().post(request, *args, **kwargs)
        except ValidationError:
            if login and lockout.is_locked_out(request._request, login):
                return _locked_out()
            raise
        lockout.forget_failures(login)
        return response


def _locked_out() -> Response:
    from accounts import lockout

    body = {"detail": lockout.lockout_message(), "code": "locked_out"}
    return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS)
