from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory

from notifications.models import Notification
from public_marketplace.models import Follow
from public_marketplace.services.follows import follow
from public_marketplace.tasks import notify_new_impulse
from public_marketplace.views_follows import follow_button
from tests.cast import Cast
from tests.public_marketplace.factories import district, make_impulse


def test_following_an_impulse_through_htmx_toggles_the_button(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    client = client_for(None, cast.bob)
    url = f"/impulse/{impulse.public_id}/folgen/"
    followed = client.post(url, HTTP_HX_REQUEST="true")
    assert followed.status_code == 200
    html = followed.content.decode()
    assert f'id="follow-impulse-{impulse.public_id}"' in html and "Nicht mehr folgen" in html
    assert Follow.objects.filter(user=cast.bob, impulse=impulse).exists()
    again = client.post(url, HTTP_HX_REQUEST="true")  # a double click is no error
    assert again.status_code == 200 and Follow.objects.filter(user=cast.bob).count() == 1
    stopped = client.post(url, {"action": "unfollow"}, HTTP_HX_REQUEST="true")
    assert stopped.status_code == 200 and ">Folgen<" in stopped.content.decode()
    assert not Follow.objects.filter(user=cast.bob).exists()


def test_following_a_district_and_an_organisation_without_htmx(cast: Cast, client_for) -> None:
    client = client_for(None, cast.erin)
    response = client.post("/staedte/leipzig/bezirke/alt-west/folgen/")
    assert response.status_code == 302
    assert response["Location"] == "/impulse/?city=leipzig&district=alt-west"
    assert Follow.objects.filter(user=cast.erin, district=district("alt-west")).exists()
    response = client.post("/organisation/alpha/folgen/", {"next": "/impulse/"})
    assert response.status_code == 302 and response["Location"] == "/impulse/"
    assert Follow.objects.filter(user=cast.erin, organisation=cast.alpha).exists()
    evil = client.post(
        "/organisation/alpha/folgen/", {"action": "unfollow", "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/organisation/alpha/"
    assert not Follow.objects.filter(user=cast.erin, organisation=cast.alpha).exists()


def test_drafts_and_unknown_targets_cannot_be_followed(cast: Cast, client_for) -> None:
    draft = make_impulse(cast.erin, publish=False)
    for client in (client_for(None, cast.erin), client_for(None, cast.bob)):
        assert client.post(f"/impulse/{draft.public_id}/folgen/").status_code == 404
        assert client.post("/staedte/leipzig/bezirke/atlantis/folgen/").status_code == 404
        assert client.post("/organisation/gibt-es-nicht/folgen/").status_code == 404
    assert client_for(None, None).post("/organisation/alpha/folgen/").status_code == 302
    assert not Follow.objects.exists()


def test_the_button_context_says_whether_the_person_follows(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    follow(user=cast.bob, target=impulse)
    assert follow_button(cast.bob, impulse)["following"] is True
    assert follow_button(cast.carol, impulse)["following"] is False
    place = district("lindenau")
    button = follow_button(cast.bob, place)
    assert button["url"] == "/staedte/leipzig/bezirke/lindenau/folgen/"
    request = RequestFactory().get("/impulse/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = render_to_string(
        "public_marketplace/_follow_button.html",
        {"follow": follow_button(request.user, place)},
        request=request,
    )
    assert "Melde dich an" in html and "Lindenau" in html


def test_followers_of_a_district_hear_of_a_new_impulse_there(cast: Cast) -> None:
    follow(user=cast.bob, target=district("alt-west"))  # the Stadtbezirk around Lindenau
    follow(user=cast.carol, target=district("lindenau"))
    follow(user=cast.gina, target=district("connewitz"))
    follow(user=cast.dave, target=cast.alpha)
    impulse = make_impulse(cast.erin, district_ids=[district("lindenau").pk])
    assert notify_new_impulse.apply(args=[impulse.pk]).get() == 2
    notes = Notification.objects.filter(verb="impulse.new")
    assert set(notes.values_list("user_id", flat=True)) == {cast.bob.pk, cast.carol.pk}
    assert notes.first().url == f"/impulse/{impulse.public_id}/"  # type: ignore[union-attr]


def test_followers_of_an_organisation_hear_of_its_impulses_but_not_the_author(
    cast: Cast,
) -> None:
    follow(user=cast.erin, target=cast.alpha)
    follow(user=cast.alice, target=cast.alpha)
    impulse = make_impulse(cast.alice, organisation=cast.alpha, district_ids=[])
    notify_new_impulse.apply(args=[impulse.pk])
    assert list(Notification.objects.values_list("user_id", flat=True)) == [cast.erin.pk]


def test_muted_followers_get_no_notification(cast: Cast) -> None:
    from notifications.services import update_settings

    follow(user=cast.bob, target=district("lindenau"))
    update_settings(user=cast.bob, in_app=False, email_digest="never")
    impulse = make_impulse(cast.erin)
    assert notify_new_impulse.apply(args=[impulse.pk]).get() == 0
    assert not Notification.objects.exists()


def test_the_api_follows_lists_and_unfollows(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    client = client_for(None, cast.bob)
    created = client.post(
        "/api/v1/follows/",
        {"target": "district", "city": "leipzig", "district": "lindenau"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["district"] == {"city": "leipzig", "slug": "lindenau", "name": "Lindenau"}
    client.post(
        "/api/v1/follows/",
        {"target": "impulse", "impulse": str(impulse.public_id)},
        content_type="application/json",
    )
    client.post(
        "/api/v1/follows/",
        {"target": "organisation", "organisation": "alpha"},
        content_type="application/json",
    )
    listed = client.get("/api/v1/follows/").json()["results"]
    assert {f["target"] for f in listed} == {"district", "impulse", "organisation"}
    assert "example.org" not in str(listed)
    twice = client.post(
        "/api/v1/follows/",
        {"target": "organisation", "organisation": "alpha"},
        content_type="application/json",
    )
    assert twice.status_code == 409
    gone = client.delete(f"/api/v1/follows/?target=impulse&impulse={impulse.public_id}")
    assert gone.status_code == 204
    assert set(Follow.objects.filter(user=cast.bob).values_list("target", flat=True)) == {
        "district",
        "organisation",
    }
    assert client_for(None, cast.carol).get("/api/v1/follows/").json()["results"] == []


def test_the_api_refuses_incomplete_or_unknown_targets(cast: Cast, client_for) -> None:
    client = client_for(None, cast.bob)
    missing = client.post(
        "/api/v1/follows/",
        {"target": "district", "city": "leipzig"},
        content_type="application/json",
    )
    assert missing.status_code == 400 and "district" in missing.json()
    unknown = client.post(
        "/api/v1/follows/",
        {"target": "planet", "organisation": "x"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    nowhere = client.post(
        "/api/v1/follows/",
        {"target": "organisation", "organisation": "gibt-es-nicht"},
        content_type="application/json",
    )
    assert nowhere.status_code == 404
    anonymous = client_for(None, None).post(
        "/api/v1/follows/", {"target": "organisation", "organisation": "alpha"}
    )
    assert anonymous.status_code == 403
    assert not Follow.objects.exists()


def test_a_blocked_person_cannot_follow_but_may_stop_following(cast: Cast, client_for) -> None:
    from django.utils import timezone

    from accounts.models import User

    follow(user=cast.bob, target=cast.alpha)
    User.objects.filter(pk=cast.bob.pk).update(blocked_at=timezone.now())
    client = client_for(None, cast.bob)
    refused = client.post("/staedte/leipzig/bezirke/lindenau/folgen/", HTTP_HX_REQUEST="true")
    assert refused.status_code == 403 and "gesperrt" in refused.content.decode()
    impulse = make_impulse(cast.erin)
    api = client.post(
        "/api/v1/follows/",
        {"target": "impulse", "impulse": str(impulse.public_id)},
        content_type="application/json",
    )
    assert api.status_code == 403
    stopped = client.post("/organisation/alpha/folgen/", {"action": "unfollow"})
    assert stopped.status_code == 302
    assert not Follow.objects.filter(user=cast.bob).exists()
