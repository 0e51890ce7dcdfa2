"""The done report ("Umgesetzt") with photos, and "Aufgegeben" with its reason, on the impulse
page; bad input is a form error that changes nothing and keeps the chosen photos."""

from __future__ import annotations

import re

import pytest

from public_marketplace.models import Impulse, ImpulseStatus, ReportPhoto
from public_marketplace.services import impulses as svc
from tests.cast import Cast
from tests.progress.factories import png
from tests.public_marketplace.factories import make_impulse


def _in_implementation(cast: Cast) -> Impulse:
    impulse = make_impulse(cast.erin, title="Sonnensegel Spielplatz")
    svc.change_status(impulse=impulse, to_status="in_implementation", by=cast.erin)
    return impulse


def test_the_report_takes_photos_with_descriptions_and_the_page_shows_them(
    cast: Cast, client_for
) -> None:
    impulse = _in_implementation(cast)
    client = client_for(None, cast.erin)
    response = client.post(
        f"/impulse/{impulse.public_id}/status/",
        {
            "to_status": "implemented",
            "report": "Zwei Segel hängen.",
            "photo_1": png("segel.png"),
            "photo_1_alt": "Das Segel über dem Sandkasten",
            "photo_2": png("schatten.png"),
            "photo_2_alt": "Kinder im Schatten",
        },
    )
    assert response.status_code == 302
    impulse.refresh_from_db()
    assert impulse.status == ImpulseStatus.IMPLEMENTED
    photos = list(ReportPhoto.objects.filter(status_change__impulse=impulse))
    assert [p.alt_text for p in photos] == ["Das Segel über dem Sandkasten", "Kinder im Schatten"]
    page = client_for(None, None).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert "Zwei Segel hängen." in page and 'alt="Kinder im Schatten"' in page
    url = re.search(r'src="(/media/impulses/reports/[^"]+)" alt="Kinder', page)
    assert url is not None
    assert client_for(None, None).get(url.group(1)).status_code == 200


def test_a_refused_report_changes_nothing_and_keeps_the_photos(cast: Cast, client_for) -> None:
    impulse = _in_implementation(cast)
    client = client_for(None, cast.erin)
    url = f"/impulse/{impulse.public_id}/status/"
    refused = client.post(
        url,
        {
            "to_status": "implemented",
            "report": "",
            "photo_1": png("segel.png"),
            "photo_1_alt": "Segel",
        },
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Bitte beschreibe kurz, was umgesetzt wurde." in html
    assert "Behalten: segel.png" in html
    token = re.search(r'name="photo_1_token" value="([^"]+)"', html)
    assert token is not None
    impulse.refresh_from_db()
    assert impulse.status == ImpulseStatus.IN_IMPLEMENTATION
    assert not ReportPhoto.objects.exists()
    # The next try only sends the token: the kept photo is used.
    done = client.post(
        url,
        {
            "to_status": "implemented",
            "report": "Fertig.",
            "photo_1_token": token.group(1),
            "photo_1_alt": "Segel",
        },
    )
    assert done.status_code == 302
    assert ReportPhoto.objects.filter(status_change__impulse=impulse).count() == 1
    # Someone else's token opens nothing.
    other = make_impulse(cast.gina)
    svc.change_status(impulse=other, to_status="in_implementation", by=cast.gina)
    client_for(None, cast.gina).post(
        f"/impulse/{other.public_id}/status/",
        {"to_status": "implemented", "report": "x", "photo_1_token": token.group(1)},
    )
    assert not ReportPhoto.objects.filter(status_change__impulse=other).exists()


def test_photos_need_descriptions_at_most_six_and_only_with_the_report(cast: Cast) -> None:
    impulse = _in_implementation(cast)
    with pytest.raises(svc.ImpulseError) as no_alt:
        svc.change_status(
            impulse=impulse, to_status="implemented", by=cast.erin, report="x", photos=[(png(), "")]
        )
    assert no_alt.value.field == "photos"
    with pytest.raises(svc.ImpulseError):
        svc.change_status(
            impulse=impulse,
            to_status="implemented",
            by=cast.erin,
            report="x",
            photos=[(png(), "Foto")] * 7,
        )
    with pytest.raises(svc.ImpulseError):
        svc.change_status(
            impulse=impulse,
            to_status="abandoned",
            by=cast.erin,
            note="Kein Geld",
            photos=[(png(), "Foto")],
        )
    impulse.refresh_from_db()
    assert impulse.status == ImpulseStatus.IN_IMPLEMENTATION and not ReportPhoto.objects.exists()


def test_abandoning_needs_a_reason_and_the_page_shows_it(cast: Cast, client_for) -> None:
    impulse = _in_implementation(cast)
    client = client_for(None, cast.erin)
    url = f"/impulse/{impulse.public_id}/status/"
    refused = client.post(url, {"to_status": "abandoned", "note": ""})
    assert refused.status_code == 400
    assert "Bitte schreib kurz, warum es nicht weitergeht." in refused.content.decode()
    assert (
        client.post(url, {"to_status": "abandoned", "note": "Die Fläche wird bebaut."}).status_code
        == 302
    )
    page = client_for(None, None).get(f"/impulse/{impulse.public_id}/").content.decode()
    assert "Warum es nicht weitergeht" in page and "Die Fläche wird bebaut." in page
