from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from public_marketplace.models import City
from tenants.models import OrganisationKind, Role


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name der Organisation"), max_length=120)
    slug = forms.CharField(
        label=_("Adresse"),
        max_length=40,
        help_text=_("Wird zu <adresse>.%(domain)s – Kleinbuchstaben, Ziffern und Bindestriche."),
    )
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=[c for c in OrganisationKind.choices if c[0] != OrganisationKind.PLATFORM],
    )
    city = forms.ModelChoiceField(
        label=_("Stadt"), queryset=City.objects.all(), required=False, empty_label=_("—")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Filled in per request: the domain is a setting, and the translated text needs it.
        self.fields["slug"].help_text = self.fields["slug"].help_text % {
            "domain": settings.BASE_DOMAIN
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[
            (Role.MEMBER, Role.MEMBER.label),
            (Role.GUEST, Role.GUEST.label),
            (Role.ADMIN, Role.ADMIN.label),
        ],
        initial=Role.MEMBER,
    )


class InvitedSignupForm(forms.Form):
    display_name = forms.CharField(label=_("Anzeigename"), max_length=80)
    password = forms.CharField(label=_("Passwort"), widget=forms.PasswordInput, min_length=8)


class SecurityForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label=_("Zwei-Faktor-Anmeldung für Admins und Eigentümer:innen verlangen"), required=False
    )


class ConfirmSlugForm(forms.Form):
    confirm = forms.CharField(label=_("Zur Bestätigung die Adresse eintippen"))


class OrganisationSettingsForm(forms.Form):
    name = forms.CharField(label=_("Name der Organisation"), max_length=120)
    brand_colour = forms.CharField(
        label=_("Farbe (#RRGGBB)"),
        max_length=7,
        required=False,
        help_text=_(
            "Für den Namen und die Linie im Kopf des Intranets; muss auf Weiß gut lesbar sein."
        ),
        widget=forms.TextInput(attrs={"placeholder": "#0b5cad"}),
    )
    default_language = forms.ChoiceField(
        label=_("Standardsprache"), choices=[("de", "Deutsch"), ("en", "English")]
    )
    logo = forms.FileField(
        label=_("Logo (JPEG, PNG oder WebP, höchstens 2 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Logo entfernen"), required=False)

    def clean_logo(self) -> object:
        logo = self.cleaned_data.get("logo")
        if logo and logo.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Das Logo ist größer als 2 MB."))
        return logo


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=_("Eigene Domain"),
        max_length=253,
        help_text=_("Zum Beispiel intranet.meine-partei.de"),
    )
