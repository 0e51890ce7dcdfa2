"""Comments on impulses, for the web (htmx swaps the thread) and the API. HTTP only: parse →
service/selector → render; the rules live in public_marketplace/services/comments.py."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import CursorPage
from config.domain import DomainError
from public_marketplace import selectors
from public_marketplace.models import Impulse
from public_marketplace.permissions import can_view_impulse
from public_marketplace.services import comments as comment_services
from threads.models import Comment
from threads.services import comments_on

STATUS = {"forbidden": 403, "not_found": 404, "conflict": 409, "rate_limited": 429}


class CommentForm(forms.Form):
    # Emptiness and length are the service's to judge, so web and API say the same.
    body = forms.CharField(
        label=gettext_lazy("Dein Kommentar"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Markdown ist erlaubt: **fett**, *kursiv*, Listen, Links."),
    )
    parent = forms.UUIDField(required=False, widget=forms.HiddenInput)


def _impulse_or_404(user: Any, public_id: UUID) -> Impulse:
    impulse = Impulse.objects.filter(public_id=public_id).first()
    if impulse is None or not can_view_impulse(user, impulse):
        raise Http404
    return impulse


def _comment_or_404(user: Any, public_id: UUID) -> tuple[Comment, Impulse]:
    """A comment is as visible as its impulse; 404 for missing and not-yours alike."""
    comment = (
        Comment.objects.select_related("thread")
        .filter(thread__kind=comment_services.KIND, public_id=public_id)
        .first()
    )
    impulse = (
        Impulse.objects.filter(pk=comment.thread.target_id).first() if comment is not None else None
    )
    if comment is None or impulse is None or not can_view_impulse(user, impulse):
        raise Http404
    return comment, impulse


def _parent_or_error(impulse: Impulse, public_id: UUID | None) -> Comment | None:
    if public_id is None:
        return None
    parent = comments_on(comment_services.KIND, impulse.pk).filter(public_id=public_id).first()
    if parent is None:
        raise comment_services.CommentError(_("Diesen Kommentar gibt es nicht."), field="parent")
    return parent


# --- Web -------------------------------------------------------------------------------------


def _thread(
    request: HttpRequest, impulse: Impulse, status: int = 200, **extra: Any
) -> HttpResponse:
    impulse.refresh_from_db(fields=["comment_count"])
    page = selectors.comment_page_of(impulse)  # after a change: the thread's first page
    context = {
        "impulse": impulse,
        "comments": page.comments,
        "comments_next": page.next_cursor,
        **extra,
    }
    return render(request, "public_marketplace/_comments.html", context, status=status)


def _done(request: HttpRequest, impulse: Impulse, anchor: str = "comments") -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return _thread(request, impulse)
    return redirect(f"/impulse/{impulse.public_id}/#{anchor}")


def _failed(
    request: HttpRequest,
    impulse: Impulse,
    message: str,
    *,
    status: int = 400,
    target: str = "new",
    kind: str = "new",
    body: str = "",
    action: str = "",
    parent: str = "",
) -> HttpResponse:
    """Show the error where the person wrote (htmx: in the thread; otherwise on a small page
    with the text kept), with a 4xx status; nothing was saved."""
    if request.htmx:  # type: ignore[attr-defined]
        return _thread(
            request,
            impulse,
            status,
            comment_error=message,
            error_target=target,
            error_kind=kind,
            error_body=body,
        )
    form = CommentForm(initial={"body": body, "parent": parent})
    return render(
        request,
        "public_marketplace/comment_form.html",
        {"impulse": impulse, "form": form, "action": action, "error": message},
        status=status,
    )


@login_required
@require_POST
def comment_create(request: HttpRequest, public_id: UUID) -> HttpResponse:
    impulse = _impulse_or_404(request.user, public_id)
    action = request.path
    form = CommentForm(request.POST)
    body = request.POST.get("body", "")
    parent = request.POST.get("parent", "")
    target = parent or "new"
    kind = "reply" if parent else "new"
    if not form.is_valid():
        return _failed(
            request,
            impulse,
            _("Diesen Kommentar gibt es nicht."),
            target=target,
            kind=kind,
            body=body,
            action=action,
            parent=parent,
        )
    try:
        comment = comment_services.post_comment(
            impulse=impulse,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=_parent_or_error(impulse, form.cleaned_data["parent"]),
        )
    except DomainError as exc:
        return _failed(
            request,
            impulse,
            exc.message,
            status=STATUS.get(exc.code, 400),
            target=target,
            kind=kind,
            body=body,
            action=action,
            parent=parent,
        )
    return _done(request, impulse, f"kommentar-{comment.public_id}")


@login_required
@require_POST
def comment_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    comment, impulse = _comment_or_404(request.user, public_id)
    body = request.POST.get("body", "")
    try:
        comment_services.edit_comment(comment=comment, editor=request.user, body=body)
    except DomainError as exc:
        return _failed(
            request,
            impulse,
            exc.message,
            status=STATUS.get(exc.code, 400),
            target=str(comment.public_id),
            kind="edit",
            body=body,
            action=request.path,
        )
    return _done(request, impulse, f"kommentar-{comment.public_id}")


@login_required
@require_POST
def comment_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    comment, impulse = _comment_or_404(request.user, public_id)
    try:
        comment_services.delete_comment(comment=comment, by=request.user)
    except DomainError as exc:
        return _failed(
            request,
            impulse,
            exc.message,
            status=STATUS.get(exc.code, 400),
            target=str(comment.public_id),
            kind="delete",
        )
    return _done(request, impulse)


# --- API -------------------------------------------------------------------------------------


class CommentSerializer(serializers.ModelSerializer):
    """What everyone may see of a comment: the author's chosen name, never contact data."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    # DRF's metaclass moves declared fields off the class, so "parent" does not clash with
    # Field.parent at run time; the stubs cannot know that.
    parent = serializers.UUIDField(  # type: ignore[assignment]
        source="parent_public_id", read_only=True, allow_null=True
    )
    author_name = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    is_deleted = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id", "parent", "author_name", "body", "body_html", "created_at", "edited_at",
            "is_deleted", "is_hidden",
        ]  # fmt: skip
        read_only_fields = fields

    def _removed(self, comment: Comment) -> bool:
        return comment.deleted_at is not None or comment.is_hidden

    def get_author_name(self, comment: Comment) -> str | None:
        return comment.author.name if comment.author is not None else None

    def get_body(self, comment: Comment) -> str:
        return "" if self._removed(comment) else comment.body

    def get_body_html(self, comment: Comment) -> str:
        return "" if self._removed(comment) else comment.body_html

    def get_is_deleted(self, comment: Comment) -> bool:
        return comment.deleted_at is not None


class CommentInputSerializer(serializers.Serializer):
    # Length and emptiness are checked by the service, so web and API give the same message.
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    parent = serializers.UUIDField(required=False, allow_null=True)  # type: ignore[assignment]


class CommentEditSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class OldestFirst(CursorPage):
    ordering = ("created_at", "id")  # type: ignore[assignment]  # the base names one field


def _with_refs(qs: QuerySet[Comment]) -> QuerySet[Comment]:
    return qs.select_related("author").annotate(parent_public_id=F("parent__public_id"))


class CommentList(generics.ListCreateAPIView):
    """An impulse's comments, oldest first (replies name their ``parent``); post one."""

    serializer_class = CommentSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = OldestFirst

    def get_queryset(self) -> QuerySet[Comment]:
        impulse = _impulse_or_404(self.request.user, self.kwargs["public_id"])
        return _with_refs(comments_on(comment_services.KIND, impulse.pk))

    @extend_schema(request=CommentInputSerializer, responses={201: CommentSerializer})
    def post(self, request: Request, public_id: UUID) -> Response:
        impulse = _impulse_or_404(request.user, public_id)
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parent = _parent_or_error(impulse, data.validated_data.get("parent"))
        comment = comment_services.post_comment(
            impulse=impulse, author=request.user, body=data.validated_data["body"], parent=parent
        )
        fresh = _with_refs(Comment.objects.filter(pk=comment.pk)).get()
        return Response(CommentSerializer(fresh).data, status=201)


class CommentDetail(generics.GenericAPIView):
    """One comment: read it; its author edits it (15 minutes) or deletes it (also staff)."""

    serializer_class = CommentSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]

    def _fresh(self, comment: Comment) -> Response:
        return Response(
            CommentSerializer(_with_refs(Comment.objects.filter(pk=comment.pk)).get()).data
        )

    def get(self, request: Request, public_id: UUID) -> Response:
        return self._fresh(_comment_or_404(request.user, public_id)[0])

    @extend_schema(request=CommentEditSerializer, responses=CommentSerializer)
    def patch(self, request: Request, public_id: UUID) -> Response:
        comment, _impulse = _comment_or_404(request.user, public_id)
        if comment.author_id != request.user.pk:  # who may, before what
            raise PermissionDenied(_("Du darfst diesen Kommentar nicht bearbeiten."))
        data = CommentEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment_services.edit_comment(
            comment=comment, editor=request.user, body=data.validated_data["body"]
        )
        return self._fresh(comment)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, public_id: UUID) -> Response:
        comment, _impulse = _comment_or_404(request.user, public_id)
        comment_services.delete_comment(comment=comment, by=request.user)
        return Response(status=204)
