"""The standing cast, made once per test session (STYLE.md: healthchecks' alice/bob/charlie).

- ``alpha``: a party. alice owns it, bob is a member, gina is a guest.
- ``beta``: a union. carol owns it.
- dave is a member of both; erin is a citizen in neither; staff is platform staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from tenants.models import Organisation

PASSWORD = "correct-horse-battery-staple"


@dataclass
class Cast:
    public: Organisation
    alpha: Organisation
    beta: Organisation
    alice: User
    bob: User
    gina: User
    carol: User
    dave: User
    erin: User
    staff: User
