"""Input for the partner pages: the directory's filters, the contact form (with a honeypot
field that people never see), a box's request, the partner's answer and the entry's edit
form. Emptiness and lengths are the services' to judge, so the page says what the API says."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import ServiceCheckedText
from partners import selectors
from partners.models import Kind, Partner
from public_marketplace.models import District, DistrictLevel


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=200)
    ortsteil = forms.ChoiceField(label=_("Ortsteil"), required=False)
    art = forms.ChoiceField(
        label=_("Art der Hilfe"),
        required=False,
        choices=[("", _("Alle Arten")), *Kind.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ortsteil"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle Ortsteile")),
            *selectors.district_choices(),
        ]

    def filters(self) -> selectors.DirectoryFilters:
        if not self.is_valid():
            return selectors.DirectoryFilters()
        data = self.cleaned_data
        return selectors.DirectoryFilters(district=data["ortsteil"], kind=data["art"], q=data["q"])


class ContactForm(forms.Form):
    name = ServiceCheckedText(label=_("Dein Name"), max_length=120)
    email = ServiceCheckedText(
        label=_("Deine E-Mail-Adresse"),
        help_text=_("Der Partner antwortet dir direkt an diese Adresse."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = ServiceCheckedText(label=_("Deine Nachricht"), widget=forms.Textarea)
    # The honeypot: hidden from people (and screen readers); bots fill in every field.
    homepage = forms.CharField(required=False, label=_("Bitte leer lassen"))

    def is_spam(self) -> bool:
        return bool(self.data.get("homepage", "").strip())


class RequestForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.filter(is_active=True).order_by("name", "id"),
        to_field_name="slug",
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wähle einen Partner."),
            "invalid_choice": _("Bitte wähle einen Partner aus dem Verzeichnis."),
        },
    )
    what = ServiceCheckedText(
        label=_("Was braucht ihr?"),
        help_text=_("Der Partner sieht nur den Namen eurer Box und diese Anfrage."),
        widget=forms.Textarea,
    )
    when = ServiceCheckedText(
        label=_("Wann?"), help_text=_("z. B. „Samstag, 14. Juni, vormittags“")
    )


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Eure Antwort"),
        choices=[("ja", _("Ja, wir helfen")), ("nein", _("Nein, leider nicht"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wähle Ja oder Nein.")},
    )
    answer = forms.CharField(label=_("Nachricht an die Box"), required=False, widget=forms.Textarea)


class PartnerForm(forms.Form):
    name = ServiceCheckedText(label=_("Name"))
    description = ServiceCheckedText(label=_("Beschreibung"), widget=forms.Textarea)
    kinds = forms.MultipleChoiceField(
        label=_("Was es hier gibt"),
        choices=Kind.choices,
        error_messages={"required": _("Bitte wähle mindestens eine Art der Hilfe.")},
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Ortsteile"),
        queryset=District.objects.filter(level=DistrictLevel.LOCALITY).order_by("name", "id"),
        to_field_name="slug",
        error_messages={"required": _("Bitte wähle mindestens einen Ortsteil.")},
    )
    address = ServiceCheckedText(label=_("Adresse"))
    opening_notes = forms.CharField(
        label=_("Öffnungszeiten und Hinweise"), required=False, widget=forms.Textarea
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
