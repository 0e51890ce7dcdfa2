"""allauth's social-account glue: the only app is the current organisation's identity provider,
and only verified addresses in its allowed domains log anyone in (docs/security.md AUTH-9)."""

from __future__ import annotations

from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from sso import services


def _provider(request: Any) -> services.ActiveProvider | None:
    return services.active_provider(getattr(request, "tenant", None))


def refuse(request: Any, message: str) -> ImmediateHttpResponse:
    return ImmediateHttpResponse(
        render(request, "sso/refused.html", {"message": message}, status=403)
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request: Any, provider: Any = None, client_id: Any = None) -> list[Any]:
        # Never the SocialApp table nor settings: one organisation's host knows only its own IdP.
        active = _provider(request)
        if active is None or provider not in (None, "openid_connect", active.provider_id):
            return []
        if client_id not in (None, active.client_id):
            return []
        return [services.social_app(active)]

    def is_open_for_signup(self, request: Any, sociallogin: Any) -> bool:
        return _provider(request) is not None

    def authenticate_by_email(self, sociallogin: Any) -> Any:
        active = _provider(_current_request())
        if active is None:
            return None
        # An organisation's IdP may vouch only for addresses in its allowed domains.
        sociallogin.email_addresses = [
            e for e in sociallogin.email_addresses if e.verified and active.allows_email(e.email)
        ]
        return super().authenticate_by_email(sociallogin)

    def pre_social_login(self, request: Any, sociallogin: Any) -> None:
        active = _provider(request)
        if active is None or sociallogin.account.provider != active.provider_id:
            raise refuse(request, services.feature_message())
        emails = [
            e.email
            for e in sociallogin.email_addresses
            if e.verified and active.allows_email(e.email)
        ]
        if not emails:
            raise refuse(
                request,
                _(
                    "Dein Identitätsanbieter hat keine bestätigte E-Mail-Adresse aus den "
                    "erlaubten Domains übermittelt (%(domains)s)."
                )
                % {"domains": ", ".join(active.allowed_domains)},
            )
        user = sociallogin.user
        if sociallogin.is_existing and not active.allows_email(user.email or ""):
            raise refuse(request, _("Dieses Konto gehört nicht zu den erlaubten Domains."))
        if user.pk and _is_platform_staff(user.pk):
            # Platform staff never log in through an organisation's IdP.
            raise refuse(request, _("Dieses Konto kann sich nicht über SSO anmelden."))
        if user.pk and not services.may_sign_in_existing_account(
            organisation=request.tenant, user_id=user.pk
        ):
            raise refuse(
                request,
                _(
                    "Für diese Adresse gibt es schon ein WeCreate-Konto, das nicht Mitglied "
                    "dieser Organisation ist. Melde dich mit deinem Passwort an; die "
                    "Organisation kann dich dann einladen."
                ),
            )

    def save_user(self, request: Any, sociallogin: Any, form: Any = None) -> Any:
        # Like accounts.adapter: every new user is linked to the public tenant.
        with schema_context(get_public_schema_name()):
            from tenants.models import Organisation

            user = super().save_user(request, sociallogin, form)
            public = Organisation.objects.get(schema_name=get_public_schema_name())
            if not user.tenants.filter(pk=public.pk).exists():
                public.add_user(user)
        return user

    def populate_user(self, request: Any, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = super().populate_user(request, sociallogin, data)
        name = " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p)
        if hasattr(user, "display_name") and not user.display_name:
            user.display_name = (data.get("name") or name or user.email.partition("@")[0])[:80]
        return user


def _is_platform_staff(user_id: int) -> bool:
    # is_staff/is_superuser are per schema (django-tenant-users): asked in the public schema.
    from accounts.models import User

    with schema_context(get_public_schema_name()):
        user = User.objects.get(pk=user_id)
        return bool(user.is_staff or user.is_superuser)


def _current_request() -> Any:
    from allauth.core import context

    return context.request
