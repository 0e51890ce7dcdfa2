"""Web input for workspaces and feeds. Lengths and emptiness are the services' to judge, so the
web and the API give the same messages; the forms only carry the values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from workspaces.models import COMMENT_MAX, DESCRIPTION_MAX, NAME_MAX, POST_MAX, Visibility

MARKDOWN_HINT = _(
    "Markdown ist erlaubt: **fett**, *kursiv*, Listen, Links. Erwähne Personen mit @Name."
)


class WorkspaceForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), required=False, widget=forms.TextInput(attrs={"maxlength": NAME_MAX})
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": DESCRIPTION_MAX}),
    )
    visibility = forms.ChoiceField(
        label=_("Wer sieht die Gruppe?"), choices=Visibility.choices, initial=Visibility.OPEN
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Dein Beitrag"),
        required=False,
        strip=False,
        help_text=MARKDOWN_HINT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": POST_MAX}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Dein Kommentar"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX}),
    )


class AddMemberForm(forms.Form):
    person = forms.CharField(
        label=_("Name der Person"),
        required=False,
        help_text=_("Der Anzeigename, wie er in der Mitgliederliste steht."),
        widget=forms.TextInput(attrs={"maxlength": 80}),
    )
