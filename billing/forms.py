"""Forms of the billing page. Rules stay in billing.services; forms only read the input."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

from billing.models import BillingAccount, Interval, Plan


def paid_plans() -> Any:
    return Plan.objects.filter(is_public=True).exclude(price_monthly_cents=0, price_yearly_cents=0)


class PlanChoiceForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Tarif"),
        queryset=Plan.objects.none(),
        to_field_name="slug",
        error_messages={"invalid_choice": _("Diesen Tarif gibt es nicht.")},
    )
    interval = forms.ChoiceField(
        label=_("Abrechnung"), choices=Interval.choices, initial=Interval.MONTH
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = paid_plans()  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, das Abonnement zum Ende des bezahlten Zeitraums kündigen."),
        error_messages={"required": _("Bitte bestätige die Kündigung.")},
    )


class BillingDetailsForm(forms.ModelForm):
    class Meta:
        model = BillingAccount
        fields = [
            "billing_email",
            "billing_name",
            "address_line1",
            "address_line2",
            "postal_code",
            "city",
            "country",
            "vat_id",
        ]
        labels = {"country": _("Land (ISO-Code, z. B. DE)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["billing_email"].required = True
        self.fields["billing_name"].required = True


class TestCardForm(PlanChoiceForm):
    """The local double's checkout: a card form standing in for Stripe Checkout."""

    card_number = forms.CharField(
        label=_("Kartennummer"),
        max_length=23,
        widget=forms.TextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
    )
    expiry = forms.CharField(
        label=_("Gültig bis (MM/JJ)"),
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "cc-exp", "placeholder": "12/34"}),
    )
    cvc = forms.CharField(
        label=_("Prüfnummer (CVC)"),
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric"}),
    )

    def clean_card_number(self) -> str:
        number = re.sub(r"[\s-]", "", self.cleaned_data["card_number"])
        if not number.isdigit() or not 12 <= len(number) <= 19 or not luhn.is_valid(number):
            raise forms.ValidationError(_("Diese Kartennummer ist nicht gültig."))
        return number

    def clean_expiry(self) -> tuple[int, int]:
        match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", self.cleaned_data["expiry"])
        if not match or not 1 <= int(match[1]) <= 12:
            raise forms.ValidationError(_("Bitte gib das Ablaufdatum als MM/JJ an."))
        month, year = int(match[1]), int(match[2])
        year = year + 2000 if year < 100 else year
        today = timezone.localdate()
        if (year, month) < (today.year, today.month):
            raise forms.ValidationError(_("Diese Karte ist abgelaufen."))
        return month, year

    def clean_cvc(self) -> str:
        cvc = self.cleaned_data["cvc"].strip()
        if not re.fullmatch(r"\d{3,4}", cvc):
            raise forms.ValidationError(_("Die Prüfnummer hat drei oder vier Ziffern."))
        return cvc
