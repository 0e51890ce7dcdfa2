from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from public_marketplace.models import (
    VISIBLE_STATUSES,
    City,
    District,
    ImpulseKind,
    ImpulseStatus,
    Topic,
)

MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


class ImpulseFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=200)
    city = forms.ModelChoiceField(
        label=_("Stadt"), queryset=City.objects.all(), to_field_name="slug", required=False
    )
    district = forms.ModelChoiceField(
        label=_("Stadtteil"),
        queryset=District.objects.select_related("parent").order_by("city", "number"),
        to_field_name="slug",
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Art"), choices=[("", _("Alle"))] + list(ImpulseKind.choices), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle"))] + [(s.value, s.label) for s in VISIBLE_STATUSES],
        required=False,
    )
    topic = forms.ModelChoiceField(
        label=_("Thema"), queryset=Topic.objects.all(), to_field_name="slug", required=False
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
    )


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
