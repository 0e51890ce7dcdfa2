"""Platform staff inside an organisation: only under an owner's support grant, read-only, logged.

Without a valid grant nothing changes (staff are not members: 404). With one, GET and HEAD
requests to the intranet's pages see it with the grant's role (audit.services.
support_membership); every request staff make while the grant is valid, refused writes
included, is an entry in the organisation's audit log (docs/security.md AUTH-8).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.models import Action, SupportGrant
from tenants.db import connection

SAFE_METHODS = ("GET", "HEAD")
# Still allowed to post: logging out and the language switch change only the visitor's own
# session or cookie.
WRITE_EXEMPT = ("/accounts/logout/", "/i18n/")
# Pages only: the API stays closed to support access.
NOT_OPENED = ("/api/",)


class SupportAccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        grant = self._grant(request)
        if grant is None:
            return self.get_response(request)
        if request.method not in SAFE_METHODS and not request.path.startswith(WRITE_EXEMPT):
            response = render(request, "audit/support_read_only.html", status=403)
        else:
            if not request.path.startswith(NOT_OPENED):
                request.support_grant = grant  # type: ignore[attr-defined]
            response = self.get_response(request)
        from audit.services import record

        record(
            organisation=request.tenant,  # type: ignore[attr-defined]
            action=Action.SUPPORT_ACCESS,
            actor=request.user,
            target=grant,
            # The path, never the query string (it can hold search words such as names).
            details={
                "method": request.method,
                "path": request.path[:200],
                "status": response.status_code,
            },
        )
        return response

    @staticmethod
    def _grant(request: HttpRequest) -> SupportGrant | None:
        user = getattr(request, "user", None)
        tenant = getattr(request, "tenant", None)
        if (
            user is None
            or not user.is_authenticated
            or tenant is None
            or tenant.is_public
            or not tenant.is_ready
            or connection.schema_name != tenant.schema_name
        ):
            return None
        from audit.services import is_platform_staff, valid_grant
        from intranet.models import Membership
        from intranet.permissions import remember_membership

        membership = Membership.objects.filter(user_id=user.pk, is_active=True).first()
        if membership is not None:
            # Members (staff among them) use their membership; the page reuses this query.
            remember_membership(request, membership)
            return None
        if not is_platform_staff(user.pk):
            return None
        return valid_grant()
