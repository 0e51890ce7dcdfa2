"""What the importer tells the apps above it (the motions app): once per imported page, after
that page's transaction has committed, the pks of the papers it created or changed (a paper
marked deleted counts as changed).

    papers_changed.send(sender=Paper, paper_ids=[...], source_id=<OParlSource pk>)

Receivers run through ``send_robust``: one that raises is logged and does not stop the import."""

from __future__ import annotations

from django.dispatch import Signal

papers_changed = Signal()
