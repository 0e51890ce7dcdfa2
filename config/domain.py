"""The one error type that business rules raise; web, API and admin each turn it into their own
message (a form error, a 4xx JSON body, an admin message)."""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class RateLimited(DomainError):
    def __init__(self, message: str):
        super().__init__(message, code="rate_limited")
