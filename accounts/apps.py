from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Logout and password changes happen inside Django's and allauth's own views; these
        # receivers are the one place that ends the sessions the login bridge linked (AUTH-7).
        from allauth.account import signals as allauth_signals
        from django.contrib.auth.signals import user_logged_out

        user_logged_out.connect(_end_linked_sessions_on_logout, dispatch_uid="bridge-logout")
        for signal in (
            allauth_signals.password_changed,
            allauth_signals.password_set,
            allauth_signals.password_reset,
        ):
            signal.connect(_end_bridged_sessions, dispatch_uid=f"bridge-password-{id(signal)}")


def _end_linked_sessions_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from accounts.bridge import end_linked_sessions

    session = getattr(request, "session", None)
    end_linked_sessions(getattr(session, "session_key", None))


def _end_bridged_sessions(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from accounts.bridge import end_all_linked_sessions

    session = getattr(request, "session", None)
    end_all_linked_sessions(user, keep=getattr(session, "session_key", None))
