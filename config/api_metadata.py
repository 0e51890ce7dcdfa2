"""What an API endpoint answers to OPTIONS (REST_FRAMEWORK's DEFAULT_METADATA_CLASS).

Its own module: DRF reads the setting while ``rest_framework.views`` is being imported, so the
class cannot live beside code that imports that module (config/api.py)."""

from __future__ import annotations

from typing import Any

from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    """OPTIONS names the endpoint, what it renders and what it parses. The input fields are the
    OpenAPI schema's to describe (/api/schema/): DRF's field listing builds a serializer, and
    for a PUT loads the object, which views without a serializer or queryset cannot do."""

    def determine_actions(self, request: Any, view: Any) -> dict[str, Any]:
        return {}
