"""Public network pages (root domain). HTTP only: parse → service/selector → render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config import ical
from config.domain import DomainError
from config.forms import posted, posted_files
from progress import selectors as progress_selectors
from progress.views import photo_response
from public_marketplace import selectors
from public_marketplace.calendar import events_calendar
from public_marketplace.forms import AimForm, ImpulseFilterForm, ImpulseForm, OfferForm, StatusForm
from public_marketplace.models import (
    City,
    CouncilBody,
    District,
    Impulse,
    ImpulseStatus,
    Participation,
    Support,
)
from public_marketplace.permissions import (
    can_aim_impulse,
    can_edit_impulse,
    can_view_impulse,
    may_change_status,
)
from public_marketplace.services import boxes as box_services
from public_marketplace.services import goals, pending_images
from public_marketplace.services import impulses as impulse_services
from public_marketplace.views_follows import follow_button
from tenants.models import Organisation
from workspaces.web import STATUS


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    trending = selectors.impulse_page(selectors.ImpulseFilters(), limit=6, cards=True)
    # "In deinem Ortsteil": the visitor's own Ortsteil once they have chosen one.
    district = getattr(request.user, "home_district", None)
    nearby = []
    if district is not None:
        nearby = selectors.impulse_page(
            selectors.ImpulseFilters(district=district.slug, sort="newest"), limit=3, cards=True
        ).items
    return render(
        request,
        "public_marketplace/home.html",
        {
            "cities": selectors.cities_with_district_counts(),
            "organisations": selectors.public_organisations()[:24],
            "trending": trending.items,
            "district": district,
            "nearby": nearby,
            "events": selectors.upcoming_events()[:3],
            "figures": selectors.network_figures(),
        },
    )


@require_safe
def impulse_list(request: HttpRequest) -> HttpResponse:
    form = ImpulseFilterForm(request.GET or None)
    filters = selectors.ImpulseFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ImpulseFilters(
            q=data["q"] or "",
            city=data["city"].slug if data.get("city") else "",
            district=data["district"].slug if data["district"] else "",
            kind=data["kind"] or "",
            status=data["status"] or "",
            topic=data["topic"].slug if data.get("topic") else "",
            sort=data["sort"] or "trending",
        )
    page = selectors.impulse_page(filters, cursor=request.GET.get("cursor", ""), cards=True)
    context: dict[str, Any] = {"form": form, "page": page, "query": filters.as_query()}
    if form.is_valid() and form.cleaned_data["district"] is not None:
        context["district"] = form.cleaned_data["district"]
        context["follow"] = follow_button(request.user, form.cleaned_data["district"])
    if request.htmx:  # type: ignore[attr-defined]
        template = (
            "public_marketplace/_more.html"
            if request.GET.get("cursor")
            else "public_marketplace/_results.html"
        )
        return render(request, template, context)
    return render(request, "public_marketplace/impulse_list.html", context)


def _impulse_or_404(request: HttpRequest, public_id: UUID) -> Impulse:
    impulse = selectors.impulse_for_page(public_id)
    if impulse is None or not can_view_impulse(request.user, impulse):
        raise Http404
    return impulse


def _organisations_for(user: Any) -> list[Organisation]:
    from public_marketplace.permissions import can_post_for
    from tenants.services import organisations_of

    return [o for o in organisations_of(user) if can_post_for(user, o)]


def _input_from(form: ImpulseForm) -> impulse_services.ImpulseInput:
    data = form.cleaned_data
    return impulse_services.ImpulseInput(
        kind=data["kind"],
        title=data["title"],
        body=data["body"],
        city=data["city"],
        district_ids=[d.pk for d in data["districts"]],
        topic_ids=[t.pk for t in data.get("topics") or []],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place_name=data["place_name"],
        address=data["address"],
        online_url=data["online_url"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def impulse_create(request: HttpRequest) -> HttpResponse:
    organisations = _organisations_for(request.user)
    # "Als Impuls veröffentlichen" in a friend circle: the form starts from the circle, and
    # the circle becomes the new impulse's box (services/circles.py).
    from public_marketplace.services import circles

    circle_slug = request.POST.get("freundeskreis") or request.GET.get("freundeskreis") or ""
    circle = circles.circle_for(request.user, circle_slug) if circle_slug else None
    if circle_slug and circle is None:
        raise Http404
    initial = {"title": circle.name[:200], "body": circle.description} if circle else None
    form = ImpulseForm(
        posted(request),
        posted_files(request),
        initial=initial,
        organisations=organisations,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("organisation")
        organisation = next((o for o in organisations if str(o.public_id) == chosen), None)
        try:
            with transaction.atomic():  # the impulse and its box from the circle, or neither
                impulse = impulse_services.post_impulse(
                    author=request.user,
                    data=_input_from(form),
                    organisation=organisation,
                    publish="draft" not in request.POST,  # the form's two buttons
                    image=form.cleaned_data.get("image"),
                    image_alt=form.cleaned_data.get("image_alt") or "",
                )
                if circle is not None:
                    circles.attach_circle(impulse=impulse, circle=circle, user=request.user)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            _image_taken(form)
            messages.success(
                request,
                _("Dein Impuls ist online.")
                if impulse.status == "published"
                else _("Entwurf gespeichert. Nur du siehst ihn, bis du ihn veröffentlichst."),
            )
            return redirect("impulse_detail", public_id=impulse.public_id)
    return _form_page(request, form, creating=True, circle=circle)


@login_required
@require_http_methods(["GET", "POST"])
def impulse_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    impulse = _impulse_or_404(request, public_id)
    if not can_edit_impulse(request.user, impulse):
        raise Http404
    fields = ("kind", "title", "body", "city", "starts_at", "ends_at", "place_name", "address")
    initial: dict[str, Any] = {name: getattr(impulse, name) for name in fields}
    initial.update(
        online_url=impulse.online_url,
        districts=impulse.districts.all(),
        topics=impulse.topics.all(),
    )
    form = ImpulseForm(posted(request), posted_files(request), initial=initial, user=request.user)
    was_draft = impulse.status == ImpulseStatus.DRAFT
    if request.method == "POST" and form.is_valid():
        try:
            impulse = impulse_services.edit_impulse(
                impulse=impulse,
                editor=request.user,
                data=_input_from(form),
                publish="publish" in request.POST,  # a draft's "Veröffentlichen" button
                image=form.cleaned_data.get("image"),
                image_alt=form.cleaned_data.get("image_alt") or "",
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            _image_taken(form)
            published_now = was_draft and impulse.status == ImpulseStatus.PUBLISHED
            messages.success(
                request, _("Dein Impuls ist online.") if published_now else _("Gespeichert.")
            )
            return redirect("impulse_detail", public_id=impulse.public_id)
    return _form_page(request, form, creating=False, impulse=impulse)


def _image_taken(form: ImpulseForm) -> None:
    if form.pending_image is not None:
        pending_images.discard_image(form.pending_image)  # the impulse holds its own copy now


def _form_page(
    request: HttpRequest,
    form: ImpulseForm,
    *,
    creating: bool,
    impulse: Impulse | None = None,
    circle: Any = None,
) -> HttpResponse:
    if form.errors:
        form.keep_image()  # browsers never refill a file input
    return render(
        request,
        "public_marketplace/impulse_form.html",
        {
            "form": form,
            "impulse": impulse,
            "circle": circle,
            "creating": creating,
            "is_draft": creating or (impulse is not None and impulse.status == ImpulseStatus.DRAFT),
        },
        status=400 if form.errors else 200,
    )


@require_safe
def impulse_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _detail_page(request, _impulse_or_404(request, public_id))


def _detail_page(
    request: HttpRequest,
    impulse: Impulse,
    status_form: StatusForm | None = None,
    *,
    aim_form: AimForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_aim = _may_aim(user, impulse)
    if may_aim and aim_form is None:
        aim_form = _aim_form(impulse)
    page = selectors.comment_page_of(impulse, request.GET.get("kommentare"))
    history = list(impulse.history.all())  # prefetched with the report photos
    implemented = [c for c in history if c.to_status == ImpulseStatus.IMPLEMENTED]
    abandoned = [c for c in history if c.to_status == ImpulseStatus.ABANDONED]
    return render(
        request,
        "public_marketplace/impulse_detail.html",
        {
            "impulse": impulse,
            "stages": box_services.stages(impulse),
            "supporters": selectors.named_supporters(impulse),
            "comments": page.comments,
            "comments_next": page.next_cursor,
            "can_edit": can_edit_impulse(user, impulse),
            "supported": user.is_authenticated
            and Support.objects.filter(impulse=impulse, user=user).exists(),
            "my_offer": selectors.my_offer(impulse, user),
            "offers": selectors.offers_of(impulse) if can_edit_impulse(user, impulse) else [],
            "may_open_box": impulse.box_id is None
            and impulse.status in box_services.OPEN_STAGES
            and can_edit_impulse(user, impulse),
            "status_form": status_form or StatusForm(user=user),
            "status_form_open": status_form is not None,
            "report_photos": list(implemented[-1].photos.all()) if implemented else [],
            "abandon_reason": abandoned[-1].note
            if abandoned and impulse.status == ImpulseStatus.ABANDONED
            else "",
            "follow": follow_button(user, impulse),
            "progress": progress_selectors.impulse_progress(impulse.box),
            "goal": _goal(impulse, user),
            "may_aim": may_aim,
            "aim_form": aim_form,
            "aim_form_open": aim_form is not None and aim_form.is_bound,
        },
        status=status,
    )


def _goal(impulse: Impulse, user: Any) -> selectors.Goal | None:
    return selectors.goal_of(impulse, user, motion_path=goals.motion_start_path(impulse))


def _may_aim(user: Any, impulse: Impulse) -> bool:
    """Whether the page offers the aim form: to who may set it, while it can still change."""
    return (
        impulse.goal_state in ("", "open")
        and impulse.status in goals.AIMABLE
        and not impulse.is_hidden
        and can_aim_impulse(user, impulse)
    )


def _aim_form(impulse: Impulse, data: Any = None) -> AimForm:
    initial = {}
    if impulse.target_body_id is not None and impulse.support_deadline is not None:
        initial = {
            "target_body": impulse.target_body_id,
            "support_goal": impulse.support_goal,
            "support_deadline": impulse.support_deadline.date(),
        }
    return AimForm(data, initial=initial, bodies=selectors.bodies_to_aim_at(impulse.city_id))


@login_required
@require_POST
def impulse_goal(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Set the impulse's support goal (a body, a number, a date) or take it back."""
    impulse = _impulse_or_404(request, public_id)
    if not can_aim_impulse(request.user, impulse):
        raise Http404  # who may, before what (as for the status)
    back = reverse("impulse_detail", kwargs={"public_id": impulse.public_id}) + "#ziel"
    if request.POST.get("action") == "clear":
        try:
            goals.clear_aim(by=request.user, impulse=impulse)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Das Ziel ist entfernt."))
        return redirect(back)
    form = _aim_form(impulse, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        body = CouncilBody.objects.filter(pk=data["target_body"], city_id=impulse.city_id).first()
        try:
            goals.aim_at_body(
                by=request.user,
                impulse=impulse,
                body=body,
                goal=data["support_goal"],
                deadline=data["support_deadline"],
            )
        except DomainError as exc:
            if exc.code == "forbidden":
                raise Http404 from exc
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Das Ziel steht."))
            return redirect(back)
    impulse = _impulse_or_404(request, public_id)  # as it is now, not as the form left it
    return _detail_page(request, impulse, aim_form=form, status=400)


@require_safe
def impulse_progress(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Every progress entry the box's owners chose for the impulse page, page by page."""
    impulse = _impulse_or_404(request, public_id)
    page = progress_selectors.impulse_progress_page(impulse.box, cursor=request.GET.get("nach", ""))
    return render(
        request,
        "public_marketplace/impulse_progress.html",
        {"impulse": impulse, "page": page},
    )


@require_safe
def impulse_progress_photo(request: HttpRequest, public_id: UUID, entry_id: UUID) -> HttpResponse:
    """The photo of an entry the impulse page shows (and only of such an entry)."""
    impulse = _impulse_or_404(request, public_id)
    return photo_response(progress_selectors.shown_entry(impulse.box, entry_id))


@login_required
@require_POST
def impulse_support(request: HttpRequest, public_id: UUID) -> HttpResponse:
    impulse = _impulse_or_404(request, public_id)
    try:
        if request.POST.get("action") == "withdraw":
            impulse_services.withdraw_support(impulse=impulse, user=request.user)
        else:
            impulse_services.support_impulse(
                impulse=impulse, user=request.user, show_name=request.POST.get("show_name") == "on"
            )
    except DomainError as exc:
        return _action_error(request, impulse, exc)
    return _back_to(request, impulse, "public_marketplace/_support.html")


@login_required
@require_http_methods(["GET", "POST"])
def impulse_join(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """ "Mitmachen": the offer form (what I bring, how, where); or take an open offer back."""
    impulse = _impulse_or_404(request, public_id)
    if request.method == "POST" and request.POST.get("action") == "leave":
        try:
            box_services.withdraw_offer(impulse=impulse, user=request.user)
        except DomainError as exc:
            return _action_error(request, impulse, exc)
        return _back_to(request, impulse, "public_marketplace/_support.html")
    form = OfferForm(posted(request), city=impulse.city)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                box_services.offer_help(
                    impulse=impulse,
                    user=request.user,
                    brings=data["brings"],
                    mode=data["mode"],
                    district=data["district"],
                    note=data["note"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = STATUS.get(exc.code, 400)
            else:
                messages.success(
                    request, _("Danke! Die Initiator:innen sehen dein Angebot und melden sich.")
                )
                return redirect("impulse_detail", public_id=impulse.public_id)
        else:
            status = 400
    return render(
        request,
        "public_marketplace/offer_form.html",
        {"impulse": impulse, "form": form, "my_offer": selectors.my_offer(impulse, request.user)},
        status=status,
    )


@login_required
@require_POST
def impulse_offer_decide(request: HttpRequest, public_id: UUID, offer_id: UUID) -> HttpResponse:
    """The owner accepts or declines one offer of help."""
    impulse = _impulse_or_404(request, public_id)
    offer = Participation.objects.filter(impulse=impulse, public_id=offer_id).first()
    if offer is None or not can_edit_impulse(request.user, impulse):
        raise Http404
    accept = request.POST.get("action") == "accept"
    try:
        box_services.decide_offer(impulse=impulse, offer=offer, by=request.user, accept=accept)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Angenommen: %(name)s ist jetzt in der Box.") % {"name": offer.user.name}
            if accept
            else _("Abgelehnt. Wir sagen freundlich Bescheid."),
        )
    return redirect(
        reverse("impulse_detail", kwargs={"public_id": impulse.public_id}) + "#angebote"
    )


@login_required
@require_POST
def impulse_open_box(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The owner opens the impulse's box (before or without helpers)."""
    impulse = _impulse_or_404(request, public_id)
    if not can_edit_impulse(request.user, impulse):
        raise Http404
    try:
        box = box_services.open_box(impulse=impulse, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("impulse_detail", public_id=impulse.public_id)
    messages.success(request, _("Die Box ist offen. Ladet euch ein und legt los!"))
    return redirect("workspaces:group", slug=box.slug)


@login_required
@require_POST
def impulse_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    impulse = _impulse_or_404(request, public_id)
    if not may_change_status(request.user, impulse):
        raise Http404  # as for a forbidden change below: who may, before what
    form = StatusForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        form.keep_photos()
        return _detail_page(request, impulse, form, status=400)
    try:
        impulse_services.change_status(
            impulse=impulse,
            to_status=form.cleaned_data["to_status"],
            by=request.user,
            note=form.cleaned_data["note"],
            report=form.cleaned_data["report"],
            photos=form.photos(),
        )
    except DomainError as exc:
        if exc.code == "forbidden":
            raise Http404 from exc
        if not can_edit_impulse(request.user, impulse):  # staff archiving: no form to show
            messages.error(request, exc.message)
            return redirect("impulse_detail", public_id=impulse.public_id)
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        form.keep_photos()
        return _detail_page(request, impulse, form, status=400)
    form.discard_kept()
    messages.success(request, _("Status geändert."))
    return redirect("impulse_detail", public_id=impulse.public_id)


def _action_error(request: HttpRequest, impulse: Impulse, exc: DomainError) -> HttpResponse:
    status = {"rate_limited": 429, "conflict": 409, "forbidden": 403}.get(exc.code, 400)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "public_marketplace/_support.html",
            _support_context(request, impulse, exc.message),
            status=status,
        )
    messages.error(request, exc.message)
    return redirect("impulse_detail", public_id=impulse.public_id)


def _support_context(request: HttpRequest, impulse: Impulse, error: str = "") -> dict[str, Any]:
    impulse.refresh_from_db(
        fields=["support_count", "participant_count", "goal_reached_at", "goal_missed_at"]
    )
    user_id = request.user.pk or 0  # the actions that render this need a login
    return {
        "impulse": impulse,
        "goal": _goal(impulse, request.user),
        "supported": Support.objects.filter(impulse=impulse, user_id=user_id).exists(),
        "my_offer": Participation.objects.filter(impulse=impulse, user_id=user_id).first(),
        "error": error,
    }


def _back_to(request: HttpRequest, impulse: Impulse, partial: str) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, partial, _support_context(request, impulse))
    return redirect("impulse_detail", public_id=impulse.public_id)


@require_safe
def impulse_ics(request: HttpRequest, public_id: UUID) -> HttpResponse:
    impulse = _impulse_or_404(request, public_id)
    if not impulse.is_event:
        raise Http404
    return _ics(events_calendar([impulse], name=impulse.title), f"{impulse.public_id}.ics")


@require_safe
def district_ics(request: HttpRequest, city: str, district: str) -> HttpResponse:
    place = get_object_or_404(
        District.objects.select_related("city"), city__slug=city, slug=district
    )
    events = selectors.upcoming_events(district=place)[:500]
    return _ics(events_calendar(events, name=f"WeCreate – {place.name}"), f"{place.slug}.ics")


@require_safe
def city_ics(request: HttpRequest, city: str) -> HttpResponse:
    place = get_object_or_404(City, slug=city)
    events = selectors.upcoming_events(city=place)[:500]
    return _ics(events_calendar(events, name=f"WeCreate – {place.name}"), f"{place.slug}.ics")


def _ics(content: bytes, filename: str) -> HttpResponse:
    return ical.ics_response(content, filename, private=False)  # public feeds may be cached


@require_safe
def organisation_profile(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's public page: what it published to the network (public schema only)."""
    organisation = get_object_or_404(selectors.public_organisations(), slug=slug)
    page = selectors.impulse_page(
        selectors.ImpulseFilters(organisation=organisation.slug, sort="newest"),
        cursor=request.GET.get("cursor", ""),
        cards=True,
    )
    events = selectors.upcoming_events().filter(organisation=organisation)[:10]
    return render(
        request,
        "public_marketplace/organisation_profile.html",
        {
            "organisation": organisation,
            "page": page,
            "events": events,
            "query": {},
            "follow": follow_button(request.user, organisation),
        },
    )


@require_safe
@login_required
def my_activity(request: HttpRequest) -> HttpResponse:
    """ "Meine Aktivität": only the signed-in person's own traces, never anyone else's."""
    from public_marketplace.activity import my_activity as read

    return render(request, "public_marketplace/my_activity.html", {"activity": read(request.user)})
