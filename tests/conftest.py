"""What the browser tests share (tests/test_browser.py, tests/test_draw.py): the built site served
on 127.0.0.1, Debian's Chromium, and pages opened in it with every request and error recorded.

Run after the build: ``make build`` writes site/, then ``pytest tests -m browser``. Set
NNBOOK_SITE_DIR to test another build folder. A test that takes a ``page_path`` argument runs once
for every page of the built site.
"""

import functools
import http.server
import os
import threading
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNBOOK_SITE_DIR", ROOT / "site"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def built_pages():
    """The path of every page of the built site (from its sitemap), relative to the site's root."""
    sitemap = SITE / "sitemap.xml"
    if not sitemap.exists():
        return []
    namespace = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [urlsplit(loc.text).path for loc in ElementTree.parse(sitemap).getroot().iterfind("sitemap:url/sitemap:loc", namespace)]
    home = min(paths, key=len)  # the site_url's own path, "/" or "/<repo>/" on GitHub Pages
    return [path.removeprefix(home) for path in paths]


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", built_pages() or ["<no site>"])


@pytest.fixture(scope="session")
def site_pages():
    """The paths of the built site's pages, home page first."""
    return built_pages()


@pytest.fixture(scope="session")
def site_url():
    """The built site served on 127.0.0.1 (a free port) for the whole session."""
    if not (SITE / "index.html").exists() or not built_pages():
        pytest.fail(f"{SITE} has no built site (no index.html or sitemap.xml): run make build first")

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=SITE))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium (or, where it is absent, the one `playwright install chromium` fetched)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        if CHROMIUM.exists():
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        else:
            chromium = playwright.chromium.launch(args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class VisitedPage:
    """A page opened in a fresh browser context, with every request, console error and page error.

    ``viewport`` is (width, height) in CSS pixels; ``options`` go to Playwright's new_context
    (``has_touch=True`` for a phone)."""

    def __init__(self, browser, url, color_scheme="light", viewport=(1280, 900), **options):
        width, height = viewport
        self.context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme, **options)
        self.page = self.context.new_page()
        self.requests, self.console_errors, self.page_errors = [], [], []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.response = self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def foreign_requests(self):
        """Requests to anything but the local server (data: and blob: URLs stay in the page)."""
        return [url for url in self.requests if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname != "127.0.0.1"]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    """visit(url, color_scheme="light", viewport=(1280, 900), **context options) -> VisitedPage;
    every page opened is closed after the test."""
    opened = []

    def open_page(url, color_scheme="light", **options):
        opened.append(VisitedPage(browser, url, color_scheme, **options))
        return opened[-1]

    yield open_page
    for visited in opened:
        visited.close()
