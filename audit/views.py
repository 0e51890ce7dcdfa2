"""The audit log, its export and support access (organisation settings, owners only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tenants.utils import schema_context

from audit import selectors, services
from audit.forms import LogFilterForm, SupportGrantForm
from audit.models import Action, SupportGrant
from config.forms import posted
from intranet.permissions import member_required
from tenants.models import Organisation, Role
from tenants.services import OrganisationError


def _organisation(request: HttpRequest) -> Organisation:
    return request.tenant  # type: ignore[attr-defined]


@member_required(Role.OWNER)
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    form = LogFilterForm(request.GET or None)
    action = form.cleaned_data["aktion"] if form.is_valid() else ""
    before = request.GET.get("vor", "")
    rows, next_before = selectors.log_page(
        _organisation(request), action=action, before=int(before) if before.isdigit() else None
    )
    return render(
        request,
        "audit/log.html",
        {"rows": rows, "next_before": next_before, "filter": form, "action": action},
    )


@member_required(Role.OWNER)
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The whole log as CSV or JSON; the export itself is the log's newest entry."""
    organisation = _organisation(request)
    services.record(
        organisation=organisation,
        action=Action.AUDIT_EXPORTED,
        actor=request.user,
        details={"format": fmt},
    )
    rows = selectors.all_rows(organisation)  # read while the body streams, in this schema
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    if fmt == "csv":
        body, content_type = selectors.csv_lines(rows), "text/csv; charset=utf-8"
    else:
        body, content_type = selectors.json_chunks(rows), "application/json"
    response = StreamingHttpResponse(_in_schema(organisation, body), content_type=content_type)
    filename = f"protokoll-{organisation.slug}-{stamp}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response  # type: ignore[return-value]  # streamed, served like any response


def _in_schema(organisation: Organisation, chunks: Iterator[str]) -> Iterator[str]:
    """A streamed body is read after the view returns, when the request may have left the
    organisation's schema: each read happens inside it again."""
    with schema_context(organisation.schema_name):
        yield from chunks


def _support_context(form: SupportGrantForm) -> dict[str, Any]:
    return {
        "form": form,
        "current": services.valid_grant(),
        "grants": SupportGrant.objects.select_related("granted_by", "revoked_by")[:10],
        "now": timezone.now(),
    }


@member_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def support(request: HttpRequest) -> HttpResponse:
    """Grant platform staff read access for a few hours (docs/security.md AUTH-8)."""
    form = SupportGrantForm(posted(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.grant_support_access(
                    organisation=_organisation(request),
                    acting_user=request.user,  # type: ignore[arg-type]
                    hours=form.cleaned_data["hours"],
                    reason=form.cleaned_data["reason"],
                    role=form.cleaned_data["role"],
                )
            except OrganisationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Der Support-Zugang ist freigegeben."))
                return redirect("audit:support")
        return render(request, "audit/support.html", _support_context(form), status=400)
    return render(request, "audit/support.html", _support_context(form))


@member_required(Role.OWNER)
@require_POST
def support_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    try:
        services.revoke_support_access(
            organisation=_organisation(request),
            acting_user=request.user,  # type: ignore[arg-type]
            grant_id=grant_id,
        )
    except OrganisationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Der Support-Zugang ist beendet."))
    return redirect("audit:support")
