from __future__ import annotations

from accounts.models import User
from tests.cast import Cast
from tests.public_marketplace.factories import district


def test_a_citizen_sets_a_display_name_and_home_district(cast: Cast, client_for) -> None:
    client = client_for(None, cast.erin)
    response = client.post(
        "/konto/profil/",
        {"display_name": "Erin aus Lindenau", "home_district": district("lindenau").pk},
    )
    assert response.status_code == 302
    erin = User.objects.get(pk=cast.erin.pk)
    assert erin.display_name == "Erin aus Lindenau" and erin.home_district.slug == "lindenau"


def test_an_email_address_as_display_name_is_refused(cast: Cast, client_for) -> None:
    response = client_for(None, cast.erin).post(
        "/konto/profil/", {"display_name": "erin@example.org"}
    )
    assert response.status_code == 400
    assert User.objects.get(pk=cast.erin.pk).display_name == "Erin"
    unknown = client_for(None, cast.erin).post(
        "/konto/profil/", {"display_name": "Erin", "home_district": 999999}
    )
    assert unknown.status_code == 400
