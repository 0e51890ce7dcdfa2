from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.domain import DomainError
from public_marketplace.models import (
    MAX_REPORT_PHOTOS,
    VISIBLE_STATUSES,
    City,
    CouncilBody,
    District,
    ImpulseKind,
    ImpulseStatus,
    OfferKind,
    OfferMode,
    Topic,
)
from public_marketplace.selectors import filter_choices
from public_marketplace.services import goals, pending_images

MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


class PlainSelect(forms.Select):
    """``forms.Select`` that writes its markup in Python: the same HTML as Django's
    ``select.html``/``select_option.html``/``attrs.html`` templates, option groups included,
    without a template include per ``<option>`` (the filter form's 73 districts made that most of
    a list page's time). Multiple selection goes through Django's templates as before.
    ``tests/public_marketplace/test_list_page.py`` compares the two renderings."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        if self.allow_multiple_selected or self.template_name != forms.Select.template_name:
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        parts: list[str] = []
        has_selected = False

        def option(option_value: Any, option_label: Any) -> str:
            nonlocal has_selected
            option_value = "" if option_value is None else option_value
            selected = not has_selected and str(option_value) in values
            has_selected |= selected
            shown: Any = localize(option_label)
            return (
                f'\n  <option value="{escape(str(option_value))}"'
                f"{' selected' if selected else ''}>{conditional_escape(shown)}</option>\n"
            )

        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):  # an optgroup
                group = "".join(option(v, label) for v, label in option_label)
                parts.append(
                    f'\n  <optgroup label="{conditional_escape(option_value)}">{group}'
                    "\n  </optgroup>"
                )
            else:
                parts.append(option(option_value, option_label))
        final_attrs = _attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(  # noqa: S308 - every value above is escaped
            f'<select name="{conditional_escape(name)}"{final_attrs}>{"".join(parts)}\n</select>'
        )


def _attributes(attrs: dict[str, Any]) -> str:
    """What ``django/forms/widgets/attrs.html`` renders."""
    return "".join(
        f" {conditional_escape(key)}"
        if value is True
        else f' {conditional_escape(key)}="{escape(str(value))}"'
        for key, value in attrs.items()
        if value is not False
    )


def district_groups(rows: Iterable[tuple[Any, str, Any, str]]) -> list[tuple[str, list[Any]]]:
    """Districts as option groups, one per Stadtbezirk: the Stadtbezirk itself first (choosing
    it means all its Ortsteile), then its Ortsteile in their numbers' order. ``rows`` are
    (value, name, the Stadtbezirk's value or empty, city name) in the districts' order; the
    city's name goes into a group's label only where there is more than one city."""
    rows = list(rows)
    several_cities = len({city for _value, _name, _parent, city in rows}) > 1
    groups: dict[Any, tuple[str, list[Any]]] = {}
    for value, name, parent, city in rows:
        if not parent:
            label = f"{city}: {name}" if several_cities else name
            groups[value] = (label, [(value, _("%(name)s (ganzer Stadtbezirk)") % {"name": name})])
    orphans: list[Any] = []
    for value, name, parent, _city in rows:
        if parent and parent in groups:
            groups[parent][1].append((value, name))
        elif parent:
            orphans.append((value, name))
    result = list(groups.values())
    if orphans:
        result.append((str(_("Weitere Stadtteile")), orphans))
    return result


class ImpulseFilterForm(forms.Form):
    """The list's filters. The choices of city, district and topic come from the cache
    (``selectors.filter_choices``): one cache read instead of four queries per page. Whatever
    is submitted is still checked against the database."""

    show_optional = False  # every filter is optional: saying so on each one says nothing

    q = forms.CharField(label=_("Suche"), required=False, max_length=200)
    city = forms.ModelChoiceField(
        label=_("Stadt"),
        queryset=City.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Städte"),
        widget=PlainSelect,
    )
    district = forms.ModelChoiceField(
        label=_("Stadtteil"),
        # The city comes along: the page links the district's calendar and follow button.
        queryset=District.objects.select_related("city").order_by("city", "number"),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Stadtteile"),
        widget=PlainSelect(attrs={"data-option-search": _("Stadtteil suchen")}),
    )
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=[("", _("Alle Arten"))] + list(ImpulseKind.choices),
        required=False,
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Jeder Status"))] + [(s.value, s.label) for s in VISIBLE_STATUSES],
        required=False,
        widget=PlainSelect,
    )
    topic = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Themen"),
        widget=PlainSelect,
    )
    sort = forms.ChoiceField(
        label=_("Sortierung"),
        choices=[
            ("trending", _("Im Trend")),
            ("newest", _("Neueste")),
            ("supported", _("Meiste Unterstützung")),
            ("upcoming", _("Nächste Termine")),
        ],
        required=False,
        widget=PlainSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = filter_choices()
        fields: Any = self.fields
        if len(choices["city"]) > 1:
            fields["city"].choices = [("", fields["city"].empty_label), *choices["city"]]
        else:
            del fields["city"]  # one city: a choice with one answer
        fields["district"].choices = [
            ("", fields["district"].empty_label),
            *district_groups(choices["district"]),  # type: ignore[arg-type]
        ]
        topics = list(choices["topic"])
        chosen = self.data.get("topic") if self.is_bound else None
        if chosen and not any(slug == chosen for slug, _name in topics):
            # A link to a topic nobody uses (yet): shown as chosen, not silently as "all".
            topic = Topic.objects.filter(slug=chosen).values_list("slug", "name").first()
            topics += [topic] if topic else []
        if topics:
            fields["topic"].choices = [("", fields["topic"].empty_label), *topics]
        else:
            del fields["topic"]  # no impulse carries a topic yet

    @property
    def active_count(self) -> int:
        """How many filters narrow the list (the sort order and the search do not count)."""
        if not self.is_bound or not self.is_valid():
            return 0
        names = ("city", "district", "kind", "status", "topic")
        return sum(1 for name in names if self.cleaned_data.get(name))


class ChoiceGroups(forms.CheckboxSelectMultiple):
    """Checkboxes, grouped into fieldsets by the choices' option groups (districts by their
    Stadtbezirk), each with the KERN check-box markup."""

    template_name = "public_marketplace/widgets/choice_groups.html"


EVENT_FIELDS = ("starts_at", "ends_at", "place_name", "address", "online_url")


class ImpulseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art"), choices=ImpulseKind.choices, widget=forms.Select(attrs={"data-kind": ""})
    )
    title = forms.CharField(label=_("Titel"), max_length=140)
    body = forms.CharField(
        label=_("Beschreibung"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_("Markdown ist erlaubt: **fett**, *kursiv*, Listen, Links."),
    )
    city = forms.ModelChoiceField(label=_("Stadt"), queryset=City.objects.all(), empty_label=None)
    districts = forms.ModelMultipleChoiceField(
        label=_("Stadtteile"),
        queryset=District.objects.order_by("city", "number"),
        required=False,
        help_text=_(
            "Leer lassen für die ganze Stadt. Ein ganzer Stadtbezirk schließt seine Ortsteile ein."
        ),
        widget=ChoiceGroups(attrs={"data-option-search": _("Stadtteil suchen")}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"), queryset=Topic.objects.all(), required=False, widget=ChoiceGroups
    )
    starts_at = forms.DateTimeField(
        label=_("Beginn"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    ends_at = forms.DateTimeField(
        label=_("Ende"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    place_name = forms.CharField(label=_("Ort"), max_length=120, required=False)
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online-Link"), required=False, assume_scheme="https")
    image = forms.ImageField(label=_("Bild"), required=False)
    image_alt = forms.CharField(label=_("Bildbeschreibung"), max_length=200, required=False)
    # A picture chosen before the form came back with an error (services/pending_images.py).
    image_token = forms.CharField(required=False, widget=forms.HiddenInput)
    image_discard = forms.BooleanField(label=_("Dieses Bild nicht verwenden"), required=False)
    organisation = forms.ChoiceField(label=_("Veröffentlichen als"), required=False)

    def __init__(
        self,
        *args: Any,
        organisations: list[Any] | None = None,
        user: Any = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.user = user
        self.pending_image: pending_images.PendingImage | None = None
        choices = [("", _("mich selbst"))] + [
            (str(o.public_id), o.name) for o in organisations or []
        ]
        fields: Any = self.fields
        fields["organisation"].choices = choices
        if len(choices) == 1:
            del fields["organisation"]
        if not Topic.objects.exists():
            del fields["topics"]  # nothing to choose (yet): no empty box
        fields["districts"].choices = district_groups(
            District.objects.order_by("city", "number").values_list(
                "pk", "name", "parent_id", "city__name"
            )
        )

    def fields_of(self, *names: str) -> list[forms.BoundField]:
        """The named fields, for templates that lay the form out in fieldsets."""
        return [self[name] for name in names if name in self.fields]

    @property
    def lead_fields(self) -> list[forms.BoundField]:
        return self.fields_of("kind", "title", "body", "city")

    @property
    def event_fields(self) -> list[forms.BoundField]:
        return self.fields_of(*EVENT_FIELDS)

    @property
    def closing_fields(self) -> list[forms.BoundField]:
        return self.fields_of("image", "image_alt", "organisation")

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if not image:
            return image
        if image.size > MAX_IMAGE_BYTES:
            raise ValidationError(_("Das Bild darf höchstens 5 MB groß sein."))
        if getattr(image, "image", None) is None or image.image.format not in IMAGE_FORMATS:
            raise ValidationError(_("Bitte lade ein JPEG-, PNG- oder WebP-Bild hoch."))
        return image

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data["kind"] != ImpulseKind.EVENT:
            # Filled in while "Veranstaltung" was chosen, or sent without script: not this kind's.
            for name in EVENT_FIELDS:
                data[name] = None if name in ("starts_at", "ends_at") else ""
                self.errors.pop(name, None)
        token = data.get("image_token") or ""
        if token and self.user is not None and "image" not in self.errors:
            self.pending_image = pending_images.pending_image(token=token, user=self.user)
            if self.pending_image is not None and data.get("image_discard"):
                self.pending_image = None  # the file goes with the hourly purge
            if not data.get("image") and self.pending_image is not None:
                data["image"] = self.pending_image.open()
                if data["image"] is None:
                    self.pending_image = None
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error(
                "image_alt", _("Bitte beschreibe das Bild für Menschen, die es nicht sehen.")
            )
        return data

    def _data_copy(self) -> Any:
        bound: Any = self.data  # a QueryDict: copy() makes it mutable
        return bound.copy()

    def keep_image(self) -> None:
        """The form goes back with an error: store a newly chosen, valid picture, so that the
        next submission still has it. A picture kept before stays as it is."""
        upload = self.files.get("image") if self.is_bound else None
        if upload is None or self.has_error("image") or self.user is None:
            if self.is_bound and self.pending_image is None and self.data.get("image_token"):
                data = self._data_copy()
                data["image_token"] = ""  # expired, someone else's or not wanted any more
                data.pop("image_discard", None)
                self.data = data
            return
        try:
            self.pending_image = pending_images.keep_image(upload=upload, user=self.user)
        except DomainError as exc:
            self.add_error("image", exc.message)
            return
        data = self._data_copy()
        data["image_token"] = self.pending_image.token
        data.pop("image_discard", None)
        self.data = data


PHOTO_TYPES = "image/jpeg,image/png,image/webp"


class StatusForm(forms.Form):
    """A stage change; "Umgesetzt" takes a report with up to MAX_REPORT_PHOTOS photos (each
    with its description). Photos chosen before the form came back with an error are kept
    (services/pending_images.py) and carried as hidden tokens, as on the impulse form."""

    to_status = forms.ChoiceField(label=_("Neuer Status"), choices=ImpulseStatus.choices)
    note = forms.CharField(
        label=_("Notiz"),
        required=False,
        max_length=2000,
        help_text=_("Bei „Aufgegeben“ Pflicht: warum es nicht weitergeht."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    report = forms.CharField(
        label=_("Umsetzungsbericht"),
        required=False,
        max_length=20_000,
        help_text=_("Bei „Umgesetzt“ Pflicht: was umgesetzt wurde."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.pending: dict[int, pending_images.PendingImage] = {}
        for n in range(1, MAX_REPORT_PHOTOS + 1):
            self.fields[f"photo_{n}"] = forms.FileField(
                label=gettext("Foto %(n)s zum Bericht") % {"n": n},
                required=False,
                help_text=gettext("Bis zu %(max)s Fotos, nur bei „Umgesetzt“.")
                % {"max": MAX_REPORT_PHOTOS}
                if n == 1
                else "",
                widget=forms.ClearableFileInput(
                    attrs={"accept": "image/jpeg,image/png,image/webp"}
                ),
            )
            self.fields[f"photo_{n}_alt"] = forms.CharField(
                label=gettext("Beschreibung von Foto %(n)s") % {"n": n},
                required=False,
                max_length=200,
            )
            self.fields[f"photo_{n}_token"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )

    def photos(self) -> list[tuple[Any, str]]:
        """(upload, description) of every photo: a new upload, else the one kept before."""
        data = self.cleaned_data
        chosen = []
        for n in range(1, MAX_REPORT_PHOTOS + 1):
            upload = data.get(f"photo_{n}")
            token = data.get(f"photo_{n}_token") or ""
            if not upload and token and self.user is not None:
                kept = pending_images.pending_image(token=token, user=self.user)
                upload = kept.open() if kept is not None else None
                if upload is not None and kept is not None:
                    self.pending[n] = kept
            if upload:
                chosen.append((upload, data.get(f"photo_{n}_alt") or ""))
        return chosen

    def keep_photos(self) -> None:
        """After a refusal: keep each new upload for the next try (what is no picture is not
        kept; its error is already on the form) and name the kept files on the form."""
        if self.user is None:
            return
        bound: Any = self.data  # a QueryDict: copy() makes it mutable
        data = bound.copy()
        for n in range(1, MAX_REPORT_PHOTOS + 1):
            upload = self.files.get(f"photo_{n}")
            kept = self.pending.get(n)
            token = str(self.data.get(f"photo_{n}_token") or "")
            if kept is None and token:
                kept = pending_images.pending_image(token=token, user=self.user)
            if upload is not None:
                try:
                    kept = pending_images.keep_image(upload=upload, user=self.user)
                except DomainError:
                    kept = None
            data[f"photo_{n}_token"] = kept.token if kept is not None else ""
            if kept is not None:
                note = gettext("Behalten: %(name)s. Wähle ein anderes Foto, um es zu ersetzen.") % {
                    "name": kept.filename
                }
                self.fields[f"photo_{n}"].help_text = note
                self[f"photo_{n}"].help_text = note  # the bound field copied the old one
        self.data = data

    def discard_kept(self) -> None:
        """The report holds its own copies now."""
        for kept in self.pending.values():
            pending_images.discard_image(kept)


class OfferForm(forms.Form):
    """ "Mitmachen": what someone brings to an impulse, how and where."""

    show_optional = False  # everything but "how" is optional, and the page says so

    brings = forms.MultipleChoiceField(
        label=_("Was bringst du mit?"),
        choices=OfferKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.ChoiceField(
        label=_("Wie machst du mit?"),
        choices=OfferMode.choices,
        initial=OfferMode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    district = forms.ModelChoiceField(
        label=_("In welchem Ortsteil?"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Egal / keine Angabe"),
    )
    note = forms.CharField(
        label=_("Ein paar Worte an die Initiator:innen"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zum Beispiel, wann du Zeit hast. Nur sie sehen das."),
    )

    def __init__(self, *args: Any, city: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if city is not None:
            self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
                city=city
            ).order_by("name")


class WithoutAccountForm(forms.Form):
    """Taking part with an e-mail address only (services/without_account.py): the address the
    link goes to, and the name others may see."""

    show_optional = False

    email = forms.EmailField(
        label=_("Deine E-Mail-Adresse"),
        help_text=_("Wir schicken dir einen Link. Niemand sonst sieht die Adresse."),
        error_messages={"invalid": _("Bitte gib eine gültige E-Mail-Adresse an.")},
    )
    display_name = forms.CharField(
        label=_("Dein Name oder Pseudonym (freiwillig)"),
        required=False,
        max_length=80,
        help_text=_(
            "So erscheinst du, wo du es erlaubst. Ohne Namen erscheinst du als „Mitglied“."
        ),
    )
    consent = forms.BooleanField(
        label=_("Ich bin einverstanden, dass WeCreate dafür ein Konto mit meiner Adresse anlegt."),
        error_messages={"required": _("Ohne dein Einverständnis können wir nichts speichern.")},
    )


class SupportWithoutAccountForm(WithoutAccountForm):
    field_order = ("email", "display_name", "show_name", "consent")

    show_name = forms.BooleanField(label=_("Meinen Namen öffentlich zeigen"), required=False)


class OfferWithoutAccountForm(WithoutAccountForm, OfferForm):
    """ "Mitmachen" without an account: the offer's fields and the address."""

    field_order = ("brings", "mode", "district", "note", "email", "display_name", "consent")


class AimForm(forms.Form):
    """An impulse's support goal: which body, how many supports, by when. The number and the
    date may stay empty: the body's data fills them in (services/goals.py)."""

    target_body = forms.TypedChoiceField(label=_("An welches Gremium?"), coerce=int)
    support_goal = forms.IntegerField(
        label=_("Wie viele Unterstützungen?"),
        required=False,
        min_value=1,
        max_value=goals.MAX_GOAL,
        help_text=_("Leer lassen für die Zahl, die das Gremium vorsieht."),
    )
    support_deadline = forms.DateField(
        label=_("Bis wann?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leer lassen für die Frist, die das Gremium vorsieht (ab heute)."),
    )

    def __init__(self, *args: Any, bodies: Iterable[CouncilBody] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[int, str]]] = {}
        for body in bodies:
            groups.setdefault(str(body.get_kind_display()), []).append((body.pk, _body_label(body)))
        field = self.fields["target_body"]
        field.choices = [("", gettext("Bitte wählen")), *groups.items()]  # type: ignore[attr-defined]


def _body_label(body: CouncilBody) -> str:
    """The body with its defaults, so the choice shows what leaving the fields empty means."""
    if body.support_goal and body.support_period_days:
        return gettext("%(name)s (Ziel: %(goal)s in %(days)s Tagen)") % {
            "name": body.name,
            "goal": body.support_goal,
            "days": body.support_period_days,
        }
    return body.name
