from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from public_marketplace.models import Impulse, ImpulseImage, Support
from tests.cast import Cast
from tests.public_marketplace.factories import district, leipzig, make_impulse


def png_bytes(exif_gps: bool = False) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def form_data(**overrides):
    data = {
        "kind": "idea",
        "title": "Trinkbrunnen am Karl-Heine-Kanal",
        "body": "Im Sommer fehlt **Wasser**.",
        "city": leipzig().pk,
        "districts": [district("plagwitz").pk],
        "publish": "1",
    }
    data.update(overrides)
    return data


def test_a_citizen_posts_an_idea_with_a_picture(cast: Cast, client_for) -> None:
    client = client_for(None, cast.erin)
    image = SimpleUploadedFile("brunnen.png", png_bytes(), content_type="image/png")
    response = client.post("/impulse/neu/", form_data(image=image, image_alt="Ein roter Brunnen"))
    assert response.status_code == 302
    impulse = Impulse.objects.get(title="Trinkbrunnen am Karl-Heine-Kanal")
    assert response["Location"] == f"/impulse/{impulse.public_id}/"
    picture = ImpulseImage.objects.get(impulse=impulse)
    assert picture.alt_text == "Ein roter Brunnen"
    page = client.get(response["Location"]).content.decode()
    assert "<strong>Wasser</strong>" in page and "Ein roter Brunnen" in page


def test_a_fake_or_oversized_image_gets_a_form_error_and_nothing_is_saved(
    cast: Cast, client_for
) -> None:
    client = client_for(None, cast.erin)
    fake = SimpleUploadedFile("evil.png", b"<?php echo 1; ?>", content_type="image/png")
    response = client.post("/impulse/neu/", form_data(image=fake, image_alt="x"))
    assert response.status_code == 400
    assert not Impulse.objects.filter(title="Trinkbrunnen am Karl-Heine-Kanal").exists()
    missing_alt = SimpleUploadedFile("ok.png", png_bytes(), content_type="image/png")
    response = client.post("/impulse/neu/", form_data(image=missing_alt))
    assert response.status_code == 400 and "beschreibe" in response.content.decode()


def test_empty_fields_and_bad_events_get_clear_errors(cast: Cast, client_for) -> None:
    client = client_for(None, cast.erin)
    assert client.post("/impulse/neu/", form_data(title="")).status_code == 400
    start = timezone.now() + timedelta(days=1)
    response = client.post(
        "/impulse/neu/",
        form_data(
            kind="event",
            starts_at=start.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(start - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 400 and "Ende liegt vor dem Beginn" in response.content.decode()
    assert Impulse.objects.count() == 0


def test_supporting_through_htmx_updates_the_box(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    client = client_for(None, cast.bob)
    response = client.post(
        f"/impulse/{impulse.public_id}/unterstuetzen/", {"show_name": "on"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert (
        "<strong>1</strong>" in response.content.decode()
        and "zurückziehen" in response.content.decode()
    )
    again = client.post(f"/impulse/{impulse.public_id}/unterstuetzen/", {}, HTTP_HX_REQUEST="true")
    assert again.status_code == 409 and Support.objects.filter(impulse=impulse).count() == 1
    page = client_for().get(f"/impulse/{impulse.public_id}/").content.decode()
    assert "Bob" in page  # he chose to show his name


def test_supporters_stay_anonymous_unless_they_choose(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    client_for(None, cast.dave).post(f"/impulse/{impulse.public_id}/unterstuetzen/", {})
    page = client_for().get(f"/impulse/{impulse.public_id}/").content.decode()
    assert "Dave" not in page and "<strong>1</strong>" in page


def test_drafts_are_visible_to_their_author_only(cast: Cast, client_for) -> None:
    draft = make_impulse(cast.erin, title="Noch geheim", publish=False)
    assert client_for(None, cast.erin).get(f"/impulse/{draft.public_id}/").status_code == 200
    for user in (None, cast.bob, cast.staff):
        assert client_for(None, user).get(f"/impulse/{draft.public_id}/").status_code == 404
    assert "Noch geheim" not in client_for().get("/impulse/").content.decode()


def test_someone_else_cannot_edit(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    response = client_for(None, cast.bob).post(
        f"/impulse/{impulse.public_id}/bearbeiten/", form_data(title="Gekapert")
    )
    assert response.status_code == 404
    impulse.refresh_from_db()
    assert impulse.title != "Gekapert"


def test_the_list_filters_searches_and_keeps_the_filter_state(cast: Cast, client_for) -> None:
    make_impulse(cast.erin, title="Mehr Bäume für den Lindenauer Markt")
    make_impulse(cast.erin, title="Radweg in Gohlis", district_ids=[district("gohlis-sud").pk])
    client = client_for()
    page = client.get("/impulse/", {"district": "alt-west"}).content.decode()
    assert "Lindenauer Markt" in page and "Radweg in Gohlis" not in page
    found = client.get("/impulse/", {"q": "Baum"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Lindenauer Markt" in found and "<html" not in found
    for i in range(25):
        make_impulse(cast.erin, title=f"Idee {i} in Lindenau")
    first = client.get("/impulse/", {"district": "alt-west", "sort": "newest"}).content.decode()
    assert "cursor=" in first and "district=alt-west" in first


def test_event_calendars_export_as_icalendar(cast: Cast, client_for) -> None:
    event = make_impulse(
        cast.alice,
        organisation=cast.alpha,
        title="Stadtteilfest",
        starts_at=timezone.now() + timedelta(days=4),
    )
    single = client_for().get(f"/impulse/{event.public_id}/termin.ics")
    assert single["Content-Type"].startswith("text/calendar")
    body = single.content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Stadtteilfest" in body
    feed = client_for().get("/staedte/leipzig/bezirke/alt-west/termine.ics").content.decode()
    assert "Stadtteilfest" in feed  # Lindenau is an Ortsteil of Alt-West
    other = client_for().get("/staedte/leipzig/bezirke/nord/termine.ics").content.decode()
    assert "Stadtteilfest" not in other
    idea = make_impulse(cast.erin)
    assert client_for().get(f"/impulse/{idea.public_id}/termin.ics").status_code == 404


def test_an_organisations_public_profile_shows_its_published_impulses(
    cast: Cast, client_for
) -> None:
    make_impulse(cast.alice, organisation=cast.alpha, title="Offener Brief zur Straßenbahn")
    make_impulse(cast.erin, title="Bürgeridee ohne Organisation")
    page = client_for().get("/organisation/alpha/").content.decode()
    assert "Offener Brief zur Straßenbahn" in page and "Bürgeridee ohne Organisation" not in page
    assert client_for().get("/organisation/gibt-es-nicht/").status_code == 404


def test_the_list_page_runs_the_same_number_of_queries_whatever_the_data(
    cast: Cast, client_for
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_impulse(cast.erin)
    client = client_for(None, cast.bob)
    client.get("/impulse/")
    with CaptureQueriesContext(connection) as few:
        client.get("/impulse/", {"district": "alt-west"})
    for i in range(30):
        make_impulse(cast.erin, title=f"Noch eine Idee {i}")
    client.get("/impulse/")  # new impulses clear the cached filter choices (their topics)
    with CaptureQueriesContext(connection) as many:
        client.get("/impulse/", {"district": "alt-west"})
    assert len(many) == len(few)
