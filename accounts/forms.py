from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.services import clean_display_name
from config.domain import DomainError
from public_marketplace.models import District

DISPLAY_NAME_HINT = _(
    "So sehen dich andere, etwa wenn du einen Impuls unterstützt und deinen Namen zeigen "
    "möchtest. Ein Pseudonym ist in Ordnung; du kannst ihn später im Profil ändern. Ohne "
    "Namen heißt du „Mitglied“."
)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up (e-mail, password) plus the optional display name; the adapter's
    ``save_user`` stores it."""

    field_order = ["email", "display_name", "password1", "password2"]

    display_name = forms.CharField(
        label=_("Anzeigename"), max_length=80, required=False, help_text=DISPLAY_NAME_HINT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"

    def clean_display_name(self) -> str:
        raw = str(self.cleaned_data.get("display_name") or "")
        if not raw.strip():
            return ""  # optional: without one, the person is shown as "Mitglied"
        try:
            return clean_display_name(raw)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Anzeigename"),
        max_length=80,
        help_text=_("So sehen dich andere. Deine E-Mail-Adresse zeigen wir niemandem."),
    )
    home_district = forms.ModelChoiceField(
        label=_("Mein Stadtteil"),
        queryset=District.objects.select_related("city").order_by("city__name", "number"),
        required=False,
        empty_label=_("— keine Angabe —"),
    )


class EraseAccountForm(forms.Form):
    """Erasure is confirmed by typing the account's e-mail address (as deactivating does)."""

    confirm = forms.CharField(
        label=_("Deine E-Mail-Adresse zur Bestätigung"),
        max_length=254,
        help_text=_("Das Löschen kann nicht rückgängig gemacht werden."),
    )

    def __init__(self, *args: object, email: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.email = email

    def clean_confirm(self) -> str:
        value = str(self.cleaned_data["confirm"]).strip()
        if value.lower() != self.email.lower():
            raise forms.ValidationError(_("Das ist nicht die E-Mail-Adresse deines Kontos."))
        return value
