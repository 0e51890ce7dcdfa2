"""/favicon.ico answers on the network and on an organisation's host: a redirect to the SVG
icon, which is served (browsers ask for /favicon.ico whatever the page links)."""

from __future__ import annotations

from typing import Any

from tests.cast import Cast


def test_the_favicon_redirects_to_an_icon_that_is_served(cast: Cast, client_for: Any) -> None:
    for organisation in (None, cast.alpha):
        client = client_for(organisation)
        answer = client.get("/favicon.ico")
        assert answer.status_code == 302
        assert answer["Location"].endswith(".svg")
        icon = client.get(answer["Location"])
        assert icon.status_code == 200
        assert b"<svg" in b"".join(icon.streaming_content)
