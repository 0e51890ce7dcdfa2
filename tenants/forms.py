from __future__ import annotations

from django import forms
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
