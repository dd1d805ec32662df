"""The built book in a real browser: every page loads, its figures and math render, nothing in it
fails or asks any host but the book's own.

Run after the build: ``make build`` writes site/, then ``pytest tests -m browser``. Set
NNBOOK_SITE_DIR to test another build folder, and NNBOOK_SCREENSHOTS to a folder to keep a
full-page screenshot of every page (light and dark) for looking at.
"""

import functools
import http.server
import json
import os
import threading
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNBOOK_SITE_DIR", ROOT / "site"))
SCREENSHOTS = os.environ.get("NNBOOK_SCREENSHOTS")
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


def site_pages():
    """The path of every page of the built site (from its sitemap), relative to the site's root."""
    sitemap = SITE / "sitemap.xml"
    if not sitemap.exists():
        return []
    namespace = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [urlsplit(loc.text).path for loc in ElementTree.parse(sitemap).getroot().iterfind("sitemap:url/sitemap:loc", namespace)]
    home = min(paths, key=len)  # the site_url's own path, "/" or "/<repo>/" on GitHub Pages
    return [path.removeprefix(home) for path in paths]


PAGES = site_pages()


@pytest.fixture(scope="session")
def site_url():
    """The built site served on 127.0.0.1 (a free port) for the whole session."""
    if not (SITE / "index.html").exists() or not PAGES:
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
    """A page opened in a fresh browser context, with every request, console error and page error."""

    def __init__(self, browser, url, color_scheme="light"):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
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
    opened = []

    def open_page(url, color_scheme="light"):
        opened.append(VisitedPage(browser, url, color_scheme))
        return opened[-1]

    yield open_page
    for visited in opened:
        visited.close()


IMAGES = "[...document.images].map(image => ({src: image.src, alt: image.getAttribute('alt'), width: image.naturalWidth}))"
MATH_BOXES = "[...document.querySelectorAll('article math')].map(math => {const box = math.getBoundingClientRect(); return [box.width, box.height]})"


@pytest.mark.parametrize("path", PAGES or ["<no site>"])
def test_page_loads_with_its_figures_and_math_and_only_local_requests(visit, site_url, path):
    visited = visit(site_url + path)
    page = visited.page
    assert visited.response.status == 200, f"/{path}: HTTP {visited.response.status}"

    images = page.evaluate(IMAGES)
    assert [image["src"] for image in images if image["width"] == 0] == [], f"/{path}: images that did not load"
    assert [image["src"] for image in images if not (image["alt"] or "").strip()] == [], f"/{path}: images without alt text"

    boxes = page.evaluate(MATH_BOXES)
    if boxes:
        assert any(width > 0 and height > 0 for width, height in boxes), f"/{path}: its math draws as nothing"
    article = page.inner_text("article")
    assert "\\(" not in article and "\\[" not in article, f"/{path}: LaTeX left unrendered"
    assert page.locator(".arithmatex").count() == 0, f"/{path}: arithmatex output not turned into MathML"

    assert visited.foreign_requests() == [], f"/{path}: requests to other hosts"
    assert visited.console_errors == [], f"/{path}: console errors"
    assert visited.page_errors == [], f"/{path}: page errors"

    if SCREENSHOTS:
        name = path.strip("/").replace("/", "_") or "index"
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}-light.png", full_page=True)
        dark = visit(site_url + path, color_scheme="dark")
        dark.page.screenshot(path=f"{SCREENSHOTS}/{name}-dark.png", full_page=True)


def test_the_book_opens_with_math(visit, site_url):
    """The math check above is not vacuous: the home page or chapter 1 shows MathML."""
    counts = {path: visit(site_url + path).page.locator("article math").count() for path in ("", "handwritten-digits/")}
    assert any(counts.values()), f"no <math> on the home page or chapter 1: {counts}"


def test_code_output_is_shown_under_code(visit, site_url):
    """Some page shows what a code block printed, in an output block right after the code."""
    for path in PAGES:
        page = visit(site_url + path).page
        if page.locator("article .output").count():
            follows_code = page.evaluate(
                "[...document.querySelectorAll('article .output')].every(output => "
                "output.previousElementSibling && output.previousElementSibling.matches('.language-python'))"
            )
            assert follows_code, f"/{path}: an output block that does not follow a python block"
            return
    pytest.fail("no page shows any code output")


def test_dark_mode_toggle_switches_and_is_remembered(visit, site_url):
    visited = visit(site_url, color_scheme="light")
    page = visited.page
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.click("label[title='Switch to dark mode']")
    assert page.evaluate(scheme) == "slate"
    page.goto(site_url + PAGES[-1])
    assert page.evaluate(scheme) == "slate", "the chosen scheme is not remembered on the next page"
    page.click("label[title='Switch to light mode']")
    assert page.evaluate(scheme) == "default"
    assert visited.console_errors == [] and visited.page_errors == []


def test_an_exercise_solution_opens_when_clicked(visit, site_url):
    page = visit(site_url + "handwritten-digits/").page
    solution = page.locator("#exercises ~ details.success").first
    assert solution.get_attribute("open") is None
    assert not solution.locator("pre").first.is_visible(), "the solution's code shows before it is opened"
    solution.locator("summary").click()
    assert solution.get_attribute("open") is not None
    assert solution.locator(".language-python").first.is_visible()
    assert solution.locator(".output").first.is_visible()


@pytest.mark.parametrize("path, button", [
    ("learning/", "text=Run this chapter as a notebook"),
    ("labs/build-a-detector/", "a.nnbook-download"),
])
def test_the_notebook_buttons_download_a_notebook(visit, site_url, path, button):
    page = visit(site_url + path).page
    with page.expect_download() as download:
        page.click(button)
    notebook = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert download.value.suggested_filename.endswith(".ipynb")
    assert notebook["nbformat"] == 4 and any(cell["cell_type"] == "code" for cell in notebook["cells"])
