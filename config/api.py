"""API conventions shared by every endpoint."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tenants.services import OrganisationError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Domain errors become 4xx with a JSON body, like DRF's own validation errors."""
    if isinstance(exc, OrganisationError):
        code = status.HTTP_403_FORBIDDEN if exc.code == "forbidden" else status.HTTP_400_BAD_REQUEST
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
