"""WEB-6: the main pages load nothing from another host. Fonts, scripts, styles and pictures are
served by the page's own host, so no third party learns who reads what; the only other host a
browser meets is the root domain, by navigation, for the login bridge.

Every request Chromium makes is recorded, and also what the Content-Security-Policy blocked
before a request was made (a blocked third-party font is a broken page, not a safe one)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

ROOT = "localhost"
ORG = "verdi-leipzig.localhost"  # read only here; the billing and intranet journeys use others
PUBLIC_PAGES = [
    "/",
    "/impulse/",
    "/impulse/neu/",
    "/impulse/?district=lindenau",
    "/impulse/?q=Lindenau",
    "/wirkung/",
    "/wirkung/leipzig/",
    "/wirkung/leipzig/alt-west/",
    "/organisation/verdi-leipzig/",
    "/benachrichtigungen/",
    "/konto/profil/",
]
MEMBER_PAGES = [
    "/",
    "/feed/",
    "/mitglieder/",
    "/mitglieder/profil/",
    "/gruppen/",
    "/termine/",
    "/dokumente/",
    "/diskussionen/",
    "/suche/?q=Mitgliederversammlung",
    "/benachrichtigungen/",
]
OWNER_PAGES = [
    "/einstellungen/",
    "/einstellungen/abrechnung/",
    "/einstellungen/api/",
    "/mitglieder/import/",
]


@dataclass
class Recorder:
    """Requests to a host other than the page's own; navigations may also go to the root."""

    port: int
    offences: list[str] = field(default_factory=list)
    seen: int = 0

    def watch(self, page: Any) -> None:
        page.on("request", self._request)
        page.on("console", self._console)

    def _request(self, request: Any) -> None:
        target = urlsplit(request.url)
        if target.scheme not in ("http", "https"):
            return  # data: pictures of the design system, blob: previews
        self.seen += 1
        frame_url = request.frame.url if request.frame else ""
        page_host = urlsplit(frame_url).netloc if frame_url.startswith("http") else ""
        allowed = {page_host} if page_host else set()
        if request.is_navigation_request():
            # The login bridge hops between the organisation's host and the root domain.
            allowed |= {f"{ROOT}:{self.port}", f"{ORG}:{self.port}"}
        if target.netloc not in allowed:
            self.offences.append(
                f"{request.resource_type} {request.url} (on {frame_url or 'a new page'})"
            )

    def _console(self, message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.offences.append(f"blocked by CSP on {message.location.get('url')}: {message.text}")


@pytest.fixture
def recorder(page: Any, live_stack: Any) -> Iterator[Recorder]:
    recorder = Recorder(port=live_stack.port)
    recorder.watch(page)
    yield recorder


def _visit(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")  # pictures, fonts and htmx loads included


def _first_link(page: Any, pattern: str) -> str:
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
    for href in hrefs:
        if re.search(pattern, href):
            return str(href)
    raise AssertionError(f"no link matching {pattern} on {page.url}")


def test_public_pages_load_nothing_from_other_hosts(page, live_stack, recorder) -> None:
    url = lambda path: live_stack.url(ROOT, path)  # noqa: E731
    for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        _visit(page, url(path))
    # An impulse of its own, so the page of one exists whatever ran before.
    log_in(page, live_stack, "anna@demo.wecreate.test")
    _visit(page, url("/impulse/neu/"))
    page.select_option("select[name=kind]", "idea")
    page.fill("input[name=title]", "Sitzbänke im Lene-Voigt-Park")
    page.fill("textarea[name=body]", "Mehr **Sitzbänke** für den Park.")
    page.get_by_label("Lindenau", exact=True).check()
    page.click("button:has-text('Veröffentlichen')")
    page.wait_for_url(re.compile(r"/impulse/[0-9a-f-]{36}/$"))
    page.wait_for_load_state("networkidle")
    for path in PUBLIC_PAGES:
        _visit(page, url(path))
    _visit(page, url("/impulse/?q=Sitzbänke"))
    _visit(page, _first_link(page, r"/impulse/[0-9a-f-]{36}/$"))
    assert recorder.seen > 30, "the recorder saw too few requests to mean anything"
    assert recorder.offences == [], "\n".join(recorder.offences)


def test_intranet_pages_load_nothing_from_other_hosts(page, live_stack, recorder) -> None:
    url = lambda path: live_stack.url(ORG, path)  # noqa: E731
    _visit(page, url("/"))  # the welcome page for visitors
    # A member logs in on the root domain and crosses over by the login bridge.
    log_in(page, live_stack, "emil@demo.wecreate.test")
    _visit(page, url("/"))
    page.click("main a:has-text('Anmelden')")
    page.wait_for_url(re.compile(r"verdi-leipzig\.localhost:\d+/$"))
    page.wait_for_load_state("networkidle")
    for path in MEMBER_PAGES:
        _visit(page, url(path))
    _visit(page, url("/gruppen/"))
    _visit(page, _first_link(page, r"/gruppen/[\w-]+/$"))
    _visit(page, url("/termine/"))
    _visit(page, _first_link(page, r"/termine/[0-9a-f-]{36}/$"))
    _visit(page, url("/diskussionen/"))
    _visit(page, _first_link(page, r"/diskussionen/[0-9a-f-]{36}/$"))
    page.context.clear_cookies()

    # The owner's pages: settings and billing.
    log_in(page, live_stack, "deniz@demo.wecreate.test", host=ORG)
    page.wait_for_url(re.compile(r"verdi-leipzig\.localhost:\d+/"))
    for path in OWNER_PAGES:
        _visit(page, url(path))
    assert recorder.seen > 30, "the recorder saw too few requests to mean anything"
    assert recorder.offences == [], "\n".join(recorder.offences)


def test_the_recorder_catches_a_third_party_request_and_a_csp_block(page, live_stack) -> None:
    recorder = Recorder(port=live_stack.port)
    recorder.watch(page)
    page.route("http://cdn.example.org/**", lambda route: route.fulfill(body=""))
    # A page without our CSP: the request goes out and is recorded.
    page.set_content('<img src="http://cdn.example.org/a.png">')
    page.wait_for_load_state("networkidle")
    # One of ours: the CSP blocks the font before any request, and says so in the console.
    _visit(page, live_stack.url(ROOT, "/"))
    page.evaluate(
        """() => new FontFace("x", "url(http://cdn.example.org/x.woff2)").load().catch(() => {})"""
    )
    page.wait_for_timeout(300)
    assert any("http://cdn.example.org/a.png" in o for o in recorder.offences), recorder.offences
    assert any(o.startswith("blocked by CSP") for o in recorder.offences), recorder.offences
