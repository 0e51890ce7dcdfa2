from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import Action, SupportGrant


class LogFilterForm(forms.Form):
    aktion = forms.ChoiceField(
        label=_("Aktion"), choices=[("", _("Alle Aktionen")), *Action.choices], required=False
    )


class SupportGrantForm(forms.Form):
    hours = forms.IntegerField(
        label=_("Dauer in Stunden"),
        min_value=1,
        max_value=72,
        initial=4,
        help_text=_("1 bis 72 Stunden; danach endet der Zugang von selbst."),
    )
    role = forms.ChoiceField(
        label=_("Was der Support sieht"), choices=SupportGrant.ROLES, initial="member"
    )
    reason = forms.CharField(
        label=_("Anlass"),
        max_length=200,
        min_length=3,
        help_text=_("Zum Beispiel die Nummer eurer Support-Anfrage."),
    )
