"""Motions in a box: drafting with versions, merges and conflicts, a diff between versions,
paragraph threads; co-signing with the body's area rule; submission with the body's rules;
bad input changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from motions import diff, paragraphs, selectors
from motions.models import Motion, MotionVersion, Signature, State, Submission
from motions.services import drafting, signing, submission
from motions.services.common import MotionError
from notifications.models import Notification
from tests.cast import Cast
from tests.motions.factories import alt_west, motion_in, ortsteil, signed_by
from tests.taskboard.factories import box_on_network
from workspaces.scopes import network_actor


def _v(motion: Motion, number: int) -> MotionVersion:
    version = selectors.version(motion, number)
    assert version is not None
    return version


def _version(motion: Motion, by, base: int, **text) -> MotionVersion:
    latest = MotionVersion.objects.get(motion=motion, number=motion.version_count)
    values = {"title": latest.title, "proposal": latest.proposal, "reasoning": latest.reasoning}
    values.update(text)
    return drafting.save_version(actor=network_actor(by), motion=motion, base_number=base, **values)


def test_members_draft_versions_and_a_stale_edit_of_another_field_is_merged(cast: Cast) -> None:
    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    assert motion.version_count == 1 and motion.state == State.DRAFT
    # gina (helper) and erin both start from version 1.
    _version(motion, cast.gina, 1, title="Ein Garten für Lindenau")
    motion.refresh_from_db()
    merged = _version(motion, cast.erin, 1, reasoning="Es fehlen grüne Orte.")
    assert merged.number == 3 and merged.title == "Ein Garten für Lindenau"
    assert merged.reasoning == "Es fehlen grüne Orte." and "Fassung 2" in merged.note
    motion.refresh_from_db()
    assert motion.title == "Ein Garten für Lindenau" and motion.version_count == 3


def test_two_edits_of_the_same_field_conflict_and_nothing_is_saved(cast: Cast) -> None:
    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    _version(motion, cast.gina, 1, title="Ein Garten für Lindenau")
    motion.refresh_from_db()
    with pytest.raises(MotionError) as refused:
        _version(motion, cast.erin, 1, title="Garten am Markt")
    assert refused.value.code == "conflict" and "Fassung 2" in refused.value.message
    assert "Titel" in refused.value.message
    assert MotionVersion.objects.filter(motion=motion).count() == 2


def test_strangers_and_bad_text_change_nothing(cast: Cast) -> None:
    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    with pytest.raises(MotionError) as stranger:
        _version(motion, cast.carol, 1, title="Übernommen")
    assert stranger.value.code == "forbidden"
    with pytest.raises(MotionError) as empty:
        _version(motion, cast.erin, 1, proposal="   ")
    assert empty.value.field == "proposal"
    with pytest.raises(MotionError):
        _version(motion, cast.erin, 1)  # unchanged
    with pytest.raises(MotionError) as no_body:
        motion_in(box, cast.erin, body=None)
    assert no_body.value.field == "body"
    assert MotionVersion.objects.filter(motion=motion).count() == 1
    assert Motion.objects.filter(workspace=box).count() == 1


def test_a_diff_marks_the_changed_words(cast: Cast) -> None:
    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    _version(motion, cast.erin, 1, proposal="Die Stadt legt am Markt einen großen Garten an.")
    one, two = _v(motion, 1), _v(motion, 2)
    fields = {f.name: f for f in diff.diff_versions(one, two)}
    assert not fields["title"].changed and fields["proposal"].changed
    added = "".join(s.text for s in fields["proposal"].segments if s.op == "added")
    removed = "".join(s.text for s in fields["proposal"].segments if s.op == "removed")
    assert "großen" in added and "Lindenauer" in removed


def test_paragraph_threads_survive_versions_that_keep_the_paragraph(cast: Cast) -> None:
    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    first = paragraphs.of_version(motion, _v(motion, 1))
    assert [p.field for p in first] == ["proposal", "proposal", "reasoning", "reasoning"]
    comment = drafting.comment_on_paragraph(
        actor=network_actor(cast.gina), paragraph=first[0].paragraph, body="20.000 reichen?"
    )
    assert comment.pk
    version = _v(motion, 1)
    _version(motion, cast.erin, 1, reasoning=version.reasoning + "\n\nEin neuer Absatz.")
    second = paragraphs.of_version(motion, _v(motion, 2))
    assert second[0].paragraph.pk == first[0].paragraph.pk
    assert second[0].paragraph.comment_count == 1 and len(second) == 5
    with pytest.raises(MotionError):
        drafting.comment_on_paragraph(
            actor=network_actor(cast.carol), paragraph=first[0].paragraph, body="Ich auch"
        )


def test_signing_checks_the_area_the_statement_and_twice(cast: Cast) -> None:
    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    carol = network_actor(cast.carol)
    with pytest.raises(MotionError):  # still a draft
        signing.sign(actor=carol, motion=motion, district=ortsteil("70"), declared_residence=True)
    with pytest.raises(MotionError):  # only the box's owners open the signing
        signing.open_signing(actor=network_actor(cast.gina), motion=motion)
    signing.open_signing(actor=network_actor(cast.erin), motion=motion)
    with pytest.raises(MotionError) as outside:
        signing.sign(actor=carol, motion=motion, district=ortsteil("00"), declared_residence=True)
    assert outside.value.field == "district" and "Alt-West" in outside.value.message
    with pytest.raises(MotionError) as undeclared:
        signing.sign(actor=carol, motion=motion, district=ortsteil("71"))
    assert undeclared.value.field == "declared_residence"
    signing.sign(actor=carol, motion=motion, district=ortsteil("71"), declared_residence=True)
    with pytest.raises(MotionError) as twice:
        signing.sign(actor=carol, motion=motion, district=ortsteil("71"), declared_residence=True)
    assert twice.value.code == "conflict"
    motion.refresh_from_db()
    assert motion.signature_count == 1
    assert Signature.objects.get(motion=motion).name == cast.carol.name
    signing.withdraw(actor=carol, motion=motion)
    motion.refresh_from_db()
    assert motion.signature_count == 0 and not Signature.objects.filter(motion=motion).exists()


def test_an_unverified_account_cannot_sign(cast: Cast) -> None:
    from allauth.account.models import EmailAddress

    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    signing.open_signing(actor=network_actor(cast.erin), motion=motion)
    EmailAddress.objects.filter(user=cast.carol).update(verified=False)
    with pytest.raises(MotionError) as refused:
        signed_by(motion, cast.carol)
    assert "bestätigt" in refused.value.message
    assert not Signature.objects.filter(motion=motion).exists()


def test_submission_needs_the_cosigners_and_the_deadline(cast: Cast) -> None:
    box = box_on_network(cast)
    body = alt_west()
    body.min_cosigners = 2
    body.save()
    motion = motion_in(box, cast.erin)
    erin = network_actor(cast.erin)
    signing.open_signing(actor=erin, motion=motion)
    signed_by(motion, cast.carol)
    soon = timezone.localdate() + timedelta(days=5)
    later = timezone.localdate() + timedelta(days=30)
    with pytest.raises(MotionError) as too_few:
        submission.submit(actor=erin, motion=motion, meeting_date=later)
    assert "mindestens 2" in too_few.value.message
    signed_by(motion, cast.alice)
    with pytest.raises(MotionError) as late:
        submission.submit(actor=erin, motion=motion, meeting_date=soon)
    assert "14 Tage" in late.value.message
    with pytest.raises(MotionError):
        submission.submit(actor=network_actor(cast.gina), motion=motion, meeting_date=later)
    assert not Submission.objects.exists()
    motion.refresh_from_db()
    assert motion.state == State.SIGNING


def test_a_submitted_motion_is_read_only_and_signatures_stay(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    erin = network_actor(cast.erin)
    signing.open_signing(actor=erin, motion=motion)
    signed_by(motion, cast.carol)
    with django_capture_on_commit_callbacks(execute=False):
        sent = submission.submit(
            actor=erin, motion=motion, meeting_date=timezone.localdate() + timedelta(days=20)
        )
    assert sent.delivery == Submission.Delivery.NO_ADDRESS  # Leipzig's data has no address
    assert len(sent.sha256) == 64 and sent.pdf.open("rb").read(5) == b"%PDF-"
    motion.refresh_from_db()
    assert motion.state == State.SUBMITTED and motion.submitted_version == 1
    with pytest.raises(MotionError) as frozen:
        _version(motion, cast.erin, 1, title="Später geändert")
    assert frozen.value.code == "conflict"
    with pytest.raises(MotionError):
        signing.withdraw(actor=network_actor(cast.carol), motion=motion)
    assert Signature.objects.filter(motion=motion).count() == 1


def test_box_members_hear_of_a_new_version(cast: Cast, django_capture_on_commit_callbacks) -> None:
    box = box_on_network(cast)
    motion = motion_in(box, cast.erin)
    with django_capture_on_commit_callbacks(execute=True):
        _version(motion, cast.erin, 1, title="Ein Garten für Lindenau")
    assert Notification.objects.filter(user_id=cast.gina.pk, verb="motion.version").exists()
    assert not Notification.objects.filter(user_id=cast.erin.pk, verb="motion.version").exists()
