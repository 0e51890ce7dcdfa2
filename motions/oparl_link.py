"""Submitted motions meet the council's own data: when the OParl importer brings a paper
(``oparl.signals.papers_changed``) whose reference (Drucksachennummer) is the one recorded for
a submitted motion, the motion links to it and its public timeline says so."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motions.models import Event, Motion
from motions.services.common import record_event
from oparl.models import Paper


def link_papers(paper_ids: list[int]) -> int:
    """Link submitted motions to the changed papers with their reference; the count linked."""
    papers = {
        p.reference: p
        for p in Paper.objects.filter(pk__in=paper_ids, deleted=False).exclude(reference="")
    }
    if not papers:
        return 0
    linked = 0
    for motion in Motion.objects.select_related("workspace", "body").filter(
        reference__in=list(papers), submitted_at__isnull=False, oparl_paper__isnull=True
    )[:1000]:
        paper = papers[motion.reference]
        with transaction.atomic():
            Motion.objects.filter(pk=motion.pk).update(oparl_paper=paper)
            record_event(
                motion,
                Event.Kind.PAPER,
                text=_("Drucksache %(reference)s: %(name)s")
                % {"reference": paper.reference, "name": paper.name},
                by_body=True,
                tell_signers=True,
            )
        linked += 1
    return linked


def on_papers_changed(sender: Any, paper_ids: list[int], **kwargs: Any) -> None:
    link_papers(paper_ids)
