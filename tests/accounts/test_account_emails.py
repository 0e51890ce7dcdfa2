"""allauth's pages and e-mails in the product's words: the login button says "Anmelden", and every
account e-mail speaks in one voice ("du") with the name WeCreate, never the sending host."""

from __future__ import annotations

import re

from django.core import mail

from tests.cast import Cast

PASSWORD = "ein-sehr-gutes-passwort-2026"
FORMAL = re.compile(r"\b(Sie|Ihr|Ihre|Ihren|Ihnen)\b")


def test_the_login_button_says_anmelden(cast: Cast, client_for) -> None:
    html = client_for().get("/accounts/login/").content.decode()
    button = re.search(
        r'<button[^>]*type="submit"[^>]*>\s*<span class="kern-label">(.*?)</span>', html, re.S
    )
    assert button and button.group(1).strip() == "Anmelden"
    assert "Anmeldung" not in html


def test_the_confirmation_mail_says_du_and_wecreate_not_the_host(cast: Cast, client_for) -> None:
    mail.outbox.clear()
    client_for().post(
        "/accounts/signup/",
        {"email": "kira@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "WeCreate: Bitte bestätige deine E-Mail-Adresse"
    body = str(message.body)
    assert body.startswith("Hallo,") and "Dein WeCreate-Team" in body
    assert "bestätige die Adresse" in body and "/accounts/confirm-email/" in body
    # The host appears only in the link itself.
    assert "localhost" not in re.sub(r"http://\S+", "", body)
    assert not FORMAL.search(body), body
    assert "Hallo von" not in body


def test_the_password_reset_mail_is_in_the_same_voice(cast: Cast, client_for) -> None:
    mail.outbox.clear()
    client_for().post("/accounts/password/reset/", {"email": cast.erin.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "WeCreate: Passwort zurücksetzen"
    assert str(message.body).startswith("Hallo,") and not FORMAL.search(str(message.body))
    assert "/accounts/password/reset/key/" in message.body
