"""Single sign-on in a person's data rights (see accounts/privacy.py): the links between the
person's account and organisations' identity providers, with the claims the IdP last sent."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount

from accounts.models import User
from accounts.privacy import Rows, by_user, rows

MODELS = ["socialaccount.SocialAccount"]


def export(user: User) -> dict[str, Rows]:
    return {"sso_links": rows(by_user(SocialAccount, user, "user"))}


def erase(user: User) -> int:
    deleted, _details = by_user(SocialAccount, user, "user").delete()
    return deleted
