from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from public_marketplace.models import District


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
