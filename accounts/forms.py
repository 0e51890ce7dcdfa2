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
