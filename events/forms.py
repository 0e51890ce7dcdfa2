"""Web input for events. Emptiness, lengths, dates and links are the services' to judge, so the
web and the API give the same messages; the form only parses the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import ServiceCheckedDateTime, ServiceCheckedText
from events.models import DESCRIPTION_MAX, PLACE_MAX, TITLE_MAX, URL_MAX, Event

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_INPUT, **kwargs)


class EventForm(forms.Form):
    title = ServiceCheckedText(
        label=_("Titel"), widget=forms.TextInput(attrs={"maxlength": TITLE_MAX})
    )
    starts_at = ServiceCheckedDateTime(
        label=_("Beginn"), widget=DateTimeInput(), input_formats=[DATETIME_INPUT]
    )
    ends_at = forms.DateTimeField(
        label=_("Ende"), required=False, widget=DateTimeInput(), input_formats=[DATETIME_INPUT]
    )
    place = forms.CharField(
        label=_("Ort"),
        required=False,
        help_text=_("Adresse oder Raum; leer lassen, wenn der Termin nur online stattfindet."),
        widget=forms.TextInput(attrs={"maxlength": PLACE_MAX}),
    )
    online_url = forms.CharField(
        label=_("Online-Link"),
        required=False,
        help_text=_("Zum Beispiel der Link zur Videokonferenz (https://…)."),
        widget=forms.URLInput(attrs={"maxlength": URL_MAX}),
    )
    capacity = forms.IntegerField(
        label=_("Plätze"),
        required=False,
        min_value=1,
        help_text=_(
            "Leer lassen, wenn die Zahl nicht begrenzt ist. Wer darüber hinaus "
            "zusagt, kommt auf die Warteliste."
        ),
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        strip=False,
        help_text=_("Markdown ist erlaubt: **fett**, *kursiv*, Listen, Links."),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": DESCRIPTION_MAX}),
    )

    @classmethod
    def for_event(cls, event: Event) -> EventForm:
        return cls(
            initial={
                "title": event.title,
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
                "place": event.place,
                "online_url": event.online_url,
                "capacity": event.capacity,
                "description": event.description,
            }
        )

    def values(self) -> dict[str, Any]:
        """The parsed values for the service (call after is_valid())."""
        data = self.cleaned_data
        return {
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            "starts_at": data.get("starts_at"),
            "ends_at": data.get("ends_at"),
            "place": data.get("place", ""),
            "online_url": data.get("online_url", ""),
            "capacity": data.get("capacity"),
        }
