"""Web input for workspaces and feeds. Lengths and emptiness are the services' to judge, so the
web and the API give the same messages; the forms only carry the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import ServiceCheckedText
from workspaces.models import COMMENT_MAX, DESCRIPTION_MAX, NAME_MAX, POST_MAX, Visibility

MARKDOWN_HINT = _(
    "Markdown ist erlaubt: **fett**, *kursiv*, Listen, Links. Erwähne Personen mit @Name."
)


class ServiceCheckedChoice(forms.ChoiceField):
    """A choice the service checks (an unknown value gets the service's message, once)."""

    def validate(self, value: Any) -> None:
        pass


class WorkspaceForm(forms.Form):
    name = ServiceCheckedText(
        label=_("Name"), widget=forms.TextInput(attrs={"maxlength": NAME_MAX})
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": DESCRIPTION_MAX}),
    )
    visibility = ServiceCheckedChoice(
        label=_("Wer sieht die Gruppe?"), choices=Visibility.choices, initial=Visibility.OPEN
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); the service checks them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class PostForm(forms.Form):
    body = ServiceCheckedText(
        label=_("Dein Beitrag"),
        strip=False,
        help_text=MARKDOWN_HINT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": POST_MAX}),
    )


class NewPostForm(PostForm):
    attachments = MultipleFileField(
        label=_("Bilder und Dateien"),
        required=False,
        help_text=_(
            "Bis zu 5 Dateien: Bilder, PDF, Office- und Textdateien. Sie liegen danach auch "
            "unter Dokumente im Ordner „Anhänge“."
        ),
    )


class CommentForm(forms.Form):
    body = ServiceCheckedText(
        label=_("Dein Kommentar"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX}),
    )


class AddMemberForm(forms.Form):
    person = ServiceCheckedText(
        label=_("Name der Person"),
        help_text=_("Der Anzeigename, wie er in der Mitgliederliste steht."),
        widget=forms.TextInput(attrs={"maxlength": 80}),
    )


class CircleForm(forms.Form):
    """A friend circle: name and description; it is always secret (services.create_circle)."""

    name = ServiceCheckedText(
        label=_("Name des Freundeskreises"), widget=forms.TextInput(attrs={"maxlength": NAME_MAX})
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        strip=False,
        help_text=_("Nur die Mitglieder sehen den Freundeskreis und diese Beschreibung."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": DESCRIPTION_MAX}),
    )


LINK_VALIDITY = [
    ("", _("bis ich ihn zurückziehe")),
    ("1", _("1 Tag")),
    ("7", _("7 Tage")),
    ("30", _("30 Tage")),
]


class InvitationLinkForm(forms.Form):
    valid_days = ServiceCheckedChoice(
        label=_("Der Link gilt"), choices=LINK_VALIDITY, required=False
    )


class InviteEmailForm(forms.Form):
    email = ServiceCheckedText(
        label=_("E-Mail-Adresse"),
        help_text=_("Wir schicken einen Link, der einmal gilt (14 Tage lang)."),
        widget=forms.EmailInput(attrs={"maxlength": 254, "autocomplete": "off"}),
    )
