"""The OpenAPI schema describes every answer (docs/security.md WEB-4, docs/api.md).

drf-spectacular documents the success answer of each operation from its serializers and
``extend_schema``. ``AutoSchema`` adds the error answers the server gives on every route with
one error body (``Error``), and ``page_of`` describes a cursor-paged list's envelope.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.drainage import set_override
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    """Every 4xx body: ``detail`` and ``code``; invalid input names each field instead, as
    ``{"field": ["message"]}`` (with ``code`` where a rule of the product was broken)."""

    detail = serializers.CharField(required=False, help_text="what went wrong, for people")
    code = serializers.CharField(
        required=False,
        help_text="invalid | forbidden | not_found | conflict | rate_limited | too_large | "
        "read_only | …",
    )


ERRORS = {
    400: "invalid input (field messages), or a NUL character in the path or query",
    401: "not logged in (only sent where the first authentication scheme asks for credentials)",
    403: "not logged in, not allowed, a missing CSRF token, or a read-only organisation",
    404: "no such object, one named in the request is not yours to see, or no such route",
    409: "conflicts with the current state (supporting twice, joining twice …)",
    413: "the request body is too large",
    429: "too many requests",
}
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def page_of(
    name: str,
    item: serializers.Serializer,
    *,
    next_field: str = "next_cursor",
    **more: serializers.Field,
) -> serializers.Serializer:
    """The envelope of a cursor-paged list: ``results`` and the cursor of the next page
    (``null`` on the last). Marked as one object, so no list wrapping or pagination is added
    around it."""
    envelope = inline_serializer(
        name,
        {
            **more,
            "results": type(item)(many=True),
            next_field: serializers.CharField(
                allow_null=True, help_text="pass as `cursor` for the next page; null: the last"
            ),
        },
    )
    set_override(envelope, "many", False)
    return envelope


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema with the error answers of each operation."""

    def _error_codes(self) -> list[int]:
        codes = {400, 404, 429}
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes |= {401, 403}
        if self.method in WRITES:
            codes |= {403, 409}
        if self.method in ("POST", "PUT", "PATCH"):
            codes.add(413)
        return sorted(codes)

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self._error_codes():
            responses.setdefault(
                str(code),
                self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERRORS[code]),
                    str(code),
                    ["application/json"],
                    direction,
                ),
            )
        return responses


# What RefuseNulCharactersMiddleware lets through (config/middleware.py).
NO_NUL = r"^[^\x00]*$"


def refuse_nul_in_parameters(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: a string in a path or query parameter may not
    contain NUL (the server answers 400), so the schema says so."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter.get("schema", {})
                if schema.get("type") == "string" and not (
                    {"enum", "format", "pattern"} & set(schema)
                ):
                    schema["pattern"] = NO_NUL
    return result
