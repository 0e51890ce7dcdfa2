"""Copy the files on disk into the bucket, once object storage is configured.

Pictures under MEDIA_ROOT go to ``media/<name>``, documents under DOCUMENTS_ROOT/<schema>/ to
``documents/<schema>/<name>``: the same names the rows hold, so nothing in the database changes.
Idempotent and resumable: an object already in the bucket with the file's size is skipped, a
missing or different one is (re)written and its size checked afterwards. Folders of schemas
that no longer exist are left alone (reported). Files on disk are never deleted here; remove
them once a run reports nothing left to copy (docs/operations.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management.base import BaseCommand, CommandError, CommandParser

from documents.storage import in_object_storage
from documents.storage import storage as document_storage
from tenants.models import Organisation


class Command(BaseCommand):
    help = "Copy files from MEDIA_ROOT and DOCUMENTS_ROOT into the configured S3 bucket."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="only count what would be copied"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not in_object_storage():
            raise CommandError(
                "No object storage configured: set STORAGE_URL or AWS_STORAGE_BUCKET_NAME."
            )
        self.dry_run = bool(options["dry_run"])
        self.counts = {"copied": 0, "skipped": 0, "failed": 0, "bytes": 0, "unknown_schemas": 0}
        media_root = Path(str(settings.MEDIA_ROOT))
        if media_root.is_dir():
            self._copy_tree(media_root, storages["default"])
        documents_root = Path(str(settings.DOCUMENTS_ROOT))
        if documents_root.is_dir():
            schemas = set(Organisation.objects.values_list("schema_name", flat=True))
            schemas.add("public")
            for folder in sorted(p for p in documents_root.iterdir() if p.is_dir()):
                if folder.name not in schemas:
                    self.counts["unknown_schemas"] += 1
                    self.stderr.write(f"skipped {folder}: no schema of that name")
                    continue
                self._copy_tree(folder, document_storage(folder.name))
        verb = "would copy" if self.dry_run else "copied"
        self.stdout.write(
            f"{verb} {self.counts['copied']} file(s) ({self.counts['bytes']} bytes), "
            f"{self.counts['skipped']} already in the bucket, {self.counts['failed']} failed, "
            f"{self.counts['unknown_schemas']} folder(s) of unknown schemas left alone"
        )
        if self.counts["failed"]:
            raise CommandError(f"{self.counts['failed']} file(s) failed; run again to retry.")

    def _copy_tree(self, root: Path, target: Storage) -> None:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            size = path.stat().st_size
            try:
                if target.exists(name) and target.size(name) == size:
                    self.counts["skipped"] += 1
                    continue
                if not self.dry_run:
                    self._upload(target, name, path)
                    if target.size(name) != size:
                        raise OSError(f"size differs after the copy ({target.size(name)})")
            except Exception as exc:  # noqa: BLE001 - report the file, go on with the others
                self.counts["failed"] += 1
                self.stderr.write(f"failed {path}: {exc}")
                continue
            self.counts["copied"] += 1
            self.counts["bytes"] += size

    @staticmethod
    def _upload(target: Storage, name: str, path: Path) -> None:
        """Under exactly ``name`` (the row's), replacing a partial object of an earlier run."""
        if target.exists(name):
            target.delete(name)
        with path.open("rb") as handle:
            stored = target.save(name, File(handle, name=name))
        if stored != name:
            target.delete(stored)
            raise OSError(f"stored under another name ({stored})")
