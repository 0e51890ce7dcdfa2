"""The SSO settings form: the client secret is write-only (an empty field keeps the stored one)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class IdentityProviderForm(forms.Form):
    name = forms.CharField(
        label=_("Name des Anbieters"),
        max_length=60,
        help_text=_("Steht auf dem Anmelde-Knopf: „Mit … anmelden“."),
    )
    issuer = forms.URLField(label=_("Issuer-URL"), max_length=300, assume_scheme="https")
    client_id = forms.CharField(label=_("Client-ID"), max_length=255)
    client_secret = forms.CharField(
        label=_("Client-Secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Wird verschlüsselt gespeichert und nie wieder angezeigt. Leer lassen, um es "
            "zu behalten."
        ),
    )
    allowed_domains = forms.CharField(
        label=_("Erlaubte E-Mail-Domains"),
        max_length=1000,
        help_text=_("Durch Komma getrennt, z. B. partei.de, jugend.partei.de"),
    )
    members_must_use_sso = forms.BooleanField(
        label=_("Mitglieder müssen sich über SSO anmelden"), required=False
    )
    add_new_members = forms.BooleanField(
        label=_("Neue Personen bei der ersten Anmeldung als Mitglied aufnehmen"), required=False
    )

    def clean_allowed_domains(self) -> list[str]:
        raw = [
            d.strip().lower().lstrip("@") for d in self.cleaned_data["allowed_domains"].split(",")
        ]
        domains = [d for d in raw if d]
        bad = [
            d
            for d in domains
            if "." not in d
            or not all(part and (part.replace("-", "").isalnum()) for part in d.split("."))
        ]
        if bad:
            raise forms.ValidationError(
                _("Keine gültige Domain: %(bad)s"), params={"bad": ", ".join(bad)}
            )
        if not domains:
            raise forms.ValidationError(_("Mindestens eine Domain angeben."))
        return domains

    def clean_issuer(self) -> str:
        from django.conf import settings

        issuer: str = self.cleaned_data["issuer"]
        # Plain http only for a local IdP in development and tests.
        if not issuer.startswith("https://") and not (
            (settings.DEBUG or settings.TESTING) and issuer.startswith("http://127.0.0.1")
        ):
            raise forms.ValidationError(_("Die Issuer-URL muss mit https:// beginnen."))
        return issuer

    def as_service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
