"""Uploads at the same moment, each on its own database connection: the per-schema lock
around the storage count lets in only what fits the plan, and exactly those files are on disk.
(Committed data, cleaned up afterwards: the race needs separate transactions.)"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.db import connections
from django_tenants.utils import tenant_context

from billing.entitlements import Entitlements, forget_entitlements
from documents.models import Document, DocumentVersion
from documents.services import DocumentError
from tests.cast import Cast
from tests.documents.factories import PDF, stored_files, upload
from tests.events.test_concurrency import in_thread
from tests.workspaces.factories import actor


def test_simultaneous_uploads_never_overfill_the_storage(cast: Cast, documents_root: Path) -> None:
    cast.alpha._billing_entitlements = Entitlements(
        plan_slug="klein",
        status="active",
        features=frozenset(),
        readable_features=frozenset(),
        member_limit=None,
        storage_mb=1,
        read_only=False,
        grace_until=None,
    )
    chunk = PDF + b"0" * (400 * 1024)  # two fit into 1 MB, three do not
    people = [cast.alice, cast.bob, cast.dave]
    barrier = threading.Barrier(len(people))
    refused: list[DocumentError] = []
    errors: list[BaseException] = []

    def send(user: Any, n: int) -> None:
        try:
            with tenant_context(cast.alpha):
                who = actor(user)
                barrier.wait(timeout=10)
                upload(who, f"Datei {n}.pdf", chunk)
        except DocumentError as exc:
            refused.append(exc)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    try:
        threads = [threading.Thread(target=send, args=(u, i)) for i, u in enumerate(people)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert not errors, errors
        assert [e.code for e in refused] == ["storage_full"]

        def outcome() -> tuple[int, list[str]]:
            with tenant_context(cast.alpha):
                blobs = DocumentVersion.objects.values_list("blob", flat=True)
                return Document.objects.count(), sorted(
                    f"{cast.alpha.schema_name}/{b}" for b in blobs
                )

        count, files = in_thread(outcome)
        assert count == 2
        assert stored_files(documents_root) == files
    finally:

        def clean() -> None:
            with tenant_context(cast.alpha):
                Document.objects.filter(name__startswith="Datei ").delete()

        in_thread(clean)
        forget_entitlements(cast.alpha)
