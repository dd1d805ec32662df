"""The book to take along, as a reader gets it: the offline copy (dist/nnbook-offline.zip) unzipped
into a temporary folder and opened from file:// in Chromium, and the PDF (dist/nnbook.pdf) read
back with poppler's pdftotext, pdfinfo and pdfimages.

Run by ``make take-along-check``, which makes both first; not part of ``make test`` (they are two
more builds of the book). Every page of the nav is checked, so a page added to the nav is covered.
"""

import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from mkdocs.utils.yaml import yaml_load

from nnbook.site import pdf, provenance
from nnbook.site.take_along import DIST, OFFLINE_ZIP, PDF
from test_draw import PLACES, draw_with_mouse, traced_strokes

pytestmark = [pytest.mark.browser, pytest.mark.take_along]

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
# Everything a page asked for: its URL, and why it failed (a failed request) or its HTTP status.
LINKS = """[...document.querySelectorAll('a[href]')].map(a => a.href).filter(href => href.startsWith('file:'))"""
IMAGES = "[...document.images].filter(image => image.naturalWidth === 0).map(image => image.src)"


def nav_pages(items=CONFIG["nav"]):
    """(title, docs path) of every page in mkdocs.yml's nav, in order, sections opened."""
    pages = []
    for item in items:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        pages += nav_pages(value) if isinstance(value, list) else [(title, value)]
    return pages


def offline_path(src):
    """The file of docs page ``src`` in the offline copy, whose pages are files (no directory URLs)."""
    return posixpath.splitext(src)[0] + ".html"


def dist_file(name):
    path = ROOT / DIST / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: run make take-along-check (it makes the offline copy and the PDF)")
    return path


# ---------------------------------------------------------------------------------------------
# The offline copy


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory):
    """The offline copy's folder, unzipped from dist/ into a temporary folder."""
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(dist_file(OFFLINE_ZIP)) as archive:
        archive.extractall(folder)
    (root,) = folder.iterdir()
    return root


class FilePage:
    """A page of the offline copy opened from file:// in a fresh context, with every request that
    failed, every request to a host (there should be none), every console and page error."""

    def __init__(self, browser, path, init_script=None):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
        if init_script:
            self.context.add_init_script(init_script)
        self.page = self.context.new_page()
        self.failed, self.hosts, self.errors = [], [], []
        self.page.on("requestfailed", lambda request: self.failed.append(f"{request.url}: {request.failure}"))
        self.page.on("request", lambda request: request.url.startswith(("http:", "https:", "ws:", "wss:"))
                     and self.hosts.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(Path(path).as_uri(), wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def problems(self):
        return ([f"failed request: {line}" for line in self.failed] + [f"asked a host: {url}" for url in self.hosts]
                + [f"console or page error: {line}" for line in self.errors])


@pytest.fixture
def open_file(browser):
    opened = []

    def open_page(path, init_script=None):
        opened.append(FilePage(browser, path, init_script))
        return opened[-1]

    yield open_page
    for each in opened:
        each.context.close()


@pytest.mark.parametrize("title, src", nav_pages(), ids=[src for _, src in nav_pages()])
def test_every_nav_page_works_from_file(offline_copy, open_file, title, src):
    """The page loads from file:// with no failed request, no request to any host and no error; its
    images load; every link to a file of the copy (the nav, the notebooks) finds it."""
    path = offline_copy / offline_path(src)
    assert path.is_file(), f"{src}: no {offline_path(src)} in the offline copy"
    opened = open_file(path)
    page = opened.page
    problems = opened.problems()
    problems += [f"image did not load: {src}" for src in page.evaluate(IMAGES)]
    for href in page.evaluate(LINKS):
        target = Path(re.sub(r"[#?].*$", "", href).removeprefix("file://"))
        if not (target.is_file() or (target / "index.html").is_file()):
            problems.append(f"link to a missing file: {href}")
    assert page.locator("article h1").count() >= 1, f"{src}: no title"
    assert "\\(" not in page.inner_text("article"), f"{src}: LaTeX left unrendered"
    assert not problems, f"{src} from file://:\n" + "\n".join(problems)


def test_the_offline_copy_is_said_and_its_home_page_links_no_zip(offline_copy, open_file):
    page = open_file(offline_copy / "index.html").page
    assert "You are reading the book's offline copy" in page.inner_text("article")
    assert page.locator(f"a[href$='{OFFLINE_ZIP}'], a[href$='{PDF}']").count() == 0


def test_a_chapter_offers_its_notebook_in_the_copy(offline_copy, open_file):
    page = open_file(offline_copy / "matrix-form.html").page
    href = page.get_attribute("a.nnbook-notebook", "href")
    assert href == "notebooks/matrix-form.ipynb" and (offline_copy / href).is_file()


def test_search_finds_sigmoid_from_file(offline_copy, open_file):
    """Material's search runs from file:// (its worker through the iframe-worker shim, its index
    as a script) and lists pages for "sigmoid"."""
    opened = open_file(offline_copy / "index.html")
    page = opened.page
    page.click("input.md-search__input")
    page.keyboard.type("sigmoid")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    results = page.locator(".md-search-result__item").count()
    assert results >= 3, f"search listed {results} results for sigmoid"
    assert "sigmoid" in page.inner_text(".md-search-result").lower()
    assert opened.problems() == []


def test_draw_a_digit_answers_a_drawing_from_file(offline_copy, open_file, mnist):
    """A real test digit's strokes drawn with the mouse on the offline Draw a digit page: its network
    is read from the copy (no fetch from file://), and the page answers with a digit."""
    opened = open_file(offline_copy / "draw.html", init_script="window.NNBOOK_DEBUG = true")
    page = opened.page
    page.wait_for_function("!document.getElementById('draw-status').textContent.startsWith('Loading')")
    assert page.inner_text("#draw-status").startswith("The network here is"), page.inner_text("#draw-status")
    seven = int(np.flatnonzero(mnist.test_labels == 7)[0])
    draw_with_mouse(page, traced_strokes(mnist.test_images[seven]), PLACES["as in MNIST"])
    answer = page.inner_text("#draw-answer").strip()
    assert re.fullmatch(r"\d", answer), f"the page answered {answer!r}"
    outputs = np.array(page.evaluate("window.nnbookDraw.activations()")[-1])
    assert int(answer) == int(outputs.argmax())
    assert "Where this network came from" in page.inner_text("article")
    assert opened.problems() == []


# ---------------------------------------------------------------------------------------------
# The PDF


@pytest.fixture(scope="module")
def pdf_pages():
    """The PDF's text, page by page (pdftotext)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (apt-get install poppler-utils)")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(dist_file(PDF)), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_the_pdf_has_every_chapter_in_nav_order_after_its_contents(pdf_pages):
    """Each nav page's title (the home page's: the book's) starts a page of the PDF, in the nav's
    order, after the contents."""
    contents = next(number for number, text in enumerate(pdf_pages) if text.lstrip().startswith("Contents"))
    starts = []
    for title, src in nav_pages():
        heading = CONFIG["site_name"] if src == "index.md" else title
        found = [number for number, text in enumerate(pdf_pages) if number > contents
                 and text.lstrip().startswith(heading)]
        assert found, f"{src}: no page of the PDF starts with its title {heading!r}"
        starts.append(min(number for number in found if not starts or number >= starts[-1]))
    assert starts == sorted(starts)


def test_the_pdf_has_the_numbers_the_book_computed(pdf_pages):
    text = "\n".join(pdf_pages)
    assert "13,002" in text
    assert re.search(r"test accuracy:?\s+\d\d\.\d\d%", text, re.IGNORECASE)


def test_the_pdf_cover_says_where_it_came_from(pdf_pages):
    cover = pdf_pages[0]
    build = provenance.build_info(ROOT)
    assert build["commit"] and build["commit"] in re.sub(r"\s+", "", cover), "the cover does not show the commit"
    for words in ("Built on", "Seed offset", "Test accuracy", "SHA-256"):
        assert words in cover
    assert re.search(r"\b[0-9a-f]{64}\b", cover), "no SHA-256 of the weights on the cover"


def test_the_pdf_is_small_numbered_and_its_contents_clickable(pdf_pages):
    path = dist_file(PDF)
    assert path.stat().st_size <= pdf.MAX_BYTES
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])
    assert pages == len(pdf_pages) > 50
    assert all(re.search(rf"\b{number} / {pages}\b", text) for number, text in enumerate(pdf_pages, start=1)), (
        "a page without its number")
    # The contents' entries are links to places in the PDF: Chromium writes each as a link
    # annotation with a named destination (its objects are not compressed).
    raw = path.read_bytes()
    assert raw.count(b"/Subtype /Link") >= len(nav_pages()) and raw.count(b"/Dest") >= len(nav_pages())


def test_the_pdf_figures_are_vectors(pdf_pages):
    """The chapters' figures are inline SVG, printed as vectors (lines and text): the only bitmaps
    in the PDF are the pictures of digits and weights inside them and the labs' figures (PNG
    outputs of their cells), none larger than a lab's figure. A figure Chromium had to rasterize
    would be a page-wide bitmap at print resolution."""
    listing = subprocess.run(["pdfimages", "-list", str(dist_file(PDF))], capture_output=True, text=True, check=True)
    images = [line.split() for line in listing.stdout.splitlines()[2:]]
    largest = max(int(row[3]) * int(row[4]) for row in images)
    assert largest < 500_000, f"a bitmap of {largest:,} pixels"
    assert len({row[0] for row in images}) < len(pdf_pages) / 4


# ---------------------------------------------------------------------------------------------
# A notebook on a machine without nnbook


def test_a_chapter_notebook_installs_nnbook_in_a_fresh_python_and_runs(offline_copy, tmp_path):
    """Chapter 1's notebook, as the offline copy holds it, in a fresh virtual environment with no
    nnbook: its first cell installs nnbook with pip from this clone (git+file://, at the commit the
    book was built from), then every code cell runs, in order, in one namespace as on a kernel."""
    notebook = json.loads((offline_copy / "notebooks" / "handwritten-digits.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
    commit = provenance.build_info(ROOT)["commit"]
    assert f"git+{ROOT.as_uri()}@{commit}" in cells[0], "the first cell does not install nnbook from this clone"
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    python = tmp_path / "venv" / "bin" / "python"
    script = tmp_path / "notebook.py"
    script.write_text("\n\n".join(cells) + "\n", encoding="utf-8")
    environment = {**os.environ, "MPLBACKEND": "Agg", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    done = subprocess.run([str(python), str(script)], cwd=tmp_path, capture_output=True, text=True, env=environment)
    assert done.returncode == 0, f"the notebook failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert done.stdout.startswith(f"nnbook is not installed here: installing git+{ROOT.as_uri()}@{commit}")
    installed = subprocess.run([str(python), "-c", "import nnbook; print(nnbook.__file__)"], cwd=tmp_path,
                               capture_output=True, text=True, check=True).stdout
    assert str(tmp_path / "venv") in installed, "nnbook was not installed into the fresh environment"
