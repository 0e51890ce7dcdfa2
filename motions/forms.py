"""Web input for motions. Lengths, emptiness and the body's rules are the services' to judge;
the forms only parse the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import ServiceCheckedText
from motions.models import NOTE_MAX, PROPOSAL_MAX, REASONING_MAX, TITLE_MAX, Outcome
from public_marketplace.models import CouncilBody, District, DistrictLevel


class MotionTextForm(forms.Form):
    title = ServiceCheckedText(
        label=_("Titel"), widget=forms.TextInput(attrs={"maxlength": TITLE_MAX})
    )
    proposal = ServiceCheckedText(
        label=_("Beschlussvorschlag"),
        strip=False,
        help_text=_("Was soll das Gremium beschließen? Absätze trennt eine Leerzeile."),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": PROPOSAL_MAX}),
    )
    reasoning = ServiceCheckedText(
        label=_("Begründung"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": REASONING_MAX}),
    )


class StartForm(MotionTextForm):
    body = forms.ModelChoiceField(
        label=_("An welches Gremium?"),
        queryset=CouncilBody.objects.none(),
        empty_label=_("Bitte wählen"),
        required=False,
    )
    field_order = ("body", "title", "proposal", "reasoning")

    def __init__(self, *args: Any, city_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = CouncilBody.objects.filter(city_id=city_id).order_by(  # type: ignore[attr-defined]
            "kind", "name"
        )


class VersionForm(MotionTextForm):
    base = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Was hat sich geändert? (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": NOTE_MAX}),
    )


class SignForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("Dein Ortsteil"),
        queryset=District.objects.none(),
        empty_label=_("Bitte wählen"),
        required=False,
        help_text=_("Steht mit deinem Namen auf dem Antrag."),
    )
    declared_residence = forms.BooleanField(required=False)

    def __init__(self, *args: Any, body: CouncilBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            city_id=body.city_id, level=DistrictLevel.LOCALITY
        ).order_by("name")
        if body.residents_only:
            self.fields["declared_residence"].label = _(
                "Ich versichere, dass ich im Gebiet von %(body)s wohne."
            ) % {"body": body.name}
        else:
            del self.fields["declared_residence"]


class SubmitForm(forms.Form):
    meeting_date = forms.DateField(
        label=_("Sitzung am"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Die Sitzung, in der das Gremium den Antrag beraten soll."),
    )


class ScheduleForm(forms.Form):
    meeting_date = forms.DateField(
        label=_("Sitzung am"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    agenda_item = ServiceCheckedText(label=_("Tagesordnungspunkt"))
    reference = forms.CharField(label=_("Drucksachennummer (optional)"), required=False)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Ergebnis"), choices=Outcome.choices)
    answer_text = ServiceCheckedText(
        label=_("Antwort an die Antragstellenden"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ClaimForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Gremium"), queryset=CouncilBody.objects.order_by("city", "kind", "name")
    )
