"""The submitted motion as a PDF in the formal German letter layout (letterhead of the box,
addressee, place and date, subject, Beschlussvorschlag, Begründung, the signers), rendered by
WeasyPrint from a template. Needs Pango on the machine (docs/operations.md)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from motions.models import Motion, MotionVersion, Signature

SIGNERS_IN_PDF = 10_000  # far above any body's minimum; the list stays complete in practice


def render_motion_pdf(motion: Motion, version: MotionVersion, *, box_url: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs a second at start-up

    signers = list(
        Signature.objects.filter(motion=motion)
        .select_related("district")
        .order_by("signed_at", "id")[:SIGNERS_IN_PDF]
    )
    with translation.override("de"):
        html = render_to_string(
            "motions/pdf.html",
            {
                "motion": motion,
                "version": version,
                "body": motion.body,
                "box": motion.workspace,
                "box_url": box_url,
                "signers": signers,
                "today": timezone.localdate(),
            },
        )
    return bytes(HTML(string=html).write_pdf())
