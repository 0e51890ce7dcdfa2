"""The impulse list's filter and the impulse form as people use them (issue 18, items 6 and 7)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from public_marketplace.models import Impulse, ImpulseImage, ImpulseStatus, Topic
from public_marketplace.services import pending_images
from tests.cast import Cast
from tests.public_marketplace.factories import district, make_impulse
from tests.public_marketplace.test_views import form_data, png_bytes


def _token(page: str) -> str:
    found = re.search(r'name="image_token" value="([^"]+)"', page)
    assert found, "no kept picture in the form"
    return found.group(1)


def test_the_filter_offers_clear_empty_choices_and_districts_by_stadtbezirk(
    cast: Cast, client_for
) -> None:
    make_impulse(cast.erin, topic_ids=[Topic.objects.get(slug="gruen").pk])
    unused = Topic.objects.exclude(slug="gruen").first()
    assert unused is not None
    page = client_for().get("/impulse/").content.decode()
    assert "– optional" not in page and "---------" not in page
    for empty in ("Alle Stadtteile", "Alle Themen", "Alle Arten", "Jeder Status"):
        assert re.search(f'<option value=""( selected)?>{empty}</option>', page), empty
    assert '<optgroup label="Alt-West">' in page
    assert '<option value="alt-west">Alt-West (ganzer Stadtbezirk)</option>' in page
    assert 'data-option-search="Stadtteil suchen"' in page
    assert f'value="{unused.slug}"' not in page  # a topic no impulse carries: no dead option
    # Progressive enhancement from files (strict CSP): the search and the phone's filter button.
    assert 'src="/static/js/option-search.js"' in page
    assert 'src="/static/js/filter-panel.js"' in page
    assert 'aria-controls="impulse-filter" data-filter-toggle' in page
    filtered = client_for().get("/impulse/", {"kind": "idea", "district": "alt-west"})
    assert "Filter<span data-filter-count> (2)</span>" in filtered.content.decode()


def test_a_link_to_an_unused_topic_still_shows_it_as_chosen(cast: Cast, client_for) -> None:
    topic = Topic.objects.create(name="Sport", slug="sport")
    page = client_for().get("/impulse/", {"topic": topic.slug}).content.decode()
    assert '<option value="sport" selected>Sport</option>' in page


def test_the_form_offers_publishing_and_a_draft_as_two_buttons(cast: Cast, client_for) -> None:
    client = client_for(None, cast.erin)
    page = client.get("/impulse/neu/").content.decode()
    assert 'name="publish"' in page and 'name="draft"' in page
    data = form_data()
    data.pop("publish")
    client.post("/impulse/neu/", {**data, "draft": "1"})
    draft = Impulse.objects.get(title=data["title"])
    assert draft.status == ImpulseStatus.DRAFT
    edit = f"/impulse/{draft.public_id}/bearbeiten/"
    page = client.get(edit).content.decode()
    assert "Veröffentlichen" in page and "Als Entwurf speichern" in page
    client.post(edit, {**data, "body": "Noch ein Satz.", "draft": "1"})
    draft.refresh_from_db()
    assert draft.status == ImpulseStatus.DRAFT and draft.body == "Noch ein Satz."
    response = client.post(edit, {**data, "publish": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ImpulseStatus.PUBLISHED and draft.published_at is not None
    assert draft.history.filter(to_status="published", changed_by=cast.erin).exists()
    page = client.get(edit).content.decode()
    assert 'name="save"' in page and 'name="draft"' not in page  # online: only "Speichern"


def test_a_picture_survives_an_error_in_another_field(cast: Cast, client_for) -> None:
    client = client_for(None, cast.erin)
    image = SimpleUploadedFile("brunnen.png", png_bytes(), content_type="image/png")
    response = client.post(
        "/impulse/neu/", form_data(title="", image=image, image_alt="Ein roter Brunnen")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "brunnen.png" in page and "ist gespeichert" in page
    token = _token(page)
    kept = pending_images.pending_image(token=token, user=cast.erin)
    assert kept is not None and default_storage.exists(kept.stored_name)
    # Someone else's or a forged token is no way to someone's picture.
    assert pending_images.pending_image(token=token, user=cast.bob) is None
    assert pending_images.pending_image(token=token + "x", user=cast.erin) is None
    stolen = client_for(None, cast.bob).post(
        "/impulse/neu/", form_data(title="Fremdes Bild", image_token=token, image_alt="x")
    )
    assert stolen.status_code == 302
    assert not ImpulseImage.objects.filter(impulse__title="Fremdes Bild").exists()
    # Sent again without choosing the file again: the impulse has the picture.
    response = client.post(
        "/impulse/neu/", form_data(image_token=token, image_alt="Ein roter Brunnen")
    )
    assert response.status_code == 302
    picture = ImpulseImage.objects.get(impulse__title="Trinkbrunnen am Karl-Heine-Kanal")
    assert picture.alt_text == "Ein roter Brunnen"
    assert not default_storage.exists(kept.stored_name)  # the kept copy is gone


def test_a_kept_picture_can_be_dropped_and_old_ones_are_purged(
    cast: Cast, client_for, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path  # only this test's files
    client = client_for(None, cast.erin)
    image = SimpleUploadedFile("brunnen.png", png_bytes(), content_type="image/png")
    page = client.post("/impulse/neu/", form_data(body="", image=image)).content.decode()
    token = _token(page)
    response = client.post("/impulse/neu/", form_data(image_token=token, image_discard="on"))
    assert response.status_code == 302
    assert not ImpulseImage.objects.exists()
    assert pending_images.purge_pending_images(older_than=timedelta(hours=1)) == 0
    assert pending_images.purge_pending_images(older_than=timedelta(seconds=-60)) == 1


def test_event_fields_count_only_for_events(cast: Cast, client_for) -> None:
    client = client_for(None, cast.erin)
    page = client.get("/impulse/neu/").content.decode()
    assert "Nur für Veranstaltungen" in page and "data-event-fields" in page
    assert 'src="/static/js/impulse-form.js"' in page
    start = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    event_input = {
        "starts_at": start,
        "place_name": "Kanalufer",
        "address": "Karl-Heine-Straße 1",
        "online_url": "not a link",  # wrong, but not this kind's business
    }
    response = client.post("/impulse/neu/", form_data(kind="idea", **event_input))
    assert response.status_code == 302
    idea = Impulse.objects.get(kind="idea")
    assert (idea.starts_at, idea.place_name, idea.address, idea.online_url) == (None, "", "", "")
    event_input["online_url"] = "https://example.org/live"
    client.post("/impulse/neu/", form_data(kind="event", title="Kanalfest", **event_input))
    event = Impulse.objects.get(title="Kanalfest")
    assert event.starts_at is not None and event.place_name == "Kanalufer"


def test_districts_are_check_boxes_grouped_by_stadtbezirk(cast: Cast, client_for) -> None:
    page = client_for(None, cast.erin).get("/impulse/neu/").content.decode()
    assert '<legend class="kern-label choice-group__legend">Alt-West</legend>' in page
    lindenau = district("lindenau").pk
    assert f'type="checkbox" name="districts" value="{lindenau}"' in page
    assert 'data-option-search="Stadtteil suchen"' in page
    assert '<select name="districts"' not in page
