"""Route matrix entries for the notification centre: on the public host for every signed-in
person, on an organisation's host for its members only (others get 404 / 403 in the API)."""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS

SIGNED_IN = {**dict.fromkeys(ACTORS, 200), "anonymous": 302}
SIGNED_IN_POST = {**dict.fromkeys(ACTORS, 405), "anonymous": 302}
API_SIGNED_IN = {**dict.fromkeys(ACTORS, 200), "anonymous": 403}
API_SIGNED_IN_POST = {**dict.fromkeys(ACTORS, 405), "anonymous": 403}

# On alpha's host: gina (guest), bob (member) and alice (owner) belong; erin, carol and staff
# do not.
OUTSIDERS = ("erin", "carol", "staff")
MEMBERS = {**SIGNED_IN, **dict.fromkeys(OUTSIDERS, 404)}
MEMBERS_POST = {**SIGNED_IN_POST, **dict.fromkeys(OUTSIDERS, 404)}
API_MEMBERS = {**API_SIGNED_IN, **dict.fromkeys(OUTSIDERS, 403)}
API_MEMBERS_POST = {**API_SIGNED_IN_POST, **dict.fromkeys(OUTSIDERS, 403)}

PUBLIC = {
    "notifications": ("/benachrichtigungen/", SIGNED_IN),
    "notifications_read_all": ("/benachrichtigungen/alle-gelesen/", SIGNED_IN_POST),
    "notification_settings": ("/benachrichtigungen/einstellungen/", SIGNED_IN),
    "notification_read": ("/benachrichtigungen/{notification}/gelesen/", SIGNED_IN_POST),
    "api-notification-list": ("/api/v1/notifications/", API_SIGNED_IN),
    "api-notification-read-all": ("/api/v1/notifications/read-all/", API_SIGNED_IN_POST),
    "api-notification-settings": ("/api/v1/notifications/settings/", API_SIGNED_IN),
    "api-notification-read": ("/api/v1/notifications/{notification}/read/", API_SIGNED_IN_POST),
}

TENANT = {
    "notifications": ("/benachrichtigungen/", MEMBERS),
    "notifications_read_all": ("/benachrichtigungen/alle-gelesen/", MEMBERS_POST),
    "notification_settings": ("/benachrichtigungen/einstellungen/", MEMBERS),
    "notification_read": ("/benachrichtigungen/{notification}/gelesen/", MEMBERS_POST),
    "api-notification-list": ("/api/v1/notifications/", API_MEMBERS),
    "api-notification-read-all": ("/api/v1/notifications/read-all/", API_MEMBERS_POST),
    "api-notification-settings": ("/api/v1/notifications/settings/", API_MEMBERS),
    "api-notification-read": ("/api/v1/notifications/{notification}/read/", API_MEMBERS_POST),
}


def objects(cast: Any) -> dict[str, str]:
    from notifications.models import Notification
    from notifications.services import notify

    notify(user_ids=[cast.erin.pk], verb="test", title="Hallo", url="/")
    notification = Notification.objects.filter(user_id=cast.erin.pk).latest("id")
    return {"notification": str(notification.public_id)}


# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "notifications_read_all": {"post": "gina bob alice"},
    "notification_settings": {"post": "gina bob alice"},
    "api-notification-read-all": {"post": "gina bob alice"},
    "api-notification-settings": {"put": "gina bob alice", "patch": "gina bob alice"},
}

PUBLIC_WRITES = {
    "notifications_read_all": {"post": "erin gina bob alice carol staff"},
    "notification_settings": {"post": "erin gina bob alice carol staff"},
    "notification_read": {"post": "erin"},
    "api-notification-read-all": {"post": "erin gina bob alice carol staff"},
    "api-notification-settings": {
        "put": "erin gina bob alice carol staff",
        "patch": "erin gina bob alice carol staff",
    },
    "api-notification-read": {"post": "erin"},
}
