"""Support goals (services/goals.py): an impulse aims at a council body with a number of
supports and a deadline; reaching it in time is recorded once and tells the box and the
supporters; missing it is marked by the hourly job and shown as it is."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from celery import current_app
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.jobs import QueuedJob
from notifications.models import Notification
from public_marketplace import tasks
from public_marketplace.models import City, CouncilBody, Impulse
from public_marketplace.services import boxes, impulses
from public_marketplace.services import goals as svc
from tests.cast import Cast
from tests.public_marketplace.factories import make_impulse

AIM_FIELDS = ("target_body_id", "support_goal", "support_deadline", "goal_reached_at")


def alt_west() -> CouncilBody:
    return CouncilBody.objects.get(city__slug="leipzig", slug="stadtbezirksbeirat-alt-west")


def jugendparlament() -> CouncilBody:
    return CouncilBody.objects.get(city__slug="leipzig", slug="jugendparlament")


def aim(impulse: Impulse, by: Any, **kwargs: Any) -> Impulse:
    kwargs.setdefault("body", alt_west())
    return svc.aim_at_body(by=by, impulse=impulse, **kwargs)


def snapshot(impulse: Impulse) -> tuple[Any, ...]:
    fresh = Impulse.objects.get(pk=impulse.pk)
    return tuple(getattr(fresh, name) for name in AIM_FIELDS)


def queued(callbacks: list[Any], name: str) -> list[QueuedJob]:
    return [c for c in callbacks if isinstance(c, QueuedJob) and c.task_name.endswith(name)]


def with_box(impulse: Impulse, cast: Cast) -> Impulse:
    """The impulse's box with dave as a helper (erin owns it)."""
    offer = boxes.offer_help(impulse=impulse, user=cast.dave)
    boxes.decide_offer(impulse=impulse, offer=offer, by=cast.erin, accept=True)
    return Impulse.objects.select_related("box").get(pk=impulse.pk)


def past_deadline(impulse: Impulse, days: int = 1) -> None:
    Impulse.objects.filter(pk=impulse.pk).update(
        support_deadline=timezone.now() - timedelta(days=days)
    )


# --- Setting the aim ---------------------------------------------------------------------


def test_goal_and_deadline_come_from_the_body(cast: Cast) -> None:
    impulse = aim(make_impulse(cast.erin), cast.erin)
    assert impulse.target_body == alt_west()
    assert impulse.support_goal == 30  # leipzig.json
    deadline = timezone.localtime(impulse.support_deadline)
    assert deadline.date() == timezone.localdate() + timedelta(days=28)
    assert (deadline.hour, deadline.minute) == (23, 59)  # the whole last day counts
    assert impulse.goal_state == "open"


def test_an_own_goal_and_day_replace_the_defaults_while_open(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    aim(impulse, cast.erin)
    day = timezone.localdate() + timedelta(days=60)
    impulse = aim(impulse, cast.erin, body=jugendparlament(), goal=250, deadline=day)
    assert (impulse.target_body, impulse.support_goal) == (jugendparlament(), 250)
    assert timezone.localtime(impulse.support_deadline).date() == day
    impulse = svc.clear_aim(by=cast.erin, impulse=impulse)
    assert snapshot(impulse) == (None, None, None, None)


def _other_city_body() -> CouncilBody:
    dresden = City.objects.create(name="Dresden", slug="dresden")
    return CouncilBody.objects.create(
        city=dresden, kind="city_council", name="Stadtrat Dresden", slug="stadtrat"
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"goal": 0}, "support_goal", "zwischen 1 und"),
        ({"goal": svc.MAX_GOAL + 1}, "support_goal", "zwischen 1 und"),
        ({"deadline": "today"}, "support_deadline", "mindestens einen Tag"),
        ({"deadline": "yesterday"}, "support_deadline", "mindestens einen Tag"),
        ({"deadline": "in 400 days"}, "support_deadline", "höchstens ein Jahr"),
        ({"body": "dresden"}, "target_body", "Gremium der Stadt"),
        ({"body": None}, "target_body", "Gremium der Stadt"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(
    cast: Cast, kwargs: dict[str, Any], field: str, words: str
) -> None:
    impulse = make_impulse(cast.erin)
    aim(impulse, cast.erin, goal=40)
    before = snapshot(impulse)
    today = timezone.localdate()
    days = {"today": 0, "yesterday": -1, "in 400 days": 400}
    if "deadline" in kwargs:
        kwargs["deadline"] = today + timedelta(days=days[kwargs["deadline"]])
    if kwargs.get("body") == "dresden":
        kwargs["body"] = _other_city_body()
    with pytest.raises(svc.GoalError) as error:
        aim(impulse, cast.erin, **kwargs)
    assert error.value.field == field
    assert words in error.value.message
    assert snapshot(impulse) == before


def test_a_goal_at_or_below_the_supports_so_far_is_refused(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    impulses.support_impulse(impulse=impulse, user=cast.bob)
    impulses.support_impulse(impulse=impulse, user=cast.dave)
    with pytest.raises(svc.GoalError) as error:
        aim(impulse, cast.erin, goal=2)
    assert error.value.field == "support_goal" and "schon 2 Unterstützungen" in error.value.message
    assert snapshot(impulse) == (None, None, None, None)


def test_a_body_without_defaults_asks_for_number_and_date(cast: Cast) -> None:
    body = alt_west()
    CouncilBody.objects.filter(pk=body.pk).update(support_goal=None, support_period_days=None)
    body.refresh_from_db()
    impulse = make_impulse(cast.erin)
    with pytest.raises(svc.GoalError) as error:
        aim(impulse, cast.erin, body=body)
    assert error.value.field == "support_goal"
    with pytest.raises(svc.GoalError) as error:
        aim(impulse, cast.erin, body=body, goal=10)
    assert error.value.field == "support_deadline"
    impulse = aim(impulse, cast.erin, body=body, goal=10, deadline=date.today() + timedelta(9))
    assert impulse.support_goal == 10


def test_a_draft_or_finished_impulse_takes_no_goal(cast: Cast) -> None:
    draft = make_impulse(cast.erin, publish=False)
    with pytest.raises(svc.GoalError) as error:
        aim(draft, cast.erin)
    assert error.value.code == "conflict"
    assert snapshot(draft) == (None, None, None, None)


def test_a_stranger_cannot_aim_someone_elses_impulse(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    for stranger in (cast.bob, cast.alice, cast.gina):
        with pytest.raises(svc.GoalError) as error:
            aim(impulse, stranger)
        assert error.value.code == "forbidden"
    assert snapshot(impulse) == (None, None, None, None)
    aim(impulse, cast.erin)
    with pytest.raises(svc.GoalError):
        svc.clear_aim(by=cast.bob, impulse=impulse)
    assert snapshot(impulse)[0] == alt_west().pk


def test_an_organisations_admins_and_platform_staff_may_aim(cast: Cast) -> None:
    impulse = make_impulse(cast.alice, organisation=cast.alpha)
    with pytest.raises(svc.GoalError):
        aim(impulse, cast.bob)  # a member, not an admin: the edit rule
    assert aim(impulse, cast.alice).support_goal == 30
    assert aim(make_impulse(cast.erin), cast.staff).support_goal == 30


# --- Reaching -------------------------------------------------------------------------------


def test_reaching_the_goal_is_recorded_once_and_tells_box_and_supporters(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    impulse = with_box(make_impulse(cast.erin), cast)
    aim(impulse, cast.erin, goal=2)
    with django_capture_on_commit_callbacks() as callbacks:
        impulses.support_impulse(impulse=impulse, user=cast.bob)
    assert not queued(callbacks, "notify_goal_reached")
    assert Impulse.objects.get(pk=impulse.pk).goal_reached_at is None
    with django_capture_on_commit_callbacks() as callbacks:
        impulses.support_impulse(impulse=impulse, user=cast.gina)
        impulses.support_impulse(impulse=impulse, user=cast.carol)  # past the goal: no news
    (job,) = queued(callbacks, "notify_goal_reached")
    reached = Impulse.objects.get(pk=impulse.pk)
    assert reached.goal_reached_at is not None and reached.goal_state == "reached"
    assert not Notification.objects.filter(verb="impulse.goal_reached").exists()  # not yet
    assert tasks.notify_goal_reached.apply(args=job.args).get() == 5
    told = Notification.objects.filter(verb="impulse.goal_reached")
    # erin (author, box owner), dave (box), bob, gina and carol (supporters): once each.
    assert sorted(told.values_list("user_id", flat=True)) == sorted(
        [cast.erin.pk, cast.dave.pk, cast.bob.pk, cast.gina.pk, cast.carol.pk]
    )
    note = told.first()
    assert note is not None and "Ziel erreicht" in note.title and note.url.endswith("#ziel")
    # Withdrawing after reaching does not un-reach.
    impulses.withdraw_support(impulse=impulse, user=cast.bob)
    impulses.withdraw_support(impulse=impulse, user=cast.gina)
    again = Impulse.objects.get(pk=impulse.pk)
    assert again.support_count == 1 and again.goal_reached_at == reached.goal_reached_at
    with pytest.raises(svc.GoalError) as error:
        aim(again, cast.erin, goal=50)
    assert error.value.code == "conflict"
    with pytest.raises(svc.GoalError):
        svc.clear_aim(by=cast.erin, impulse=again)
    assert snapshot(again)[1] == 2


def test_a_support_after_the_deadline_does_not_reach_the_goal(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    aim(impulse, cast.erin, goal=1)
    past_deadline(impulse)
    impulses.support_impulse(impulse=impulse, user=cast.bob)
    fresh = Impulse.objects.get(pk=impulse.pk)
    assert fresh.goal_reached_at is None and fresh.goal_state == "missed"


def test_two_supports_at_once_reach_the_goal_once(cast: Cast) -> None:
    """Each support on its own connection and transaction, released together; the tasks run
    eagerly after each commit, so the notifications are what really went out."""
    current_app.conf.task_always_eager = True
    made: list[Impulse] = []
    errors: list[BaseException] = []

    def run(fn: Any, *args: Any) -> None:
        try:
            fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    def in_thread(fn: Any, *args: Any) -> None:
        thread = threading.Thread(target=run, args=(fn, *args))
        thread.start()
        thread.join(timeout=30)

    def prepare() -> None:
        impulse = make_impulse(cast.erin, title="Zwei auf einmal")
        aim(impulse, cast.erin, goal=2)
        impulses.support_impulse(impulse=impulse, user=cast.dave)
        made.append(impulse)

    barrier = threading.Barrier(2)

    def support(user: Any) -> None:
        barrier.wait(timeout=10)
        impulses.support_impulse(impulse=made[0], user=user)

    try:
        in_thread(prepare)
        assert not errors, errors
        threads = [threading.Thread(target=run, args=(support, u)) for u in (cast.bob, cast.gina)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        counts: dict[str, Any] = {}

        def outcome() -> None:
            impulse = Impulse.objects.get(pk=made[0].pk)
            counts["supports"] = impulse.support_count
            counts["reached"] = impulse.goal_reached_at is not None
            counts["erin"] = Notification.objects.filter(
                user=cast.erin, verb="impulse.goal_reached"
            ).count()
            told = Notification.objects.filter(verb="impulse.goal_reached")
            counts["told once"] = told.count() == len(set(told.values_list("user_id", flat=True)))

        in_thread(outcome)
        assert not errors, errors
        # Whether the later supporter hears of it depends on who committed first: nobody twice.
        assert counts == {"supports": 3, "reached": True, "erin": 1, "told once": True}
    finally:
        current_app.conf.task_always_eager = False

        def clean() -> None:
            Impulse.objects.filter(title="Zwei auf einmal").delete()
            Notification.objects.filter(verb__startswith="impulse.").delete()

        in_thread(clean)


# --- Missing --------------------------------------------------------------------------------


def test_the_hourly_job_marks_missed_goals_once_and_tells_author_and_box(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    missed = with_box(make_impulse(cast.erin, title="Verpasst"), cast)
    aim(missed, cast.erin, goal=30)
    impulses.support_impulse(impulse=missed, user=cast.bob)
    past_deadline(missed)
    still_open = make_impulse(cast.erin, title="Läuft noch")
    aim(still_open, cast.erin, goal=30)
    reached = make_impulse(cast.erin, title="Geschafft")
    aim(reached, cast.erin, goal=1)
    impulses.support_impulse(impulse=reached, user=cast.bob)
    past_deadline(reached)

    with django_capture_on_commit_callbacks() as callbacks:
        assert tasks.mark_missed_goals.apply().get() == 1
    (job,) = queued(callbacks, "notify_goal_missed")
    fresh = Impulse.objects.get(pk=missed.pk)
    assert fresh.goal_missed_at is not None and fresh.goal_missed_count == 1
    assert Impulse.objects.get(pk=still_open.pk).goal_missed_at is None
    assert Impulse.objects.get(pk=reached.pk).goal_missed_at is None
    assert svc.mark_missed_goals() == 0  # once

    assert tasks.notify_goal_missed.apply(args=job.args).get() == 2
    told = Notification.objects.filter(verb="impulse.goal_missed")
    assert sorted(told.values_list("user_id", flat=True)) == sorted([cast.erin.pk, cast.dave.pk])
    note = told.first()
    assert note is not None and "Ziel verfehlt" in note.title and "1 von 30" in note.title

    # Supports after the miss count, but the goal stays missed.
    impulses.support_impulse(impulse=fresh, user=cast.gina)
    after = Impulse.objects.get(pk=missed.pk)
    assert after.support_count == 2 and after.goal_state == "missed"
    assert after.goal_missed_count == 1 and after.goal_reached_at is None
    with pytest.raises(svc.GoalError) as error:
        svc.clear_aim(by=cast.erin, impulse=after)
    assert "bleibt sichtbar" in error.value.message


def test_the_job_is_bounded_per_run(cast: Cast) -> None:
    made = [make_impulse(cast.erin, title=f"Frist {n}") for n in range(3)]
    for impulse in made:
        aim(impulse, cast.erin, goal=5)
        past_deadline(impulse)
    assert svc.mark_missed_goals(limit=2) == 2
    assert svc.mark_missed_goals(limit=2) == 1
    assert svc.mark_missed_goals(limit=2) == 0


# --- The impulse page ----------------------------------------------------------------------


def page(client: Any, impulse: Impulse) -> str:
    response = client.get(f"/impulse/{impulse.public_id}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_page_shows_an_open_goal_with_its_progress(cast: Cast, client_for: Any) -> None:
    impulse = make_impulse(cast.erin)
    aim(impulse, cast.erin, goal=250, deadline=timezone.localdate() + timedelta(days=12))
    impulses.support_impulse(impulse=impulse, user=cast.bob)
    html = page(client_for(), impulse)
    assert "1 von 250 Unterstützungen für den Stadtbezirksbeirat Alt-West" in html
    assert "noch 12 Tage" in html
    assert '<progress class="impulse-goal__bar" max="250" value="1"' in html
    assert 'aria-labelledby="ziel-heading"' in html
    assert "Als Antrag" not in html
    assert "Ziel ändern" not in html  # the form is its author's


def test_the_article_follows_the_body(cast: Cast, client_for: Any) -> None:
    impulse = make_impulse(cast.erin)
    aim(impulse, cast.erin, body=jugendparlament())
    assert "0 von 20 Unterstützungen für das Jugendparlament Leipzig" in page(client_for(), impulse)


def test_a_reached_goal_offers_the_box_members_a_motion(cast: Cast, client_for: Any) -> None:
    impulse = with_box(make_impulse(cast.erin), cast)
    aim(impulse, cast.erin, goal=1)
    impulses.support_impulse(impulse=impulse, user=cast.bob)
    path = svc.motion_start_path(impulse)
    assert path == f"/boxen/{impulse.box.slug}/antraege/neu/"  # type: ignore[union-attr]
    day = timezone.localtime().strftime("%-d.")
    for member in (cast.erin, cast.dave):
        html = page(client_for(None, member), impulse)
        assert "Ziel erreicht am " + day in html
        assert "Als Antrag an den Stadtbezirksbeirat Alt-West einreichen" in html
        assert f'href="{path}"' in html
    for outsider in (None, cast.bob):  # bob supported it but is no box member
        html = page(client_for(None, outsider), impulse)
        assert "Ziel erreicht am" in html and "Als Antrag" not in html
    assert "Ziel ändern" not in page(client_for(None, cast.erin), impulse)  # final now


def test_no_box_no_motion_offer(cast: Cast) -> None:
    assert svc.motion_start_path(make_impulse(cast.erin)) == ""


def test_a_missed_goal_is_shown_as_missed(cast: Cast, client_for: Any) -> None:
    impulse = make_impulse(cast.erin)
    aim(impulse, cast.erin, goal=250, deadline=date(2026, 12, 30))
    impulses.support_impulse(impulse=impulse, user=cast.bob)
    Impulse.objects.filter(pk=impulse.pk).update(support_deadline=svc.end_of_day(date(2026, 3, 1)))
    # Before the hourly job has run: already shown as missed, with the count as it is.
    assert "Ziel verfehlt: 1 von 250 bis 1. März 2026" in page(client_for(), impulse)
    svc.mark_missed_goals()
    impulses.support_impulse(impulse=impulse, user=cast.gina)
    html = page(client_for(), impulse)
    assert "Ziel verfehlt: 1 von 250 bis 1. März 2026" in html
    assert "Seitdem kam 1 Unterstützung dazu. Sie zählt, aber das Ziel bleibt verfehlt." in html
    assert 'value="1"' in html  # the bar shows the count at the deadline


def test_the_author_sets_the_goal_on_the_page(cast: Cast, client_for: Any) -> None:
    impulse = make_impulse(cast.erin)
    client = client_for(None, cast.erin)
    html = page(client, impulse)
    assert "Ein Ziel setzen" in html
    assert '<optgroup label="Stadtbezirksbeirat">' in html
    assert "Stadtbezirksbeirat Alt-West (Ziel: 30 in 28 Tagen)" in html
    url = f"/impulse/{impulse.public_id}/ziel/"
    bad = client.post(url, {"target_body": alt_west().pk, "support_goal": "0"})
    assert bad.status_code == 400 and "kern-error" in bad.content.decode()
    past = client.post(
        url, {"target_body": alt_west().pk, "support_deadline": timezone.localdate().isoformat()}
    )
    assert past.status_code == 400
    assert "mindestens einen Tag in der Zukunft" in past.content.decode()
    assert snapshot(impulse) == (None, None, None, None)
    done = client.post(url, {"target_body": alt_west().pk})
    assert done.status_code == 302 and done["Location"].endswith("#ziel")
    assert snapshot(impulse)[:2] == (alt_west().pk, 30)
    assert "Ziel ändern" in page(client, impulse)
    assert client.post(url, {"action": "clear"}).status_code == 302
    assert snapshot(impulse) == (None, None, None, None)


def test_a_stranger_gets_404_from_the_goal_form_and_nothing_changes(
    cast: Cast, client_for: Any
) -> None:
    impulse = make_impulse(cast.erin)
    for user in (cast.bob, cast.alice):
        response = client_for(None, user).post(
            f"/impulse/{impulse.public_id}/ziel/", {"target_body": alt_west().pk}
        )
        assert response.status_code == 404
    assert snapshot(impulse) == (None, None, None, None)


def test_supporting_through_htmx_updates_the_bar(cast: Cast, client_for: Any) -> None:
    impulse = make_impulse(cast.erin)
    aim(impulse, cast.erin, goal=1)
    response = client_for(None, cast.bob).post(
        f"/impulse/{impulse.public_id}/unterstuetzen/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Ziel erreicht am" in html and 'max="1" value="1"' in html


def test_the_impulse_page_costs_the_same_queries_with_a_goal(
    cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    plain = with_box(make_impulse(cast.erin), cast)
    aimed = with_box(make_impulse(cast.erin, title="Mit Ziel"), cast)
    aim(aimed, cast.erin, goal=1)
    impulses.support_impulse(impulse=aimed, user=cast.bob)
    client = client_for(None, cast.dave)  # a box member: the motion offer's one query
    page(client, plain)
    page(client, aimed)
    with CaptureQueriesContext(connection) as without_goal:
        page(client, plain)
    with django_assert_max_num_queries(len(without_goal) + 1):
        page(client, aimed)
    # The author's aim form: the city's bodies in one query.
    author = client_for(None, cast.erin)
    open_goal = make_impulse(cast.erin, title="Offen")
    page(author, open_goal)
    with CaptureQueriesContext(connection) as no_form_goal:
        page(author, open_goal)
    aim(open_goal, cast.erin)
    with django_assert_max_num_queries(len(no_form_goal)):
        page(author, open_goal)


def test_cards_show_the_goal_without_a_query_per_card(
    cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for()
    first = make_impulse(cast.erin, title="Karte eins")
    aim(first, cast.erin, goal=40)
    client.get("/impulse/?sort=newest")
    with CaptureQueriesContext(connection) as one:
        html = client.get("/impulse/?sort=newest").content.decode()
    assert "Ziel: 0 von 40" in html
    queries = len(one)  # read now: the next request empties the connection's query log
    for n in range(4):
        aim(make_impulse(cast.erin, title=f"Karte {n}"), cast.erin, goal=40 + n)
    client.get("/impulse/?sort=newest")  # the filter choices again (a save clears them)
    with django_assert_max_num_queries(queries):
        html = client.get("/impulse/?sort=newest").content.decode()
    assert html.count("impulse-card__goal") >= 5


# --- API ------------------------------------------------------------------------------------


def test_the_api_shows_the_goal(cast: Cast, client_for: Any) -> None:
    impulse = make_impulse(cast.erin)
    data = client_for().get(f"/api/v1/impulses/{impulse.public_id}/").json()
    assert (data["target_body"], data["support_goal"], data["goal_state"]) == (None, None, None)
    aim(impulse, cast.erin, goal=3)
    data = client_for().get(f"/api/v1/impulses/{impulse.public_id}/").json()
    body = alt_west()
    assert data["target_body"] == {
        "id": body.pk,
        "slug": body.slug,
        "name": "Stadtbezirksbeirat Alt-West",
        "kind": "district_council",
    }
    assert data["support_goal"] == 3 and data["goal_state"] == "open"
    assert data["support_deadline"] and data["goal_reached_at"] is None
    listed = client_for().get("/api/v1/impulses/?sort=newest").json()["results"]
    assert next(i for i in listed if i["id"] == str(impulse.public_id))["goal_state"] == "open"


def test_the_api_sets_and_clears_the_goal(cast: Cast, client_for: Any) -> None:
    impulse = make_impulse(cast.erin)
    url = f"/api/v1/impulses/{impulse.public_id}/goal/"
    client = client_for(None, cast.erin)
    day = (timezone.localdate() + timedelta(days=40)).isoformat()
    response = client.put(
        url,
        {"target_body": jugendparlament().pk, "support_goal": 99, "support_deadline": day},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["target_body"]["slug"] == "jugendparlament" and data["support_goal"] == 99
    assert data["support_deadline"].startswith(day)
    bad = client.put(
        url, {"target_body": alt_west().pk, "support_goal": 0}, content_type="application/json"
    )
    assert bad.status_code == 400 and "support_goal" in bad.json()
    other = client.put(url, {"target_body": _other_city_body().pk}, content_type="application/json")
    assert other.status_code == 400 and "target_body" in other.json()
    assert snapshot(impulse)[1] == 99
    stranger = client_for(None, cast.bob).put(
        url, {"target_body": alt_west().pk}, content_type="application/json"
    )
    assert stranger.status_code == 403
    assert client_for(None, cast.bob).delete(url).status_code == 403
    assert snapshot(impulse)[1] == 99
    cleared = client.delete(url)
    assert cleared.status_code == 200 and cleared.json()["goal_state"] is None
    assert snapshot(impulse) == (None, None, None, None)
