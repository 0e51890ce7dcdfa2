"""allauth glue: users are created through django-tenant-users' manager; a login locked out by
django-axes (accounts/lockout.py) is refused before its password is checked; failed logins are
logged without personal data."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django_tenants.utils import get_public_schema_name, schema_context

from accounts import lockout

logger = logging.getLogger("wecreate.auth")


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: Any, user: Any, form: Any, commit: bool = True) -> Any:
        # django-tenant-users links every new user to the public tenant; that link lives in the
        # public schema even when someone signs up on an organisation's subdomain.
        user = super().save_user(request, user, form, commit=False)
        # The sign-up form's optional display name; a name the IdP gave (sso/adapter.py) stays.
        chosen = str(getattr(form, "cleaned_data", {}).get("display_name") or "")
        if chosen:
            user.display_name = chosen
        if not commit:
            return user
        with schema_context(get_public_schema_name()):
            from tenants.models import Organisation

            user.save()
            public = Organisation.objects.get(schema_name=get_public_schema_name())
            if not user.tenants.filter(pk=public.pk).exists():
                public.add_user(user)
        return user

    def pre_authenticate(self, request: Any, **credentials: Any) -> None:
        # Replaces allauth's own cache-based limiter: axes keeps one counter per account and
        # per address for every host and every way to log in (docs/security.md AUTH-4).
        if lockout.is_locked_out(request, lockout.login_of(request, credentials)):
            request.axes_locked_out = True  # AxesMiddleware answers the form page with a 429
            raise forms.ValidationError(lockout.lockout_message(), code="locked_out")

    def authenticate(self, request: Any, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        login = lockout.login_of(request, credentials)
        if user is not None:
            lockout.forget_failures(login)
        elif lockout.is_locked_out(request, login):
            # This failure reached the limit: say so now rather than on the next try.
            raise forms.ValidationError(lockout.lockout_message(), code="locked_out")
        return user

    def post_login(self, request: Any, user: Any, **kwargs: Any) -> Any:
        # A login through the organisation's IdP: remember it for "members must use SSO" and
        # admit the person as a member if the organisation allows it (sso.services, AUTH-9).
        from sso import services as sso_scope

        if (kwargs.get("signal_kwargs") or {}).get("sociallogin") is None:
            sso_scope.scope_session(request, None)
        else:
            from django.contrib import messages
            from django.utils.translation import gettext as _

            from sso import services as sso

            organisation = getattr(request, "tenant", None)
            provider = sso.active_provider(organisation)
            if provider is not None and organisation is not None:
                sso.mark_session(request, provider.organisation_id)
                sso.scope_session(request, provider.organisation_id)
                if not sso.admit_member(organisation=organisation, provider=provider, user=user):
                    messages.warning(
                        request,
                        _(
                            "Die Organisation hat gerade keine freien Plätze; bitte wende dich "
                            "an ihre Admins."
                        ),
                    )
        return super().post_login(request, user, **kwargs)

    def get_login_redirect_url(self, request: Any) -> str:
        # A workspace invitation opened before logging in or signing up waits in the session
        # (workspaces/views.invitation): back to its confirmation page, which still asks.
        from workspaces.invitations import SESSION_KEY

        pending = str(getattr(request, "session", {}).get(SESSION_KEY) or "")
        if pending.startswith("/") and not pending.startswith("//"):
            return pending
        return str(super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request: Any) -> str:
        return self.get_login_redirect_url(request)

    def authentication_failed(self, request: Any, **credentials: Any) -> None:
        from accounts.models import User

        login = str(credentials.get("email") or credentials.get("username") or "")
        with schema_context(get_public_schema_name()):
            user_id = User.objects.filter(email__iexact=login).values_list("pk", flat=True).first()
        tenant = getattr(request, "tenant", None)
        logger.warning(
            "login failed",
            extra={
                "target_user_id": user_id,
                "organisation_id": getattr(tenant, "pk", None),
                "route": request.path,
            },
        )
