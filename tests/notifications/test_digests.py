from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context

from notifications import digests
from notifications.models import Notification, NotificationSettings
from notifications.services import mark_read, notify, update_settings
from notifications.tasks import send_due_digests
from tenants.db import connection
from tenants.models import absolute_url
from tests.cast import Cast


def give(user, title: str, url: str = "/impulse/") -> Notification:
    notify(user_ids=[user.pk], verb="test", title=title, url=url)
    return Notification.objects.filter(user_id=user.pk).latest("id")


def mails_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_weekly_digest_lists_what_is_unread_and_goes_out_once(cast: Cast) -> None:
    give(cast.bob, "Neuer Kommentar zu „Bäume“", url="/impulse/abc/#kommentar-1")
    seen = give(cast.bob, "Schon gelesen")
    mark_read(user=cast.bob, public_id=seen.public_id)
    give(cast.carol, "Nur für Carol")
    now = timezone.now()
    assert digests.send_due_digests(now=now) == 2
    (message,) = mails_to(cast.bob)
    assert message.subject == "Deine Neuigkeiten der Woche – WeCreate – Leipziger Netzwerk"
    assert message.body.startswith("Hallo Bob,")
    assert "Neuer Kommentar zu „Bäume“" in message.body  # plain text: nothing HTML-escaped
    assert absolute_url(django_settings.BASE_DOMAIN, "/impulse/abc/#kommentar-1") in message.body
    assert "Schon gelesen" not in message.body and "Nur für Carol" not in message.body
    assert "/benachrichtigungen/einstellungen/" in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert NotificationSettings.objects.get(user_id=cast.bob.pk).last_digest_at == now
    # Idempotent: the next runs send nothing, however often they come.
    assert digests.send_due_digests(now=now) == 0
    assert digests.send_due_digests(now=now + timedelta(hours=1)) == 0
    assert len(mail.outbox) == 2


def test_the_next_weekly_digest_waits_a_week(cast: Cast) -> None:
    give(cast.bob, "Erste")
    now = timezone.now()
    assert digests.send_due_digests(now=now) == 1
    give(cast.bob, "Zweite")
    assert digests.send_due_digests(now=now + timedelta(days=3)) == 0
    assert digests.send_due_digests(now=now + timedelta(days=7)) == 1
    assert "Zweite" in mail.outbox[-1].body and "Erste" not in mail.outbox[-1].body


def test_a_daily_digest_comes_once_a_day_and_never_means_never(cast: Cast) -> None:
    update_settings(user=cast.bob, in_app=True, email_digest="daily")
    update_settings(user=cast.carol, in_app=True, email_digest="never")
    now = timezone.now()
    NotificationSettings.objects.filter(user_id=cast.bob.pk).update(
        last_digest_at=now - timedelta(hours=3)
    )
    give(cast.bob, "Für Bob")
    give(cast.carol, "Für Carol")
    assert digests.send_due_digests(now=now) == 0
    # The hourly job may run a little early; a daily digest still goes out that day.
    assert digests.send_due_digests(now=now + timedelta(hours=21, minutes=10)) == 1
    (message,) = mail.outbox
    assert message.to == [cast.bob.email]
    assert message.subject.startswith("Deine Neuigkeiten des Tages")
    assert Notification.objects.get(user_id=cast.carol.pk).emailed_at is None


def test_nothing_unread_means_no_email(cast: Cast) -> None:
    seen = give(cast.bob, "Gelesen")
    mark_read(user=cast.bob, public_id=seen.public_id)
    assert digests.send_due_digests() == 0
    assert mail.outbox == []
    seen.refresh_from_db()
    assert seen.emailed_at is not None  # never considered again
    assert NotificationSettings.objects.get(user_id=cast.bob.pk).last_digest_at is None


def test_a_long_digest_names_how_many_more_there_are(cast: Cast) -> None:
    Notification.objects.bulk_create(
        [Notification(user_id=cast.bob.pk, verb="test", title=f"N{i:02d}") for i in range(55)]
    )
    digests.send_due_digests()
    (message,) = mail.outbox
    assert "… und 5 weitere Benachrichtigungen." in message.body
    assert message.body.count("\n– ") == digests.ITEMS_PER_DIGEST
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_people_are_taken_in_batches(cast: Cast, monkeypatch) -> None:
    monkeypatch.setattr(digests, "USER_BATCH", 2)
    people = [cast.alice, cast.bob, cast.carol, cast.dave, cast.erin]
    for person in people:
        give(person, f"Für {person.name}")
    assert digests.send_due_digests() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_an_intranet_digest_links_to_the_organisations_host(cast: Cast) -> None:
    with tenant_context(cast.alpha):
        notify(user_ids=[cast.bob.pk], verb="post.new", title="Neuer Beitrag", url="/feed/")
        assert digests.send_due_digests() == 1
    connection.set_schema_to_public()
    (message,) = mail.outbox
    assert "Alpha Partei" in message.subject
    assert cast.alpha.url("/feed/") in message.body
    assert digests.send_due_digests() == 0  # the public schema has nothing for Bob


def test_a_failing_mail_server_leaves_the_digest_for_the_next_run(
    cast: Cast, settings, caplog
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    give(cast.bob, "Wartet")
    with caplog.at_level(logging.WARNING, logger="notifications.digests"):
        assert digests.send_due_digests() == 0
    assert Notification.objects.get(user_id=cast.bob.pk).emailed_at is None
    assert not NotificationSettings.objects.filter(last_digest_at__isnull=False).exists()
    assert [r.user_id for r in caplog.records] == [cast.bob.pk]
    assert "bob" not in caplog.text.lower()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests.send_due_digests() == 1


def test_the_beat_task_sends_the_public_digests(cast: Cast) -> None:
    give(cast.erin, "Neuer Impuls in Lindenau")
    assert send_due_digests.apply().get() == 1
    assert mail.outbox[0].to == [cast.erin.email]
