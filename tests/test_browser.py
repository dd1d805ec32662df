"""The built book in a real browser: every page loads, its figures and math render, nothing in it
fails or asks any host but the book's own.

Run after the build: ``make build`` writes site/, then ``pytest tests -m browser``. Set
NNBOOK_SITE_DIR to test another build folder, and NNBOOK_SCREENSHOTS to a folder to keep a
full-page screenshot of every page (light and dark) for looking at. The fixtures (the site served
locally, Chromium, ``visit``) are in tests/conftest.py.
"""

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("NNBOOK_SCREENSHOTS")


IMAGES = "[...document.images].map(image => ({src: image.src, alt: image.getAttribute('alt'), width: image.naturalWidth}))"
MATH_BOXES = "[...document.querySelectorAll('article math')].map(math => {const box = math.getBoundingClientRect(); return [box.width, box.height]})"


def test_page_loads_with_its_figures_and_math_and_only_local_requests(visit, site_url, site_page):
    visited = visit(site_url + site_page)
    page = visited.page
    assert visited.response.status == 200, f"/{site_page}: HTTP {visited.response.status}"

    images = page.evaluate(IMAGES)
    assert [image["src"] for image in images if image["width"] == 0] == [], f"/{site_page}: images that did not load"
    assert [image["src"] for image in images if not (image["alt"] or "").strip()] == [], f"/{site_page}: images without alt text"

    boxes = page.evaluate(MATH_BOXES)
    if boxes:
        assert any(width > 0 and height > 0 for width, height in boxes), f"/{site_page}: its math draws as nothing"
    article = page.inner_text("article")
    assert "\\(" not in article and "\\[" not in article, f"/{site_page}: LaTeX left unrendered"
    assert page.locator(".arithmatex").count() == 0, f"/{site_page}: arithmatex output not turned into MathML"

    assert visited.foreign_requests() == [], f"/{site_page}: requests to other hosts"
    assert visited.console_errors == [], f"/{site_page}: console errors"
    assert visited.page_errors == [], f"/{site_page}: page errors"

    if SCREENSHOTS:
        name = site_page.strip("/").replace("/", "_") or "index"
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}-light.png", full_page=True)
        dark = visit(site_url + site_page, color_scheme="dark")
        dark.page.screenshot(path=f"{SCREENSHOTS}/{name}-dark.png", full_page=True)


def test_the_book_opens_with_math(visit, site_url):
    """The math check above is not vacuous: the home page or chapter 1 shows MathML."""
    counts = {path: visit(site_url + path).page.locator("article math").count() for path in ("", "handwritten-digits/")}
    assert any(counts.values()), f"no <math> on the home page or chapter 1: {counts}"


def test_code_output_is_shown_under_code(visit, site_url, site_pages):
    """Some page shows what a code block printed, in an output block right after the code."""
    for path in site_pages:
        page = visit(site_url + path).page
        if page.locator("article .output").count():
            follows_code = page.evaluate(
                "[...document.querySelectorAll('article .output')].every(output => "
                "output.previousElementSibling && output.previousElementSibling.matches('.language-python'))"
            )
            assert follows_code, f"/{path}: an output block that does not follow a python block"
            return
    pytest.fail("no page shows any code output")


def test_dark_mode_toggle_switches_and_is_remembered(visit, site_url, site_pages):
    visited = visit(site_url, color_scheme="light")
    page = visited.page
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.click("label[title='Switch to dark mode']")
    assert page.evaluate(scheme) == "slate"
    page.goto(site_url + site_pages[-1])
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
