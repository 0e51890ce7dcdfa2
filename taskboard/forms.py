"""Web input for tasks. Emptiness, lengths and who may be assigned are the services' to judge,
so the web and the API give the same messages; the form only parses the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import ServiceCheckedText
from taskboard.models import DESCRIPTION_MAX, TITLE_MAX, Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TaskForm(forms.Form):
    title = ServiceCheckedText(
        label=_("Titel"), widget=forms.TextInput(attrs={"maxlength": TITLE_MAX})
    )
    assignee = forms.CharField(label=_("Zuständig"), required=False, widget=forms.Select())
    due_date = forms.DateField(
        label=_("Fällig am"), required=False, widget=DateInput(), input_formats=["%Y-%m-%d"]
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        strip=False,
        help_text=_("Markdown ist erlaubt: **fett**, *kursiv*, Listen, Links."),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": DESCRIPTION_MAX}),
    )

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Noch niemand"))] + [(str(u.pk), u.name) for u in members]
        self.fields["assignee"].widget.choices = choices

    @classmethod
    def initial_for(cls, task: Task) -> dict[str, Any]:
        return {
            "title": task.title,
            "description": task.description,
            "assignee": str(task.assignee_id or ""),
            "due_date": task.due_date,
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        raw = (data.get("assignee") or "").strip()
        return {
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            # Anything that is not a person's id is nobody the service will find in the group.
            "assignee": (int(raw) if raw.isdigit() else -1) if raw else None,
            "due_date": data.get("due_date"),
        }
