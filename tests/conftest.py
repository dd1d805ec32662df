"""Fixtures the test files share.

- every test starts with the tools' switches off (``_no_tool_switches``);
- ``mnist``: the real digits (NNBOOK_DATA_DIR or the download cache), loaded once;
- ``digits``: thirty made-up digits with labels, for figure tests that need no real data;
- ``hook``: the mkdocs hook module (hooks/nnbook_hooks.py), loaded as mkdocs loads it;
- ``built_site``, ``site_pages``, ``site_url``, ``browser`` and ``visit``: the built site served
  locally and opened in Chromium (the browser tests; run ``make build`` first).
"""

import functools
import http.server
import importlib.util
import os
import threading
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest

from nnbook import load_mnist

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_tool_switches(monkeypatch):
    """The switches nnbook's tools set (the claims log, the build cache's) are off unless a test
    sets them itself: a reader who exported one still gets a passing suite. NNBOOK_SEED_OFFSET
    stays as the reader set it; tests/test_environment.py runs the suite's core with it set."""
    for name in ("NNBOOK_CLAIMS_LOG", "NNBOOK_BUILD_CACHE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def mnist():
    return load_mnist()


@pytest.fixture
def digits():
    """Thirty random 'digits' (float32 values in [0, 1], shape (30, 784)) labeled 0-9 three times over."""
    rng = np.random.default_rng(1)
    return rng.random((30, 784)).astype(np.float32), np.arange(30) % 10


@pytest.fixture(scope="session")
def hook():
    """hooks/nnbook_hooks.py as a module, loaded from its file as mkdocs loads it."""
    spec = importlib.util.spec_from_file_location("nnbook_hooks_under_test", ROOT / "hooks" / "nnbook_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the built site in a browser -------------------------------------------------------------------


def built_site_folder():
    """The folder ``make build`` writes (or $NNBOOK_SITE_DIR, to test another build)."""
    return Path(os.environ.get("NNBOOK_SITE_DIR", ROOT / "site"))


def built_site_pages():
    """The path of every page of the built site (from its sitemap), relative to the site's root;
    empty when there is no built site."""
    sitemap = built_site_folder() / "sitemap.xml"
    if not sitemap.exists():
        return []
    namespace = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = ElementTree.parse(sitemap).getroot().iterfind("sitemap:url/sitemap:loc", namespace)
    paths = [urlsplit(location.text).path for location in locations]
    home = min(paths, key=len)  # the site_url's own path, "/" or "/<repo>/" on GitHub Pages
    return [path.removeprefix(home) for path in paths]


def pytest_collection_modifyitems(items):
    """The Draw a digit and Train it yourself tests first: they are the longest (a second of mouse
    events per drawing, seconds of training), so on several workers (make test) the other tests
    fill the other workers meanwhile, rather than one worker drawing alone at the end."""
    items.sort(key=lambda item: item.path.name not in ("test_draw.py", "test_learn.py"))


def pytest_generate_tests(metafunc):
    """A test that takes ``site_page`` runs once per page of the built site."""
    if "site_page" in metafunc.fixturenames:
        metafunc.parametrize("site_page", built_site_pages() or ["<no site>"])


@pytest.fixture(scope="session")
def built_site():
    return built_site_folder()


@pytest.fixture(scope="session")
def site_pages():
    return built_site_pages()


@pytest.fixture(scope="session")
def site_url(built_site, site_pages):
    """The built site served on 127.0.0.1 (a free port) for the whole session."""
    if not (built_site / "index.html").exists() or not site_pages:
        pytest.fail(f"{built_site} has no built site (no index.html or sitemap.xml): run make build first")

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=built_site))
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

    from nnbook.site import chromium as launcher

    with sync_playwright() as playwright:
        chromium = launcher.launch(playwright)
        yield chromium
        chromium.close()


class VisitedPage:
    """A page opened in a fresh browser context (nothing cached), with every request and the bytes
    its response transferred, every console error and page error.

    ``viewport`` is (width, height) in CSS pixels; ``init_script`` is JavaScript run before the
    page's own scripts; ``options`` go to Playwright's new_context (``has_touch=True`` for a phone)."""

    def __init__(self, browser, url, color_scheme="light", viewport=(1280, 900), init_script=None, **options):
        width, height = viewport
        self.context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme, **options)
        if init_script:
            self.context.add_init_script(init_script)
        self.page = self.context.new_page()
        self.requests, self.console_errors, self.page_errors = [], [], []
        self.transferred = {}  # URL -> bytes of its response, headers and body
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("requestfinished", self._count_bytes)
        self.page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.response = self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _count_bytes(self, request):
        response = request.response()
        if response is not None:  # the body's own length: Chromium's sizes() says 0 for a worker's script
            self.transferred[request.url] = len(response.body()) + request.sizes()["responseHeadersSize"]

    def foreign_requests(self):
        """Requests to anything but the local server (data: and blob: URLs stay in the page)."""
        return [url for url in self.requests if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname != "127.0.0.1"]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    """visit(url, color_scheme="light", viewport=(1280, 900), init_script=None, **context options):
    a VisitedPage, closed after the test."""
    opened = []

    def open_page(url, color_scheme="light", **options):
        opened.append(VisitedPage(browser, url, color_scheme, **options))
        return opened[-1]

    yield open_page
    for visited in opened:
        visited.close()
