"""Submitting a motion: allowed only when the body's rules are met (enough co-signers, the
deadline before the meeting). The PDF is rendered once, kept with its SHA-256 and sent from
the outbox by ``motions.tasks.send_submission`` (retries; the box sees the delivery state),
with a copy to the signers. A submitted motion is read-only."""

from __future__ import annotations

import hashlib
import logging
import smtplib
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config import jobs
from motions import rules
from motions.models import Event, Motion, MotionVersion, Signature, State, Submission
from motions.pdf import render_motion_pdf
from motions.services.common import MotionError, fresh_motion, motion_path, record_event
from tenants.models import absolute_url
from workspaces.permissions import Actor

logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 5
SIGNER_COPY_BATCH = 100  # Bcc addresses per copy mail


def missing_for_submission(motion: Motion, meeting_date: date | None, today: date) -> list[str]:
    """What still stands between the motion and its submission, in the body's own rules."""
    body = motion.body
    missing = []
    if motion.signature_count < body.min_cosigners:
        missing.append(
            _("%(body)s verlangt mindestens %(min)s Mitzeichnende; bisher sind es %(count)s.")
            % {"body": body.name, "min": body.min_cosigners, "count": motion.signature_count}
        )
    if meeting_date is not None and meeting_date < today:
        missing.append(_("Die Sitzung liegt in der Vergangenheit."))
    elif body.submission_deadline_days:
        if meeting_date is None:
            missing.append(
                _("Bitte nenn die Sitzung: %(body)s nimmt Anträge bis %(days)s Tage vorher an.")
                % {"body": body.name, "days": body.submission_deadline_days}
            )
        elif meeting_date - timedelta(days=body.submission_deadline_days) < today:
            missing.append(
                _(
                    "Die Frist für die Sitzung am %(date)s ist verstrichen: Anträge müssen "
                    "%(days)s Tage vorher eingehen."
                )
                % {
                    "date": meeting_date.strftime("%d.%m.%Y"),
                    "days": body.submission_deadline_days,
                }
            )
    return missing


@transaction.atomic
def submit(*, actor: Actor, motion: Motion, meeting_date: date | None = None) -> Submission:
    motion = fresh_motion(actor, motion)
    if not rules.can_manage(actor, motion):
        raise MotionError(_("Einreichen dürfen die Verantwortlichen der Box."), code="forbidden")
    if motion.state not in (State.DRAFT, State.SIGNING):
        raise MotionError(_("Dieser Antrag ist schon eingereicht."), code="conflict")
    missing = missing_for_submission(motion, meeting_date, timezone.localdate())
    if missing:
        raise MotionError(" ".join(missing), field="meeting_date", code="invalid")
    version = MotionVersion.objects.get(motion=motion, number=motion.version_count)
    motion.meeting_date = meeting_date
    box_url = absolute_url(settings.BASE_DOMAIN, f"/boxen/{motion.workspace.slug}/")
    content = render_motion_pdf(motion, version, box_url=box_url)
    now = timezone.now()
    recipient = motion.body.submission_email
    submission = Submission(
        motion=motion,
        version=version.number,
        sha256=hashlib.sha256(content).hexdigest(),
        recipient=recipient,
        delivery=Submission.Delivery.QUEUED if recipient else Submission.Delivery.NO_ADDRESS,
    )
    submission.pdf.save("antrag.pdf", ContentFile(content), save=False)
    submission.save()
    Motion.objects.filter(pk=motion.pk).update(
        state=State.SUBMITTED,
        submitted_at=now,
        submitted_version=version.number,
        meeting_date=meeting_date,
    )
    motion.state, motion.submitted_at, motion.submitted_version = (
        State.SUBMITTED,
        now,
        version.number,
    )
    record_event(motion, Event.Kind.SUBMITTED, tell_signers=True, skip_user_id=actor.user_id)
    jobs.enqueue("motions.tasks.send_submission", submission.pk)
    return submission


def send_submission(submission_id: int) -> str:
    """Deliver one submission: the PDF to the body, then a copy to the signers. Raises on a
    failing mail server so the task retries; after the last attempt the outbox says so."""
    submission = (
        Submission.objects.select_related("motion__body", "motion__workspace")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or submission.delivery != Submission.Delivery.QUEUED:
        return submission.delivery if submission else "missing"
    motion = submission.motion
    Submission.objects.filter(pk=submission.pk).update(attempts=submission.attempts + 1)
    subject = _("Antrag: %(title)s") % {"title": motion.title}
    pdf = submission.pdf.open("rb").read()
    try:
        message = EmailMessage(
            subject=subject,
            body=_(
                "Sehr geehrte Damen und Herren,\n\nanbei der Antrag „%(title)s“ der "
                "Initiative „%(box)s“ an %(body)s, mit %(count)s Mitzeichnenden.\n\n"
                "Der Antrag und sein Verlauf: %(url)s\n"
                "Prüfsumme der Datei (SHA-256): %(hash)s\n\nMit freundlichen Grüßen\n%(box)s"
            )
            % {
                "title": motion.title,
                "box": motion.workspace.name,
                "body": motion.body.name,
                "count": motion.signature_count,
                "url": absolute_url(settings.BASE_DOMAIN, motion_path(motion)),
                "hash": submission.sha256,
            },
            to=[submission.recipient],
        )
        message.attach("antrag.pdf", pdf, "application/pdf")
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("motion submission %s not sent: %s", submission.pk, type(exc).__name__)
        failed = submission.attempts + 1 >= MAX_SEND_ATTEMPTS
        Submission.objects.filter(pk=submission.pk).update(
            last_error=str(exc)[:300],
            delivery=Submission.Delivery.FAILED if failed else Submission.Delivery.QUEUED,
        )
        if failed:
            return Submission.Delivery.FAILED
        raise
    now = timezone.now()
    Submission.objects.filter(pk=submission.pk).update(
        delivery=Submission.Delivery.SENT, sent_at=now, last_error=""
    )
    with transaction.atomic():
        record_event(motion, Event.Kind.SENT, text=submission.recipient)
    _copy_to_signers(motion, subject, pdf)
    return Submission.Delivery.SENT


def _copy_to_signers(motion: Motion, subject: str, pdf: bytes) -> None:
    addresses = list(
        Signature.objects.filter(motion=motion).order_by("id").values_list("user__email", flat=True)
    )
    for start in range(0, len(addresses), SIGNER_COPY_BATCH):
        copy = EmailMessage(
            subject=_("Kopie: %(subject)s") % {"subject": subject},
            body=_(
                "Der Antrag, den du mitgezeichnet hast, ist eingereicht. Anbei die Fassung, "
                "die an %(body)s ging.\n\n%(url)s"
            )
            % {
                "body": motion.body.name,
                "url": absolute_url(settings.BASE_DOMAIN, motion_path(motion)),
            },
            bcc=addresses[start : start + SIGNER_COPY_BATCH],
        )
        copy.attach("antrag.pdf", pdf, "application/pdf")
        try:
            copy.send()
        except (smtplib.SMTPException, OSError):
            logger.warning("motion %s: a signer copy batch was not sent", motion.pk)
