"""allauth glue: users are created through django-tenant-users' manager."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django_tenants.utils import get_public_schema_name, schema_context


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: Any, user: Any, form: Any, commit: bool = True) -> Any:
        # django-tenant-users links every new user to the public tenant; that link lives in the
        # public schema even when someone signs up on an organisation's subdomain.
        user = super().save_user(request, user, form, commit=False)
        if not commit:
            return user
        with schema_context(get_public_schema_name()):
            from tenants.models import Organisation

            user.save()
            public = Organisation.objects.get(schema_name=get_public_schema_name())
            if not user.tenants.filter(pk=public.pk).exists():
                public.add_user(user)
        return user
