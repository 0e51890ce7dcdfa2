"""Input for the report form and the staff's decisions (the services check again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import MAX_TEXT, ReportReason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Grund"), choices=[("", _("Bitte wählen"))] + list(ReportReason.choices)
    )
    text = forms.CharField(
        label=_("Was ist los?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Höchstens 1000 Zeichen. Nur das Moderationsteam liest das."),
    )


class DecisionForm(forms.Form):
    """Hide, restore, block, unblock or dismiss: the reason goes into the audit log."""

    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    all_reports = forms.BooleanField(required=False)
