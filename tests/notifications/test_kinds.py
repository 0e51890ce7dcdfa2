"""Per-kind switches: a kind switched off gets no notification (so no digest line either), the
others still come; the settings page and the API change them; bad input changes nothing."""

from __future__ import annotations

from notifications.kinds import FIELDS, KINDS, kind_of
from notifications.models import Notification, NotificationSettings
from notifications.services import notify
from tests.cast import Cast


def test_every_verb_the_code_sends_about_boxes_has_its_kind() -> None:
    for verb, field in [
        ("task.assigned", "tasks"),
        ("task.overdue", "tasks"),
        ("impulse.offer", "offers"),
        ("impulse.offer_accepted", "offer_answers"),
        ("impulse.stage", "stages"),
        ("workspace.invitation_used", "box_invitations"),
        ("progress.entry", "box_activity"),
        ("event.reminder", "events"),
        ("decisions.outcome", "decisions"),
    ]:
        kind = kind_of(verb)
        assert kind is not None and kind.field == field, verb
    # Notices about the person's own words and invitations addressed to them always go out.
    assert kind_of("moderation.hidden") is None and kind_of("workspace.invitation") is None
    assert len(FIELDS) == len(set(FIELDS)) == len(KINDS)


def test_a_kind_switched_off_gets_nothing_of_that_kind_and_the_rest_still_comes(
    cast: Cast, django_assert_max_num_queries
) -> None:
    NotificationSettings.objects.create(user_id=cast.bob.pk, tasks=False)
    with django_assert_max_num_queries(2):  # who is muted, then one insert
        sent = notify(user_ids=[cast.bob.pk, cast.carol.pk], verb="task.overdue", title="Frist")
    assert sent == 1
    assert not Notification.objects.filter(user_id=cast.bob.pk).exists()
    assert notify(user_ids=[cast.bob.pk], verb="impulse.stage", title="Phase") == 1
    assert notify(user_ids=[cast.bob.pk], verb="moderation.hidden", title="Verborgen") == 1


def test_the_settings_page_shows_and_saves_the_switches(cast: Cast, client_for) -> None:
    client = client_for(None, cast.bob)
    page = client.get("/benachrichtigungen/einstellungen/").content.decode()
    assert "Neue Hilfsangebote zu meinen Impulsen" in page
    assert 'name="stages"' in page and "checked" in page
    on = dict.fromkeys(FIELDS, "on")
    del on["offers"]
    response = client.post(
        "/benachrichtigungen/einstellungen/", {"in_app": "on", "email_digest": "daily", **on}
    )
    assert response.status_code == 302
    saved = NotificationSettings.objects.get(user_id=cast.bob.pk)
    assert saved.offers is False and saved.stages is True and saved.in_app is True
    assert notify(user_ids=[cast.bob.pk], verb="impulse.offer", title="Angebot") == 0
    page = client.get("/benachrichtigungen/einstellungen/").content.decode()
    assert 'name="offers" id="id_offers"' in page or 'id="id_offers"' in page


def test_the_api_reads_and_patches_one_switch_and_refuses_bad_input(cast: Cast, client_for) -> None:
    client = client_for(None, cast.bob)
    patched = client.patch(
        "/api/v1/notifications/settings/", {"tasks": False}, content_type="application/json"
    )
    assert patched.status_code == 200
    assert patched.json()["tasks"] is False and patched.json()["stages"] is True
    assert NotificationSettings.objects.get(user_id=cast.bob.pk).tasks is False
    bad = client.patch(
        "/api/v1/notifications/settings/", {"stages": "vielleicht"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "stages" in bad.json()
    assert NotificationSettings.objects.get(user_id=cast.bob.pk).stages is True
