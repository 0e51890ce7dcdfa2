from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.kinds import FIELDS, KINDS
from notifications.models import DigestFrequency


class NotificationSettingsForm(forms.Form):
    in_app = forms.BooleanField(label=_("Benachrichtigungen hier anzeigen"), required=False)
    email_digest = forms.ChoiceField(
        label=_("E-Mail-Zusammenfassung"),
        choices=DigestFrequency.choices,
        help_text=_("Eine E-Mail mit allem, was du noch nicht gesehen hast."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in KINDS:  # one switch per kind (notifications/kinds.py)
            self.fields[kind.field] = forms.BooleanField(label=kind.label, required=False)

    def global_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("in_app", "email_digest")]

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in FIELDS]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "in_app": data.get("in_app", False),
            "email_digest": data.get("email_digest", ""),
            "kinds": {name: data.get(name, False) for name in FIELDS},
        }
