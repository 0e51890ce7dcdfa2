"""Form helpers shared by every app's views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def posted(request: HttpRequest) -> Any:
    """The data to bind a form to: the POST body on a POST, even an empty one (so an empty
    submission is validated and answered with its errors), None on a GET (an unbound form).
    ``posted(request)`` would leave an empty POST unbound: no message, and a view that
    adds its own error to it fails."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None
