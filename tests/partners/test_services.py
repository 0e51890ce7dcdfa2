"""The partner rules through the services: asking (owners only, clear errors that store
nothing, rate-limited), the signed answer link (valid, tampered, expired), answering once, the
e-mails (the partner sees the box's name and request only; its address goes nowhere else), the
contact form, who edits an entry, and the person's data rights."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import mail, signing

from accounts import privacy
from config.domain import DomainError, RateLimited
from partners import services
from partners.models import Kind, Partner, PartnerRequest, RequestStatus
from public_marketplace.models import District
from tests.cast import Cast
from tests.partners.factories import PARTNER_EMAIL, ask, erins_box, make_partner, seen_by
from workspaces.scopes import network_actor


def _jobs(callbacks: list[Any]) -> list[str]:
    return [getattr(c, "task_name", "") for c in callbacks]


def test_the_boxs_owner_asks_and_the_partner_is_mailed_after_commit(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    box, partner = erins_box(cast), make_partner()
    with django_capture_on_commit_callbacks() as callbacks:
        asked = ask(cast, box, partner)
    assert asked.status == RequestStatus.OPEN and asked.created_by == cast.erin
    assert _jobs(callbacks) == ["partners.tasks.send_request_email"]

    assert services.send_request_email(request_id=asked.pk) is True
    message = mail.outbox[-1]
    assert message.to == [PARTNER_EMAIL]
    assert box.name in message.subject and "Zwei Schubkarren" in message.body
    assert "/partner/antwort/" in message.body
    # Only the box's name and the request: nobody in it is named.
    for person in (cast.erin, cast.gina):
        assert person.email not in message.body and person.display_name not in message.body


def test_a_helper_in_the_box_may_not_ask_and_nothing_is_stored(cast: Cast) -> None:
    box, partner = erins_box(cast), make_partner()
    with pytest.raises(DomainError) as refused:
        services.ask_partner(
            actor=network_actor(cast.gina),
            workspace=seen_by(cast.gina, box),
            partner=partner,
            what="Leiter",
            when="morgen",
        )
    assert refused.value.code == "forbidden"
    assert not PartnerRequest.objects.exists()


@pytest.mark.parametrize(
    ("what", "when", "field"), [("", "morgen", "what"), ("Leiter", " ", "when")]
)
def test_an_empty_request_names_the_field_and_stores_nothing(
    cast: Cast, what: str, when: str, field: str
) -> None:
    box, partner = erins_box(cast), make_partner()
    with pytest.raises(DomainError) as refused:
        ask(cast, box, partner, what=what, when=when)
    assert refused.value.field == field
    assert not PartnerRequest.objects.exists()


def test_a_hidden_partner_cannot_be_asked(cast: Cast) -> None:
    box, partner = erins_box(cast), make_partner(is_active=False)
    with pytest.raises(DomainError):
        ask(cast, box, partner)
    assert not PartnerRequest.objects.exists()


@pytest.mark.ratelimits
def test_asking_is_rate_limited(cast: Cast, settings: Any) -> None:
    settings.RATE_LIMITS = {"partner.request": (2, 3600)}
    box, partner = erins_box(cast), make_partner()
    ask(cast, box, partner)
    ask(cast, box, partner)
    with pytest.raises(RateLimited):
        ask(cast, box, partner)
    assert PartnerRequest.objects.count() == 2


def test_the_answer_link_leads_to_its_request_and_the_partner_answers_once(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    asked = ask(cast, erins_box(cast), make_partner())
    found = services.request_for_token(services.answer_token(asked))
    assert found.pk == asked.pk
    with django_capture_on_commit_callbacks() as callbacks:
        services.answer_request(partner_request=found, accept=True, answer="Kommt vorbei!")
    assert _jobs(callbacks) == ["partners.tasks.send_answer_email"]
    asked.refresh_from_db()
    assert (asked.status, asked.answer, asked.answered_by) == ("accepted", "Kommt vorbei!", None)
    assert asked.answered_at is not None

    with pytest.raises(DomainError) as again:
        services.answer_request(partner_request=asked, accept=False, answer="Doch nicht")
    assert again.value.code == "conflict"
    asked.refresh_from_db()
    assert asked.status == "accepted" and asked.answer == "Kommt vorbei!"

    assert services.send_answer_email(request_id=asked.pk) is True
    assert mail.outbox[-1].to == [cast.erin.email]
    assert "Kommt vorbei!" in mail.outbox[-1].body


class _LongAgo(signing.TimestampSigner):
    def timestamp(self) -> str:
        days = services.ANSWER_LINK_DAYS + 1
        return signing.b62_encode(int(time.time()) - days * 24 * 3600)


def test_an_expired_or_forged_link_is_refused_and_changes_nothing(cast: Cast) -> None:
    asked = ask(cast, erins_box(cast), make_partner())
    expired = _LongAgo(salt=services.ANSWER_SALT).sign(str(asked.public_id))
    with pytest.raises(DomainError) as old:
        services.request_for_token(expired)
    assert old.value.code == "expired"
    token = services.answer_token(asked)
    for forged in (token[:-2] + "xx", "kein-token", str(asked.public_id)):
        with pytest.raises(DomainError) as bad:
            services.request_for_token(forged)
        assert bad.value.code == "invalid"
    other_salt = signing.TimestampSigner(salt="other").sign(str(asked.public_id))
    with pytest.raises(DomainError):
        services.request_for_token(other_salt)
    asked.refresh_from_db()
    assert asked.status == RequestStatus.OPEN


def test_only_the_partners_accounts_answer_on_the_site(cast: Cast) -> None:
    partner = make_partner()
    partner.managers.add(cast.carol)
    asked = ask(cast, erins_box(cast), partner)
    with pytest.raises(DomainError) as refused:
        services.answer_request(partner_request=asked, accept=True, answer="", by=cast.bob)
    assert refused.value.code == "forbidden"
    services.answer_request(
        partner_request=asked, accept=False, answer="Leider nicht", by=cast.carol
    )
    asked.refresh_from_db()
    assert asked.status == "declined" and asked.answered_by == cast.carol


def test_the_contact_form_mails_the_partner_with_the_senders_reply_address(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    partner = make_partner()
    with django_capture_on_commit_callbacks() as callbacks:
        services.contact_partner(
            partner=partner,
            name="Frieda",
            email="frieda@example.org",
            message="Habt ihr samstags eine Bohrmaschine?",
            sender_key="203.0.113.5",
        )
    assert _jobs(callbacks) == ["partners.tasks.send_contact_message"]
    assert services.send_contact_message(
        partner_id=partner.pk,
        name="Frieda",
        email="frieda@example.org",
        message="Habt ihr samstags eine Bohrmaschine?",
    )
    message = mail.outbox[-1]
    assert message.to == [PARTNER_EMAIL] and message.reply_to == ["frieda@example.org"]
    assert "Bohrmaschine" in message.body


@pytest.mark.parametrize(
    ("name", "email", "text", "field"),
    [("", "a@example.org", "Hallo", "name"), ("A", "keine-adresse", "Hallo", "email"),
     ("A", "a@example.org", "  ", "message")],
)  # fmt: skip
def test_a_bad_contact_message_is_refused_and_nothing_is_sent(
    cast: Cast, django_capture_on_commit_callbacks: Any, name: str, email: str, text: str,
    field: str,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(DomainError) as bad:
        services.contact_partner(
            partner=make_partner(), name=name, email=email, message=text, sender_key=1
        )
    assert bad.value.field == field and callbacks == []


@pytest.mark.ratelimits
def test_the_contact_form_is_rate_limited_per_sender(cast: Cast, settings: Any) -> None:
    settings.RATE_LIMITS = {"partner.contact": (1, 3600)}
    partner = make_partner()
    values: dict[str, Any] = {
        "partner": partner,
        "name": "A",
        "email": "a@example.org",
        "message": "Hallo",
    }
    services.contact_partner(**values, sender_key="198.51.100.1")
    with pytest.raises(RateLimited):
        services.contact_partner(**values, sender_key="198.51.100.1")
    services.contact_partner(**values, sender_key="198.51.100.2")  # another sender


def test_managers_and_staff_edit_the_entry_others_are_refused(cast: Cast) -> None:
    partner = make_partner()
    partner.managers.add(cast.carol)
    connewitz = District.objects.get(slug="connewitz")
    values: dict[str, Any] = {
        "name": "Werkstatt Connewitz", "description": "Neu", "kinds": [Kind.ROOMS, Kind.TOOLS],
        "districts": [connewitz], "address": "Neuer Weg 2", "website": "https://example.org",
    }  # fmt: skip
    with pytest.raises(DomainError) as refused:
        services.update_partner(user=cast.bob, partner=partner, **values)
    assert refused.value.code == "forbidden"
    assert Partner.objects.get(pk=partner.pk).name == "Werkstatt Lindenau"

    services.update_partner(user=cast.carol, partner=partner, **values)
    partner.refresh_from_db()
    assert partner.name == "Werkstatt Connewitz" and partner.kinds == ["rooms", "tools"]
    assert list(partner.districts.all()) == [connewitz]
    services.update_partner(user=cast.staff, partner=partner, **{**values, "name": "Durch Staff"})

    bad: dict[str, Any]
    for bad in ({"kinds": []}, {"kinds": ["rockets"]}, {"districts": []},
                {"website": "javascript:alert(1)"}, {"name": " "}):  # fmt: skip
        with pytest.raises(DomainError):
            services.update_partner(user=cast.carol, partner=partner, **{**values, **bad})
    assert Partner.objects.get(pk=partner.pk).name == "Durch Staff"


def test_staff_name_managers_by_address_and_an_unknown_one_is_an_error(cast: Cast) -> None:
    assert services.accounts_for([cast.carol.email.upper(), ""]) == [cast.carol]
    with pytest.raises(DomainError) as unknown:
        services.accounts_for(["niemand@example.org"])
    assert "niemand@example.org" in unknown.value.message


def test_erasure_keeps_the_entry_and_the_request_without_the_person(cast: Cast) -> None:
    partner = make_partner(email=cast.gina.email)
    partner.managers.add(cast.gina)
    asked = ask(cast, erins_box(cast), partner)
    services.answer_request(partner_request=asked, accept=True, answer="Ja", by=cast.gina)

    exported = privacy.privacy_module("partners").export(cast.gina)
    assert [row["slug"] for row in exported["managed_partners"]] == [partner.slug]
    assert "email" not in exported["managed_partners"][0]
    assert len(exported["partner_requests"]) == 1
    assert exported["partner_contact_addresses"][0]["email"] == cast.gina.email

    privacy.privacy_module("partners").erase(cast.gina)
    partner.refresh_from_db()
    asked.refresh_from_db()
    assert not partner.managers.exists() and partner.email == "" and not partner.is_active
    assert asked.answered_by is None and asked.answer == "Ja"
    assert asked.created_by == cast.erin  # someone else's part stays
    assert (
        services.send_contact_message(partner_id=partner.pk, name="A", email="a@b.de", message="x")
        is False
    )
