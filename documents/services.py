"""Everything that changes documents: folders (create, rename, delete when empty), uploads
(a new document, or a new version of one), rename and move, delete with every version.

Each function takes the acting ``Actor`` (keyword-only), runs in one transaction, checks the
rules (documents/permissions.py) against freshly read rows and raises ``DocumentError`` with a
message that web, API and admin show as it is. An upload is checked completely (name, type by
content, size, the organisation's storage) before a byte is written; the storage check holds a
per-schema lock so two uploads cannot both squeeze into the last megabytes. Files are removed
only after the rows are gone for good (on commit), so a failed delete leaves everything whole.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from config.domain import DomainError
from config.images import ImageRejected, normalise_image
from documents import permissions as doc_perms
from documents import selectors
from documents.filetypes import ALLOWED_EXTENSIONS, TYPES, content_matches, extension_of
from documents.models import (
    FOLDER_DEPTH_MAX,
    NAME_MAX,
    Document,
    DocumentVersion,
    Folder,
    PostAttachment,
)
from documents.storage import new_blob_name, signed_url, storage
from tenants.db import connection
from workspaces import permissions as perms
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.selectors import role_subquery
from workspaces.tools import tool_url


class DocumentError(DomainError):
    pass


def document_path(document: Document) -> str:
    """Where a document lives on its host: /dokumente/<id>/, on the network under its box."""
    return tool_url("documents:document", document.workspace, document.public_id)


def _not_found(message: str | None = None) -> DocumentError:
    return DocumentError(message or _("Dieses Dokument gibt es nicht."), code="not_found")


def _forbidden(message: str) -> DocumentError:
    return DocumentError(message, code="forbidden")


# --- Names -----------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FORBIDDEN_CHARS = re.compile(r'[<>:"|?*]')
_SPACES = re.compile(r"\s+")


def clean_name(raw: str, *, field: str = "name") -> str:
    """A name safe to show and to offer as a download name: no folders (only the part after
    the last slash or backslash), no control characters, no leading dots, at most NAME_MAX
    characters (the extension is kept). The file itself is stored under a random name."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _CONTROL.sub("", name)
    name = _FORBIDDEN_CHARS.sub("_", name)
    name = _SPACES.sub(" ", name).strip().lstrip(".").strip()
    if not name or name in (".", ".."):
        raise DocumentError(_("Bitte gib einen Namen an."), field=field)
    if len(name) > NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and len(ext) <= 10:
            name = f"{stem[: NAME_MAX - len(ext) - 1].rstrip()}.{ext}"
        else:
            name = name[:NAME_MAX].rstrip()
    return name


def download_name(document: Document, version: DocumentVersion) -> str:
    """The document's name with the extension of this version's file type."""
    extension = extension_of(version.original_name)
    if extension_of(document.name) == extension:
        return document.name
    return f"{document.name}.{extension}"


# --- Fresh rows --------------------------------------------------------------------------------


def _fresh_workspace(actor: Actor, workspace: Workspace | None) -> Workspace | None:
    if workspace is None:
        return None
    fresh = (
        Workspace.objects.annotate(my_role=role_subquery(actor, "pk"))
        .filter(pk=workspace.pk)
        .first()
    )
    if fresh is None or not perms.can_see_workspace(actor, fresh):
        raise DocumentError(_("Diese Gruppe gibt es nicht."), code="not_found", field="group")
    return fresh


def _fresh_folder(actor: Actor, folder: Folder, *, lock: bool = False) -> Folder:
    fresh = selectors.folder_for(actor, folder.public_id)
    if fresh is None:
        raise _not_found(_("Diesen Ordner gibt es nicht."))
    if lock:
        Folder.objects.select_for_update().filter(pk=fresh.pk).first()
    return fresh


def _fresh_document(actor: Actor, document: Document, *, lock: bool = False) -> Document:
    if lock:
        # Lock first, then read: a version upload and a delete of the same document queue up.
        Document.objects.select_for_update().filter(pk=document.pk).first()
    fresh = selectors.document_for(actor, document.public_id)
    if fresh is None:
        raise _not_found()
    return fresh


def _target_folder(
    actor: Actor, workspace: Workspace | None, folder: Folder | None
) -> Folder | None:
    """The folder re-read, and in the same area (a group's folders only take its documents)."""
    if folder is None:
        return None
    fresh = _fresh_folder(actor, folder)
    if fresh.workspace_id != (workspace.pk if workspace is not None else None):
        raise DocumentError(_("Dieser Ordner gehört zu einem anderen Bereich."), field="folder")
    return fresh


# --- Folders -----------------------------------------------------------------------------------


def _name_taken(message: str, field: str = "name") -> DocumentError:
    return DocumentError(message, field=field, code="conflict")


@transaction.atomic
def create_folder(
    *,
    actor: Actor,
    name: str,
    workspace: Workspace | None = None,
    parent: Folder | None = None,
) -> Folder:
    workspace = _fresh_workspace(actor, workspace)
    if not doc_perms.can_read_area(actor, workspace) or not doc_perms.can_upload(actor, workspace):
        raise _forbidden(_("Hier darfst du keine Ordner anlegen."))
    parent = _target_folder(actor, workspace, parent)
    depth = parent.depth + 1 if parent is not None else 1
    if depth > FOLDER_DEPTH_MAX:
        raise DocumentError(
            _("Ordner lassen sich höchstens %(n)d Ebenen tief verschachteln.")
            % {"n": FOLDER_DEPTH_MAX},
            field="name",
        )
    name = clean_name(name)
    try:
        with transaction.atomic():
            return Folder.objects.create(
                workspace=workspace,
                parent=parent,
                name=name,
                depth=depth,
                created_by=actor.user,
            )
    except IntegrityError as exc:
        raise _name_taken(_("Einen Ordner mit diesem Namen gibt es hier schon.")) from exc


@transaction.atomic
def rename_folder(*, actor: Actor, folder: Folder, name: str) -> Folder:
    folder = _fresh_folder(actor, folder, lock=True)
    if not doc_perms.can_change_folder(actor, folder):
        raise _forbidden(_("Diesen Ordner darfst du nicht umbenennen."))
    folder.name = clean_name(name)
    try:
        with transaction.atomic():
            folder.save(update_fields=["name"])
    except IntegrityError as exc:
        raise _name_taken(_("Einen Ordner mit diesem Namen gibt es hier schon.")) from exc
    return folder


@transaction.atomic
def delete_folder(*, actor: Actor, folder: Folder) -> None:
    """Only empty folders go: nothing inside is ever deleted along with a folder by surprise."""
    folder = _fresh_folder(actor, folder, lock=True)
    if not doc_perms.can_change_folder(actor, folder):
        raise _forbidden(_("Diesen Ordner darfst du nicht löschen."))
    if folder.children.exists() or folder.documents.exists():
        raise DocumentError(
            _("Der Ordner ist nicht leer. Verschiebe oder lösche zuerst, was darin liegt."),
            code="conflict",
        )
    folder.delete()


# --- Uploads -----------------------------------------------------------------------------------


def _check_upload(upload: UploadedFile, *, field: str = "file") -> tuple[str, str]:
    """(clean name, extension) of an acceptable upload; DocumentError otherwise."""
    if upload is None:
        raise DocumentError(_("Bitte wähle eine Datei aus."), field=field)
    name = clean_name(upload.name or "", field=field)
    extension = extension_of(name)
    if extension not in TYPES:
        raise DocumentError(
            _("Dieser Dateityp ist nicht erlaubt. Erlaubt sind: %(types)s.")
            % {"types": ", ".join(ALLOWED_EXTENSIONS)},
            field=field,
        )
    size = int(upload.size or 0)
    if size == 0:
        raise DocumentError(_("Die Datei ist leer."), field=field)
    limit = int(settings.DOCUMENTS_MAX_FILE_MB) * 1024 * 1024
    if size > limit:
        raise DocumentError(
            _("Die Datei ist zu groß (%(size)s). Erlaubt sind höchstens %(limit)s pro Datei.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            field=field,
        )
    if not content_matches(upload, extension):
        raise DocumentError(
            _(
                "Der Inhalt der Datei passt nicht zu ihrer Endung „.%(ext)s“. "
                "Bitte lade eine echte %(label)s-Datei hoch."
            )
            % {"ext": extension, "label": TYPES[extension].label},
            field=field,
        )
    return name, extension


def _lock_storage() -> None:
    """One upload at a time per schema while the storage is counted (advisory locks are
    database-wide, hence the schema in the key); released at the end of the transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"documents:{connection.schema_name}"]
        )


def _check_storage(size: int, *, field: str = "file") -> None:
    used, limit = selectors.storage_used(), selectors.storage_limit()
    if used + size > limit:
        raise DocumentError(
            _(
                "Der Speicherplatz eurer Organisation ist voll: %(used)s von %(limit)s belegt, "
                "diese Datei (%(size)s) passt nicht mehr hinein. Es wurde nichts gespeichert. "
                "Löscht Dokumente, die ihr nicht mehr braucht (mit allen ihren Versionen), "
                "oder wechselt in einen Tarif mit mehr Speicher."
            )
            % {
                "used": filesizeformat(used),
                "limit": filesizeformat(limit),
                "size": filesizeformat(size),
            },
            field=field,
            code="storage_full",
        )


def _store(upload: UploadedFile) -> tuple[str, str]:
    """Write the file under a random name; (blob name, sha256)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    blob = storage().save(new_blob_name(), upload)
    return blob, digest.hexdigest()


def _forget_blob_on_failure(blob: str) -> None:
    storage().delete(blob)


def _add_version(
    *, actor: Actor, document: Document, upload: UploadedFile, name: str, extension: str
) -> DocumentVersion:
    if TYPES[extension].content_type.startswith("image/"):
        # Pictures are shown inline (feed attachments): the shared rule, re-encoded (UPL-1).
        try:
            upload = normalise_image(upload)  # type: ignore[assignment]
        except ImageRejected as exc:
            raise DocumentError(exc.message, field="file") from exc
    _lock_storage()
    _check_storage(int(upload.size or 0))
    blob, sha256 = _store(upload)
    try:
        with transaction.atomic():
            number = document.version_count + 1
            version = DocumentVersion.objects.create(
                document=document,
                number=number,
                original_name=name,
                blob=blob,
                size=int(upload.size or 0),
                content_type=TYPES[extension].content_type,
                sha256=sha256,
                uploaded_by=actor.user,
            )
            Document.objects.filter(pk=document.pk).update(
                current_version=version, version_count=F("version_count") + 1
            )
    except BaseException:
        _forget_blob_on_failure(blob)
        raise
    document.current_version = version
    document.version_count = number
    return version


@transaction.atomic
def upload_document(
    *,
    actor: Actor,
    upload: UploadedFile,
    workspace: Workspace | None = None,
    folder: Folder | None = None,
) -> Document:
    """A new document from an upload; its name is the (cleaned) file name."""
    workspace = _fresh_workspace(actor, workspace)
    if not doc_perms.can_read_area(actor, workspace) or not doc_perms.can_upload(actor, workspace):
        raise _forbidden(_("Hier darfst du keine Dokumente hochladen."))
    folder = _target_folder(actor, workspace, folder)
    name, extension = _check_upload(upload)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                workspace=workspace, folder=folder, name=name, created_by=actor.user
            )
    except IntegrityError as exc:
        raise _name_taken(
            _(
                "Ein Dokument „%(name)s“ gibt es hier schon. Öffne es und lade die Datei dort "
                "als neue Version hoch."
            )
            % {"name": name},
            field="file",
        ) from exc
    _add_version(actor=actor, document=document, upload=upload, name=name, extension=extension)
    return document


@transaction.atomic
def upload_version(*, actor: Actor, document: Document, upload: UploadedFile) -> DocumentVersion:
    """A new version of a document; the older ones stay listed and downloadable."""
    document = _fresh_document(actor, document, lock=True)
    if not doc_perms.can_upload(actor, document.workspace):
        raise _forbidden(_("Du darfst hier keine neue Version hochladen."))
    name, extension = _check_upload(upload)
    return _add_version(
        actor=actor, document=document, upload=upload, name=name, extension=extension
    )


# --- Rename, move, delete ------------------------------------------------------------------------


@transaction.atomic
def edit_document(
    *, actor: Actor, document: Document, name: str, folder: Folder | None
) -> Document:
    """Rename and/or move within the document's area (group or organisation)."""
    document = _fresh_document(actor, document, lock=True)
    if not doc_perms.can_change_document(actor, document):
        raise _forbidden(_("Dieses Dokument darfst du nicht ändern."))
    document.folder = _target_folder(actor, document.workspace, folder)
    document.name = clean_name(name)
    try:
        with transaction.atomic():
            document.save(update_fields=["name", "folder", "updated_at"])
    except IntegrityError as exc:
        raise _name_taken(
            _("Ein Dokument mit diesem Namen gibt es in diesem Ordner schon.")
        ) from exc
    return document


@transaction.atomic
def delete_document(*, actor: Actor, document: Document) -> int:
    """The document and every version of it; the files go once the deletion is committed.
    Returns how many versions were deleted."""
    document = _fresh_document(actor, document, lock=True)
    if not doc_perms.can_change_document(actor, document):
        raise _forbidden(_("Dieses Dokument darfst du nicht löschen."))
    blobs = list(DocumentVersion.objects.filter(document=document).values_list("blob", flat=True))
    schema = connection.schema_name
    Document.objects.filter(pk=document.pk).update(current_version=None)
    document.delete()

    def remove_files() -> None:
        files = storage(schema)
        for blob in blobs:
            files.delete(blob)

    transaction.on_commit(remove_files)
    return len(blobs)


def open_version(version: DocumentVersion) -> Any:
    """The stored file of a version, opened for reading (the caller has checked access)."""
    return storage().open(version.blob, "rb")


def signed_download_url(document: Document, version: DocumentVersion) -> str | None:
    """With object storage: a URL of the version's file that expires after
    ``STORAGE_SIGNED_URL_SECONDS`` and downloads it as an attachment under its document name;
    None on the local file system (the caller streams ``open_version`` then). Only after the
    caller has checked access: the URL itself is the permission."""
    return signed_url(
        version.blob,
        filename_header=content_disposition_header(
            as_attachment=True, filename=download_name(document, version)
        )
        or "attachment",
        content_type=version.content_type,
    )


# --- Attachments of feed posts ---------------------------------------------------------------

MAX_ATTACHMENTS = 5
ATTACHMENT_FOLDER = "Anhänge"


def _attachment_folder(actor: Actor, workspace: Workspace | None) -> Folder:
    existing = Folder.objects.filter(
        workspace=workspace, parent__isnull=True, name__iexact=ATTACHMENT_FOLDER
    ).first()
    if existing is not None:
        return existing
    return create_folder(actor=actor, name=ATTACHMENT_FOLDER, workspace=workspace)


@transaction.atomic
def create_post_with_attachments(
    *,
    actor: Actor,
    body: str,
    workspace: Workspace | None = None,
    uploads: list[UploadedFile] | None = None,
) -> Any:
    """A feed post with up to five files or pictures, all or nothing: every file is checked
    (type, size, the plan's storage) before anything is written."""
    from workspaces.services import create_post

    uploads = list(uploads or [])
    if len(uploads) > MAX_ATTACHMENTS:
        raise DocumentError(
            _("Höchstens %(n)d Anhänge pro Beitrag.") % {"n": MAX_ATTACHMENTS},
            field="attachments",
        )
    checked = [_check_upload(upload, field="attachments") for upload in uploads]
    post = create_post(actor=actor, body=body, workspace=workspace)
    if not uploads:
        return post
    _lock_storage()
    _check_storage(sum(int(u.size or 0) for u in uploads), field="attachments")
    folder = _attachment_folder(actor, post.workspace)
    prefix = post.public_id.hex[:8]
    for position, (upload, (name, extension)) in enumerate(zip(uploads, checked, strict=True)):
        unique_name = f"{prefix}-{position + 1}-{name}"[:NAME_MAX]
        document = Document.objects.create(
            workspace=post.workspace, folder=folder, name=unique_name, created_by=actor.user
        )
        _add_version(
            actor=actor, document=document, upload=upload, name=unique_name, extension=extension
        )
        PostAttachment.objects.create(post=post, document=document, position=position)
    return post
