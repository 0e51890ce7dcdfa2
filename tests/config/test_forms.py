"""Labels in forms/form_fields.html: a field people must fill in never says "optional", even
when the service (not the form) judges its emptiness; only fields that may stay empty do."""

from __future__ import annotations

import re

from django.template.loader import render_to_string

from documents.forms import FolderForm, UploadForm
from events.forms import EventForm


def _labels(html: str) -> dict[str, str]:
    return dict(re.findall(r'<label class="kern-label" for="id_(\w+)">(.*?)</label>', html))


def _input(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, name
    return found.group(0)


def test_an_events_title_and_start_are_marked_required_and_the_rest_optional() -> None:
    html = render_to_string("form_fields.html", {"form": EventForm()})
    labels = _labels(html)
    assert labels["title"] == "Titel" and labels["starts_at"] == "Beginn"
    for optional in ("ends_at", "place", "online_url", "capacity", "description"):
        assert "– optional" in labels[optional], optional
    assert " required" in _input(html, "title") and " required" in _input(html, "starts_at")
    assert " required" not in _input(html, "place")


def test_an_uploads_file_and_a_folders_name_are_not_called_optional() -> None:
    upload = render_to_string("form_fields.html", {"form": UploadForm(max_mb=25)})
    assert _labels(upload)["file"] == "Datei" and " required" in _input(upload, "file")
    folder = render_to_string("form_fields.html", {"form": FolderForm()})
    assert "optional" not in _labels(folder)["name"]


def test_the_service_still_judges_an_empty_required_field() -> None:
    # The form accepts the empty value, so the page shows the service's one message.
    form = EventForm({"title": "", "starts_at": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "" and form.cleaned_data["starts_at"] is None
    assert UploadForm({}, {}, max_mb=25).is_valid()
