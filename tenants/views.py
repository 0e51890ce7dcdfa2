"""Public-network pages about organisations: create one, watch it being prepared."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from config.forms import posted
from tenants import services
from tenants.forms import OrganisationForm
from tenants.models import Organisation


@login_required
@require_http_methods(["GET", "POST"])
def create_organisation(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        city = form.cleaned_data["city"]
        try:
            organisation = services.register_organisation(
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                kind=form.cleaned_data["kind"],
                city_id=city.pk if city else None,
                owner=request.user,  # type: ignore[arg-type]
            )
        except services.OrganisationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("organisation_status", public_id=organisation.public_id)
    return render(
        request,
        "tenants/create.html",
        {"form": form, "base_domain": settings.BASE_DOMAIN},
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
def organisation_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """ "Your space is being prepared": polled by htmx until the schema is ready."""
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related("domains"), public_id=public_id, owner=request.user
    )
    template = (
        "tenants/_status.html" if request.htmx else "tenants/status.html"  # type: ignore[attr-defined]
    )
    return render(request, template, {"organisation": organisation})
