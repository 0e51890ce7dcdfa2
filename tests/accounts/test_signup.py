"""Sign-up asks for an optional display name (a pseudonym is fine); it is what others see where
the person chose to be named, e.g. as a supporter of an impulse."""

from __future__ import annotations

import re

from accounts.models import User
from tests.cast import Cast
from tests.public_marketplace.factories import make_impulse

PASSWORD = "ein-sehr-gutes-passwort-2026"


def _sign_up(client, email: str, **extra: str):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra},
    )


def test_the_signup_form_offers_an_optional_display_name(cast: Cast, client_for) -> None:
    html = client_for().get("/accounts/signup/").content.decode()
    label = re.search(r'<label class="kern-label" for="id_display_name">(.*?)</label>', html)
    assert label and "Anzeigename" in label.group(1) and "optional" in label.group(1)
    assert "Ein Pseudonym ist in Ordnung" in html
    # Asked right after the e-mail address, before the passwords.
    assert html.index('name="email"') < html.index('name="display_name"')
    assert html.index('name="display_name"') < html.index('name="password1"')


def test_a_display_name_given_at_signup_is_stored(cast: Cast, client_for) -> None:
    response = _sign_up(client_for(), "fenja@example.org", display_name="  Fenja   vom Markt ")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="fenja@example.org").display_name == "Fenja vom Markt"


def test_signing_up_without_a_name_still_works_and_shows_mitglied(cast: Cast, client_for) -> None:
    assert _sign_up(client_for(), "gustav@example.org").status_code == 302
    gustav = User.objects.get(email="gustav@example.org")
    assert gustav.display_name == "" and gustav.name == "Mitglied"


def test_an_email_address_as_display_name_is_refused_at_signup(cast: Cast, client_for) -> None:
    response = _sign_up(client_for(), "hanna@example.org", display_name="hanna@example.org")
    assert response.status_code == 200
    assert "Bitte keine E-Mail-Adresse als Anzeigenamen." in response.content.decode()
    assert not User.objects.filter(email="hanna@example.org").exists()


def test_a_supporter_who_opted_in_appears_with_the_signup_name(cast: Cast, client_for) -> None:
    _sign_up(client_for(), "ida@example.org", display_name="Ida Pseudonym")
    ida = User.objects.get(email="ida@example.org")
    impulse = make_impulse(cast.erin)
    client = client_for(None, ida)
    box = client.get(f"/impulse/{impulse.public_id}/").content.decode()
    assert "Meinen Namen öffentlich zeigen („Ida Pseudonym“)" in box
    client.post(f"/impulse/{impulse.public_id}/unterstuetzen/", {"show_name": "on"})
    page = client_for().get(f"/impulse/{impulse.public_id}/").content.decode()
    assert "Ida Pseudonym" in page and "Mitglied" not in page.split("Unterstützt von")[-1][:200]


def test_a_person_without_a_name_is_told_before_showing_it(cast: Cast, client_for) -> None:
    _sign_up(client_for(), "jan@example.org")
    jan = User.objects.get(email="jan@example.org")
    impulse = make_impulse(cast.erin)
    box = client_for(None, jan).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert 'data-testid="no-display-name"' in box and 'href="/konto/profil/"' in box
    named = client_for(None, cast.bob).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert 'data-testid="no-display-name"' not in named
