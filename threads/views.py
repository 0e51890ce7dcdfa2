"""Comment permalinks: ``/kommentare/<id>/`` on every host leads to where the place shows it.
The place's page checks who may read it; this view only looks the comment up in this schema."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from threads.models import Comment
from threads.places import place_of


def permalink(request: HttpRequest, public_id: UUID) -> HttpResponse:
    comment = Comment.objects.select_related("thread").filter(public_id=public_id).first()
    if comment is None:
        raise Http404
    return redirect(place_of(comment.thread.kind).link(comment))
