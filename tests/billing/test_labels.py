"""The billing page in words: storage as "10 GB", the history with translated status and plan
names, plan names in the page's language, and every "in the plans …" hint from the plan data."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from billing import services
from billing.models import BillingLog, Plan
from billing.selectors import plan_names_with
from billing.services.common import account_for
from billing.templatetags.billing_tags import storage
from decisions.services import feature_message
from tests.cast import Cast

BILLING = "/einstellungen/abrechnung/"


def test_storage_is_shown_in_gigabytes_from_a_gigabyte_on() -> None:
    assert storage(10 * 1024) == "10\u00a0GB"
    assert storage(1024) == "1\u00a0GB"
    assert storage(1536) == "1,5\u00a0GB"
    assert storage(500) == "500\u00a0MB"
    assert storage(None) == "–"


def test_the_billing_page_shows_storage_and_history_in_words(cast: Cast, client_for: Any) -> None:
    services.sync_plans()
    account = account_for(cast.alpha)
    BillingLog.objects.create(
        account=account,
        source=BillingLog.Source.WEBHOOK,
        changes={"status": ["none", "active"], "plan": [None, "partei"]},
    )
    html = client_for(cast.alpha, cast.alice).get(BILLING).content.decode()
    assert "10240 MB" not in html and "10\u00a0GB Speicher" in html
    assert "1\u00a0GB" in html  # the free plan's storage in the facts
    history = html.split('id="history"')[1]
    assert "Status: Aktiv" in history and "Tarif: Partei / Profi" in history
    assert "active" not in history and "partei" not in history.lower().replace("partei / profi", "")


def test_plan_names_follow_the_page_language_unless_staff_renamed_them(cast: Cast) -> None:
    services.sync_plans()
    plan = Plan.objects.get(slug="verein")
    with translation.override("en"):
        assert plan.display_name == "Association"
        assert "decisions" in plan.display_description.lower()
    plan.name = "Verein Plus"
    with translation.override("en"):
        assert plan.display_name == "Verein Plus"  # staff's own words stay


def test_the_english_billing_page_has_english_plan_names(cast: Cast, client_for: Any) -> None:
    services.sync_plans()
    client = client_for(cast.alpha, cast.alice)
    client.cookies["django_language"] = "en"
    html = client.get(BILLING).content.decode()
    assert "Party / Pro" in html and "Per member" in html
    assert "Partei / Profi" not in html and "Kostenlos" not in html


def test_every_plan_hint_names_the_plans_that_really_have_the_feature(
    cast: Cast, client_for: Any
) -> None:
    services.sync_plans()
    translation.activate("de")  # an earlier request may have left English active
    assert plan_names_with("api_access") == "„Partei / Profi“ oder „Pro Mitglied“"
    assert plan_names_with("decisions") == "„Verein“, „Partei / Profi“ oder „Pro Mitglied“"
    # Staff take API access out of one plan: the hints follow, no text to edit.
    partei = Plan.objects.get(slug="partei")
    partei.features = [f for f in partei.features if f != "api_access"]
    partei.save()
    html = client_for(cast.alpha, cast.alice).get("/einstellungen/api/").content.decode()
    assert "im Tarif „Pro Mitglied“ enthalten" in html and "Partei / Profi" not in html
    assert "„Verein“, „Partei / Profi“ oder „Pro Mitglied“" in feature_message()
    Plan.objects.update(is_public=False)
    assert plan_names_with("decisions") == ""
    assert "einen Tarif mit Beschlüssen buchen." in feature_message()
    with translation.override("en"):
        Plan.objects.update(is_public=True)
        assert plan_names_with("api_access") == "“Per member”"
