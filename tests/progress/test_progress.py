"""The progress log: members write entries (with a photo and its description), the box's owners
choose what the impulse page shows, nothing else leaves the box; the same log in an intranet
group; bad input changes nothing; the impulse page's part costs one query."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from notifications.models import Notification
from progress import selectors, services
from progress.models import ProgressEntry
from progress.services import ProgressError
from tests.cast import Cast
from tests.progress.factories import entry_in, png
from tests.taskboard.factories import box_on_network, group_in_alpha
from tests.workspaces.factories import actor
from workspaces.models import Visibility, Workspace
from workspaces.scopes import network_actor


def _impulse_page(client, box: Workspace) -> str:
    return client.get(f"/impulse/{box.impulse.public_id}/").content.decode()


def test_a_member_writes_an_entry_with_a_photo_and_the_other_members_hear_of_it(
    cast: Cast, client_for, django_capture_on_commit_callbacks
) -> None:
    box = box_on_network(cast)
    client = client_for(None, cast.gina)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/boxen/{box.slug}/fortschritt/neu/",
            {"text": "Die **Beete** sind umgegraben.", "photo": png(), "alt_text": "Drei Beete"},
        )
    assert response.status_code == 302
    entry = ProgressEntry.objects.get(workspace=box)
    assert entry.author_id == cast.gina.pk and "<strong>Beete</strong>" in entry.text_html
    assert entry.photo and entry.alt_text == "Drei Beete"
    assert entry.show_on_impulse is False  # gina is a helper, not an owner: no choice
    assert Notification.objects.filter(user_id=cast.erin.pk, verb="progress.entry").exists()
    page = client.get(f"/boxen/{box.slug}/fortschritt/").content.decode()
    assert "Beete" in page and 'alt="Drei Beete"' in page
    photo = client.get(f"/boxen/{box.slug}/fortschritt/{entry.public_id}/foto/")
    assert photo.status_code == 200 and b"".join(photo.streaming_content)[:4] == b"\x89PNG"
    # Not chosen: nobody outside the box sees it, not even the photo.
    assert "Beete sind umgegraben" not in _impulse_page(client_for(None, None), box)
    outside = client_for(None, cast.carol)
    assert outside.get(f"/boxen/{box.slug}/fortschritt/").status_code == 404
    assert (
        outside.get(f"/impulse/{box.impulse.public_id}/fortschritt/{entry.public_id}/foto/")
    ).status_code == 404


def test_the_owner_chooses_what_the_impulse_page_shows_newest_first_with_a_link_to_more(
    cast: Cast, client_for, django_assert_max_num_queries
) -> None:
    box = box_on_network(cast)
    erin, gina = network_actor(cast.erin), network_actor(cast.gina)
    hidden = entry_in(box, gina, text="Nur für uns")
    for n in range(4):
        entry_in(box, erin, text=f"Öffentlicher Schritt {n}", show_on_impulse=True)
    client = client_for(None, cast.erin)
    answer = client.post(
        f"/boxen/{box.slug}/fortschritt/{hidden.public_id}/zeigen/", {"zeigen": "1"}
    )
    assert answer.status_code == 302
    hidden.refresh_from_db()
    assert hidden.show_on_impulse is True
    client.post(f"/boxen/{box.slug}/fortschritt/{hidden.public_id}/zeigen/", {"zeigen": "0"})
    hidden.refresh_from_db()
    assert hidden.show_on_impulse is False
    # A helper cannot choose.
    refused = client_for(None, cast.gina).post(
        f"/boxen/{box.slug}/fortschritt/{hidden.public_id}/zeigen/", {"zeigen": "1"}
    )
    assert refused.status_code == 403
    hidden.refresh_from_db()
    assert hidden.show_on_impulse is False

    page = _impulse_page(client_for(None, None), box)
    assert page.index("Schritt 3") < page.index("Schritt 2") < page.index("Schritt 1")
    assert "Schritt 0" not in page and "Nur für uns" not in page  # three, then the link
    assert f"/impulse/{box.impulse.public_id}/fortschritt/" in page
    more = client_for(None, None).get(f"/impulse/{box.impulse.public_id}/fortschritt/")
    assert "Schritt 0" in more.content.decode() and "Nur für uns" not in more.content.decode()
    with django_assert_max_num_queries(2):  # the entries with their authors (+ search_path)
        shown = selectors.impulse_progress(box)
    assert len(shown.items) == 3 and shown.next_cursor


def test_the_impulse_page_costs_the_same_with_many_entries(
    cast: Cast, client_for, django_assert_max_num_queries
) -> None:
    box = box_on_network(cast)
    erin = network_actor(cast.erin)
    entry_in(box, erin, text="Eins", show_on_impulse=True)
    client = client_for(None, None)
    url = f"/impulse/{box.impulse.public_id}/"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        entry_in(box, erin, text=f"Mehr {n}", show_on_impulse=True, photo=png(), alt_text="Foto")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_private_box_shows_nothing_outside_itself(cast: Cast, client_for) -> None:
    box = box_on_network(cast)
    entry = entry_in(box, network_actor(cast.erin), text="Geheimer Schritt", show_on_impulse=True)
    Workspace.objects.filter(pk=box.pk).update(visibility=Visibility.SECRET)
    box.refresh_from_db()
    anonymous = client_for(None, None)
    assert "Geheimer Schritt" not in _impulse_page(anonymous, box)
    assert "Geheimer Schritt" not in (
        anonymous.get(f"/impulse/{box.impulse.public_id}/fortschritt/").content.decode()
    )
    photo = f"/impulse/{box.impulse.public_id}/fortschritt/{entry.public_id}/foto/"
    assert anonymous.get(photo).status_code == 404


def test_bad_input_gets_a_clear_message_and_writes_nothing(cast: Cast, client_for) -> None:
    box = box_on_network(cast)
    client = client_for(None, cast.gina)
    url = f"/boxen/{box.slug}/fortschritt/neu/"
    empty = client.post(url, {"text": "   "})
    assert empty.status_code == 400 and "Bitte schreib, was passiert ist." in empty.content.decode()
    no_alt = client.post(url, {"text": "Mit Foto", "photo": png()})
    assert no_alt.status_code == 400
    assert "Bitte beschreib das Foto" in no_alt.content.decode()
    not_a_picture = client.post(
        url,
        {
            "text": "Kaputt",
            "photo": png(name="x.png", size=(1, 1)).__class__(
                "x.png", b"not a picture", content_type="image/png"
            ),
            "alt_text": "x",
        },
    )
    assert (
        not_a_picture.status_code == 400 and "kein gültiges Bild" in not_a_picture.content.decode()
    )
    too_long = client.post(url, {"text": "x" * 5001})
    assert too_long.status_code == 400
    assert not ProgressEntry.objects.filter(workspace=box).exists()


def test_only_the_author_and_the_owners_delete_an_entry(cast: Cast) -> None:
    box = box_on_network(cast)
    entry = entry_in(box, network_actor(cast.erin), text="Vom Owner")
    gina = network_actor(cast.gina)
    with pytest.raises(ProgressError):
        services.delete_entry(actor=gina, entry=entry)
    own = entry_in(box, gina, text="Von Gina")
    services.delete_entry(actor=gina, entry=own)
    services.delete_entry(actor=network_actor(cast.erin), entry=entry)
    assert not ProgressEntry.objects.filter(workspace=box).exists()


def test_an_intranet_group_has_its_log_too_without_an_impulse_page(cast: Cast, client_for) -> None:
    group = group_in_alpha(cast)
    client = client_for(cast.alpha, cast.bob)
    group_page = client.get(f"/gruppen/{group.slug}/").content.decode()
    assert f"/gruppen/{group.slug}/fortschritt/" in group_page  # the tab
    log = client.get(f"/gruppen/{group.slug}/fortschritt/").content.decode()
    assert 'name="show_on_impulse"' not in log  # no impulse page to choose for
    response = client.post(f"/gruppen/{group.slug}/fortschritt/neu/", {"text": "Plakate hängen"})
    assert response.status_code == 302
    with tenant_context(cast.alpha):
        entry = ProgressEntry.objects.get(workspace__slug=group.slug)
        assert entry.show_on_impulse is False
        with pytest.raises(ProgressError):
            services.choose_shown(actor=actor(cast.bob), entry=entry, shown=True)
    # Nothing of it in the public schema.
    assert not ProgressEntry.objects.filter(text="Plakate hängen").exists()
    assert (
        client_for(cast.alpha, cast.gina)
        .post(f"/gruppen/{group.slug}/fortschritt/neu/", {"text": "Gast"})
        .status_code
        == 403
    )


def test_the_box_page_has_the_fortschritt_tab(cast: Cast, client_for) -> None:
    box = box_on_network(cast)
    page = client_for(None, cast.erin).get(f"/boxen/{box.slug}/").content.decode()
    assert f"/boxen/{box.slug}/fortschritt/" in page and "Fortschritt" in page
