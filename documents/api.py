"""REST API for documents (/api/v1/document-folders/ and /api/v1/documents/ on an organisation's
host, and on the network for the documents of the boxes the caller may read).

Same selectors and services as the web pages: serializers only translate. Missing and
not-yours objects are 404 alike; refused actions are 4xx with a JSON body (config/api.py).
Uploads are multipart (``file``); downloads are the file itself, checked on every request.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import UUID_PATTERN, ByPublicId
from documents import permissions as doc_perms
from documents import selectors, services
from documents.models import Document, DocumentVersion, Folder
from documents.views import _file_response, body_too_large
from workspaces.api import HasActor, group_param
from workspaces.api import request_actor as _actor
from workspaces.models import Workspace
from workspaces.permissions import Actor


def _group(actor: Actor, slug: str | None) -> Workspace | None:
    return group_param(actor, slug, code="not_found")


def _folder(actor: Actor, public_id: Any, field: str = "folder") -> Folder | None:
    if not public_id:
        return None
    folder = selectors.folder_for(actor, public_id)
    if folder is None:
        raise services.DocumentError(
            _("Diesen Ordner gibt es nicht."), field=field, code="not_found"
        )
    return folder


def _area(actor: Actor, group: str | None, folder_id: Any, field: str) -> tuple[Any, Any]:
    """(workspace, folder) from the parameters; a folder names its own area."""
    folder = _folder(actor, folder_id, field)
    workspace = folder.workspace if folder is not None else _group(actor, group)
    if workspace is None and actor.scope.kind == "network":
        raise services.DocumentError(
            _("Dokumente gehören hier zu einer Box: Bitte gib die Box an."), field="group"
        )
    if not doc_perms.can_read_area(actor, workspace):
        raise services.DocumentError(
            _("Nur Mitglieder der Gruppe sehen ihre Dokumente."), code="forbidden"
        )
    return workspace, folder


# --- Serializers ---------------------------------------------------------------------------------


class FolderSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    group = serializers.SerializerMethodField()
    parent_folder = serializers.SerializerMethodField()

    class Meta:
        model = Folder
        fields = ["id", "name", "group", "parent_folder", "depth", "created_at"]
        read_only_fields = fields

    def get_group(self, folder: Folder) -> str | None:
        return folder.workspace.slug if folder.workspace is not None else None

    def get_parent_folder(self, folder: Folder) -> str | None:
        return str(folder.parent.public_id) if folder.parent is not None else None


class FolderInputSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, trim_whitespace=False)
    group = serializers.SlugField(required=False, allow_null=True, allow_blank=True)
    parent_folder = serializers.UUIDField(required=False, allow_null=True)


class VersionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    uploaded_by = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "id", "number", "original_name", "size", "content_type", "sha256", "uploaded_by",
            "uploaded_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_uploaded_by(self, version: DocumentVersion) -> str | None:
        user = version.uploaded_by
        return user.name if user is not None else None


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    group = serializers.SerializerMethodField()
    folder = serializers.SerializerMethodField()
    size = serializers.SerializerMethodField()
    content_type = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "name", "group", "folder", "version_count", "size", "content_type",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_group(self, document: Document) -> str | None:
        return document.workspace.slug if document.workspace is not None else None

    def get_folder(self, document: Document) -> str | None:
        return str(document.folder.public_id) if document.folder is not None else None

    def get_size(self, document: Document) -> int | None:
        version = document.current_version
        return version.size if version is not None else None

    def get_content_type(self, document: Document) -> str | None:
        version = document.current_version
        return version.content_type if version is not None else None


class DocumentDetailSerializer(DocumentSerializer):
    # Filled by the view from selectors.versions_of (newest first, one query).
    versions = VersionSerializer(many=True, read_only=True, source="version_list")

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "versions"]
        read_only_fields = fields


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    group = serializers.SlugField(required=False, allow_null=True, allow_blank=True)
    folder = serializers.UUIDField(required=False, allow_null=True)


class VersionUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, use_url=False)


def _refuse_huge_bodies(request: Request) -> None:
    """Before DRF parses (and spools) the body."""
    if message := body_too_large(request._request):
        raise services.DocumentError(message, field="file", code="too_large")


def _with_versions(document: Document) -> Document:
    document.version_list = selectors.versions_of(document)  # type: ignore[attr-defined]
    return document


# An id, or nothing for the default (an empty parameter counts as none).
UUID_OR_EMPTY = {"type": "string", "pattern": f"^({UUID_PATTERN})?$"}
AREA_PARAMETERS = [
    OpenApiParameter(
        "group",
        str,
        description="a group's slug; default: the organisation's (on the network: a box's slug, "
        "required)",
    ),
]
FILE_RESPONSE = OpenApiResponse(
    response=OpenApiTypes.BINARY, description="the file, as an attachment"
)
SIGNED_URL_RESPONSE = OpenApiResponse(
    description=(
        "when files live in object storage: the Location header is a signed URL of the file "
        "that expires after STORAGE_SIGNED_URL_SECONDS (60 s by default)"
    ),
)


# --- Views ---------------------------------------------------------------------------------


class DocumentFolderViewSet(ByPublicId, viewsets.GenericViewSet):
    """Folders of the organisation (no ``group``) or of a group, one level at a time."""

    serializer_class = FolderSerializer
    permission_classes = [HasActor]

    @extend_schema(
        parameters=[
            *AREA_PARAMETERS,
            OpenApiParameter(
                "folder", UUID_OR_EMPTY, description="the folder to look in; default: the top"
            ),
        ],
        responses=FolderSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        workspace, parent = _area(
            actor, request.query_params.get("group"), request.query_params.get("folder"), "folder"
        )
        contents = selectors.folder_contents(workspace, parent)
        for folder in contents.folders:
            folder.workspace, folder.parent = workspace, parent
        return Response(FolderSerializer(contents.folders, many=True).data)

    def retrieve(self, request: Request, public_id: str) -> Response:
        folder = selectors.folder_for(_actor(request), public_id)
        if folder is None:
            raise Http404
        return Response(FolderSerializer(folder).data)

    @extend_schema(request=FolderInputSerializer, responses={201: FolderSerializer})
    def create(self, request: Request) -> Response:
        actor = _actor(request)
        data = FolderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parent = _folder(actor, data.validated_data.get("parent_folder"), "parent_folder")
        workspace = (
            parent.workspace
            if parent is not None
            else _group(actor, data.validated_data.get("group"))
        )
        folder = services.create_folder(
            actor=actor, name=data.validated_data["name"], workspace=workspace, parent=parent
        )
        return Response(FolderSerializer(folder).data, status=201)


class DocumentViewSet(ByPublicId, viewsets.GenericViewSet):
    """Documents of the organisation (no ``group``) or of a group, in a ``folder`` or at the
    top level. Uploading a file makes a document; uploading to ``versions`` adds a version."""

    serializer_class = DocumentSerializer
    permission_classes = [HasActor]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _document(self) -> Document:
        document = selectors.document_for(_actor(self.request), self.kwargs["public_id"])
        if document is None:
            raise Http404
        return document

    @extend_schema(
        parameters=[
            *AREA_PARAMETERS,
            OpenApiParameter("folder", UUID_OR_EMPTY, description="default: the top level"),
        ],
        responses=DocumentSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        workspace, folder = _area(
            actor, request.query_params.get("group"), request.query_params.get("folder"), "folder"
        )
        contents = selectors.folder_contents(workspace, folder)
        for document in contents.documents:
            document.workspace, document.folder = workspace, folder
        return Response(DocumentSerializer(contents.documents, many=True).data)

    @extend_schema(responses=DocumentDetailSerializer)
    def retrieve(self, request: Request, public_id: str) -> Response:
        return Response(DocumentDetailSerializer(_with_versions(self._document())).data)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: DocumentDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        actor = _actor(request)
        _refuse_huge_bodies(request)
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        folder = _folder(actor, data.validated_data.get("folder"))
        workspace = (
            folder.workspace
            if folder is not None
            else _group(actor, data.validated_data.get("group"))
        )
        document = services.upload_document(
            actor=actor, upload=data.validated_data["file"], workspace=workspace, folder=folder
        )
        fresh = selectors.document_for(actor, document.public_id)
        assert fresh is not None  # noqa: S101  # just made, and readable by its uploader
        return Response(DocumentDetailSerializer(_with_versions(fresh)).data, status=201)

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request: Request, public_id: str) -> Response:
        """Delete the document with every version (its creator, group admins, admins)."""
        services.delete_document(actor=_actor(request), document=self._document())
        return Response(status=204)

    @extend_schema(methods=["GET"], request=None, responses=VersionSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": VersionUploadSerializer},
        responses={201: VersionSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def versions(self, request: Request, public_id: str) -> Response:
        """Every version, newest first; POST a ``file`` to add a new version."""
        document = self._document()
        if request.method == "GET":
            return Response(VersionSerializer(selectors.versions_of(document), many=True).data)
        _refuse_huge_bodies(request)
        data = VersionUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.upload_version(
            actor=_actor(request), document=document, upload=data.validated_data["file"]
        )
        version.uploaded_by = _actor(request).user
        return Response(VersionSerializer(version).data, status=201)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "version", UUID_OR_EMPTY, description="a version's id; default: the newest"
            )
        ],
        responses={
            (200, "application/octet-stream"): FILE_RESPONSE,
            302: SIGNED_URL_RESPONSE,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, public_id: str) -> FileResponse | HttpResponseRedirect:
        """The file of the newest (or the given) version, as an attachment."""
        document = self._document()
        wanted = request.query_params.get("version")
        if wanted:
            version = selectors.version_for(_actor(request), wanted)
            if version is None or version.document_id != document.pk:
                raise Http404
        else:
            version = document.current_version
            if version is None:
                raise Http404
        return _file_response(document, version)
