"""Web pages for documents: the organisation's and each group's folders, uploads, a document
with its versions, rename/move/delete, and the downloads.

HTTP only: find the actor, fetch what they may see (404 for missing and not-yours alike),
call a service, render or redirect. Files are only ever sent by ``download`` and
``version_download``, each of which checks access on every request.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.domain import DomainError
from config.forms import posted, posted_files
from documents import permissions as doc_perms
from documents import selectors, services
from documents.forms import DocumentEditForm, FolderForm, UploadForm
from documents.models import FOLDER_DEPTH_MAX, Document, DocumentVersion, Folder
from workspaces import selectors as workspace_selectors
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.tools import on_network, tool_url
from workspaces.web import STATUS, actor_required, in_box, refused, render_in_scope
from workspaces.web import tool_workspace_or_404 as _workspace_or_404

WEB_STATUS = {**STATUS, "storage_full": 413}


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render_in_scope(request, template, {"is_box": on_network(), **context}, status)


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return refused(
        request,
        message,
        back="documents:index",
        back_label=_("Zurück zu den Dokumenten"),
        status=status,
    )


def _folder_or_404(actor: Actor, public_id: UUID | str, slug: str | None = None) -> Folder:
    """The folder if the actor may read it, asked for at its address (on the network: under
    its own box)."""
    folder = selectors.folder_for(actor, public_id)
    if folder is None or not in_box(actor, folder.workspace, slug):
        raise Http404
    return folder


def _document_or_404(actor: Actor, public_id: UUID, slug: str | None = None) -> Document:
    document = selectors.document_for(actor, public_id)
    if document is None or not in_box(actor, document.workspace, slug):
        raise Http404
    return document


def _area_url(workspace: Workspace | None, folder: Folder | None) -> str:
    if folder is not None:
        return tool_url("documents:folder", workspace, folder.public_id)
    if workspace is not None:
        return reverse("documents:group", args=[workspace.slug])
    return reverse("documents:index")


def _place(
    request: HttpRequest, actor: Actor, slug: str | None = None
) -> tuple[Workspace | None, Folder | None]:
    """Where a form acts, from ``?ordner=`` (a folder knows its area) or ``?gruppe=``; on the
    network the box of the route (a folder must be one of its own)."""
    folder_id = request.GET.get("ordner", "")
    if folder_id:
        folder = _folder_or_404(actor, folder_id, slug)
        return folder.workspace, folder
    slug = slug or request.GET.get("gruppe", "")
    return (_workspace_or_404(actor, slug) if slug else None), None


def _query(workspace: Workspace | None, folder: Folder | None) -> str:
    if folder is not None:
        return f"?ordner={folder.public_id}"
    if workspace is not None:
        return f"?gruppe={workspace.slug}"
    return ""


# --- Folders -------------------------------------------------------------------------------------


def _area(
    request: HttpRequest,
    actor: Actor,
    workspace: Workspace | None,
    folder: Folder | None,
    *,
    folder_form: FolderForm | None = None,
    status: int = 200,
) -> HttpResponse:
    readable = doc_perms.can_read_area(actor, workspace)
    contents = (
        selectors.folder_contents(workspace, folder)
        if readable
        else selectors.FolderContents(folders=[], documents=[])
    )
    context = {
        "actor": actor,
        "workspace": workspace,
        "folder": folder,
        "trail": selectors.breadcrumbs(folder),
        "readable": readable,
        "contents": contents,
        "can_upload": readable and doc_perms.can_upload(actor, workspace),
        "can_change_folder": folder is not None and doc_perms.can_change_folder(actor, folder),
        "query": _query(workspace, folder),
        "folder_form": folder_form or FolderForm(),
        "nested_ok": folder is None or folder.depth < FOLDER_DEPTH_MAX,
        "groups": workspace_selectors.workspace_list(actor, mine_only=True)
        if workspace is None and folder is None
        else [],
    }
    return _render(request, "documents/area.html", context, status=status)


@actor_required
@require_GET
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The organisation's own documents (every member reads them) and links to the groups'."""
    return _area(request, actor, None, None)


@actor_required
@require_GET
def group(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    return _area(request, actor, _workspace_or_404(actor, slug), None)


@actor_required
@require_GET
def folder(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    found = _folder_or_404(actor, public_id, slug)
    return _area(request, actor, found.workspace, found)


@actor_required
@require_POST
def folder_create(request: HttpRequest, actor: Actor, slug: str | None = None) -> HttpResponse:
    workspace, parent = _place(request, actor, slug)
    form = FolderForm(request.POST)
    form.is_valid()
    try:
        created = services.create_folder(
            actor=actor, name=form.cleaned_data.get("name", ""), workspace=workspace, parent=parent
        )
    except DomainError as exc:
        if exc.code == "forbidden":
            return _refused(request, exc.message)
        form.add_error("name" if exc.field == "name" else None, exc.message)
        return _area(
            request,
            actor,
            workspace,
            parent,
            folder_form=form,
            status=WEB_STATUS.get(exc.code, 400),
        )
    messages.success(request, _("Der Ordner „%(name)s“ ist angelegt.") % {"name": created.name})
    return redirect(tool_url("documents:folder", created.workspace, created.public_id))


@actor_required
@require_http_methods(["GET", "POST"])
def folder_edit(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    found = _folder_or_404(actor, public_id, slug)
    if not doc_perms.can_change_folder(actor, found):
        return _refused(request, _("Diesen Ordner darfst du nicht ändern."))
    form = FolderForm(posted(request), initial={"name": found.name})
    status = 200
    if request.method == "POST":
        form.is_valid()
        try:
            services.rename_folder(
                actor=actor, folder=found, name=form.cleaned_data.get("name", "")
            )
        except DomainError as exc:
            form.add_error("name" if exc.field == "name" else None, exc.message)
            status = WEB_STATUS.get(exc.code, 400)
        else:
            messages.success(request, _("Der Ordner ist umbenannt."))
            return redirect(tool_url("documents:folder", found.workspace, found.public_id))
    return _render(
        request,
        "documents/folder_form.html",
        {"folder": found, "form": form, "workspace": found.workspace},
        status=status,
    )


@actor_required
@require_POST
def folder_delete(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    found = _folder_or_404(actor, public_id, slug)
    try:
        services.delete_folder(actor=actor, folder=found)
    except DomainError as exc:
        return _refused(request, exc.message, status=WEB_STATUS.get(exc.code, 400))
    messages.success(request, _("Der Ordner ist gelöscht."))
    return redirect(_area_url(found.workspace, found.parent))


# --- Uploads -------------------------------------------------------------------------------------


def body_too_large(request: HttpRequest) -> str | None:
    """A message when the request body is far beyond one file's limit, judged by its declared
    length before the view reads the file (the exact size is checked per file by the service).
    For token clients this is before the body is parsed at all; a session's CSRF check may have
    parsed the form already, so the ingress in front should limit request bodies as well."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    limit = int(settings.DOCUMENTS_MAX_FILE_MB) * 1024 * 1024
    if length <= limit + 1024 * 1024:  # room for the form's other fields and boundaries
        return None
    return _("Die Datei ist zu groß. Erlaubt sind höchstens %(mb)d MB pro Datei.") % {
        "mb": int(settings.DOCUMENTS_MAX_FILE_MB)
    }


@actor_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, actor: Actor, slug: str | None = None) -> HttpResponse:
    workspace, target = _place(request, actor, slug)
    if not doc_perms.can_read_area(actor, workspace) or not doc_perms.can_upload(actor, workspace):
        return _refused(request, _("Hier darfst du keine Dokumente hochladen."))
    if request.method == "POST" and (message := body_too_large(request)):
        return _refused(request, message, status=413)
    max_mb = int(settings.DOCUMENTS_MAX_FILE_MB)
    form = UploadForm(posted(request), posted_files(request), max_mb=max_mb)
    status = 200
    if request.method == "POST":
        form.is_valid()
        try:
            document = services.upload_document(
                actor=actor,
                upload=request.FILES.get("file"),  # type: ignore[arg-type]
                workspace=workspace,
                folder=target,
            )
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, exc.message)
            status = WEB_STATUS.get(exc.code, 400)
        else:
            messages.success(request, _("„%(name)s“ ist hochgeladen.") % {"name": document.name})
            return redirect(tool_url("documents:document", document.workspace, document.public_id))
    return _render(
        request,
        "documents/upload.html",
        {
            "form": form,
            "workspace": workspace,
            "folder": target,
            "trail": selectors.breadcrumbs(target),
            "query": _query(workspace, target),
            "back": _area_url(workspace, target),
        },
        status=status,
    )


# --- A document ----------------------------------------------------------------------------------


def _document_page(
    request: HttpRequest,
    actor: Actor,
    document: Document,
    *,
    form: UploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return _render(
        request,
        "documents/document.html",
        {
            "document": document,
            "workspace": document.workspace,
            "trail": selectors.breadcrumbs(document.folder),
            "versions": selectors.versions_of(document),
            "can_upload": doc_perms.can_upload(actor, document.workspace),
            "can_change": doc_perms.can_change_document(actor, document),
            "form": form or UploadForm(max_mb=int(settings.DOCUMENTS_MAX_FILE_MB)),
        },
        status=status,
    )


@actor_required
@require_GET
def document(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    return _document_page(request, actor, _document_or_404(actor, public_id, slug))


@actor_required
@require_POST
def version_upload(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    found = _document_or_404(actor, public_id, slug)
    if message := body_too_large(request):
        return _refused(request, message, status=413)
    form = UploadForm(request.POST, request.FILES, max_mb=int(settings.DOCUMENTS_MAX_FILE_MB))
    form.is_valid()
    try:
        version = services.upload_version(
            actor=actor,
            document=found,
            upload=request.FILES.get("file"),  # type: ignore[arg-type]
        )
    except DomainError as exc:
        if exc.code == "forbidden":
            return _refused(request, exc.message)
        form.add_error("file" if exc.field == "file" else None, exc.message)
        return _document_page(
            request, actor, found, form=form, status=WEB_STATUS.get(exc.code, 400)
        )
    messages.success(request, _("Version %(n)d ist hochgeladen.") % {"n": version.number})
    return redirect(tool_url("documents:document", found.workspace, found.public_id))


@actor_required
@require_http_methods(["GET", "POST"])
def document_edit(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    found = _document_or_404(actor, public_id, slug)
    if not doc_perms.can_change_document(actor, found):
        return _refused(request, _("Dieses Dokument darfst du nicht ändern."))
    folders = selectors.folders_of_area(found.workspace)
    form = DocumentEditForm(
        posted(request),
        folders=folders,
        initial={"name": found.name, "folder": str(found.folder.public_id) if found.folder else ""},
    )
    status = 200
    if request.method == "POST":
        form.is_valid()
        chosen = form.cleaned_data.get("folder") or ""
        target = next((f for f in folders if str(f.public_id) == chosen), None)
        try:
            services.edit_document(
                actor=actor, document=found, name=form.cleaned_data.get("name", ""), folder=target
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = WEB_STATUS.get(exc.code, 400)
        else:
            messages.success(request, _("Das Dokument ist gespeichert."))
            return redirect(tool_url("documents:document", found.workspace, found.public_id))
    return _render(
        request,
        "documents/document_form.html",
        {"document": found, "form": form, "workspace": found.workspace},
        status=status,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def document_delete(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    found = _document_or_404(actor, public_id, slug)
    if not doc_perms.can_change_document(actor, found):
        return _refused(request, _("Dieses Dokument darfst du nicht löschen."))
    if request.method == "POST":
        try:
            count = services.delete_document(actor=actor, document=found)
        except DomainError as exc:
            return _refused(request, exc.message, status=WEB_STATUS.get(exc.code, 400))
        messages.success(
            request,
            _("„%(name)s“ ist mit %(n)d Version(en) gelöscht.") % {"name": found.name, "n": count},
        )
        return redirect(_area_url(found.workspace, found.folder))
    return _render(
        request,
        "documents/document_delete.html",
        {"document": found, "workspace": found.workspace},
    )


# --- Downloads -----------------------------------------------------------------------------------


def _file_response(
    document: Document, version: DocumentVersion
) -> FileResponse | HttpResponseRedirect:
    """The file, after the caller's permission check: a redirect to a short-lived signed URL
    when files live in object storage, the streamed file otherwise."""
    url = services.signed_download_url(document, version)
    if url is not None:
        redirect_response = HttpResponseRedirect(url)
        redirect_response["Cache-Control"] = "private, no-store"
        redirect_response["Referrer-Policy"] = "no-referrer"
        return redirect_response
    try:
        handle = services.open_version(version)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=services.download_name(document, version),
        content_type=version.content_type,
    )
    # Never rendered by the browser, never kept by a cache or proxy.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _as_view_response(response: FileResponse | HttpResponseRedirect) -> HttpResponse:
    # actor_required is typed for HttpResponse; a streamed FileResponse serves the same way.
    return cast(HttpResponse, response)


@actor_required
@require_GET
def download(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    """The current version. Reading needs no write permission: read-only organisations too."""
    found = _document_or_404(actor, public_id, slug)
    if found.current_version is None:
        raise Http404
    return _as_view_response(_file_response(found, found.current_version))


@actor_required
@require_GET
def version_download(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    version = selectors.version_for(actor, public_id)
    if version is None or not in_box(actor, version.document.workspace, slug):
        raise Http404
    return _as_view_response(_file_response(version.document, version))
