"""Reads of the audit log: keyset pages (newest first, no COUNT, no OFFSET) and the export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from audit.models import Action, ActorKind, AuditEntry, SupportGrant
from tenants.models import Invitation, Organisation, Role

PAGE_SIZE = 50


@dataclass
class Row:
    entry: AuditEntry
    actor: str
    target: str

    @property
    def summary(self) -> str:
        return describe(self.entry)


FIELD_LABELS = {
    "name": _lazy("Name"),
    "brand_colour": _lazy("Farbe"),
    "default_language": _lazy("Sprache"),
    "logo": _lazy("Logo"),
}


def _role(value: Any) -> str:
    return str(dict(Role.choices).get(value, value))


def describe(entry: AuditEntry) -> str:
    """The details in words for the page (the export keeps the raw JSON)."""
    d = entry.details
    match entry.action:
        case Action.ROLE_CHANGED:
            return f"{_role(d.get('from'))} → {_role(d.get('to'))}"
        case Action.INVITATION_SENT | Action.INVITATION_ACCEPTED:
            return _("als %(role)s") % {"role": _role(d.get("role"))}
        case Action.MEMBER_REMOVED:
            return _("selbst ausgetreten") if d.get("left") else ""
        case Action.TWO_FACTOR_CHANGED:
            return _("Pflicht für Admins") if d.get("required") else _("keine Pflicht")
        case Action.SETTINGS_CHANGED:
            return ", ".join(str(FIELD_LABELS.get(f, f)) for f in d.get("fields", []))
        case Action.SUPPORT_GRANTED:
            view = dict(SupportGrant.ROLES).get(d.get("role"), "")
            return _("%(hours)s Stunden, %(view)s") % {"hours": d.get("hours"), "view": view}
        case Action.SUPPORT_ACCESS:
            return f"{d.get('method', '')} {d.get('path', '')} → {d.get('status', '')}"
        case Action.AUDIT_EXPORTED:
            return str(d.get("format", "")).upper()
        case Action.PLAN_CHANGED:
            return str(d.get("change", ""))
    return ", ".join(f"{key}: {value}" for key, value in d.items())


def _rows(organisation: Organisation, entries: list[AuditEntry]) -> list[Row]:
    """Names as they are now: an erased account shows as "gelöschtes Konto". Invitations are
    shown by their address while the invitation exists (one query for the page)."""
    invitation_ids = [int(e.target_id) for e in entries if e.target_type == "invitation"]
    addresses = (
        dict(
            Invitation.objects.filter(
                organisation_id=organisation.pk, pk__in=invitation_ids
            ).values_list("pk", "email")
        )
        if invitation_ids
        else {}
    )
    gone = _("gelöschtes Konto")
    rows = []
    for e in entries:
        if e.actor_kind == ActorKind.SYSTEM:
            actor = _("System")
        else:
            actor = e.actor.name if e.actor is not None else gone
            if e.actor_kind == ActorKind.STAFF:
                actor = f"{actor} ({_('Plattform-Support')})"
        if e.target_type == "user":
            target = e.target_user.name if e.target_user is not None else gone
        elif e.target_type == "invitation":
            target = addresses.get(int(e.target_id), _("Einladung"))
        elif e.target_type == "supportgrant":
            target = _("Support-Zugang")
        else:
            target = e.target_id
        rows.append(Row(e, actor, target))
    return rows


def log_page(
    organisation: Organisation, *, action: str = "", before: int | None = None
) -> tuple[list[Row], int | None]:
    """One page of entries, newest first, continuing below entry id ``before``."""
    entries = AuditEntry.objects.select_related("actor", "target_user").order_by("-id")
    if action:
        entries = entries.filter(action=action)
    if before is not None:
        entries = entries.filter(id__lt=before)
    page = list(entries[: PAGE_SIZE + 1])
    next_before = page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None
    return _rows(organisation, page[:PAGE_SIZE]), next_before


def all_rows(organisation: Organisation) -> Iterator[Row]:
    """Every entry, oldest first, in chunks (for the export)."""
    entries = AuditEntry.objects.select_related("actor", "target_user").order_by("id")
    chunk: list[AuditEntry] = []
    for entry in entries.iterator(chunk_size=1000):
        chunk.append(entry)
        if len(chunk) == 1000:
            yield from _rows(organisation, chunk)
            chunk = []
    yield from _rows(organisation, chunk)


def as_dict(row: Row) -> dict[str, Any]:
    e = row.entry
    return {
        "id": e.pk,
        "at": e.at.isoformat(),
        "action": e.action,
        "action_label": str(e.get_action_display()),
        "actor": row.actor,
        "actor_id": str(e.actor.public_id) if e.actor is not None else None,
        "actor_kind": e.actor_kind,
        "target_type": e.target_type,
        "target": row.target,
        "details": e.details,
    }


FIELDS = [
    "id",
    "at",
    "action",
    "action_label",
    "actor",
    "actor_id",
    "actor_kind",
    "target_type",
    "target",
    "details",
]


def csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    for row in rows:
        values = as_dict(row)
        values["details"] = json.dumps(values["details"], ensure_ascii=False, sort_keys=True)
        # Spreadsheet formula injection: a cell must not start with = + - @.
        writer.writerow(
            {
                k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v)
                for k, v in values.items()
            }
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def json_chunks(rows: Iterable[Row]) -> Iterator[str]:
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + json.dumps(as_dict(row), ensure_ascii=False)
    yield "]\n"
