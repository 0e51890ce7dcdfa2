"""Web input for a progress entry. Emptiness, lengths and the photo are the service's to judge,
so the form only parses the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import ServiceCheckedText
from progress.models import ALT_MAX, TEXT_MAX


class EntryForm(forms.Form):
    text = ServiceCheckedText(
        label=_("Was ist passiert?"),
        strip=False,
        help_text=_("Markdown ist erlaubt: **fett**, *kursiv*, Listen, Links."),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}),
    )
    photo = forms.FileField(
        label=_("Foto"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Bildbeschreibung"),
        required=False,
        help_text=_("Was zeigt das Foto? Pflicht, wenn du eines hochlädst."),
        widget=forms.TextInput(attrs={"maxlength": ALT_MAX}),
    )
    show_on_impulse = forms.BooleanField(
        label=_("Auf der Impulsseite zeigen (öffentlich)"), required=False
    )

    def __init__(self, *args: Any, may_choose: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_choose:
            del self.fields["show_on_impulse"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data.get("text", ""),
            "photo": data.get("photo"),
            "alt_text": data.get("alt_text", ""),
            "show_on_impulse": bool(data.get("show_on_impulse")),
        }
