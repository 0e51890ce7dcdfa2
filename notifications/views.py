"""The notification centre and settings, on the public network and on every intranet (each in
its own schema). HTTP only: parse → service/selector → render."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.domain import DomainError
from config.forms import posted
from notifications import selectors, services
from notifications.forms import NotificationSettingsForm
from notifications.kinds import FIELDS
from notifications.permissions import reader_required


def _unread_context(request: HttpRequest) -> dict[str, object]:
    unread = selectors.unread_count(request.user)
    return {"unread": unread, "unread_many": unread >= selectors.UNREAD_COUNT_LIMIT}


@require_safe
@reader_required
def centre(request: HttpRequest) -> HttpResponse:
    cursor = request.GET.get("cursor", "")
    page = selectors.notification_page(request.user, cursor=cursor)
    if request.htmx and cursor:  # type: ignore[attr-defined]
        return render(request, "notifications/_items.html", {"page": page})
    return render(request, "notifications/centre.html", {"page": page, **_unread_context(request)})


@reader_required
@require_POST
def read(request: HttpRequest, public_id: UUID) -> HttpResponse:
    try:
        notification = services.mark_read(user=request.user, public_id=public_id)
    except DomainError as exc:
        raise Http404 from exc
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "notifications/_read.html",
            {"n": notification, **_unread_context(request)},
        )
    return redirect("notifications")


@reader_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect("notifications")


@reader_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    current = selectors.settings_of(request.user)
    form = NotificationSettingsForm(
        posted(request),
        initial={
            "in_app": current.in_app,
            "email_digest": current.email_digest,
            **{name: getattr(current, name) for name in FIELDS},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(user=request.user, **form.values())
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Deine Einstellungen sind gespeichert."))
            return redirect("notification_settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
