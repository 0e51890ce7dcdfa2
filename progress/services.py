"""Everything that changes the progress log: write an entry (text, optional photo with its
description), choose whether the impulse page shows it, delete it.

The rules: members of the workspace who may write add entries (the scope's moderators too);
only in a box (a workspace with an impulse, on the network) is there an impulse page, and only
its managers (owner and co-owners, workspace role owner or admin) and the network's moderators
choose what it shows; when the author is one of them, they choose as they write. An entry is
deleted by its author or the workspace's managers. Each function runs in one transaction and
raises ``ProgressError`` with a message the web shows as it is; a refusal changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from config.domain import DomainError
from config.images import ImageRejected, normalise_image
from notifications.services import notify
from progress.models import ALT_MAX, TEXT_MAX, ProgressEntry
from tenants.db import connection
from workspaces import permissions as perms
from workspaces.markdown import render_markdown
from workspaces.models import Workspace, WorkspaceMember
from workspaces.permissions import Actor
from workspaces.selectors import role_subquery

NOTIFY_LIMIT = 500  # members told about a new entry (a box is a handful of people)


class ProgressError(DomainError):
    pass


def log_path(workspace: Workspace) -> str:
    prefix = "boxen" if connection.schema_name == get_public_schema_name() else "gruppen"
    return f"/{prefix}/{workspace.slug}/fortschritt/"


def _has_impulse_page(actor: Actor, workspace: Workspace) -> bool:
    return actor.scope.kind == "network" and hasattr(workspace, "impulse")


def _fresh_workspace(actor: Actor, workspace: Workspace) -> Workspace:
    """The workspace as it is now, with the actor's role (``my_role``), if they may read it."""
    fresh = (
        Workspace.objects.annotate(my_role=role_subquery(actor, "pk"))
        .filter(pk=workspace.pk)
        .first()
    )
    if fresh is None or not perms.can_read_workspace(actor, fresh):
        raise ProgressError(_("Diese Box oder Gruppe gibt es nicht."), code="not_found")
    return fresh


# --- Rules -----------------------------------------------------------------------------------


def can_write_entry(actor: Actor, workspace: Workspace) -> bool:
    return actor.can_write and (perms.role_in(workspace) is not None or actor.is_moderator)


def can_choose_shown(actor: Actor, workspace: Workspace) -> bool:
    """The box's owner and co-owners (and moderators) decide what the impulse page shows."""
    return (
        actor.can_write
        and _has_impulse_page(actor, workspace)
        and perms.can_manage_workspace(actor, workspace)
    )


def can_delete_entry(actor: Actor, entry: ProgressEntry) -> bool:
    if not actor.can_write:
        return False
    if perms.can_manage_workspace(actor, entry.workspace):
        return True
    return entry.author_id == actor.user_id and perms.role_in(entry.workspace) is not None


# --- Changes ---------------------------------------------------------------------------------


def _clean(text: str, photo: Any, alt_text: str) -> tuple[str, Any, str]:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ProgressError(_("Bitte schreib, was passiert ist."), field="text")
    if len(text) > TEXT_MAX:
        raise ProgressError(_("Der Text darf höchstens 5.000 Zeichen lang sein."), field="text")
    alt_text = (alt_text or "").strip()
    if len(alt_text) > ALT_MAX:
        raise ProgressError(
            _("Die Bildbeschreibung darf höchstens 200 Zeichen lang sein."), field="alt_text"
        )
    content = None
    if photo:
        if not alt_text:
            raise ProgressError(
                _("Bitte beschreib das Foto für Menschen, die es nicht sehen können."),
                field="alt_text",
            )
        try:
            content = normalise_image(photo, formats={"JPEG", "PNG", "WEBP"})
        except ImageRejected as exc:
            raise ProgressError(exc.message, field="photo") from exc
    elif alt_text:
        alt_text = ""  # a description without a photo describes nothing
    return text, content, alt_text


@transaction.atomic
def write_entry(
    *,
    actor: Actor,
    workspace: Workspace,
    text: str,
    photo: Any = None,
    alt_text: str = "",
    show_on_impulse: bool = False,
) -> ProgressEntry:
    workspace = _fresh_workspace(actor, workspace)
    if not can_write_entry(actor, workspace):
        raise ProgressError(
            _("Fortschritte schreiben die Mitglieder dieser Box oder Gruppe."), code="forbidden"
        )
    text, content, alt_text = _clean(text, photo, alt_text)
    entry = ProgressEntry(
        workspace=workspace,
        author_id=actor.user_id,
        text=text,
        text_html=render_markdown(text),
        alt_text=alt_text,
        # Only who decides for the impulse page can choose while writing.
        show_on_impulse=bool(show_on_impulse) and can_choose_shown(actor, workspace),
    )
    if content is not None:
        entry.photo.save(f"photo.{content.name}", content, save=False)
    entry.save()
    _tell_members(actor, entry)
    return entry


def _tell_members(actor: Actor, entry: ProgressEntry) -> None:
    workspace = entry.workspace
    user_ids = list(
        WorkspaceMember.objects.filter(workspace=workspace)
        .exclude(user_id=actor.user_id)
        .order_by("id")
        .values_list("user_id", flat=True)[:NOTIFY_LIMIT]
    )
    if not user_ids:
        return
    title = _("Neuer Fortschritt in „%(name)s“") % {"name": workspace.name}
    url = log_path(workspace)
    transaction.on_commit(
        lambda: notify(user_ids=user_ids, verb="progress.entry", title=title, url=url)
    )


@transaction.atomic
def choose_shown(*, actor: Actor, entry: ProgressEntry, shown: bool) -> ProgressEntry:
    entry.workspace = _fresh_workspace(actor, entry.workspace)
    if not can_choose_shown(actor, entry.workspace):
        raise ProgressError(
            _("Was die Impulsseite zeigt, entscheiden die Verantwortlichen der Box."),
            code="forbidden",
        )
    ProgressEntry.objects.filter(pk=entry.pk).update(show_on_impulse=bool(shown))
    entry.show_on_impulse = bool(shown)
    return entry


@transaction.atomic
def delete_entry(*, actor: Actor, entry: ProgressEntry) -> None:
    entry.workspace = _fresh_workspace(actor, entry.workspace)
    if not can_delete_entry(actor, entry):
        raise ProgressError(
            _("Diesen Eintrag löschen nur, wer ihn geschrieben hat, und die Verantwortlichen."),
            code="forbidden",
        )
    photo = entry.photo.name if entry.photo else ""
    ProgressEntry.objects.filter(pk=entry.pk).delete()
    if photo:
        transaction.on_commit(lambda: entry.photo.storage.delete(photo))
