"""Form helpers shared by every app's views."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest


def posted(request: HttpRequest) -> Any:
    """The data to bind a form to: the POST body on a POST, even an empty one (so an empty
    submission is validated and answered with its errors), None on a GET (an unbound form).
    ``posted(request)`` would leave an empty POST unbound: no message, and a view that
    adds its own error to it fails."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


class ServiceChecked:
    """Mix-in for a field people must fill in, whose emptiness and format the service judges
    (so the page says exactly what the API says): shown as required (the label never says
    "optional", the input carries ``required``), never refused by the form itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["required"] = True
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        pass


class ServiceCheckedText(ServiceChecked, forms.CharField):
    pass


class ServiceCheckedDateTime(ServiceChecked, forms.DateTimeField):
    pass


class ServiceCheckedFile(ServiceChecked, forms.FileField):
    pass
