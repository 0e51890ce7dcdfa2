from __future__ import annotations

from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from notifications.kinds import FIELDS
from notifications.models import Notification, NotificationSettings
from notifications.services import notify
from tenants.db import connection
from tests.cast import Cast


def give(user, *titles: str, url: str = "/impulse/") -> list[Notification]:
    for title in titles:
        notify(user_ids=[user.pk], verb="test", title=title, url=url)
    return list(Notification.objects.filter(user_id=user.pk).order_by("id"))


def test_the_centre_lists_newest_first_with_the_unread_count(cast: Cast, client_for) -> None:
    give(cast.bob, "Erste Nachricht", "Zweite Nachricht")
    give(cast.carol, "Nicht für Bob")
    response = client_for(None, cast.bob).get("/benachrichtigungen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Zweite Nachricht") < html.index("Erste Nachricht")
    assert "2 ungelesene Benachrichtigungen" in html and "Nicht für Bob" not in html


def test_marking_one_read_through_htmx_updates_the_item_and_the_count(
    cast: Cast, client_for
) -> None:
    first, second = give(cast.bob, "Eins", "Zwei")
    client = client_for(None, cast.bob)
    response = client.post(
        f"/benachrichtigungen/{first.public_id}/gelesen/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="benachrichtigung-{first.public_id}"' in html
    assert 'hx-swap-oob="true"' in html and "1 ungelesene Benachrichtigung" in html
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_nobody_marks_someone_elses_notification(cast: Cast, client_for) -> None:
    (theirs,) = give(cast.carol, "Carols Nachricht")
    client = client_for(None, cast.bob)
    assert client.post(f"/benachrichtigungen/{theirs.public_id}/gelesen/").status_code == 404
    assert client.post(f"/api/v1/notifications/{theirs.public_id}/read/").status_code == 404
    client.post("/benachrichtigungen/alle-gelesen/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_all_read(cast: Cast, client_for) -> None:
    give(cast.bob, "Eins", "Zwei", "Drei")
    client = client_for(None, cast.bob)
    response = client.post("/benachrichtigungen/alle-gelesen/")
    assert response.status_code == 302 and response["Location"] == "/benachrichtigungen/"
    assert not Notification.objects.filter(user_id=cast.bob.pk, read_at__isnull=True).exists()
    assert "Keine ungelesenen" in client.get("/benachrichtigungen/").content.decode()


def test_the_centre_pages_by_keyset_and_ignores_a_forged_cursor(cast: Cast, client_for) -> None:
    give(cast.bob, *[f"Nachricht {i:02d}" for i in range(35)])
    client = client_for(None, cast.bob)
    first = client.get("/benachrichtigungen/").content.decode()
    assert "Nachricht 34" in first and "Nachricht 05" in first and "Nachricht 04" not in first
    assert "Ältere Benachrichtigungen laden" in first
    cursor = first.split("?cursor=")[1].split('"')[0]
    more = client.get(f"/benachrichtigungen/?cursor={cursor}", HTTP_HX_REQUEST="true")
    html = more.content.decode()
    assert "Nachricht 04" in html and "Nachricht 00" in html and "Nachricht 05" not in html
    assert "<html" not in html and "Ältere" not in html
    forged = client.get("/benachrichtigungen/?cursor=%%%%not-base64")
    assert forged.status_code == 200 and "Nachricht 34" in forged.content.decode()


def test_a_link_that_is_not_a_local_path_is_shown_as_text(cast: Cast, client_for) -> None:
    give(cast.bob, "Seltsam", url="javascript:alert(1)")
    give(cast.bob, "Fremd", url="//evil.example/")
    html = client_for(None, cast.bob).get("/benachrichtigungen/").content.decode()
    assert "javascript:" not in html and "//evil.example/" not in html


def test_the_centre_runs_the_same_number_of_queries_however_many_notifications(
    cast: Cast, client_for
) -> None:
    give(cast.bob, "Eins", "Zwei")
    client = client_for(None, cast.bob)
    client.get("/benachrichtigungen/")
    with CaptureQueriesContext(connection) as few:
        client.get("/benachrichtigungen/")
    notify(user_ids=[cast.bob.pk], verb="test", title="x", url="/")
    Notification.objects.bulk_create(
        [Notification(user_id=cast.bob.pk, verb="test", title=f"N{i}") for i in range(150)]
    )
    with CaptureQueriesContext(connection) as many:
        html = client.get("/benachrichtigungen/").content.decode()
    assert len(many) == len(few)
    assert "Mehr als 99 ungelesene" in html


def test_an_intranet_has_its_own_notifications_for_its_members_only(cast: Cast, client_for) -> None:
    give(cast.bob, "Aus dem Netzwerk")
    with tenant_context(cast.alpha):
        notify(user_ids=[cast.bob.pk], verb="post.new", title="Aus der Alpha Partei", url="/")
    connection.set_schema_to_public()
    intranet = client_for(cast.alpha, cast.bob).get("/benachrichtigungen/").content.decode()
    assert "Aus der Alpha Partei" in intranet and "Aus dem Netzwerk" not in intranet
    network = client_for(None, cast.bob).get("/benachrichtigungen/").content.decode()
    assert "Aus dem Netzwerk" in network and "Aus der Alpha Partei" not in network
    api = client_for(cast.alpha, cast.bob).get("/api/v1/notifications/").json()["results"]
    assert [n["title"] for n in api] == ["Aus der Alpha Partei"]
    assert client_for(cast.alpha, cast.carol).get("/benachrichtigungen/").status_code == 404
    assert client_for(cast.alpha, cast.carol).get("/api/v1/notifications/").status_code == 403


def test_settings_are_saved_and_respected(cast: Cast, client_for) -> None:
    client = client_for(None, cast.bob)
    page = client.get("/benachrichtigungen/einstellungen/").content.decode()
    assert 'value="weekly" selected' in page
    response = client.post(
        "/benachrichtigungen/einstellungen/",
        {"email_digest": "daily"},  # in_app unticked
    )
    assert response.status_code == 302
    saved = NotificationSettings.objects.get(user_id=cast.bob.pk)
    assert saved.in_app is False and saved.email_digest == "daily"
    assert notify(user_ids=[cast.bob.pk, cast.carol.pk], verb="test", title="Hallo") == 1
    assert not Notification.objects.filter(user_id=cast.bob.pk).exists()


def test_a_bad_setting_gets_a_form_error_and_changes_nothing(cast: Cast, client_for) -> None:
    client = client_for(None, cast.bob)
    response = client.post(
        "/benachrichtigungen/einstellungen/", {"in_app": "on", "email_digest": "hourly"}
    )
    assert response.status_code == 400 and "kern-error" in response.content.decode()
    assert not NotificationSettings.objects.filter(user_id=cast.bob.pk).exists()
    api = client.patch(
        "/api/v1/notifications/settings/",
        {"email_digest": "hourly"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "email_digest" in api.json()
    assert not NotificationSettings.objects.filter(user_id=cast.bob.pk).exists()


def test_the_api_lists_marks_read_and_changes_settings(cast: Cast, client_for) -> None:
    first, second = give(cast.bob, "Eins", "Zwei")
    client = client_for(None, cast.bob)
    listed = client.get("/api/v1/notifications/").json()["results"]
    assert [n["title"] for n in listed] == ["Zwei", "Eins"]
    assert set(listed[0]) == {"id", "verb", "title", "url", "created_at", "read_at"}
    read = client.post(f"/api/v1/notifications/{first.public_id}/read/")
    assert read.status_code == 200 and read.json()["read_at"]
    unread = client.get("/api/v1/notifications/?unread=true").json()["results"]
    assert [n["title"] for n in unread] == ["Zwei"]
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    assert client.get("/api/v1/notifications/settings/").json() == {
        "in_app": True,
        "email_digest": "weekly",
        **dict.fromkeys(FIELDS, True),
    }
    patched = client.patch(
        "/api/v1/notifications/settings/",
        {"email_digest": "never"},
        content_type="application/json",
    )
    assert patched.json() == {
        "in_app": True,
        "email_digest": "never",
        **dict.fromkeys(FIELDS, True),
    }
    assert client_for(None, None).get("/api/v1/notifications/").status_code == 403
