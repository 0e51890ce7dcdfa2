from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import DigestFrequency


class NotificationSettingsForm(forms.Form):
    in_app = forms.BooleanField(label=_("Benachrichtigungen hier anzeigen"), required=False)
    email_digest = forms.ChoiceField(
        label=_("E-Mail-Zusammenfassung"),
        choices=DigestFrequency.choices,
        help_text=_("Eine E-Mail mit allem, was du noch nicht gesehen hast."),
    )
