"""The built site (make build first), read as files: every page is valid HTML with no broken list,
every internal link and anchor resolves, every chapter offers its notebook, the labs show their
outputs, the API page lists every public name, exercise solutions are folded and the first pages
have math. Marked ``browser`` with the
tests that need the built site; the ones that need Chromium are in tests/test_browser.py.
"""

import html.parser
import json
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
from mkdocs.utils.meta import get_data

import nnbook
from nnbook.site import code_blocks, notebooks, take_along
from test_contributing import chapters, public_objects

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNBOOK_SITE_DIR", ROOT / "site"))
DOCS = ROOT / "docs"


class Page(html.parser.HTMLParser):
    """The ids, links (tag, attribute, address, attributes) and text of one HTML file."""

    def __init__(self, text):
        super().__init__()
        self.ids, self.links = set(), []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append((tag, name, attrs[name], attrs))


def html_files():
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} has no built site: run make build first")
    return sorted(SITE.rglob("*.html"))


def page_of(path, cache={}):
    if path not in cache:
        cache[path] = Page(path.read_text(encoding="utf-8"))
    return cache[path]


def target_file(page_path, address):
    """The file a relative ``address`` on the page ``page_path`` points to, and its #fragment."""
    parts = urlsplit(address)
    base = posixpath.dirname(page_path.relative_to(SITE).as_posix())
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else page_path.relative_to(SITE).as_posix()
    target = SITE / path
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def is_internal(address):
    return not re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//)", address) and not address.startswith("/")


SVG = "{http://www.w3.org/2000/svg}"


def parsed(path):
    """``path`` parsed by html5lib as a browser would: (its element tree, the parse errors)."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    tree = parser.parse(path.read_bytes())
    return tree, parser.errors


def test_every_page_is_valid_html():
    """What the Nu HTML checker found in the book's own markup, held without Java: no stray or
    misnested tag (html5lib's parse errors, such as a ``</p>`` left over after a ``<div>`` that a
    Markdown paragraph held, or an unescaped ``<name>`` in a docstring) and no ``<path>`` without
    the ``d`` the SVG format requires (as matplotlib writes an empty contour line)."""
    problems = []
    for path in html_files():
        tree, errors = parsed(path)
        page = path.relative_to(SITE)
        problems += [f"{page}: line {line}, column {column}: {code} {data or ''}" for (line, column), code, data in errors]
        problems += [f"{page}: a <path> without d" for element in tree.iter(f"{SVG}path") if not element.get("d")]
    assert problems == [], "\n".join(problems)


def test_no_list_is_left_as_a_paragraph():
    """A Markdown list that is not parsed as one (such as an item's paragraph indented by two spaces
    after a code block) shows its "- " as text."""
    broken = []
    for path in html_files():
        tree, _ = parsed(path)
        for paragraph in tree.iter("p"):
            text = "".join(paragraph.itertext())
            if text.startswith("- ") or "\n- " in text:
                broken.append(f"{path.relative_to(SITE)}: {text[:80]!r}")
    assert broken == [], "\n".join(broken)


def test_every_internal_link_and_anchor_resolves():
    problems = []
    for path in html_files():
        if path.name == "404.html":  # its addresses are absolute, from site_url
            continue
        for tag, attribute, address, _ in page_of(path).links:
            if not is_internal(address):
                continue
            target, fragment = target_file(path, address)
            where = f"{path.relative_to(SITE)}: <{tag} {attribute}={address!r}>"
            if not target.is_file():
                problems.append(f"{where}: no file {target.relative_to(SITE)}")
            elif fragment and target.suffix == ".html" and fragment not in page_of(target).ids:
                problems.append(f"{where}: no id {fragment!r} in {target.relative_to(SITE)}")
    assert problems == [], "\n".join(problems)


def test_links_between_pages_are_relative():
    """A project page lives under https://OWNER.github.io/REPO/: a link starting with / would miss REPO."""
    absolute = [
        f"{path.relative_to(SITE)}: {address}"
        for path in html_files() if path.name != "404.html"
        for tag, _, address, _ in page_of(path).links
        if tag == "a" and address.startswith("/") and not address.startswith("//")
    ]
    assert absolute == []


def notebook_at(path, href):
    target, _ = target_file(path, href)
    assert target.is_file(), f"{path.relative_to(SITE)}: {href} is not in the site"
    return json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("src", chapters())
def test_every_chapter_offers_its_notebook(src):
    path = SITE / src.removesuffix(".md") / "index.html"
    text = path.read_text(encoding="utf-8")
    button = re.search(r'<a class="md-button nnbook-notebook" download="([^"]+)" href="([^"]+)">Run this chapter as a notebook</a>', text)
    assert button, f"{src}: no 'Run this chapter as a notebook' button"
    download, href = button.groups()
    assert is_internal(href) and download == posixpath.basename(href)
    assert text.index(button[0]) < text.index("<h2"), "the button is not under the title"
    notebook = notebook_at(path, href)
    markdown, _ = get_data((DOCS / src).read_text(encoding="utf-8"))
    run = [fence.code.rstrip("\n") for chain in code_blocks.code_chains(markdown) if chain.runs for fence in chain.fences]
    installs = notebooks.INSTALL_TAG in notebook["cells"][0]["metadata"].get("tags", [])
    assert installs, "the first cell does not install nnbook where it is missing"
    assert ["".join(cell["source"]) for cell in notebook["cells"][1:] if cell["cell_type"] == "code"] == run
    download_button = [attrs["href"] for tag, _, _, attrs in page_of(path).links if "nnbook-download" in attrs.get("class", "")]
    assert download_button == [href]


def lab_pages():
    return sorted((DOCS / "labs").glob("*.py"))


@pytest.mark.parametrize("lab", lab_pages(), ids=lambda path: path.name)
def test_labs_render_with_their_outputs_and_a_download_button(lab):
    path = SITE / "labs" / lab.stem / "index.html"
    text = path.read_text(encoding="utf-8")
    assert text.count('class="jp-Cell jp-CodeCell') >= 3
    assert len(re.findall(r'<div class="jp-RenderedText jp-OutputArea-output"[^>]*data-mime-type="text/plain"', text)) >= 2, "no printed output"
    assert not re.search(r'<div[^>]*data-mime-type="application/vnd.jupyter.stderr"', text), "a cell wrote to stderr"
    # its figures are the chapters' kind: inline SVG named by the cell's alt text, ink in the page's color
    figures = re.findall(r'<div class="nnbook-figure" data-search-exclude><svg id="figure-[^"]+" role="img" aria-label="([^"]+)"(.*?)</svg>', text, re.DOTALL)
    assert figures and all(len(alt) > 40 and "currentColor" in drawn for alt, drawn in figures), "no figure, or one not like a chapter's"
    assert not re.search(r'<img[^>]*src="data:image/', text), "a figure left as an image, which keeps its colors in dark mode"
    assert not re.search(r'text/plain"[^>]*>\s*<pre>(?:(?!</pre>).)*</pre>\s*</div>\s*</div>\s*<div class="jp-OutputArea-child">\s*'
                         r'<div[^>]*text/plain', text, re.DOTALL), "a cell's printed output in pieces, each with its own label"
    buttons = [attrs["href"] for tag, _, _, attrs in page_of(path).links if "nnbook-download" in attrs.get("class", "")]
    assert len(buttons) == 1 and "download" in text[text.index(buttons[0]) - 200 : text.index(buttons[0]) + 200]
    notebook = notebook_at(path, buttons[0])
    assert notebooks.INSTALL_TAG in notebook["cells"][0]["metadata"]["tags"], "its first cell does not install nnbook"
    assert notebook["cells"][1]["cell_type"] == "markdown" and notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_the_api_page_lists_every_public_name():
    page = page_of(SITE / "api" / "index.html")
    names = dict(public_objects())
    assert {f"nnbook.{name}" for name in nnbook.__all__} <= set(names)
    assert sorted(name for name in names if name not in page.ids) == []


def test_the_api_page_shows_the_recipes_as_a_table_and_no_private_name():
    from nnbook.recipes import RECIPES

    tree, _ = parsed(SITE / "api" / "index.html")
    tables = [table for table in tree.iter("table") if "".join(table.find(".//th").itertext()) == "recipe"]
    assert len(tables) == 1
    assert ["".join(row.find("td").itertext()) for row in tables[0].iter("tr") if row.find("td") is not None] == list(RECIPES)
    text = "".join(tree.find(".//article").itertext())
    assert re.findall(r"\b_[A-Z][A-Z_]+\b", text) == []  # such as the recipes' _BOOK


def test_the_performance_page_speaks_to_readers():
    """Its numbers and verdicts are printed from bench/results.json: none of the words of the work
    behind them (tickets, "targets" with a verdict in capitals), which a reader cannot place."""
    tree, _ = parsed(SITE / "performance" / "index.html")
    text = "".join(tree.find(".//article").itertext())
    assert "missed" in text and "reached" in text  # the goals, in plain words
    assert re.findall(r".{0,40}\b(?:issues?|targets?|NOT met|pull requests?)\b.{0,40}", text, re.IGNORECASE) == []


@pytest.mark.parametrize("src", chapters())
def test_exercise_solutions_are_folded_with_their_code_and_output(src):
    text = (SITE / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    exercises = text[text.index('id="exercises"') :]
    solutions = re.findall(r"<details class=\"success\"( open)?>\s*<summary>Solution</summary>(.*?)</details>", exercises, re.DOTALL)
    assert len(solutions) >= 2
    for is_open, body in solutions:
        assert not is_open, f"{src}: a solution is not folded"
        assert 'class="language-python highlight"' in body and "output" in body


def test_the_book_opens_with_math():
    """The browser tests' math check is not vacuous: the home page and chapter 1 have MathML."""
    for page in ("index.html", "handwritten-digits/index.html"):
        assert "<math" in (SITE / page).read_text(encoding="utf-8"), f"no <math> in {page}"


def test_the_home_page_links_the_offline_copy_and_the_pdf_or_says_how_to_make_them():
    """A file the build found in dist/ is in the site and linked, relative, from the home page; a
    missing one is not linked, and the page says which command makes it."""
    home = SITE / "index.html"
    text = home.read_text(encoding="utf-8")
    links = {address: attrs for tag, _, address, attrs in page_of(home).links if tag == "a"}
    for name, command in ((take_along.OFFLINE_ZIP, "make offline"), (take_along.PDF, "make pdf")):
        if (SITE / name).is_file():
            assert name in links and "md-button" in links[name].get("class", ""), f"{name} is in the site, not linked"
        else:
            assert not any(address.endswith(name) for address in links), f"a link to {name}, which the site lacks"
            assert f"<code>{command}</code>" in text, f"the home page does not say that {command} makes {name}"

