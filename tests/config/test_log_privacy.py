"""LOG-1: a canary name and e-mail address never reach the logs."""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress

from accounts.models import User
from config.logging import JsonFormatter
from intranet.services import add_member, change_role
from tests.cast import Cast

CANARY_EMAIL = "kanarienvogel-7f3a@example.org"
CANARY_NAME = "Kanarienvogel Zwitscher"


def test_canary_personal_data_never_reaches_a_log_line(cast: Cast, client_for, caplog) -> None:
    formatter = JsonFormatter()
    with caplog.at_level(logging.DEBUG):
        canary = User.objects.create_user(
            email=CANARY_EMAIL, password="kanarien-passwort-42", display_name=CANARY_NAME
        )
        EmailAddress.objects.create(user=canary, email=CANARY_EMAIL, verified=True, primary=True)
        client = client_for()
        client.post("/accounts/login/", {"login": CANARY_EMAIL, "password": "falsch"})
        client.post("/accounts/login/", {"login": CANARY_EMAIL, "password": "kanarien-passwort-42"})
        client.post("/accounts/password/reset/", {"email": CANARY_EMAIL})
        add_member(organisation=cast.alpha, user=canary, role="member")
        change_role(organisation=cast.alpha, user=canary, role="guest", acting_user=cast.alice)
        client_for(cast.alpha, canary).get("/gibt-es-nicht/")
        client_for(cast.beta, canary).get("/mitglieder/")
    lines = [formatter.format(record) for record in caplog.records]
    assert lines, "expected some log output"
    leaks = [line for line in lines if CANARY_EMAIL in line or "Kanarienvogel" in line]
    assert leaks == []
