from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from public_marketplace.models import (
    VISIBLE_STATUSES,
    City,
    District,
    ImpulseKind,
    ImpulseStatus,
    OfferKind,
    OfferMode,
    Topic,
)
from public_marketplace.selectors import filter_choices

MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


class PlainSelect(forms.Select):
    """``forms.Select`` that writes its markup in Python: the same HTML as Django's
    ``select.html``/``select_option.html``/``attrs.html`` templates, without a template include
    per ``<option>`` (the filter form's 73 districts made that most of a list page's time).
    Option groups and multiple selection go through Django's templates as before.
    ``tests/public_marketplace/test_list_page.py`` compares the two renderings."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        if self.allow_multiple_selected or self.template_name != forms.Select.template_name:
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        options: list[str] = []
        has_selected = False
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):  # an optgroup
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else option_value
            selected = not has_selected and str(option_value) in values
            has_selected |= selected
            shown: Any = localize(option_label)
            label = conditional_escape(shown)
            options.append(
                f'\n  <option value="{escape(str(option_value))}"'
                f"{' selected' if selected else ''}>{label}</option>\n"
            )
        final_attrs = _attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(  # noqa: S308 - every value above is escaped
            f'<select name="{conditional_escape(name)}"{final_attrs}>{"".join(options)}\n</select>'
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


class ImpulseFilterForm(forms.Form):
    """The list's filters. The choices of city, district and topic come from the cache
    (``selectors.filter_choices``): one cache read instead of three queries per page. Whatever
    is submitted is still checked against the database."""

    q = forms.CharField(label=_("Suche"), required=False, max_length=200)
    city = forms.ModelChoiceField(
        label=_("Stadt"),
        queryset=City.objects.all(),
        to_field_name="slug",
        required=False,
        widget=PlainSelect,
    )
    district = forms.ModelChoiceField(
        label=_("Stadtteil"),
        # The city comes along: the page links the district's calendar and follow button.
        queryset=District.objects.select_related("city").order_by("city", "number"),
        to_field_name="slug",
        required=False,
        widget=PlainSelect,
    )
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=[("", _("Alle"))] + list(ImpulseKind.choices),
        required=False,
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle"))] + [(s.value, s.label) for s in VISIBLE_STATUSES],
        required=False,
        widget=PlainSelect,
    )
    topic = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
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
        for name, pairs in filter_choices().items():
            field = self.fields[name]
            empty = [("", field.empty_label)] if field.empty_label is not None else []  # type: ignore[attr-defined]
            field.choices = empty + pairs  # type: ignore[attr-defined]


class ImpulseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=ImpulseKind.choices)
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
        help_text=_("Leer lassen für die ganze Stadt."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"), queryset=Topic.objects.all(), required=False
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
    organisation = forms.ChoiceField(label=_("Veröffentlichen als"), required=False)

    def __init__(self, *args: Any, organisations: list[Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", _("mich selbst"))] + [
            (str(o.public_id), o.name) for o in organisations or []
        ]
        self.fields["organisation"].choices = choices  # type: ignore[attr-defined]
        if len(choices) == 1:
            del self.fields["organisation"]

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
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error(
                "image_alt", _("Bitte beschreibe das Bild für Menschen, die es nicht sehen.")
            )
        return data


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Neuer Status"), choices=ImpulseStatus.choices)
    note = forms.CharField(
        label=_("Notiz"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    report = forms.CharField(
        label=_("Umsetzungsbericht"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OfferForm(forms.Form):
    """ "Mitmachen": what someone brings to an impulse, how and where."""

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
