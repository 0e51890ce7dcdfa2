"""The motion's way out and back: the PDF (rendered to an image and read back), delivery
through a real SMTP server with retries and the outbox's state, the administration's inbox
(claim, verification, acknowledge, schedule, decide) and its isolation, the public page and
its bounded queries."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from motions.models import BodyClaim, Event, Motion, Outcome, State, Submission
from motions.services import receiving, signing, submission
from motions.services.common import MotionError
from notifications.models import Notification
from tenants.models import OrganisationKind
from tenants.services import update_organisation_row
from tests.cast import Cast
from tests.motions.factories import alt_west, motion_in, signed_by
from tests.taskboard.factories import box_on_network
from workspaces.scopes import network_actor

LATER = timedelta(days=30)


def _submitted(cast: Cast, *, email: str = "") -> Motion:
    body = alt_west()
    body.submission_email = email
    body.save()
    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    signing.open_signing(actor=network_actor(cast.erin), motion=motion)
    signed_by(motion, cast.carol, cast.alice)
    submission.submit(
        actor=network_actor(cast.erin), motion=motion, meeting_date=timezone.localdate() + LATER
    )
    motion.refresh_from_db()
    return motion


def _pdf_text_and_ink(data: bytes) -> tuple[str, float]:
    document = pdfium.PdfDocument(data)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    image = document[0].render(scale=1).to_pil().convert("L")
    pixels = list(image.get_flattened_data())
    return text, sum(1 for p in pixels if p < 128) / len(pixels)


def test_the_pdf_has_the_formal_layout_and_its_hash_is_kept(cast: Cast) -> None:
    motion = _submitted(cast)
    sent = Submission.objects.get(motion=motion)
    data = sent.pdf.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == sent.sha256
    text, ink = _pdf_text_and_ink(data)
    for expected in (
        "Stadtbezirksbeirat Alt-West",
        "Antrag: Gemeinschaftsgarten am Lindenauer Markt",
        "Beschlussvorschlag",
        "Begründung",
        "Unterzeichnende (2)",
        "Carol",
        "Lindenau",
        "Fassung 1",
    ):
        assert expected in text, expected
    assert 0.005 < ink < 0.3  # a page with text on it, not blank and not a black box


def test_delivery_goes_to_the_bodys_address_with_a_copy_to_the_signers(
    cast: Cast, smtp_server: Any, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        motion = _submitted(cast, email="bezirksbeirat-altwest@leipzig.example")
    sent = Submission.objects.get(motion=motion)
    assert sent.delivery == Submission.Delivery.QUEUED
    assert submission.send_submission(sent.pk) == Submission.Delivery.SENT
    sent.refresh_from_db()
    assert sent.delivery == Submission.Delivery.SENT and sent.attempts == 1 and sent.sent_at
    messages = smtp_server.messages()
    to_body = [m for m in messages if m["To"] == "bezirksbeirat-altwest@leipzig.example"]
    assert (
        len(to_body) == 1
        and sent.sha256 in to_body[0].get_payload()[0].get_payload(decode=True).decode()
    )
    attachment = to_body[0].get_payload()[1].get_payload(decode=True)
    assert hashlib.sha256(attachment).hexdigest() == sent.sha256
    assert len(messages) == 2  # the copy to the signers (Bcc)
    assert Event.objects.filter(motion=motion, kind=Event.Kind.SENT).exists()
    assert submission.send_submission(sent.pk) == Submission.Delivery.SENT  # once only
    assert len(smtp_server.messages()) == 2


def test_a_failing_mail_server_is_retried_and_the_outbox_says_so(
    cast: Cast, settings, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        motion = _submitted(cast, email="bezirksbeirat-altwest@leipzig.example")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    sent = Submission.objects.get(motion=motion)
    for _ in range(submission.MAX_SEND_ATTEMPTS - 1):
        with pytest.raises(OSError):
            submission.send_submission(sent.pk)
    sent.refresh_from_db()
    assert sent.delivery == Submission.Delivery.QUEUED and sent.last_error
    assert submission.send_submission(sent.pk) == Submission.Delivery.FAILED
    sent.refresh_from_db()
    assert sent.attempts == submission.MAX_SEND_ATTEMPTS
    assert sent.delivery == Submission.Delivery.FAILED


def _administration(cast: Cast) -> Any:
    update_organisation_row(cast.beta.pk, kind=OrganisationKind.ADMINISTRATION)
    cast.beta.refresh_from_db()
    return cast.beta


def test_an_administration_claims_the_body_and_answers_its_motions(
    cast: Cast, client_for, django_capture_on_commit_callbacks
) -> None:
    motion = _submitted(cast)
    beta = _administration(cast)
    dave = client_for(beta, cast.dave)
    assert dave.get(f"/antragseingang/{motion.public_id}/").status_code == 404  # no claim yet
    carol = client_for(beta, cast.carol)  # beta's owner
    assert carol.post("/antragseingang/gremium/", {"body": alt_west().pk}).status_code == 302
    claim = BodyClaim.objects.get(organisation=beta)
    assert claim.verified_at is None
    assert dave.get(f"/antragseingang/{motion.public_id}/").status_code == 404  # unverified
    with pytest.raises(MotionError):
        receiving.verify_claim(staff=cast.dave, claim=claim)
    receiving.verify_claim(staff=cast.staff, claim=claim)
    answer = dave.get("/antragseingang/")
    inbox = answer.content.decode()
    assert answer.status_code == 200
    assert "Gemeinschaftsgarten am Lindenauer Markt" in inbox
    base = f"/antragseingang/{motion.public_id}"
    with django_capture_on_commit_callbacks(execute=True):
        assert dave.post(f"{base}/eingang/").status_code == 302
        meeting = (timezone.localdate() + LATER).isoformat()
        bad = dave.post(f"{base}/tagesordnung/", {"meeting_date": meeting, "agenda_item": ""})
        assert bad.status_code == 400
        assert (
            dave.post(
                f"{base}/tagesordnung/",
                {"meeting_date": meeting, "agenda_item": "TOP 5.2", "reference": "VII-A-01234"},
            ).status_code
            == 302
        )
        assert (
            dave.post(
                f"{base}/ergebnis/",
                {"outcome": Outcome.ACCEPTED, "answer_text": "Der Beirat empfiehlt 20.000 Euro."},
            ).status_code
            == 302
        )
    motion.refresh_from_db()
    assert motion.state == State.DECIDED and motion.outcome == Outcome.ACCEPTED
    assert motion.reference == "VII-A-01234" and motion.agenda_item == "TOP 5.2"
    kinds = list(Event.objects.filter(motion=motion).values_list("kind", flat=True))
    assert kinds[-3:] == ["received", "scheduled", "decided"]
    # Signers and the box hear of each step.
    assert Notification.objects.filter(user_id=cast.alice.pk, verb="motion.decided").exists()
    assert Notification.objects.filter(user_id=cast.gina.pk, verb="motion.decided").exists()
    page = client_for(None, None).get(f"/antraege/{motion.public_id}/").content.decode()
    assert "Angenommen" in page and "Der Beirat empfiehlt 20.000 Euro." in page
    assert "TOP 5.2" in page
    # Decided once: a second decision changes nothing.
    again = dave.post(f"{base}/ergebnis/", {"outcome": Outcome.REJECTED, "answer_text": "Nein"})
    assert again.status_code == 409
    motion.refresh_from_db()
    assert motion.outcome == Outcome.ACCEPTED


def test_another_organisation_sees_nothing_of_the_inbox(cast: Cast, client_for) -> None:
    motion = _submitted(cast)
    beta = _administration(cast)
    claim = receiving.claim_body(user=cast.carol, organisation=beta, body=alt_west())
    receiving.verify_claim(staff=cast.staff, claim=claim)
    # alpha (a party) has no inbox, and beta's motion is not reachable from alpha's host.
    for path in ("/antragseingang/", f"/antragseingang/{motion.public_id}/"):
        assert client_for(cast.alpha, cast.alice).get(path).status_code == 404
    assert (
        client_for(cast.alpha, cast.dave)
        .post(f"/antragseingang/{motion.public_id}/eingang/")
        .status_code
        == 404
    )
    # A party cannot claim a body; a second administration cannot take a verified one.
    with pytest.raises(MotionError):
        receiving.claim_body(user=cast.alice, organisation=cast.alpha, body=alt_west())
    motion.refresh_from_db()
    assert motion.state == State.SUBMITTED


def test_the_public_page_costs_the_same_with_many_signers_and_versions(
    cast: Cast, client_for, django_assert_max_num_queries
) -> None:
    from allauth.account.models import EmailAddress

    from accounts.models import User

    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    signing.open_signing(actor=network_actor(cast.erin), motion=motion)
    signed_by(motion, cast.carol)
    client = client_for(None, cast.bob)
    path = f"/antraege/{motion.public_id}/"
    client.get(path)
    with django_assert_max_num_queries(20) as few:
        assert client.get(path).status_code == 200
    people = [
        User.objects.create_user(email=f"signer{n}@example.org", password="x", display_name=f"S{n}")
        for n in range(60)
    ]
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in people]
    )
    signed_by(motion, *people)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(path)
    assert page.status_code == 200 and "Weitere Unterzeichnende" in page.content.decode()


def test_strangers_do_not_see_a_draft_and_the_box_pages_work(cast: Cast, client_for) -> None:
    box = box_on_network(cast)
    erin = client_for(None, cast.erin)
    start = erin.post(
        f"/boxen/{box.slug}/antraege/neu/",
        {"body": alt_west().pk, "title": "Bänke", "proposal": "Mehr Bänke.", "reasoning": "Weil."},
    )
    assert start.status_code == 302
    motion = Motion.objects.get(workspace=box)
    assert client_for(None, cast.carol).get(f"/antraege/{motion.public_id}/").status_code == 404
    assert client_for(None, cast.carol).get(start["Location"]).status_code == 404
    draft = erin.get(start["Location"]).content.decode()
    assert "Mehr Bänke." in draft and "Unterschriften sammeln" in draft
    edit = erin.post(
        f"{start['Location']}bearbeiten/",
        {"base": 1, "title": "Bänke am Markt", "proposal": "Mehr Bänke.", "reasoning": "Weil."},
    )
    assert edit.status_code == 302
    compare = erin.get(f"{start['Location']}vergleich/?von=1&zu=2").content.decode()
    assert "am Markt</ins>" in compare


def test_the_council_paper_with_the_motions_reference_is_linked_once(
    cast: Cast, client_for, django_capture_on_commit_callbacks
) -> None:
    from oparl.models import Paper
    from oparl.signals import papers_changed

    motion = _submitted(cast)
    Motion.objects.filter(pk=motion.pk).update(reference="VII-A-01234")
    paper = Paper.objects.create(
        oparl_id="https://oparl.example/paper/1",
        reference="VII-A-01234",
        name="Gemeinschaftsgarten am Lindenauer Markt",
    )
    other = Paper.objects.create(oparl_id="https://oparl.example/paper/2", reference="VII-X-9")
    with django_capture_on_commit_callbacks(execute=True):
        papers_changed.send(sender=Paper, paper_ids=[paper.pk, other.pk], source_id=None)
        papers_changed.send(sender=Paper, paper_ids=[paper.pk], source_id=None)  # again
    motion.refresh_from_db()
    assert motion.oparl_paper_id == paper.pk
    assert Event.objects.filter(motion=motion, kind=Event.Kind.PAPER).count() == 1
    assert Notification.objects.filter(user_id=cast.carol.pk, verb="motion.paper").exists()
    page = client_for(None, None).get(f"/antraege/{motion.public_id}/").content.decode()
    assert "Drucksache VII-A-01234" in page
