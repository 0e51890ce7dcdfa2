"""Discussion and decision pages on alpha's host: lists with keyset pages, starting threads and
proposals (and the plan notice without the feature), voting per process, results, anonymous
ballots that never name anyone, closing early, bad input and isolation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from decisions.models import Discussion, Proposal, Vote
from tests.cast import Cast
from tests.decisions.factories import act as make
from tests.decisions.factories import discussion, in_alpha, proposal, vote
from workspaces import services as ws_services


def page(client: Any, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


def thread_path(d: Discussion) -> str:
    return f"/diskussionen/{d.public_id}/"


def test_the_list_shows_what_the_member_may_read_in_keyset_pages(cast: Cast, client_for) -> None:
    secret = make(
        cast, ws_services.create_workspace, cast.alice, name="Geheim", visibility="secret"
    )
    for i in range(22):
        discussion(cast, title=f"Thema {i:02d}")
    discussion(cast, cast.alice, title="Geheimsache", workspace=secret)
    client = client_for(cast.alpha, cast.dave)
    html = page(client, "/diskussionen/")
    assert "Geheimsache" not in html
    assert html.index("Thema 21") < html.index("Thema 02")
    assert "Thema 01" not in html and "Ältere Diskussionen" in html
    cursor = html.split('href="?vor=')[1].split('"')[0]
    older = page(client, f"/diskussionen/?vor={cursor}")
    assert "Thema 01" in older and "Thema 00" in older and "Thema 02" not in older
    assert "Ältere Diskussionen" not in older
    assert "Geheimsache" in page(client_for(cast.alpha, cast.alice), "/diskussionen/")
    assert "Thema 21" in page(client, "/diskussionen/?vor=kaputt")  # a broken cursor: page 1


def test_a_groups_list_shows_only_its_discussions(cast: Cast, client_for) -> None:
    group = make(cast, ws_services.create_workspace, cast.bob, name="Festausschuss")
    discussion(cast, title="Im Ausschuss", workspace=group)
    discussion(cast, title="Für alle")
    html = page(client_for(cast.alpha, cast.dave), "/gruppen/festausschuss/diskussionen/")
    assert "Im Ausschuss" in html and "Für alle" not in html
    assert 'href="/diskussionen/neu/?gruppe=festausschuss"' not in html  # dave is not in it
    closed = make(
        cast, ws_services.create_workspace, cast.bob, name="Vorstand", visibility="closed"
    )
    discussion(cast, title="Vorstandssache", workspace=closed)
    html = page(client_for(cast.alpha, cast.dave), "/gruppen/vorstand/diskussionen/")
    assert "Vorstandssache" not in html and "nur ihre Mitglieder" in html


def test_starting_a_discussion_and_bad_input(cast: Cast, client_for) -> None:
    client = client_for(cast.alpha, cast.bob)
    form = page(client, "/diskussionen/neu/")
    assert "Ganze Organisation" in form
    response = client.post("/diskussionen/neu/", {"title": "  ", "context": "x"})
    assert response.status_code == 400
    assert response.content.decode().count("Ein Titel braucht 1 bis 200 Zeichen.") == 1
    response = client.post("/diskussionen/neu/", {"title": "Neu", "group": "gibt-es-nicht"})
    assert (
        response.status_code == 400 and "Diese Gruppe gibt es nicht." in response.content.decode()
    )
    assert in_alpha(cast, lambda: Discussion.objects.count()) == 0

    response = client.post("/diskussionen/neu/", {"title": "Sommerfest", "context": "*Wann?*"})
    made = in_alpha(cast, lambda: Discussion.objects.get())
    assert response.status_code == 302 and response["Location"] == thread_path(made)
    html = page(client, thread_path(made))
    assert "<em>Wann?</em>" in html and "Noch keine Abstimmung" in html

    response = client.post(thread_path(made) + "kommentare/", {"body": ""})
    assert response.status_code == 400
    assert "Ein Kommentar braucht 1 bis 5.000 Zeichen." in response.content.decode()
    client.post(thread_path(made) + "kommentare/", {"body": "Am **Samstag**"})
    assert "Am <strong>Samstag</strong>" in page(client, thread_path(made))
    assert page(client_for(cast.alpha, cast.gina), "/diskussionen/neu/", 403)


def test_without_the_feature_members_see_a_notice_with_the_billing_link(
    cast: Cast, client_for
) -> None:
    d = discussion(cast)
    client = client_for(cast.alpha, cast.bob)
    assert "Mehr erfahren" in page(client, thread_path(d))
    html = page(client, thread_path(d) + "abstimmung/")
    assert "gehören nicht zu eurem Tarif" in html and 'href="/einstellungen/abrechnung/"' in html
    assert 'name="title"' not in html
    response = client.post(
        thread_path(d) + "abstimmung/",
        {"title": "Juli", "process": "simple", "closes_at": "2099-07-01T18:00"},
    )
    assert response.status_code == 403
    assert in_alpha(cast, lambda: Proposal.objects.count()) == 0


def test_starting_a_proposal_through_the_page(paying: Cast, client_for) -> None:
    cast = paying
    d = discussion(cast)
    client = client_for(cast.alpha, cast.bob)
    assert 'type="datetime-local"' in page(client, thread_path(d) + "abstimmung/")
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = {"title": "Am 1. Juli", "process": "ranked", "options": "Juni\nJuli", "closes_at": past}
    response = client.post(thread_path(d) + "abstimmung/", data)
    assert response.status_code == 400
    assert "mindestens fünf Minuten in der Zukunft" in response.content.decode()
    response = client.post(thread_path(d) + "abstimmung/", {**data, "closes_at": "morgen"})
    assert response.status_code == 400 and "Bitte gib Datum und Uhrzeit an." in (
        response.content.decode()
    )
    assert in_alpha(cast, lambda: Proposal.objects.count()) == 0

    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(thread_path(d) + "abstimmung/", {**data, "closes_at": future})
    assert response.status_code == 302
    html = page(client, thread_path(d))
    assert 'name="rank_1"' in html and 'name="rank_2"' in html and "Jetzt beenden" in html


def test_voting_through_the_page_with_live_results_and_names(paying: Cast, client_for) -> None:
    cast = paying
    p = proposal(cast, process="score", options=["Grillen", "Picknick"])
    path = f"/abstimmungen/{p.public_id}/stimme/"
    bob = client_for(cast.alpha, cast.bob)
    response = bob.post(path, {"score_1": "12", "score_2": "3"})
    assert response.status_code == 400
    assert "Jede Option bekommt 0 bis 10 Punkte." in response.content.decode()
    assert bob.post(path, {"score_1": "9", "score_2": "3"}).status_code == 302
    assert bob.post(path, {"score_1": "8", "score_2": "3"}).status_code == 302  # changed
    html = page(client_for(cast.alpha, cast.dave), thread_path(p.discussion))
    assert "Zwischenstand nach 1 Stimme" in html and "Ø 8,0 Punkte" in html.replace("8.0", "8,0")
    assert "<strong>Bob</strong>: Grillen: 8 · Picknick: 3" in html
    assert in_alpha(cast, lambda: Vote.objects.count()) == 1


def test_ranked_votes_through_the_page(paying: Cast, client_for) -> None:
    cast = paying
    p = proposal(cast, process="ranked", options=["Juni", "Juli", "August"])
    path = f"/abstimmungen/{p.public_id}/stimme/"
    bob = client_for(cast.alpha, cast.bob)
    response = bob.post(path, {"rank_1": "1", "rank_2": "1", "rank_3": "2"})
    assert response.status_code == 400
    assert "genau einmal in eine Reihenfolge" in response.content.decode()
    assert bob.post(path, {"rank_1": "3", "rank_2": "1", "rank_3": "2"}).status_code == 302
    stored = in_alpha(cast, lambda: Vote.objects.get())
    assert stored.ballot == [2, 3, 1]
    assert "Deine Stimme: Juli › August › Juni" in page(bob, thread_path(p.discussion))


def test_anonymous_proposals_never_show_who_voted(paying: Cast, client_for) -> None:
    cast = paying
    d = discussion(cast, cast.alice, title="Vorsitz")
    p = proposal(cast, d, cast.alice, process="consent", anonymous=True)
    bob = client_for(cast.alpha, cast.bob)
    bob.post(f"/abstimmungen/{p.public_id}/stimme/", {"choice": "object", "reason": "Zu früh"})
    vote(cast, p, cast.dave, choice="consent")
    alice = client_for(cast.alpha, cast.alice)
    for client in (alice, bob):
        html = page(client, thread_path(d))
        assert "Bob" not in html and "Dave" not in html
        assert "2 Stimmen abgegeben" in html and "Einwände" not in html  # no count until closed
    assert "Zu früh" not in page(alice, thread_path(d))
    assert "Deine Stimme: Einwand" in page(bob, thread_path(d))
    assert alice.post(f"/abstimmungen/{p.public_id}/beenden/").status_code == 302
    html = page(alice, thread_path(d))
    assert "Blockiert (Einwand)" in html and "Zu früh" in html
    assert "Bob" not in html and "Dave" not in html


def test_closing_early_and_refusals(paying: Cast, client_for) -> None:
    cast = paying
    p = proposal(cast)
    vote(cast, p, cast.bob, choice="yes")
    gina = client_for(cast.alpha, cast.gina)
    assert 'name="choice"' not in page(gina, thread_path(p.discussion))
    response = gina.post(f"/abstimmungen/{p.public_id}/stimme/", {"choice": "yes"})
    assert response.status_code == 403
    dave = client_for(cast.alpha, cast.dave)
    assert dave.post(f"/abstimmungen/{p.public_id}/beenden/").status_code == 403
    bob = client_for(cast.alpha, cast.bob)
    assert bob.post(f"/abstimmungen/{p.public_id}/beenden/").status_code == 302
    html = page(dave, thread_path(p.discussion))
    assert "Ergebnis: Angenommen" in html and "1 von 3 Stimmberechtigten" in html
    assert "Vorzeitig beendet." in html and 'name="choice"' not in html
    response = dave.post(f"/abstimmungen/{p.public_id}/stimme/", {"choice": "no"})
    assert response.status_code == 409 and "Die Abstimmung ist beendet." in (
        response.content.decode()
    )


def test_other_organisations_get_404(paying: Cast, client_for) -> None:
    cast = paying
    p = proposal(cast)
    paths = [
        thread_path(p.discussion),
        thread_path(p.discussion) + "abstimmung/",
        "/diskussionen/",
    ]
    carol = client_for(cast.alpha, cast.carol)
    for path in paths:
        assert carol.get(path).status_code == 404, path
    assert carol.post(f"/abstimmungen/{p.public_id}/stimme/", {"choice": "yes"}).status_code == 404
    # Dave belongs to both: on beta's host alpha's discussion does not exist.
    dave_in_beta = client_for(cast.beta, cast.dave)
    assert dave_in_beta.get(thread_path(p.discussion)).status_code == 404
    response = dave_in_beta.post(f"/abstimmungen/{p.public_id}/stimme/", {"choice": "yes"})
    assert response.status_code == 404
    assert client_for(cast.alpha).get(thread_path(p.discussion)).status_code == 302
    assert in_alpha(cast, lambda: Vote.objects.count()) == 0
