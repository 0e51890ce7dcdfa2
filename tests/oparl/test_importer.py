"""The OParl import against a real local OParl server (tests/oparl/server.py)."""

from __future__ import annotations

import json
import logging
import socket
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from oparl import importer
from oparl.models import AgendaItem, Meeting, OParlSource, Organization, Paper, Person
from oparl.selectors import meetings_of, papers_matching
from oparl.signals import papers_changed
from public_marketplace.models import City, CouncilBody
from tests.oparl.world import OParlServer, now

pytestmark = pytest.mark.django_db

ALL_MODELS = (OParlSource, Organization, Person, Meeting, AgendaItem, Paper)


@pytest.fixture
def city() -> City:
    return City.objects.create(name="Teststadt", slug="teststadt-oparl")


@pytest.fixture
def bodies(city: City) -> dict[str, CouncilBody]:
    def body(name: str, **extra: Any) -> CouncilBody:
        return CouncilBody.objects.create(
            city=city, kind=CouncilBody.Kind.DISTRICT_COUNCIL, name=name, **extra
        )

    return {
        "mitte": body("Stadtbezirksbeirat Mitte"),
        "sued": body("SBB Süd"),  # linked by its oparl_id, set by the test
        "rat": body("Ratsversammlung"),
    }


def council(oparl: OParlServer, papers: int = 10) -> None:
    """10 papers in pages of 3 (4 pages), three organizations, two people, two meetings."""
    oparl.page_size(3)
    oparl.council(
        organizations=[
            oparl.organization(1, "Stadtbezirksbeirat Mitte"),
            oparl.organization(2, "Stadtbezirksbeirat Süd"),
            oparl.organization(3, "Fraktion Grüne Wiese"),
        ],
        people=[oparl.person(1, "Erika Mustermann"), oparl.person(2, "Max Muster")],
        meetings=[oparl.meeting(1, organization=1), oparl.meeting(2, organization=2)],
        papers=[
            oparl.paper(
                n,
                originatorPerson=[oparl.url("person/1")],
                originatorOrganization=[oparl.url("organization/3")],
                consultation=[
                    {
                        "id": oparl.url(f"consultation/{n}"),
                        "type": "https://schema.oparl.org/1.1/Consultation",
                        "agendaItem": oparl.url(f"agendaitem/{n}-2"),
                        "organization": [oparl.url("organization/1")],
                    }
                ],
            )
            for n in range(1, papers + 1)
        ],
    )


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def snapshot() -> list[Any]:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Organization, Person, Meeting, AgendaItem, Paper)
    ]


def test_the_first_import_stores_every_list_page_by_page(oparl: OParlServer) -> None:
    council(oparl)
    source, result = importer.import_url(oparl.system_url)

    assert source.name == "Ratsinformation Teststadt"
    assert (result.created, result.updated, result.deleted, result.broken_pages) == (
        3 + 2 + 2 + 4 + 10,  # organizations, people, meetings, agenda items, papers
        0,
        0,
        0,
    )
    # bodies 1 page, organizations 1, people 1, meetings 1, papers 4 (10 in pages of 3)
    assert result.pages == 8
    assert not result.interrupted
    paper = Paper.objects.get(reference="VII-A-00004")
    assert paper.oparl_id == oparl.url("paper/4")
    assert paper.name == "Antrag Nummer 4 zur Verbesserung der Radwege"
    assert paper.paper_type == "Antrag"
    assert str(paper.date) == "2024-01-05"
    assert paper.main_file_url == oparl.url("file/4/download")
    assert paper.originator_names == ["Erika Mustermann", "Fraktion Grüne Wiese"]
    assert set(paper.organizations.values_list("name", flat=True)) == {
        "Stadtbezirksbeirat Mitte",
        "Fraktion Grüne Wiese",
    }
    meeting = Meeting.objects.get(oparl_id=oparl.url("meeting/1"))
    assert meeting.location == "Neues Rathaus – Raum 260"
    assert list(meeting.organizations.values_list("name", flat=True)) == [
        "Stadtbezirksbeirat Mitte"
    ]
    item = meeting.agenda_items.get(number="2")
    assert (item.name, item.result, item.public) == ("Radwege", "beschlossen", True)
    # paper/1's consultation names this agenda item.
    assert item.paper == Paper.objects.get(oparl_id=oparl.url("paper/1"))
    assert meeting.agenda_items.get(number="1").paper is None
    source.refresh_from_db()
    assert source.last_success_at is not None
    assert (source.resume_list, source.resume_url) == ("", "")
    # Pages were asked for one after the other, following the links.
    assert [r for r in oparl.requests() if "paper" in r] == [
        "/oparl/body/1/paper",
        "/oparl/body/1/paper?page=2",
        "/oparl/body/1/paper?page=3",
        "/oparl/body/1/paper?page=4",
    ]


def test_a_second_import_changes_nothing(oparl: OParlServer, settings: Any) -> None:
    council(oparl)
    source, _ = importer.import_url(oparl.system_url)
    before = snapshot()
    oparl.forget_requests()

    # As a full run (no modified_since) and as the incremental one: nothing is written.
    OParlSource.objects.filter(pk=source.pk).update(last_success_at=None)
    full = importer.import_source(source)
    incremental = importer.import_source(source)

    assert (full.created, full.updated, full.deleted) == (0, 0, 0)
    assert full.unchanged == 3 + 2 + 2 + 10  # an unchanged meeting's agenda is not read
    assert (incremental.created, incremental.updated, incremental.deleted) == (0, 0, 0)
    assert snapshot() == before
    # The incremental run asks each list for what changed since the full run began.
    later = oparl.requests()[len(oparl.requests()) // 2 :]
    assert any("modified_since=" in r and "/paper" in r for r in later)


def test_a_changed_object_is_updated_and_a_deleted_one_marked(oparl: OParlServer) -> None:
    council(oparl)
    source, _ = importer.import_url(oparl.system_url)
    papers = json.loads((oparl.root / "oparl/body/1/paper.list.json").read_text())
    papers[1] = {**papers[1], "name": "Radwege in der Südvorstadt", "modified": now()}
    papers[2] = {
        "id": papers[2]["id"],
        "type": papers[2]["type"],
        "deleted": True,
        "modified": now(),
    }
    oparl.write_list("body/1/paper", papers)
    oparl.forget_requests()

    result = importer.import_source(source)

    assert (result.created, result.updated, result.deleted) == (0, 1, 1)
    changed = Paper.objects.get(oparl_id=oparl.url("paper/2"))
    assert changed.name == "Radwege in der Südvorstadt"
    assert changed.reference == "VII-A-00002"
    gone = Paper.objects.get(oparl_id=oparl.url("paper/3"))
    assert gone.deleted  # kept, marked
    assert gone.reference == "VII-A-00003"
    # Only the two changed papers came (modified_since), on one page.
    assert sum(1 for r in oparl.requests() if "/paper" in r) == 1
    assert not papers_matching(reference="VII-A-00003").exists()


def test_a_broken_page_is_logged_and_the_rest_imported(
    oparl: OParlServer, caplog: pytest.LogCaptureFixture
) -> None:
    council(oparl)
    oparl.fault("body/1/paper?page=2", raw='{"data": [')
    caplog.set_level(logging.WARNING, logger="oparl.importer")

    source, result = importer.import_url(oparl.system_url)

    assert result.broken_pages == 1
    assert not result.interrupted
    # Pages 1, 3 and 4: papers 1–3 and 7–10.
    assert sorted(Paper.objects.values_list("reference", flat=True)) == [
        f"VII-A-{n:05d}" for n in (1, 2, 3, 7, 8, 9, 10)
    ]
    [record] = [r for r in caplog.records if r.getMessage() == "oparl page broken"]
    assert record.url == oparl.url("body/1/paper?page=2")  # type: ignore[attr-defined]
    assert record.reason == "not JSON"  # type: ignore[attr-defined]
    assert record.list == "paper"  # type: ignore[attr-defined]
    # The run saw a broken page: the next run starts from the same point, and takes the page.
    source.refresh_from_db()
    assert source.last_success_at is None
    oparl.clear_faults()
    again = importer.import_source(source)
    assert (again.created, again.broken_pages) == (3, 0)
    assert Paper.objects.count() == 10


def test_pages_of_the_wrong_shape_and_objects_without_id_are_counted(oparl: OParlServer) -> None:
    council(oparl)
    oparl.fault("body/1/paper?page=3", raw='{"items": []}')
    oparl.fault("body/1/person", status=404)
    organizations = json.loads((oparl.root / "oparl/body/1/organization.list.json").read_text())
    oparl.write_list(
        "body/1/organization", [*organizations, {"name": "no id"}, {"id": "not a url"}]
    )

    _, result = importer.import_url(oparl.system_url)

    assert result.broken_pages == 2
    assert result.broken_objects == 2
    assert Person.objects.count() == 0
    assert Paper.objects.count() == 7
    assert Organization.objects.count() == 3


def test_an_interrupted_run_resumes_at_the_page_it_stopped_before(oparl: OParlServer) -> None:
    council(oparl)
    # Page 2 answers 500 twice (both tries of the first run), then works.
    oparl.fault("body/1/paper?page=2", status=500, times=2)

    source, first = importer.import_url(oparl.system_url)

    assert first.interrupted
    assert Paper.objects.count() == 3  # page 1 is stored
    source.refresh_from_db()
    assert (source.resume_list, source.resume_url) == (
        "paper",
        oparl.url("body/1/paper?page=2"),
    )
    assert source.last_success_at is None
    oparl.forget_requests()

    second = importer.import_source(source)

    assert second.resumed and not second.interrupted
    assert second.created == 7
    assert Paper.objects.count() == 10
    # Only the body list again, then straight to page 2: nothing before it is fetched again.
    assert oparl.requests() == [
        "/oparl/system",
        "/oparl/bodies",
        "/oparl/body/1/paper?page=2",
        "/oparl/body/1/paper?page=3",
        "/oparl/body/1/paper?page=4",
    ]
    source.refresh_from_db()
    assert source.last_success_at is not None
    assert source.resume_url == ""


def test_a_page_that_stops_every_run_is_skipped_after_three(oparl: OParlServer) -> None:
    council(oparl)
    oparl.fault("body/1/paper?page=2", status=503)
    source, _ = importer.import_url(oparl.system_url)
    for _ in range(2):
        assert importer.import_source(source).interrupted
    source.refresh_from_db()
    assert source.resume_failures == 3

    result = importer.import_source(source)

    assert not result.interrupted
    assert result.broken_pages == 1
    assert Paper.objects.count() == 7


def test_organizations_are_linked_to_council_bodies(
    oparl: OParlServer, city: City, bodies: dict[str, CouncilBody]
) -> None:
    council(oparl)
    CouncilBody.objects.filter(pk=bodies["sued"].pk).update(oparl_id=oparl.url("organization/2"))
    # A body of the same name in another city stays out of it.
    other = City.objects.create(name="Anderswo", slug="anderswo-oparl")
    stranger = CouncilBody.objects.create(
        city=other, kind=CouncilBody.Kind.DISTRICT_COUNCIL, name="Fraktion Grüne Wiese"
    )
    source = OParlSource.objects.create(system_url=oparl.system_url, city=city)

    result = importer.import_source(source)

    assert result.linked_bodies == 2
    mitte = Organization.objects.get(oparl_id=oparl.url("organization/1"))
    assert mitte.council_body == bodies["mitte"]  # by its exact name …
    bodies["mitte"].refresh_from_db()
    assert bodies["mitte"].oparl_id == mitte.oparl_id  # … and the body keeps the link
    sued = Organization.objects.get(oparl_id=oparl.url("organization/2"))
    assert sued.council_body == bodies["sued"]  # by its oparl_id, whatever the name
    assert Organization.objects.get(oparl_id=oparl.url("organization/3")).council_body is None
    stranger.refresh_from_db()
    assert stranger.oparl_id == ""
    # The body's meetings, through its organization.
    assert [m.name for m in meetings_of(bodies["mitte"])] == ["Sitzung 1"]
    assert [m.name for m in meetings_of(bodies["sued"])] == ["Sitzung 2"]
    assert importer.import_source(source).linked_bodies == 0


def test_papers_matching_prefers_the_exact_reference(oparl: OParlServer) -> None:
    council(oparl)
    papers = json.loads((oparl.root / "oparl/body/1/paper.list.json").read_text())
    papers.append(oparl.paper(11, name="Sanierung der Spielplätze im Leipziger Osten"))
    oparl.write_list("body/1/paper", papers)
    importer.import_url(oparl.system_url)

    assert [p.reference for p in papers_matching(reference="VII-A-00011", title="Radwege")] == [
        "VII-A-00011"
    ]
    # No such reference: the title decides, German stemming included (Spielplatz ~ Spielplätze).
    assert [p.reference for p in papers_matching(reference="XX-1", title="Spielplatz")] == [
        "VII-A-00011"
    ]
    assert [p.reference for p in papers_matching(title="Leipziger Ost")] == ["VII-A-00011"]
    radwege = list(papers_matching(title="Radwege"))
    assert len(radwege) == 10
    dates = [str(p.date) for p in radwege]
    assert dates == sorted(dates, reverse=True)
    assert len(papers_matching(title="Radwege", limit=3)) == 3
    mitte = Organization.objects.get(oparl_id=oparl.url("organization/1"))
    assert papers_matching(title="Spielplatz", organization_ids=[mitte.pk]).count() == 0
    assert papers_matching(title="Radwege", organization_ids=[mitte.pk]).count() == 10
    assert {str(p.date) for p in papers_matching(title="Radwege", since=_day("2024-01-10"))} == {
        "2024-01-10",
        "2024-01-11",
    }
    assert not papers_matching().exists()


def _day(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


def test_the_signal_names_each_pages_changed_papers_after_commit(
    oparl: OParlServer, django_capture_on_commit_callbacks: Any
) -> None:
    council(oparl)
    received: list[list[int]] = []

    def receiver(sender: Any, paper_ids: list[int], **kwargs: Any) -> None:
        received.append(sorted(paper_ids))

    def failing(sender: Any, **kwargs: Any) -> None:
        raise RuntimeError("a receiver's bug does not stop the import")

    papers_changed.connect(receiver)
    papers_changed.connect(failing)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            source, _ = importer.import_url(oparl.system_url)
            assert received == []  # nothing before the pages' transactions commit
        assert len(callbacks) == 4  # one per paper page
        for callback in callbacks:
            callback()
        ids = lambda refs: sorted(  # noqa: E731
            Paper.objects.filter(reference__in=refs).values_list("pk", flat=True)
        )
        assert received == [
            ids(["VII-A-00001", "VII-A-00002", "VII-A-00003"]),
            ids(["VII-A-00004", "VII-A-00005", "VII-A-00006"]),
            ids(["VII-A-00007", "VII-A-00008", "VII-A-00009"]),
            ids(["VII-A-00010"]),
        ]
        received.clear()
        with django_capture_on_commit_callbacks(execute=True):
            importer.import_source(source)
        assert received == []  # nothing changed: no signal
    finally:
        papers_changed.disconnect(receiver)
        papers_changed.disconnect(failing)


def test_the_command_imports_a_url_and_then_every_source(oparl: OParlServer) -> None:
    council(oparl)
    out = StringIO()
    call_command("import_oparl", oparl.system_url, stdout=out)
    assert "Ratsinformation Teststadt: pages 8, created 21" in out.getvalue()
    out = StringIO()
    call_command("import_oparl", stdout=out)
    assert "created 0, updated 0, deleted 0" in out.getvalue()
    assert OParlSource.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("page", "is not an OParl system: not JSON"),
        ("plain", "is not an OParl system: no body list"),
        ("missing", "is not an OParl system: HTTP 404"),
    ],
)
def test_a_url_that_is_no_oparl_system_is_refused_and_nothing_changes(
    oparl: OParlServer, path: str, message: str
) -> None:
    oparl.write("page", "<html><body>Ratsinfo</body></html>")
    oparl.write("plain", {"hello": "world"})
    before = counts()

    with pytest.raises(CommandError, match=message):
        call_command("import_oparl", oparl.url(path), stdout=StringIO())

    assert counts() == before


def test_bad_addresses_are_refused(oparl: OParlServer) -> None:
    with pytest.raises(CommandError, match="Not an http"):
        call_command("import_oparl", "ftp://example.org/oparl", stdout=StringIO())
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(CommandError, match="did not answer"):
        call_command("import_oparl", f"http://127.0.0.1:{port}/oparl/system", stdout=StringIO())
    with pytest.raises(CommandError, match="No OParl source yet"):
        call_command("import_oparl", stdout=StringIO())
    assert OParlSource.objects.count() == 0


def test_links_off_the_systems_server_are_not_followed(oparl: OParlServer) -> None:
    council(oparl)
    bodies = json.loads((oparl.root / "oparl/bodies.list.json").read_text())
    bodies[0]["paper"] = "http://elsewhere.invalid/oparl/paper"
    oparl.write_list("bodies", bodies)

    _, result = importer.import_url(oparl.system_url)

    assert result.broken_pages == 1
    assert Paper.objects.count() == 0
    assert Organization.objects.count() == 3


def test_redirects_are_followed_only_on_the_systems_server(oparl: OParlServer) -> None:
    council(oparl)
    oparl.fault("body/1/paper", redirect=oparl.url("body/1/paper?page=1"))
    oparl.fault("body/1/person", redirect="http://elsewhere.invalid/oparl/person")

    _, result = importer.import_url(oparl.system_url)

    assert Paper.objects.count() == 10
    assert result.broken_pages == 1  # the people's list
    assert Person.objects.count() == 0
    assert "/oparl/body/1/paper?page=1" in oparl.requests()


def test_odd_values_are_cleaned_and_an_unstorable_page_is_skipped(
    oparl: OParlServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    council(oparl)
    papers = json.loads((oparl.root / "oparl/body/1/paper.list.json").read_text())
    papers[0]["name"] = "Antrag\u0000 mit Nullzeichen"
    papers[1]["date"] = "kein Datum"
    papers[2]["modified"] = "9999-12-31T23:59:59-05:00"  # past year 9999 in UTC
    papers[4]["reference"] = "R" * 500
    oparl.write_list("body/1/paper", papers)
    store = importer.STORE["paper"]

    def store_or_fail(objects: list[Any], result: importer.ImportResult) -> list[int]:
        ids = store(objects, result)
        if any(o["id"] == oparl.url("paper/7") for o in objects):
            with connection.cursor() as cursor:  # a real database error, after the writes
                cursor.execute("SELECT 1 / 0")
        return ids

    monkeypatch.setitem(importer.STORE, "paper", store_or_fail)

    _, result = importer.import_url(oparl.system_url)

    assert Paper.objects.get(oparl_id=oparl.url("paper/1")).name == "Antrag mit Nullzeichen"
    assert Paper.objects.get(oparl_id=oparl.url("paper/2")).date is None
    assert Paper.objects.get(oparl_id=oparl.url("paper/3")).modified is None
    assert len(Paper.objects.get(oparl_id=oparl.url("paper/5")).reference) == 200
    assert result.broken_pages == 1  # page 3 (papers 7–9), rolled back
    assert sorted(Paper.objects.values_list("oparl_id", flat=True)) == sorted(
        oparl.url(f"paper/{n}") for n in (1, 2, 3, 4, 5, 6, 10)
    )
    assert result.created == 3 + 2 + 2 + 4 + 7


def test_the_task_imports_every_source(oparl: OParlServer, settings: Any) -> None:
    from oparl.tasks import import_all_sources

    council(oparl)
    OParlSource.objects.create(system_url=oparl.system_url)
    OParlSource.objects.create(system_url=oparl.url("nothing-here"))

    results = import_all_sources.apply().get()

    assert results[oparl.system_url]["created"] == 21
    assert oparl.url("nothing-here") not in results
    assert settings.CELERY_BEAT_SCHEDULE["oparl-import"]["task"] == "oparl.tasks.import_all_sources"
