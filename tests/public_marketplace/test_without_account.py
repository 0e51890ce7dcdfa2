"""Taking part without a password: support or offer help with a confirmed e-mail address only
(public_marketplace/services/without_account.py), and the account that grows out of it."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail, signing

from notifications.models import Notification
from public_marketplace.models import ImpulseStatus, Participation, Support
from public_marketplace.services import without_account
from public_marketplace.services.impulses import change_status
from tests.cast import Cast
from tests.public_marketplace.factories import district, make_impulse

User = get_user_model()
ADDRESS = "nachbarin@example.org"


@pytest.fixture
def impulse(cast: Cast) -> Any:
    return make_impulse(cast.erin, title="Sonnensegel für den Spielplatz")


def _ask(client: Any, impulse: Any, action: str = "unterstuetzen", **data: Any) -> Any:
    form = {"email": ADDRESS, "consent": "on", **data}
    return client.post(f"/impulse/{impulse.public_id}/ohne-konto/{action}/", form)


def _link() -> str:
    (message,) = mail.outbox
    match = re.search(r"https?://\S+/mitmachen/bestaetigen/(\S+)/", str(message.body))
    assert match, message.body
    return f"/mitmachen/bestaetigen/{match.group(1)}/"


def test_support_with_an_address_only_creates_a_light_account_on_confirmation(
    client_for: Any, impulse: Any
) -> None:
    client = client_for()
    response = _ask(client, impulse, display_name="Nachbarin Nora", show_name="on")
    assert response.status_code == 200
    assert "Schau in dein Postfach" in response.content.decode()
    assert not User.objects.filter(email=ADDRESS).exists()  # nothing stored before confirming
    link = _link()
    assert mail.outbox[0].to == [ADDRESS]

    page = client.get(link)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and "Unterstützung bestätigen" in page.content.decode()
    assert not User.objects.filter(email=ADDRESS).exists()

    done = client.post(link)
    assert done.status_code == 302 and done["Location"] == f"/impulse/{impulse.public_id}/"
    person = User.objects.get(email=ADDRESS)
    assert person.display_name == "Nachbarin Nora"
    assert not person.has_usable_password()
    assert EmailAddress.objects.filter(user=person, email=ADDRESS, verified=True).exists()
    support = Support.objects.get(impulse=impulse, user=person)
    assert support.show_name
    impulse.refresh_from_db()
    assert impulse.support_count == 1
    # Logged in: the profile offers to set a password.
    profile = client.get("/konto/profil/")
    assert profile.status_code == 200 and 'data-testid="no-password"' in profile.content.decode()


def test_a_link_works_once(client_for: Any, impulse: Any) -> None:
    client = client_for()
    _ask(client, impulse)
    link = _link()
    assert client.post(link).status_code == 302
    again = client_for().post(link)
    assert again.status_code == 410
    assert "schon benutzt" in again.content.decode()
    assert Support.objects.filter(impulse=impulse).count() == 1


def test_an_offer_of_help_without_an_account_carries_what_the_person_brings(
    cast: Cast, client_for: Any, impulse: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for()
    page = client.get(f"/impulse/{impulse.public_id}/ohne-konto/mitmachen/")
    assert page.status_code == 200 and "Was bringst du mit?" in page.content.decode()
    asked = _ask(
        client,
        impulse,
        "mitmachen",
        brings=["time", "materials"],
        mode="in_person",
        district=district("lindenau").pk,
        note="Ich habe eine Leiter.",
    )
    assert asked.status_code == 200, asked.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_link()).status_code == 302
    offer = Participation.objects.get(impulse=impulse, user__email=ADDRESS)
    assert offer.brings == ["time", "materials"]
    assert offer.district == district("lindenau")
    assert offer.note == "Ich habe eine Leiter."
    assert Notification.objects.filter(user=cast.erin, verb="impulse.offer").exists()


def test_an_address_with_a_password_account_is_asked_to_log_in_and_learns_nothing_new(
    cast: Cast, client_for: Any, impulse: Any
) -> None:
    unknown = _ask(client_for(), impulse)
    mail.outbox.clear()
    response = client_for().post(
        f"/impulse/{impulse.public_id}/ohne-konto/unterstuetzen/",
        {"email": cast.gina.email, "consent": "on"},
    )
    # The page does not tell whether the address has an account …
    assert response.status_code == unknown.status_code == 200
    pages = [[t.name for t in r.templates if t.name.endswith(".html")] for r in (response, unknown)]
    assert pages[0] == pages[1]
    # … the e-mail does, to the address's owner, with a login link instead of a login by link.
    (message,) = mail.outbox
    assert "schon ein Konto" in message.body
    assert "/mitmachen/bestaetigen/" not in message.body
    assert "/accounts/login/" in message.body
    assert not Support.objects.filter(impulse=impulse, user=cast.gina).exists()


def test_a_light_account_takes_part_again_with_a_new_link(
    cast: Cast, client_for: Any, impulse: Any
) -> None:
    _ask(client_for(), impulse)
    client_for().post(_link())
    mail.outbox.clear()
    other = make_impulse(cast.erin, title="Tauschregal im Hof")
    client = client_for()
    _ask(client, other)
    assert client.post(_link()).status_code == 302
    assert User.objects.filter(email=ADDRESS).count() == 1
    assert Support.objects.filter(user__email=ADDRESS).count() == 2


def test_a_light_account_logs_in_again_with_a_code(client_for: Any, impulse: Any) -> None:
    _ask(client_for(), impulse)
    client_for().post(_link())
    mail.outbox.clear()
    client = client_for()
    response = client.post("/accounts/login/code/", {"email": ADDRESS})
    assert response.status_code == 302
    (message,) = mail.outbox
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", str(message.body), re.MULTILINE)
    assert code, message.body
    confirmed = client.post(response["Location"], {"code": code.group(1)})
    assert confirmed.status_code == 302
    assert client.get("/konto/profil/").status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"consent": ""}, "consent", "Einverständnis"),
        ({"display_name": "nora@example.org"}, "display_name", "keine E-Mail-Adresse"),
    ],
)
def test_bad_requests_get_a_clear_message_and_send_nothing(
    client_for: Any, impulse: Any, data: dict[str, str], field: str, message: str
) -> None:
    response = _ask(client_for(), impulse, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert mail.outbox == []


def test_a_closed_impulse_sends_no_link(cast: Cast, client_for: Any, impulse: Any) -> None:
    change_status(
        impulse=impulse, to_status=ImpulseStatus.ABANDONED, by=cast.erin, note="Kein Platz."
    )
    response = _ask(client_for(), impulse)
    assert response.status_code == 409
    assert mail.outbox == []


def test_a_refused_action_leaves_no_account_behind(
    cast: Cast, client_for: Any, impulse: Any
) -> None:
    _ask(client_for(), impulse)
    link = _link()
    change_status(
        impulse=impulse, to_status=ImpulseStatus.ABANDONED, by=cast.erin, note="Kein Platz."
    )
    response = client_for().post(link)
    assert response.status_code == 409
    assert "nicht unterstützt werden" in response.content.decode()
    assert not User.objects.filter(email=ADDRESS).exists()


def test_a_blocked_light_account_cannot_take_part(
    client_for: Any, cast: Cast, impulse: Any
) -> None:
    _ask(client_for(), impulse)
    client_for().post(_link())
    person = User.objects.get(email=ADDRESS)
    from moderation.services import block_user

    block_user(actor=cast.staff, user=person, reason="Spam")
    mail.outbox.clear()
    other = make_impulse(cast.erin, title="Tauschregal im Hof")
    _ask(client_for(), other)
    response = client_for().post(_link())
    assert response.status_code == 403
    assert not Support.objects.filter(user=person, impulse=other).exists()


def test_expired_and_tampered_links_are_refused(client_for: Any, impulse: Any) -> None:
    class TwoDaysAgo(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - 49 * 3600)

    payload = {"email": ADDRESS, "impulse_id": str(impulse.public_id), "action": "support"}
    token = TwoDaysAgo(salt=without_account._SALT).sign_object(payload, compress=True)
    expired = client_for().get(f"/mitmachen/bestaetigen/{token}/")
    assert expired.status_code == 410 and "abgelaufen" in expired.content.decode()

    _ask(client_for(), impulse)
    token = _link().split("/")[-2]
    tampered = client_for().post(f"/mitmachen/bestaetigen/{token[:-2]}xy/")
    assert tampered.status_code == 410 and "ungültig" in tampered.content.decode()
    assert not User.objects.filter(email=ADDRESS).exists()


@pytest.mark.ratelimits
def test_links_are_limited_per_address(client_for: Any, impulse: Any) -> None:
    for _ in range(3):
        assert _ask(client_for(), impulse).status_code == 200
    response = _ask(client_for(), impulse)
    assert response.status_code == 429
    assert len(mail.outbox) == 3


def test_signed_in_people_use_the_ordinary_buttons(
    cast: Cast, client_for: Any, impulse: Any
) -> None:
    client = client_for(user=cast.gina)
    assert client.get(f"/impulse/{impulse.public_id}/ohne-konto/mitmachen/")["Location"] == (
        f"/impulse/{impulse.public_id}/mitmachen/"
    )
    page = client_for().get(f"/impulse/{impulse.public_id}/")
    assert 'data-testid="without-account"' in page.content.decode()
