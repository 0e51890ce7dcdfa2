"""A logged-in person who is not a member of the organisation is told exactly that, never asked
to log in; the status stays 404 on member pages (nothing about the object is given away)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cast import Cast

LOG_IN = "Bitte melde dich an"


@pytest.mark.parametrize(("path", "status"), [("/", 403), ("/feed/", 404), ("/termine/", 404)])
def test_a_logged_in_outsider_hears_they_are_not_a_member(
    cast: Cast, client_for: Any, path: str, status: int
) -> None:
    response = client_for(cast.alpha, cast.erin).get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert "Du bist kein Mitglied von Alpha Partei" in html
    assert f"Du bist als {cast.erin.email} angemeldet" in html
    assert LOG_IN not in html and "/anmelden/" not in html.split("<main")[-1]


def test_a_member_of_another_organisation_gets_the_same_message(
    cast: Cast, client_for: Any
) -> None:
    html = client_for(cast.beta, cast.alice).get("/feed/").content.decode()
    assert "Du bist kein Mitglied von Beta Gewerkschaft" in html


def test_an_anonymous_visitor_is_still_asked_to_log_in(cast: Cast, client_for: Any) -> None:
    assert LOG_IN in client_for(cast.alpha).get("/").content.decode()
    response = client_for(cast.alpha).get("/feed/")
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
