"""The OParl 1.1 import: System → its bodies → each body's lists (organization, person, meeting
with its embedded agenda items, paper), one page at a time.

- Streamed: one page is read, stored in one transaction (bulk upserts) and dropped before the
  next is asked for; memory does not grow with the number of pages.
- Idempotent: a row is written only when a stored field differs, so a second run changes
  nothing. An object with ``deleted: true`` marks its row deleted (never a hard delete).
- Incremental: the lists are asked for ``modified_since`` the start of the last complete run.
- Resumable: the position (body, list, next page) is stored with each page's rows; a run that
  stops (the server unreachable, 5xx after retries, a killed worker) resumes there.
- Tolerant: a broken page (4xx, not JSON, not a list page, too large, off the system's host) is
  logged and counted; the run goes on with the next page where the page number shows it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from functools import partial
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests
from django.conf import settings
from django.db import DatabaseError, connection, models, reset_queries, transaction
from django.utils import timezone

from oparl.models import AgendaItem, Meeting, OParlSource, Organization, Paper, Person
from oparl.signals import papers_changed
from public_marketplace.models import CouncilBody

logger = logging.getLogger(__name__)

# The lists of a Body, in the order they are walked: organizations and people first, so that
# meetings and papers find the organizations (and originators) they name.
LISTS = ("organization", "person", "meeting", "paper")
# Runs that stop at one and the same page before it is counted as broken and skipped.
MAX_RESUME_FAILURES = 3
MAX_REDIRECTS = 5
_LOCK_NAMESPACE = "wecreate.oparl_import"


class OParlError(Exception):
    """The import cannot start (no OParl system at that address, a run already under way)."""


class _Unavailable(Exception):
    """The server did not answer usefully after every try: the run stops, to resume later."""


class _BrokenPage(Exception):
    """This page is unusable; the others may be fine."""


@dataclass
class ImportResult:
    pages: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    broken_pages: int = 0
    broken_objects: int = 0
    linked_bodies: int = 0
    resumed: bool = False
    interrupted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        text = ", ".join(
            f"{k.replace('_', ' ')} {v}" for k, v in self.as_dict().items() if type(v) is int
        )
        return (
            text
            + (" (resumed)" if self.resumed else "")
            + (" — interrupted, will resume" if self.interrupted else "")
        )


# --- HTTP ----------------------------------------------------------------------------------


class Client:
    """GETs JSON from one OParl server. Every request has a timeout; only URLs on the system's
    own scheme and host are followed (ids and next links come from the server: never let them
    point the importer elsewhere)."""

    def __init__(self, system_url: str) -> None:
        parts = urlsplit(system_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise OParlError(f"Not an http(s) URL: {system_url!r}")
        self.origin = (parts.scheme, parts.netloc.lower())
        self.session = requests.Session()
        self.session.headers.update(
            {"Accept": "application/json", "User-Agent": "WeCreate-OParl-Import/1"}
        )

    def close(self) -> None:
        self.session.close()

    def get(self, url: str) -> Any:
        if not self._on_server(url):
            raise _BrokenPage("outside the system's server")
        problem = ""
        for attempt in range(max(1, settings.OPARL_TRIES)):
            if attempt:
                time.sleep(settings.OPARL_RETRY_SECONDS * attempt)
            try:
                body = self._read(url)
            except _Retry as exc:
                problem = str(exc)
                continue
            try:
                return json.loads(body)
            except ValueError:
                raise _BrokenPage("not JSON") from None
        raise _Unavailable(problem)

    def _on_server(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme, parts.netloc.lower()) == self.origin

    def _read(self, url: str) -> bytes:
        limit = settings.OPARL_MAX_PAGE_BYTES
        # The read timeout bounds each wait for data; this bounds a server that drips it.
        deadline = time.monotonic() + 2 * settings.OPARL_TIMEOUT[1]
        try:
            for _ in range(MAX_REDIRECTS + 1):
                with self.session.get(
                    url, timeout=settings.OPARL_TIMEOUT, stream=True, allow_redirects=False
                ) as response:
                    status = response.status_code
                    if status in (301, 302, 303, 307, 308):
                        # Followed by hand: a redirect must stay on the system's server too.
                        url = urljoin(url, response.headers.get("Location", ""))
                        if not self._on_server(url):
                            raise _BrokenPage("redirected outside the system's server")
                        continue
                    if status >= 500 or status == 429:
                        raise _Retry(f"HTTP {status}")
                    if status >= 400:
                        raise _BrokenPage(f"HTTP {status}")
                    chunks, size = [], 0
                    for chunk in response.iter_content(64 * 1024):
                        size += len(chunk)
                        if size > limit:
                            raise _BrokenPage(f"larger than {limit} bytes")
                        if time.monotonic() > deadline:
                            raise _Retry("too slow")
                        chunks.append(chunk)
                    return b"".join(chunks)
        except requests.RequestException as exc:
            raise _Retry(type(exc).__name__) from exc
        raise _BrokenPage("too many redirects")


class _Retry(Exception):
    pass


def fetch_system(client: Client, system_url: str) -> dict[str, Any]:
    """The System object, or OParlError saying why there is none."""
    try:
        system = client.get(system_url)
    except _BrokenPage as exc:
        raise OParlError(f"{system_url} is not an OParl system: {exc}") from None
    except _Unavailable as exc:
        raise OParlError(f"{system_url} did not answer: {exc}") from None
    if not isinstance(system, dict) or not isinstance(system.get("body"), str):
        raise OParlError(f"{system_url} is not an OParl system: no body list")
    return system


# --- Reading objects -----------------------------------------------------------------------


def _text(obj: dict[str, Any], key: str, limit: int | None = None) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        return ""
    value = value.replace("\x00", "").strip()  # PostgreSQL text holds no NUL
    return value[:limit] if limit else value


def _url(value: Any, limit: int = 1000) -> str:
    if (
        isinstance(value, str)
        and value.startswith(("http://", "https://"))
        and len(value) <= limit
        and "\x00" not in value
    ):
        return value
    return ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _urls(value: Any) -> list[str]:
    return [u for u in value if _url(u)] if isinstance(value, list) else []


# Dates outside these years are typos or placeholders ("0001-01-01", "9999-12-31"); kept as
# unknown, they cannot overflow on the way into or out of PostgreSQL.
_YEARS = range(1800, 2300)


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
        parsed = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        return parsed if parsed.astimezone(UTC).year in _YEARS else None
    except (ValueError, OverflowError):
        return None


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    return parsed if parsed.year in _YEARS else None


def _objects(page: Any) -> tuple[list[Any], str, int | None]:
    """A list page's objects, next page URL and page count; _BrokenPage for any other shape."""
    if not isinstance(page, dict) or not isinstance(page.get("data"), list):
        raise _BrokenPage("not an OParl list page")
    links = _dict(page.get("links"))
    pagination = _dict(page.get("pagination"))
    total = pagination.get("totalPages")
    return page["data"], _url(links.get("next"), 4000), total if type(total) is int else None


def _page_after(url: str, total_pages: int | None) -> str:
    """The page after a broken one, when the URL counts pages (``page=N``) and N is not the last
    one; else "" (the rest of that list is lost for this run)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    numbers = [v for k, v in query if k == "page"]
    if total_pages is None or len(numbers) != 1 or not numbers[0].isdigit():
        return ""
    number = int(numbers[0])
    if number >= total_pages:
        return ""
    query = [(k, str(number + 1) if k == "page" else v) for k, v in query]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _with_since(url: str, since: datetime | None) -> str:
    if since is None:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if k != "modified_since"]
    stamp = since.astimezone(UTC).replace(microsecond=0).isoformat()
    query.append(("modified_since", stamp))
    return urlunsplit(parts._replace(query=urlencode(query)))


# --- Writing rows --------------------------------------------------------------------------


@dataclass
class _Rows:
    """One page's objects of one model: fields of the live ones, ``modified`` of the deleted."""

    live: dict[str, dict[str, Any]]
    gone: dict[str, datetime | None]
    raw: dict[str, dict[str, Any]]


def _split(objects: list[Any], kind: str, result: ImportResult, mapper: Any) -> _Rows:
    rows = _Rows({}, {}, {})
    for obj in objects:
        oparl_id = _url(obj.get("id")) if isinstance(obj, dict) else ""
        kind_of = obj.get("type") if isinstance(obj, dict) else None
        if not oparl_id or (isinstance(kind_of, str) and not kind_of.endswith("/" + kind)):
            result.broken_objects += 1
            continue
        if obj.get("deleted") is True:
            rows.gone[oparl_id] = _datetime(obj.get("modified"))
            rows.live.pop(oparl_id, None)
            continue
        rows.live[oparl_id] = {**mapper(obj), "modified": _datetime(obj.get("modified"))}
        rows.raw[oparl_id] = obj
        rows.gone.pop(oparl_id, None)
    return rows


def _upsert(model: type[models.Model], rows: _Rows, result: ImportResult) -> dict[str, int]:
    """Writes what differs; returns {oparl_id: pk} of the rows created, changed or deleted."""
    keys = [*rows.live, *rows.gone]
    if not keys:
        return {}
    names = list(dict.fromkeys([*next(iter(rows.live.values()), {}).keys(), "modified"]))
    existing = {
        r["oparl_id"]: r
        for r in model._default_manager.filter(oparl_id__in=keys).values(
            "pk", "oparl_id", "deleted", *names
        )
    }
    now = timezone.now()
    new, changed, gone = [], [], []
    for key, values in rows.live.items():
        values = {**values, "deleted": False}
        old = existing.get(key)
        if old is None:
            new.append(model(oparl_id=key, updated_at=now, **values))
        elif any(old[name] != value for name, value in values.items()):
            changed.append(model(pk=old["pk"], oparl_id=key, updated_at=now, **values))
        else:
            result.unchanged += 1
    for key, modified in rows.gone.items():
        old = existing.get(key)
        if old is None or old["deleted"]:
            result.unchanged += 1  # never seen alive here, or already marked
            continue
        gone.append(
            model(pk=old["pk"], oparl_id=key, deleted=True, modified=modified, updated_at=now)
        )
    written = [*names, "deleted", "updated_at"]
    if new:
        # On a conflict (another process created the row meanwhile) it is updated instead.
        model._default_manager.bulk_create(
            new, update_conflicts=True, unique_fields=["oparl_id"], update_fields=written
        )
    if changed:
        model._default_manager.bulk_update(changed, written)
    if gone:
        model._default_manager.bulk_update(gone, ["deleted", "modified", "updated_at"])
    result.created += len(new)
    result.updated += len(changed)
    result.deleted += len(gone)
    return {obj.oparl_id: obj.pk for obj in (*new, *changed, *gone)}  # type: ignore[attr-defined]


def _set_organizations(
    through: type[models.Model], owner: str, links: dict[int, list[str]]
) -> None:
    """Replaces the organization links of the given rows (those just created or changed)."""
    if not links:
        return
    wanted = {url for urls in links.values() for url in urls}
    known = dict(Organization.objects.filter(oparl_id__in=wanted).values_list("oparl_id", "pk"))
    through._default_manager.filter(**{f"{owner}_id__in": list(links)}).delete()
    through._default_manager.bulk_create(
        [
            through(**{f"{owner}_id": pk, "organization_id": known[url]})
            for pk, urls in links.items()
            for url in dict.fromkeys(urls)
            if url in known
        ],
        ignore_conflicts=True,
    )


def _organization(obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": _text(obj, "name"),
        "short_name": _text(obj, "shortName", 200),
        "classification": _text(obj, "classification", 200),
        "body_oparl_id": _url(obj.get("body")),
    }


def _person(obj: dict[str, Any]) -> dict[str, Any]:
    name = _text(obj, "name") or " ".join(
        part for part in (_text(obj, "givenName"), _text(obj, "familyName")) if part
    )
    return {"name": name}


def _location(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    description = _text(value, "description")
    address = ", ".join(
        part
        for part in (_text(value, "room"), _text(value, "streetAddress"), _text(value, "locality"))
        if part
    )
    return " – ".join(part for part in (description, address) if part)


def _meeting(obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": _text(obj, "name"),
        "start": _datetime(obj.get("start")),
        "end": _datetime(obj.get("end")),
        "location": _location(obj.get("location")),
        "cancelled": obj.get("cancelled") is True,
    }


def _agenda_item(obj: dict[str, Any]) -> dict[str, Any]:
    order = obj.get("order")
    public = obj.get("public")
    return {
        "number": _text(obj, "number", 100),
        "order": order if type(order) is int and abs(order) < 2**31 else None,
        "name": _text(obj, "name"),
        "public": public if isinstance(public, bool) else None,
        "result": _text(obj, "result"),
        "resolution_text": _text(obj, "resolutionText"),
        "consultation_oparl_id": _url(obj.get("consultation")),
    }


def _paper(obj: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    main_file = _dict(obj.get("mainFile"))
    originators = [
        *_urls(obj.get("originatorPerson")),
        *_urls(obj.get("originatorOrganization")),
    ]
    return {
        "name": _text(obj, "name"),
        "reference": _text(obj, "reference", 200),
        "paper_type": _text(obj, "paperType", 200),
        "date": _date(obj.get("date")),
        "main_file_url": _url(main_file.get("accessUrl") or main_file.get("downloadUrl"), 4000),
        "originator_names": [names[url] for url in originators if names.get(url)],
    }


def _consultations(obj: dict[str, Any]) -> list[dict[str, Any]]:
    value = obj.get("consultation")
    return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []


def _paper_organizations(obj: dict[str, Any]) -> list[str]:
    urls = [*_urls(obj.get("originatorOrganization")), *_urls(obj.get("underDirectionOf"))]
    for consultation in _consultations(obj):
        urls.extend(_urls(consultation.get("organization")))
    return urls


def store_organizations(objects: list[Any], result: ImportResult) -> list[int]:
    _upsert(Organization, _split(objects, "Organization", result, _organization), result)
    return []


def store_people(objects: list[Any], result: ImportResult) -> list[int]:
    _upsert(Person, _split(objects, "Person", result, _person), result)
    return []


def store_meetings(objects: list[Any], result: ImportResult) -> list[int]:
    rows = _split(objects, "Meeting", result, _meeting)
    written = _upsert(Meeting, rows, result)
    live = {key: pk for key, pk in written.items() if key in rows.live}
    _set_organizations(
        Meeting.organizations.through,
        "meeting",
        {pk: _urls(rows.raw[key].get("organization")) for key, pk in live.items()},
    )
    # A changed meeting brings its agenda; items no longer on it are marked deleted.
    items = _Rows({}, {}, {})
    for key, meeting_pk in live.items():
        embedded = rows.raw[key].get("agendaItem")
        part = _split(
            embedded if isinstance(embedded, list) else [], "AgendaItem", result, _agenda_item
        )
        for item_key, values in part.live.items():
            items.live[item_key] = {**values, "meeting_id": meeting_pk}
        items.gone.update(part.gone)
    if live:
        for item_key, modified in (
            AgendaItem.objects.filter(meeting_id__in=live.values(), deleted=False)
            .exclude(oparl_id__in=[*items.live, *items.gone])
            .values_list("oparl_id", "modified")
        ):
            items.gone[item_key] = modified
    _upsert(AgendaItem, items, result)
    return []


def store_papers(objects: list[Any], result: ImportResult) -> list[int]:
    people = [
        url
        for obj in objects
        if isinstance(obj, dict)
        for url in (*_urls(obj.get("originatorPerson")), *_urls(obj.get("originatorOrganization")))
    ]
    names = dict(Person.objects.filter(oparl_id__in=people).values_list("oparl_id", "name"))
    names.update(Organization.objects.filter(oparl_id__in=people).values_list("oparl_id", "name"))
    rows = _split(objects, "Paper", result, partial(_paper, names=names))
    written = _upsert(Paper, rows, result)
    live = {key: pk for key, pk in written.items() if key in rows.live}
    _set_organizations(
        Paper.organizations.through,
        "paper",
        {pk: _paper_organizations(rows.raw[key]) for key, pk in live.items()},
    )
    # The paper's consultations name the agenda items that discuss it.
    agenda = {
        item: pk
        for key, pk in live.items()
        for consultation in _consultations(rows.raw[key])
        if (item := _url(consultation.get("agendaItem")))
    }
    relink = [
        AgendaItem(pk=pk, paper_id=agenda[oparl_id])
        for pk, oparl_id, paper_id in AgendaItem.objects.filter(oparl_id__in=agenda).values_list(
            "pk", "oparl_id", "paper_id"
        )
        if paper_id != agenda[oparl_id]
    ]
    AgendaItem.objects.bulk_update(relink, ["paper"])
    return list(written.values())


STORE = {
    "organization": store_organizations,
    "person": store_people,
    "meeting": store_meetings,
    "paper": store_papers,
}


# --- Linking organizations to council bodies --------------------------------------------------


def link_council_bodies(*, source: OParlSource | None = None) -> int:
    """Links unlinked organizations to our council bodies: the body whose ``oparl_id`` is the
    organization's id; else, for bodies without one, the one body of exactly that name (in the
    source's city, when it has one), whose ``oparl_id`` is then set. Returns the links made."""
    linked = 0
    bodies = CouncilBody.objects.all()
    if source is not None and source.city_id:
        bodies = bodies.filter(city_id=source.city_id)
    unlinked = Organization.objects.filter(council_body__isnull=True, deleted=False)
    by_id = dict(
        bodies.filter(oparl_id__in=unlinked.values("oparl_id")).values_list("oparl_id", "pk")
    )
    for org_pk, oparl_id in unlinked.filter(oparl_id__in=by_id).values_list("pk", "oparl_id"):
        linked += Organization.objects.filter(pk=org_pk).update(council_body_id=by_id[oparl_id])
    free: dict[str, list[int]] = {}
    for pk, name in bodies.filter(oparl_id="").values_list("pk", "name"):
        free.setdefault(name, []).append(pk)
    for org_pk, oparl_id, name in unlinked.filter(
        council_body__isnull=True, name__in=list(free)
    ).values_list("pk", "oparl_id", "name"):
        matches = free.get(name, [])
        if len(matches) != 1:
            continue  # two bodies of one name: an admin sets the oparl_id by hand
        with transaction.atomic():
            if CouncilBody.objects.filter(pk=matches[0], oparl_id="").update(oparl_id=oparl_id):
                linked += Organization.objects.filter(pk=org_pk).update(council_body_id=matches[0])
        free.pop(name)
    return linked


# --- The run -------------------------------------------------------------------------------


@contextmanager
def _lock(source_id: int) -> Iterator[None]:
    """One run per source at a time (a session lock: it goes with a killed worker's connection)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_lock(hashtext(%s), %s)", [_LOCK_NAMESPACE, source_id]
        )
        if not cursor.fetchone()[0]:
            raise OParlError("An import of this source is already running.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_unlock(hashtext(%s), %s)", [_LOCK_NAMESPACE, source_id]
            )


# What storing an odd page may raise: it is rolled back and counted as broken, never the end
# of the run.
_UNSTORABLE = (DatabaseError, TypeError, ValueError, KeyError, AttributeError, OverflowError)
_PAGE_COUNTS = ("created", "updated", "deleted", "unchanged", "broken_objects")


class _Run:
    def __init__(self, source: OParlSource, client: Client, result: ImportResult) -> None:
        self.source = source
        self.client = client
        self.result = result
        self.since = source.last_success_at
        self.broken_before = source.run_broken_pages  # of this run's earlier, interrupted part
        self.current_url = ""
        self.list_pages = 0

    def _store_position(
        self, body: str, list_name: str, url: str, total: int | None = None
    ) -> None:
        OParlSource.objects.filter(pk=self.source.pk).update(
            resume_body=body,
            resume_list=list_name,
            resume_url=url,
            resume_total_pages=total,
            run_broken_pages=self.broken_before + self.result.broken_pages,
        )

    def _broken(self, url: str, where: str, reason: str) -> None:
        self.result.broken_pages += 1
        logger.warning(
            "oparl page broken",
            extra={"source_id": self.source.pk, "list": where, "url": url, "reason": reason},
        )

    def bodies(self, url: str) -> list[dict[str, Any]]:
        """The body list (a handful of bodies, so kept; their lists are what is streamed)."""
        found: list[dict[str, Any]] = []
        while url:
            try:
                objects, next_url, total = _objects(self.client.get(url))
            except _BrokenPage as exc:
                self._broken(url, "body", str(exc))
                url = _page_after(url, None)
                continue
            self.result.pages += 1
            for obj in objects:
                if isinstance(obj, dict) and _url(obj.get("id")):
                    found.append({"id": obj["id"], **{name: _url(obj.get(name)) for name in LISTS}})
                else:
                    self.result.broken_objects += 1
            url = next_url
        return found

    def walk(
        self,
        body: str,
        list_name: str,
        url: str,
        *,
        total: int | None = None,
        skip_first: bool = False,
    ) -> None:
        store = STORE[list_name]
        while url:
            self.current_url = url
            try:
                if skip_first:
                    skip_first = False
                    raise _BrokenPage(f"stopped {MAX_RESUME_FAILURES} runs in a row")
                objects, next_url, total = _objects(self.client.get(url))
            except _BrokenPage as exc:
                self._broken(url, list_name, str(exc))
                url = _page_after(url, total)
                self._store_position(body, list_name, url, total)
                continue
            counts = {name: getattr(self.result, name) for name in _PAGE_COUNTS}
            try:
                with transaction.atomic():
                    paper_ids = store(objects, self.result)
                    self._store_position(body, list_name, next_url, total)
                    if paper_ids:
                        transaction.on_commit(
                            partial(_announce, paper_ids=paper_ids, source_id=self.source.pk)
                        )
            except _UNSTORABLE as exc:
                # Rolled back: the page counts as broken, its counts are undone.
                for name, value in counts.items():
                    setattr(self.result, name, value)
                logger.exception("oparl page not stored", extra={"url": url})
                self._broken(url, list_name, f"not stored: {type(exc).__name__}")
                url = next_url or _page_after(url, total)
                self._store_position(body, list_name, url, total)
                continue
            reset_queries()  # DEBUG keeps every query; a long run would keep them all
            self.result.pages += 1
            self.list_pages += 1
            url = next_url

    def run(self, system: dict[str, Any]) -> None:
        source = self.source
        resume = (source.resume_body, source.resume_list, source.resume_url)
        bodies = self.bodies(system["body"])
        start = 0
        if resume[0]:
            ids = [b["id"] for b in bodies]
            if resume[0] in ids and resume[1] in LISTS:
                start = ids.index(resume[0])
                self.result.resumed = True
            else:
                resume = ("", "", "")
        for index, body in enumerate(bodies[start:]):
            for list_name in LISTS:
                if self.result.resumed and index == 0:
                    if LISTS.index(list_name) < LISTS.index(resume[1]):
                        continue
                    if list_name == resume[1]:
                        if resume[2]:
                            self.walk(
                                body["id"],
                                list_name,
                                resume[2],
                                total=source.resume_total_pages,
                                skip_first=source.resume_failures >= MAX_RESUME_FAILURES,
                            )
                        continue
                if body[list_name]:
                    url = _with_since(body[list_name], self.since)
                    self._store_position(body["id"], list_name, url)
                    self.walk(body["id"], list_name, url)


def _announce(*, paper_ids: list[int], source_id: int) -> None:
    for receiver, response in papers_changed.send_robust(
        sender=Paper, paper_ids=paper_ids, source_id=source_id
    ):
        if isinstance(response, Exception):
            logger.error(
                "papers_changed receiver failed",
                exc_info=response,
                extra={"receiver": getattr(receiver, "__qualname__", str(receiver))},
            )


def import_source(
    source: OParlSource, *, system: dict[str, Any] | None = None, client: Client | None = None
) -> ImportResult:
    """Imports (or resumes importing) one source. OParlError when it cannot start."""
    result = ImportResult()
    own_client = client is None
    client = client or Client(source.system_url)
    try:
        with _lock(source.pk):
            source.refresh_from_db()
            system = system or fetch_system(client, source.system_url)
            if not source.resume_body:
                source.run_started_at = timezone.now()
                source.run_broken_pages = 0
                source.save(update_fields=["run_started_at", "run_broken_pages"])
            started_at = source.run_started_at or timezone.now()
            resumed_at = source.resume_url
            run = _Run(source, client, result)
            try:
                run.run(system)
            except _Unavailable as exc:
                result.interrupted = True
                source.refresh_from_db()
                stuck = run.list_pages == 0 and run.current_url == resumed_at
                logger.warning(
                    "oparl import interrupted",
                    extra={"source_id": source.pk, "url": run.current_url, "reason": str(exc)},
                )
                source.resume_failures = source.resume_failures + 1 if stuck else 1
                source.last_run_at = timezone.now()
                source.last_result = result.as_dict()
                source.save(update_fields=["resume_failures", "last_run_at", "last_result"])
                return result
            result.linked_bodies = link_council_bodies(source=source)
            source.refresh_from_db()
            if run.broken_before + result.broken_pages == 0:
                # Only a run that saw every page moves the incremental start on.
                source.last_success_at = started_at
            source.run_started_at = None
            source.resume_body = source.resume_list = source.resume_url = ""
            source.resume_total_pages = None
            source.resume_failures = source.run_broken_pages = 0
            source.last_run_at = timezone.now()
            source.last_result = result.as_dict()
            if not source.name:
                source.name = _text(system, "name", 200)
            source.save()
            return result
    finally:
        if own_client:
            client.close()


def import_url(system_url: str, *, name: str = "") -> tuple[OParlSource, ImportResult]:
    """Imports from the system at ``system_url``, made a source on first use. The System is
    read first: an address that is no OParl system raises OParlError and stores nothing."""
    client = Client(system_url)
    try:
        system = fetch_system(client, system_url)
        source, _ = OParlSource.objects.get_or_create(
            system_url=system_url, defaults={"name": name or _text(system, "name", 200)}
        )
        return source, import_source(source, system=system, client=client)
    finally:
        client.close()


def import_all_sources() -> dict[str, ImportResult]:
    """Every source in turn; one that cannot start is logged and does not stop the others."""
    results: dict[str, ImportResult] = {}
    for source in OParlSource.objects.order_by("pk"):
        try:
            results[source.system_url] = import_source(source)
        except OParlError as exc:
            logger.error(
                "oparl import could not start", extra={"source_id": source.pk, "reason": str(exc)}
            )
    return results
