"""DRF's default permission, in a module of its own: DRF imports its default classes while
``rest_framework.views`` is still loading, so this module may import nothing of DRF but its
permissions."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission


class DenyAll(BasePermission):
    """DRF's default permission (settings ``REST_FRAMEWORK``): a view that does not name who
    may use it answers 403 to everyone, so a forgotten ``permission_classes`` fails closed
    (AUTH-1). tests/config/test_deny_by_default.py checks that every routed view names one."""

    message = "Diese Schnittstelle ist nicht freigegeben."

    def has_permission(self, request: Any, view: Any) -> bool:
        return False
