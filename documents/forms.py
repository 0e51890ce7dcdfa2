"""Web input for documents. Names, types, sizes and storage are the services' to judge, so the
web and the API give the same messages; the forms only parse the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import ServiceCheckedFile, ServiceCheckedText
from documents.filetypes import ALLOWED_EXTENSIONS
from documents.models import NAME_MAX, Folder

ACCEPT = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)


class UploadForm(forms.Form):
    file = ServiceCheckedFile(
        label=_("Datei"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, max_mb: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Erlaubt: PDF, Bilder (PNG, JPEG, GIF, WebP), Office-Dokumente (docx, xlsx, pptx, "
            "odt, ods, odp) und Text (txt, csv, md); höchstens %(mb)d MB pro Datei."
        ) % {"mb": max_mb}


class FolderForm(forms.Form):
    name = ServiceCheckedText(
        label=_("Name des Ordners"),
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX}),
    )


class DocumentEditForm(forms.Form):
    name = ServiceCheckedText(
        label=_("Name"), widget=forms.TextInput(attrs={"maxlength": NAME_MAX})
    )
    folder = forms.ChoiceField(label=_("Ordner"), required=False)

    def __init__(self, *args: Any, folders: list[Folder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("", str(_("– oberste Ebene –")))]
        for folder in folders:
            trail = [folder.name]
            parent = folder.parent
            while parent is not None:
                trail.insert(0, parent.name)
                parent = parent.parent
            choices.append((str(folder.public_id), " / ".join(trail)))
        field = self.fields["folder"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  # declared above
        field.choices = choices
