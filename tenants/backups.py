"""Backing up and restoring one organisation's schema, leaving every other schema alone.

A backup is a ``pg_dump --format=custom --schema=<schema>`` file plus a side-car
``<file>.json`` with the organisation, the schema and the time the backup was started. A
restore puts the current schema aside, restores the file into a fresh schema of the same name
and erases again everyone erased after the backup was taken (the erasure log,
``accounts.ErasureRecord``); only then is the old schema dropped. On any failure the old
schema is put back. Step by step for operators: docs/operations.md, section 10.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from psycopg import sql

from accounts.models import ErasureRecord
from accounts.privacy import WITH_DATA, erase_again
from tenants.db import connection
from tenants.models import Organisation

FORMAT = "wecreate-organisation-backup-1"


class BackupError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Backup:
    path: Path
    slug: str
    schema_name: str
    taken_at: datetime.datetime


@dataclass(frozen=True)
class Restored:
    backup: Backup
    erased_again: int  # people from the erasure log erased in the restored schema


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def organisation_for(slug: str) -> Organisation:
    organisation = (
        Organisation.objects.exclude(schema_name=get_public_schema_name())
        .filter(slug=slug, status__in=WITH_DATA)
        .first()
    )
    if organisation is None:
        raise BackupError(f"No organisation with data has the slug {slug!r}.")
    return organisation


def tool(name: str) -> str:
    """The PostgreSQL client program from PATH (the embedded server's binaries are not used)."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found on PATH; install the PostgreSQL client programs "
            "(Debian: postgresql-client) in the server's major version."
        )
    return found


def libpq_args() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore from the default database settings; the
    password goes through the environment, never the command line (visible in ``ps``)."""
    settings_dict = connections["default"].settings_dict
    args = ["--dbname", str(settings_dict["NAME"])]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def run(program: str, *arguments: str) -> None:
    """Run a PostgreSQL client program against the default database; BackupError on failure."""
    args, env = libpq_args()
    result = subprocess.run(  # noqa: S603  # a fixed program, arguments from settings/CLI
        [tool(program), *args, *arguments], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()[-2000:]}")


def backup_organisation(organisation: Organisation, out: Path) -> Backup:
    """Dump the organisation's schema to ``out`` and write the side-car beside it."""
    if not out.parent.is_dir():
        raise BackupError(f"The directory {out.parent} does not exist.")
    # Taken before the dump starts: an erasure during the dump is replayed on restore (twice
    # is harmless, erasure changes nothing the second time).
    taken_at = timezone.now()
    run("pg_dump", "--format=custom", f"--schema={organisation.schema_name}", f"--file={out}")
    backup = Backup(out, organisation.slug, organisation.schema_name, taken_at)
    sidecar_of(out).write_text(
        json.dumps(
            {
                "format": FORMAT,
                "slug": backup.slug,
                "schema": backup.schema_name,
                "taken_at": taken_at.isoformat(),
            }
        )
    )
    return backup


def read_backup(path: Path) -> Backup:
    if not path.is_file():
        raise BackupError(f"The backup file {path} does not exist.")
    sidecar = sidecar_of(path)
    try:
        meta = json.loads(sidecar.read_text())
        if meta.get("format") != FORMAT:
            raise ValueError("unknown format")
        return Backup(
            path, meta["slug"], meta["schema"], datetime.datetime.fromisoformat(meta["taken_at"])
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"The side-car {sidecar} is missing or unreadable ({exc}).") from exc


def _execute(statement: sql.Composable) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


def restore_organisation(organisation: Organisation, path: Path) -> Restored:
    """Replace the organisation's schema with the backup, then replay the erasure log."""
    backup = read_backup(path)
    schema = organisation.schema_name
    if backup.schema_name != schema or backup.slug != organisation.slug:
        raise BackupError(
            f"The backup belongs to {backup.slug!r} ({backup.schema_name}), "
            f"not {organisation.slug!r}."
        )
    if transaction.get_connection().in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction (pg_restore needs commits).")
    connection.set_schema_to_public()
    aside = f"org_aside_{organisation.pk}_{timezone.now():%Y%m%d%H%M%S}"
    _execute(
        sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
            sql.Identifier(schema), sql.Identifier(aside)
        )
    )
    try:
        _execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        # pg_restore --schema restores the schema's objects, not the schema itself (made above).
        # Tables and rows first, constraints and indexes last: a foreign key to an account
        # erased since the backup would fail until the erasure is replayed in between.
        restore = ("pg_restore", f"--schema={schema}", "--no-owner", "--exit-on-error")
        run(*restore, "--single-transaction", "--section=pre-data", "--section=data", str(path))
        # Read in the public schema, where the log lives; erased again inside the restored one.
        records = list(ErasureRecord.objects.filter(erased_at__gt=backup.taken_at).order_by("pk"))
        with transaction.atomic(), schema_context(schema):
            for record in records:
                erase_again(record)
        run(*restore, "--single-transaction", "--section=post-data", str(path))
    except Exception:
        connection.set_schema_to_public()
        _execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        _execute(
            sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                sql.Identifier(aside), sql.Identifier(schema)
            )
        )
        raise
    connection.set_schema_to_public()
    _execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(aside)))
    return Restored(backup, len(records))
