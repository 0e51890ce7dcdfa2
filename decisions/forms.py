"""Web input for discussions and proposals. Emptiness, lengths, dates and ballots are the
services' to judge, so the web and the API give the same messages; the forms carry values."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.models import COMMENT_MAX, CONTEXT_MAX, REASON_MAX, TITLE_MAX, Process
from workspaces.forms import MARKDOWN_HINT, ServiceCheckedChoice, ServiceCheckedText


class DiscussionForm(forms.Form):
    title = ServiceCheckedText(
        label=_("Titel"), widget=forms.TextInput(attrs={"maxlength": TITLE_MAX})
    )
    context = forms.CharField(
        label=_("Worum geht es?"),
        required=False,
        strip=False,
        help_text=MARKDOWN_HINT,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": CONTEXT_MAX}),
    )
    group = ServiceCheckedChoice(label=_("Wo?"), required=False)

    def __init__(
        self, *args: Any, groups: list[tuple[str, str]], in_box: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if in_box:  # a box's discussion stays in the box: nothing to choose
            del self.fields["group"]
            return
        field = self.fields["group"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  # declared above
        field.choices = [("", _("Ganze Organisation")), *groups]


class CommentForm(forms.Form):
    body = ServiceCheckedText(
        label=_("Dein Beitrag zur Diskussion"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
    )


class ProposalForm(forms.Form):
    title = ServiceCheckedText(
        label=_("Vorschlag"), widget=forms.TextInput(attrs={"maxlength": TITLE_MAX})
    )
    details = forms.CharField(
        label=_("Erläuterung"),
        required=False,
        strip=False,
        help_text=MARKDOWN_HINT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": CONTEXT_MAX}),
    )
    process = ServiceCheckedChoice(
        label=_("Verfahren"),
        choices=Process.choices,
        initial=Process.SIMPLE,
    )
    options = forms.CharField(
        label=_("Optionen (bei Punktwertung und Rangfolge)"),
        required=False,
        help_text=_("Eine Option je Zeile, 2 bis 20."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    closes_at = forms.DateTimeField(
        label=_("Abstimmung endet am"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Bitte gib Datum und Uhrzeit an.")},
    )
    quorum_percent = forms.IntegerField(
        label=_("Quorum in Prozent der Stimmberechtigten"),
        required=False,
        initial=0,
        help_text=_("0 = ohne Quorum. Wird es verfehlt, ist das Ergebnis „nicht beschlussfähig“."),
        widget=forms.NumberInput(attrs={"min": 0, "max": 100}),
    )
    anonymous = forms.BooleanField(
        label=_("Geheime Abstimmung: niemand sieht, wer wie abgestimmt hat"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "closes_at",
                timezone.localtime(timezone.now() + timedelta(days=7)).replace(
                    second=0, microsecond=0
                ),
            )

    def option_lines(self) -> list[str]:
        return (self.cleaned_data.get("options") or "").splitlines()


class VoteInput:
    """A ballot from the thread page's form: ``choice`` and ``reason``, ``score_<n>`` per
    option, or ``rank_<n>`` (1 = first choice) per option."""

    def __init__(self, data: QueryDict, positions: list[int]) -> None:
        self.choice = data.get("choice", "")
        self.reason = (data.get("reason", "") or "")[: REASON_MAX * 2]
        self.scores = {p: data.get(f"score_{p}", "") for p in positions}
        self.ranking = self._ranking(data, positions)

    @staticmethod
    def _ranking(data: QueryDict, positions: list[int]) -> list[int]:
        """Options ordered by their rank; [] when the ranks are not 1…n once each (the service
        then says so)."""
        ranks: dict[int, int] = {}
        for p in positions:
            raw = (data.get(f"rank_{p}", "") or "").strip()
            if not raw.isdigit():
                return []
            ranks[p] = int(raw)
        if sorted(ranks.values()) != list(range(1, len(positions) + 1)):
            return []
        return sorted(positions, key=lambda p: ranks[p])
