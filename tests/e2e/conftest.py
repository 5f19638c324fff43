"""A real browser against the built site, served like a GitHub Pages project site.

The site (``built_site``, built once per session by tests/conftest.py) is served at
``http://127.0.0.1:<port>/dl-glossary/`` by a tiny http.server that, like Pages,
answers a missing path with ``/dl-glossary/404.html`` and status 404.

Browser: Debian's ``/usr/bin/chromium`` when present, otherwise Playwright's own
Chromium (installed in GitHub Actions). Without either the tests are skipped, saying why.

``watched_page`` records every request that leaves 127.0.0.1 (and aborts it), every
failed request or response ≥ 400, and every console error;
``watched_page.watch.assert_clean()`` fails the test if anything was recorded.
``watched_page.watch.wait_until_idle(page)`` returns once no request of the page is in flight.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SYSTEM_CHROMIUM = "/usr/bin/chromium"
# One line: Playwright's own error is an 8-line box suggesting its download (which fails offline).
NO_CHROMIUM = (
    "no Chromium for the browser tests: `sudo apt-get install chromium fonts-noto-cjk` "
    "(Debian/Ubuntu), or `python -m playwright install chromium`"
)
# Every URL that does not go to 127.0.0.1 (data: and blob: URLs never leave the browser).
# A pattern, not a function, so Playwright only intercepts these: routing every request
# through Python would delay each of the site's own requests by a round trip.
EXTERNAL_URL = re.compile(r"^(?!(?:data|blob):)(?![a-z][a-z0-9+.-]*://127\.0\.0\.1(?:[:/?#]|$))")


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serve ``site`` under ``/<mount>/`` only; elsewhere 404, like a Pages project site."""

    def __init__(self, *args, site: Path, mount: str, **kwargs):
        self.site, self.mount = site, mount
        super().__init__(*args, directory=str(site), **kwargs)

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        if not url_path.startswith(self.mount):
            return str(self.site / "__outside_the_mount__")
        return super().translate_path("/" + url_path[len(self.mount) :])

    def send_error(self, code, message=None, explain=None):
        page = self.site / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep pytest output quiet
        pass


@pytest.fixture(scope="session")
def site_server(built_site):
    """Base URL of the served site, e.g. ``http://127.0.0.1:40123/dl-glossary/``."""
    handler = functools.partial(
        _PagesHandler, site=built_site.path, mount=f"/{built_site.subpath}/"
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", built_site.port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield built_site.url
    server.shutdown()
    server.server_close()


def _launch(playwright):
    if os.path.exists(SYSTEM_CHROMIUM):
        return playwright.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
    try:  # Playwright's own build (`python -m playwright install chromium`, done in CI)
        return playwright.chromium.launch(args=CHROMIUM_ARGS)
    except PlaywrightError as exc:
        found = shutil.which("chromium") or shutil.which("chromium-browser")
        if found:
            return playwright.chromium.launch(executable_path=found, args=CHROMIUM_ARGS)
        pytest.skip(NO_CHROMIUM + f" ({str(exc).strip().splitlines()[0]})")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        yield browser
        browser.close()


class Watch:
    """Everything a page did that a reader offline or behind a firewall would notice."""

    def __init__(self):
        self.external: list[str] = []
        self.failed: list[tuple[str, str]] = []  # (url, reason)
        self.console_errors: list[tuple[str, str]] = []  # (text, url)
        self.expected_404: set[str] = set()  # URLs a test visits on purpose
        self.in_flight: set = set()  # requests sent, neither finished nor failed yet
        # A page that redirects itself (the Chinese 404 handing over to the English one)
        # cancels its own in-flight loads; Chromium reports those as net::ERR_ABORTED.
        self.redirects_itself = False

    def wait_until_idle(self, page, timeout: float = 15.0) -> None:
        """Return once none of the page's requests is in flight (events arrive while waiting)."""
        deadline = time.monotonic() + timeout
        while self.in_flight:
            if time.monotonic() > deadline:
                urls = sorted(r.url for r in self.in_flight)
                raise AssertionError(f"requests still in flight after {timeout} s: {urls}")
            page.wait_for_timeout(10)

    def assert_clean(self) -> None:
        """Fail on any external request, failed request or console error so far."""
        problems = (
            [f"external request: {u}" for u in self.external]
            + [
                f"failed: {r} {u}"
                for u, r in self.failed
                if u not in self.expected_404 and not (self.redirects_itself and "ERR_ABORTED" in r)
            ]
            + [
                f"console error: {t} ({u})"
                for t, u in self.console_errors
                if u not in self.expected_404
            ]
        )
        assert problems == [], "\n".join(problems)


class _Tab:
    """The browser tab the tests share, each with a fresh :class:`Watch` (``tab.page.watch``).

    A page loads about twice as fast in a tab that loaded the site before (the renderer's
    compiled scripts, parsed style sheets and decoded fonts are warm) than in a new tab, so
    the tests take turns in one tab instead of opening one each. Between two tests the tab
    forgets the site's storage and cookies and goes to ``about:blank``, once all its requests
    ended: nothing of one test's page is left for the next.
    """

    def __init__(self, context) -> None:
        self.context = context
        self._page = None

    @property
    def page(self):
        if self._page is None or self._page.is_closed():
            self._page = self._open()
        return self._page

    def _open(self):
        page = self.context.new_page()
        page.watch = Watch()

        def external(route):
            page.watch.external.append(route.request.url)
            route.abort()

        def sent(request):
            page.watch.in_flight.add(request)

        def finished(request):
            page.watch.in_flight.discard(request)

        def failed(request):
            page.watch.in_flight.discard(request)
            page.watch.failed.append((request.url, str(request.failure)))

        def response(response):
            if response.status >= 400:
                page.watch.failed.append((response.url, str(response.status)))

        def console(message):
            if message.type == "error":
                page.watch.console_errors.append((message.text, message.location.get("url", "")))

        def page_error(error):
            page.watch.console_errors.append((str(error), page.url))

        page.route(EXTERNAL_URL, external)
        page.on("request", sent)
        page.on("requestfinished", finished)
        page.on("requestfailed", failed)
        page.on("response", response)
        page.on("console", console)
        page.on("pageerror", page_error)
        return page

    def reset(self) -> None:
        """Leave the page the test was on: storage cleared, ``about:blank``, no request left."""
        page = self._page
        if page is None or page.is_closed():
            return
        try:
            if page.url.startswith("http"):
                page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            self.context.clear_cookies()
            page.goto("about:blank")
            page.watch.wait_until_idle(page)
        except BaseException:
            page.close()  # the next test gets a new tab
            raise


@pytest.fixture(scope="session")
def _tab(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.set_default_timeout(15_000)
    yield _Tab(context)
    context.close()


@pytest.fixture
def watched_page(_tab):
    """The test's page (1280×900, light scheme), with a fresh record of its network and
    console in ``watched_page.watch``."""
    page = _tab.page
    page.watch = Watch()
    yield page
    _tab.reset()
