"""Import members from a CSV file (admins). Every row is checked first; a single bad row rejects
the whole file and nothing happens. Accepted rows become invitations: nobody is put into an
organisation without accepting (one global identity, GDPR Art. 9 for party membership)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from accounts.models import User
from billing.entitlements import require_seats
from intranet.models import Membership
from tenants.models import ROLE_RANK, Invitation, Organisation, Role
from tenants.services import OrganisationError, invite_member, require_role

MAX_BYTES = 1_000_000
MAX_ROWS = 2_000
EMAIL_HEADERS = {"email", "e-mail", "mail", "e-mail-adresse", "emailadresse"}
ROLE_HEADERS = {"role", "rolle"}
ROLE_WORDS = {
    "": Role.MEMBER,
    "member": Role.MEMBER,
    "mitglied": Role.MEMBER,
    "guest": Role.GUEST,
    "gast": Role.GUEST,
    "admin": Role.ADMIN,
}


@dataclass(frozen=True)
class RowProblem:
    row: int  # line in the file (the header is line 1); 0 = the file as a whole
    message: str


class ImportRejected(OrganisationError):
    def __init__(self, problems: list[RowProblem]):
        super().__init__(
            _("Die Datei wurde nicht importiert. Bitte korrigiere diese Zeilen:"),
            field="file",
            code="rejected",
        )
        self.problems = problems


def _text_of(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRejected([RowProblem(0, _("Die Datei ist größer als 1 MB."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's CSV in German Windows
    if "\x00" in text or not text.strip():
        raise ImportRejected([RowProblem(0, _("Das ist keine CSV-Datei mit Inhalt."))])
    return text


def _rows(text: str) -> tuple[list[tuple[int, dict[str, str]]], str, str | None]:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    email_header = next((headers[h] for h in headers if h in EMAIL_HEADERS), None)
    if email_header is None:
        raise ImportRejected(
            [
                RowProblem(
                    1, _("Die erste Zeile braucht eine Spalte „E-Mail“ (und optional „Rolle“).")
                )
            ]
        )
    role_header = next((headers[h] for h in headers if h in ROLE_HEADERS), None)
    rows = [
        (reader.line_num, row)
        for row in reader
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]
    return rows, email_header, role_header


def import_members(*, organisation: Organisation, acting_user: User, data: bytes) -> int:
    """Check the file, then invite every row (one transaction). Returns the number invited."""
    acting_role = require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    rows, email_header, role_header = _rows(_text_of(data))
    problems: list[RowProblem] = []
    if not rows:
        problems.append(RowProblem(0, _("Die Datei enthält keine Personen.")))
    if len(rows) > MAX_ROWS:
        raise ImportRejected(
            [RowProblem(0, _("Höchstens %(n)d Zeilen pro Datei.") % {"n": MAX_ROWS})]
        )

    emails = [(row.get(email_header) or "").strip().lower() for _line, row in rows]
    users = dict(User.objects.filter(email__in=[e for e in emails if e]).values_list("email", "pk"))
    with schema_context(organisation.schema_name):
        members = set(
            Membership.objects.filter(user_id__in=users.values(), is_active=True).values_list(
                "user_id", flat=True
            )
        )
    open_invitations = set(
        Invitation.objects.open()
        .filter(organisation=organisation, email__in=emails)
        .values_list("email", flat=True)
    )

    accepted: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for (line, row), email in zip(rows, emails, strict=True):
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                RowProblem(
                    line, _("„%(value)s“ ist keine gültige E-Mail-Adresse.") % {"value": email}
                )
            )
            continue
        role = ROLE_WORDS.get((row.get(role_header) or "").strip().lower() if role_header else "")
        if role is None:
            problems.append(
                RowProblem(line, _("Unbekannte Rolle (erlaubt: Mitglied, Gast, Admin)."))
            )
            continue
        if ROLE_RANK[Role(role)] > ROLE_RANK[Role(acting_role)]:
            problems.append(RowProblem(line, _("Diese Rolle kannst du nicht vergeben.")))
            continue
        if email in seen:
            problems.append(
                RowProblem(line, _("Doppelt (schon in Zeile %(line)d).") % {"line": seen[email]})
            )
            continue
        seen[email] = line
        if users.get(email) in members:
            problems.append(RowProblem(line, _("Diese Person ist bereits Mitglied.")))
            continue
        if email in open_invitations:
            problems.append(RowProblem(line, _("Diese Person ist bereits eingeladen.")))
            continue
        accepted.append((email, role))

    wanted = sum(1 for _email, granted in accepted if granted != Role.GUEST)
    if problems:
        raise ImportRejected(problems)
    require_seats(organisation, wanted=wanted)  # the same refusal as a single invitation
    with transaction.atomic():
        for address, granted in accepted:
            invite_member(
                organisation=organisation, email=address, role=granted, invited_by=acting_user
            )
    return len(accepted)
