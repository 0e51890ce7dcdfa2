"""The billing page of an organisation (its own host; owners and admins). HTTP only: the rules
are in billing.services, what the page shows in billing.selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from billing import gateway, selectors, services
from billing.forms import BillingDetailsForm, CancelForm, PlanChoiceForm, TestCardForm
from config.forms import posted
from intranet.permissions import member_required
from tenants.models import Organisation, Role


def _organisation(request: HttpRequest) -> Organisation:
    return request.tenant  # type: ignore[attr-defined]


def _absolute(request: HttpRequest, name: str) -> str:
    return request.build_absolute_uri(reverse(name))


def _page(request: HttpRequest, status: int = 200, **forms: Any) -> HttpResponse:
    organisation = _organisation(request)
    overview = selectors.billing_overview(organisation)
    context = {
        "overview": overview,
        "plan_form": forms.get("plan_form") or PlanChoiceForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "details_form": forms.get("details_form") or BillingDetailsForm(instance=overview.account),
        "log": selectors.billing_history(overview.account),
    }
    return render(request, "billing/overview.html", context, status=status)


def _refused(request: HttpRequest, form: Any, error: services.BillingError, **forms: Any) -> Any:
    form.add_error(error.field if error.field in form.fields else None, error.message)
    return _page(request, status=400, **forms)


@member_required(Role.ADMIN)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    if request.GET.get("checkout") == "success":
        services.refresh_after_checkout(organisation=_organisation(request))
        messages.success(request, _("Danke! Euer Abonnement wird eingerichtet."))
        return redirect("billing:overview")
    return _page(request)


@member_required(Role.ADMIN)
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    """First subscription: Stripe Checkout (or, with the local double, its stand-in)."""
    form = PlanChoiceForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, plan_form=form)
    plan, interval = form.cleaned_data["plan"], form.cleaned_data["interval"]
    if gateway.uses_local_double():
        return redirect(f"{reverse('billing:checkout')}?plan={plan.slug}&interval={interval}")
    try:
        url = services.start_checkout(
            organisation=_organisation(request),
            acting_user=request.user,  # type: ignore[arg-type]
            plan=plan,
            interval=interval,
            success_url=_absolute(request, "billing:overview") + "?checkout=success",
            cancel_url=_absolute(request, "billing:overview"),
        )
    except services.BillingError as exc:
        return _refused(request, form, exc, plan_form=form)
    return HttpResponseRedirect(url)


@member_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def local_checkout(request: HttpRequest) -> HttpResponse:
    """The local Stripe double has no Checkout: this page stands in for it (development and
    tests only; 404 when real Stripe is configured)."""
    if not gateway.uses_local_double():
        raise Http404
    form = TestCardForm(posted(request), initial=request.GET.dict())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            month, year = form.cleaned_data["expiry"]
            try:
                services.subscribe_with_card_at_local_double(
                    organisation=_organisation(request),
                    acting_user=request.user,  # type: ignore[arg-type]
                    plan=form.cleaned_data["plan"],
                    interval=form.cleaned_data["interval"],
                    card_number=form.cleaned_data["card_number"],
                    exp_month=month,
                    exp_year=year,
                    cvc=form.cleaned_data["cvc"],
                )
            except services.BillingError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _("Der Tarif %(plan)s ist aktiv.")
                    % {"plan": form.cleaned_data["plan"].display_name},
                )
                return redirect("billing:overview")
    plan = form.fields["plan"].queryset.filter(slug=request.GET.get("plan", "")).first()  # type: ignore[attr-defined]
    return render(
        request, "billing/local_checkout.html", {"form": form, "plan": plan}, status=status
    )


@member_required(Role.ADMIN)
@require_POST
def change(request: HttpRequest) -> HttpResponse:
    form = PlanChoiceForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, plan_form=form)
    try:
        services.change_plan(
            organisation=_organisation(request),
            acting_user=request.user,  # type: ignore[arg-type]
            plan=form.cleaned_data["plan"],
            interval=form.cleaned_data["interval"],
        )
    except services.BillingError as exc:
        return _refused(request, form, exc, plan_form=form)
    messages.success(
        request,
        _("Der Tarif ist jetzt %(plan)s.") % {"plan": form.cleaned_data["plan"].display_name},
    )
    return redirect("billing:overview")


@member_required(Role.ADMIN)
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, cancel_form=form)
    try:
        account = services.cancel(
            organisation=_organisation(request),
            acting_user=request.user,  # type: ignore[arg-type]
            at_period_end=True,
        )
    except services.BillingError as exc:
        return _refused(request, form, exc, cancel_form=form)
    messages.success(
        request,
        _("Gekündigt. Euer Tarif läuft bis %(date)s, danach gilt der kostenlose Tarif.")
        % {
            "date": account.current_period_end.strftime("%d.%m.%Y")
            if account.current_period_end
            else "–"
        },
    )
    return redirect("billing:overview")


@member_required(Role.ADMIN)
@require_POST
def portal(request: HttpRequest) -> HttpResponse:
    """Stripe's Billing Portal: payment method, invoices and address, run by Stripe."""
    try:
        url = services.open_portal(
            organisation=_organisation(request),
            acting_user=request.user,  # type: ignore[arg-type]
            return_url=_absolute(request, "billing:overview"),
        )
    except services.BillingError as exc:
        messages.error(request, exc.message)
        return redirect("billing:overview")
    return HttpResponseRedirect(url)


@member_required(Role.ADMIN)
@require_POST
def details(request: HttpRequest) -> HttpResponse:
    account = services.account_for(_organisation(request))
    form = BillingDetailsForm(request.POST, instance=account)
    if not form.is_valid():
        return _page(request, status=400, details_form=form)
    data = form.cleaned_data
    try:
        services.update_billing_details(
            organisation=_organisation(request),
            acting_user=request.user,  # type: ignore[arg-type]
            email=data["billing_email"],
            name=data["billing_name"],
            line1=data["address_line1"],
            line2=data["address_line2"],
            postal_code=data["postal_code"],
            city=data["city"],
            country=data["country"],
            vat_id=data["vat_id"],
        )
    except services.BillingError as exc:
        return _refused(request, form, exc, details_form=form)
    messages.success(request, _("Die Rechnungsdaten sind gespeichert."))
    return redirect("billing:overview")
