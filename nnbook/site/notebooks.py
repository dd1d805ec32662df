"""The book's chapters and labs as Jupyter notebooks, for readers who run and change the code.

The mkdocs hook (``hooks/nnbook_hooks.py``) adds one notebook per chapter and per lab to the built
site, under ``notebooks/``; nothing here is ever committed.

- ``chapter_notebook`` turns a chapter's Markdown into a notebook. Its code cells are exactly the
  blocks ``pytest --codeblocks`` runs, in order (read with ``nnbook.site.code_blocks.code_chains``); python
  blocks marked not to run become raw cells, which no kernel runs. The prose becomes Markdown
  cells, with links and figures pointing to the book's website and the solutions of exercises
  (``??? success "Solution"`` blocks) folded away.
- ``lab_notebook`` turns a lab, a jupytext percent script in ``docs/labs/``, into a notebook;
  ``lab_ipython_dir`` makes the build's kernels draw the labs' figures as SVG, and ``lab_page``
  makes the lab's page (rendered by mkdocs-jupyter) like a chapter's: figures inline in the page's
  colors, named by the ``alt`` of the cell that draws them (``# %% alt="what it shows"``), what a
  cell prints in one block, links to the book's pages resolved.
- ``install_source`` is where a notebook gets nnbook from when it is missing, as pip writes it:
  nnbook at the exact commit the site was built from, from the book's GitHub repository or, in a
  local build, from the clone; ``install_cell`` is the notebook's first cell, which installs it
  only where ``import nnbook`` fails (on Colab, in a fresh Python). ``colab_url`` opens a notebook
  the Pages workflow published to the branch NOTEBOOKS_BRANCH in Colab.
- ``lab_cache_dir`` keys mkdocs-jupyter's cache of executed labs on the build's fingerprint
  (nnbook's source, library versions, seed offset, BLAS kernel), so that a change to any of them
  runs the labs again.
"""

import base64
import posixpath
import re
import shutil
from pathlib import Path

import nbformat

from nnbook.site import SiteError, codeblock_marks
from nnbook.site.code_blocks import code_chains, code_fences

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
SETUP = "index.md#a-chapter-or-a-lab-as-a-notebook"  # the site's section on running a notebook
NOTEBOOKS_BRANCH = "notebooks"  # the Pages workflow publishes site/notebooks/ to this branch
INSTALL_TAG = "install-nnbook"  # the tag of a notebook's first cell, which installs nnbook

# An admonition's first line: "!!! note", '??? success "Solution"', '???+ tip "Title"'.
_ADMONITION = re.compile(r'^(?P<indent> *)(?P<marker>!!!|\?\?\?\+?) *(?P<kind>[\w-]+)?(?: +"(?P<title>[^"]*)")? *$')
# An inline link or image target: ](target) or ](target "title").
_LINK_TARGET = re.compile(r'\]\((?P<target>[^)\s]+)(?P<rest>(?: +"[^"]*")?\))')


def page_url(src_uri):
    """The address of a docs page relative to the site's root: learning.md -> learning/, index.md -> ''."""
    path = src_uri.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return f"{path}/"


def site_link(target, src_uri, site_url):
    """``target``, a link written in the page ``src_uri``, as an address on the book's website.

    Relative links become absolute (a notebook lives outside the site): ``learning.md#cost``
    -> ``{site_url}learning/#cost``, ``figures/x.svg`` -> ``{site_url}figures/x.svg``, ``#cost``
    -> the page's own address. Addresses with a scheme (https:, mailto:) are kept.
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        return target
    path, _, anchor = target.partition("#")
    if path:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        if path.startswith("../"):
            raise SiteError(f"{src_uri}: the link {target} points outside the docs folder")
    else:
        path = src_uri
    url = page_url(path) if path.endswith(".md") else path
    return f"{site_url.rstrip('/')}/{url}" + (f"#{anchor}" if anchor else "")


def chapter_notebook(markdown, src_uri, site_url, install=None):
    """The chapter ``markdown`` (without front matter) of the docs page ``src_uri`` as a notebook.

    Returns the notebook as a JSON string (nbformat 4). ``site_url`` is the book's address
    (mkdocs' ``site_url``): links and figures point there. With ``install`` (``install_source``),
    the first cell installs nnbook from there where it is missing. Raises SiteError for Markdown the
    book cannot read (a code block that never closes, a cont block with nothing before it).
    """
    try:
        fences = code_fences(markdown)
        chains = code_chains(markdown)
    except SiteError as error:
        raise SiteError(f"{src_uri}: {error}") from None
    code_fence_kinds = {}  # fence's first line -> "code" or "raw"
    for chain in chains:
        for fence in chain.fences:
            if chain.runs:
                code_fence_kinds[fence.line] = "code"
            elif fence.info == "python":
                code_fence_kinds[fence.line] = "raw"
    fence_by_line = {fence.line: fence for fence in fences}

    cells = [install_cell(install)] if install else []
    cells.append(nbformat.v4.new_markdown_cell(_introduction(src_uri, site_url, install)))
    prose = []  # Markdown lines waiting to become a cell
    admonitions = []  # the admonitions open at this line, outermost first

    def flush():
        text = re.sub(r"\n{3,}", "\n\n", "".join(prose)).strip("\n")
        if text.strip():
            text = _site_links(text, src_uri, site_url)
            folded = next((admonition for admonition in admonitions if admonition["collapsed"]), None)
            if folded:
                summary = folded["title"] + (", continued" if folded["shown"] else "")
                folded["shown"] = True
                text = f"<details><summary>{summary}</summary>\n\n{text}\n\n</details>"
            cells.append(nbformat.v4.new_markdown_cell(text))
        prose.clear()

    lines = markdown.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        line, number = lines[index], index + 1
        while admonitions and line.strip() and _indent(line) < admonitions[-1]["body_indent"]:
            flush()
            admonitions.pop()
        fence = fence_by_line.get(number)
        if fence is not None and fence.line in code_fence_kinds:
            flush()
            source = fence.code.rstrip("\n")
            if code_fence_kinds[fence.line] == "code":
                cell = nbformat.v4.new_code_cell(source)
                if any(admonition["collapsed"] for admonition in admonitions):
                    cell.metadata["jupyter"] = {"source_hidden": True}
            else:
                cell = nbformat.v4.new_raw_cell(source)
                cell.metadata["tags"] = ["not-run"]
            cells.append(cell)
            index = fence.end_line
            continue
        if fence is not None:  # a fence that stays Markdown (text, sh, expected output)
            prose.extend(_dedent(text, admonitions) for text in lines[index : fence.end_line])
            index = fence.end_line
            continue
        if match := _ADMONITION.match(line.rstrip("\n")):
            flush()
            kind = match["kind"] or "note"
            title = match["title"] if match["title"] is not None else kind.capitalize()
            collapsed = match["marker"] == "???"
            admonitions.append(
                {"body_indent": len(match["indent"]) + 4, "title": title, "collapsed": collapsed, "shown": False}
            )
            if not collapsed and title:
                prose.append(f"**{title}**\n\n")
        elif not codeblock_marks.MARK.match(line):
            prose.append(_dedent(line, admonitions))
        index += 1
    flush()
    return _notebook_json(nbformat.v4.new_notebook(cells=cells))


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def _dedent(line, admonitions):
    """``line`` without the indentation of the admonitions it sits in (blank lines stay blank)."""
    width = admonitions[-1]["body_indent"] if admonitions else 0
    return line[min(width, _indent(line)) :] if line.strip() else "\n"


def _site_links(text, src_uri, site_url):
    return _LINK_TARGET.sub(lambda match: f"]({site_link(match['target'], src_uri, site_url)}{match['rest']}", text)


def _introduction(src_uri, site_url, install):
    needs = ("They need the `nnbook` package, which the cell above installs where it is missing, and the "
             "MNIST digits, which `nnbook.load_mnist()` downloads once. " if install else
             "They need the `nnbook` package and the MNIST digits: "
             f"[how to set both up]({site_link(SETUP, 'index.md', site_url)}). ")
    return (
        f"*This notebook is a chapter of [nnbook]({site_url}), made from `docs/{src_uri}` "
        f"([read it on the website]({site_link(src_uri, src_uri, site_url)})). Its code cells are the "
        "chapter's code blocks, in order: run them from the top. " + needs +
        "The figures are shown from the website; to draw one yourself, call "
        '`nnbook.figures.BOOK_FIGURES["name.svg"]()` with the end of its address.*'
    )


def with_notebook_link(markdown, href, text="Run this chapter as a notebook", colab=None):
    """``markdown`` with a button that downloads its notebook, ``href``, right under its title, and
    beside it a button "Open in Colab" to the address ``colab`` (``colab_url``), if given.

    The title is the first line when it is a level-1 heading; otherwise the buttons go first.
    """
    button = f'[{text}]({href}){{ .md-button .nnbook-notebook download="{posixpath.basename(href)}" }}'
    if colab:
        button += f" [Open in Colab]({colab}){{ .md-button .nnbook-notebook .nnbook-colab }}"
    button += "\n\n"
    lines = markdown.splitlines(keepends=True)
    first = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
    if first < len(lines) and lines[first].startswith("# "):
        return "".join([*lines[: first + 1], "\n", button, *lines[first + 1 :]])
    return button + markdown


def lab_notebook(source, src_uri, site_url, install=None):
    """The lab ``source``, a jupytext percent script (``# %%`` cells), as a notebook JSON string.

    ``src_uri`` names the lab in errors; its links to the book's pages (``../index.md#part``, as a
    chapter writes them) point to the book's website, ``site_url``, as a chapter's notebook's do.
    The lab must hold at least one code cell. With ``install`` (``install_source``), the first
    cell installs nnbook from there where it is missing.
    """
    import jupytext

    notebook = jupytext.reads(source, fmt="py:percent")
    if not any(cell.cell_type == "code" for cell in notebook.cells):
        raise SiteError(f"{src_uri}: no code cell; a lab is a jupytext percent script whose cells start with # %%")
    notebook.metadata.pop("jupytext", None)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = _site_links(cell.source, src_uri, site_url)
    if install:
        notebook.cells.insert(0, install_cell(install))
    return _notebook_json(notebook)


_PAGE_LINK = re.compile(r'href="(?P<path>[^":#]+\.md)(?P<anchor>#[^"]*)?"')


def lab_links(page_html, src_uri):
    """The lab page ``page_html`` with its links to the book's pages, written as a chapter writes
    them (``../index.md#part``, relative to the lab's file ``src_uri``), pointing to those pages'
    addresses in the site. (mkdocs rewrites a Markdown page's links; mkdocs-jupyter leaves a lab's
    as they are.) A link outside the docs folder fails with the lab's name."""
    here = posixpath.splitext(src_uri)[0]  # the lab's page: labs/name/

    def address(match):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), match["path"]))
        if target.startswith("../"):
            raise SiteError(f"{src_uri}: the link {match['path']} points outside the docs folder")
        url = posixpath.relpath(page_url(target) or ".", here) + "/"
        return f'href="{url}{match["anchor"] or ""}"'

    return _PAGE_LINK.sub(address, page_html)


def install_source(commit, repository=None, project=None):
    """Where a notebook installs nnbook from, as a URL pip installs, at ``commit`` (a full hash):
    the GitHub ``repository`` ("owner/name") if given, else the git clone in the folder ``project``.
    None without a commit (a build outside a git checkout): its notebooks have no install cell.
    A bare URL, not "nnbook @ URL": older pips (23.2, a fresh venv's) refuse a git+file:// one."""
    if not commit:
        return None
    if repository:
        return f"git+https://github.com/{repository}@{commit}"
    return f"git+{Path(project).resolve().as_uri()}@{commit}"


def install_cell(source):
    """A code cell that installs nnbook from ``source`` (``install_source``) with pip where
    ``import nnbook`` fails, and says what it does; tagged INSTALL_TAG."""
    cell = nbformat.v4.new_code_cell(f"""\
# Set-up: this notebook's code needs nnbook, the book's package, as it was when the book was built.
# Where nnbook is installed (a clone of the book after `make venv`) this cell only imports it.
# Elsewhere (Colab, a fresh Python) it installs it with pip first, from:
NNBOOK = {source!r}
# The MNIST digits come later: nnbook.load_mnist() downloads them once and checks them.
import importlib
import subprocess
import sys

try:
    import nnbook
except ModuleNotFoundError:
    print("nnbook is not installed here: installing", NNBOOK, "with pip (a minute or so)")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", NNBOOK], check=True)
    importlib.invalidate_caches()
    import nnbook
print("nnbook is ready:", nnbook.__file__)""")
    cell.metadata["tags"] = [INSTALL_TAG]
    return cell


def colab_url(repository, notebook):
    """The address that opens ``notebook`` (a file name such as ``matrix-form.ipynb``), as the
    Pages workflow publishes it to the branch NOTEBOOKS_BRANCH of the GitHub ``repository``
    ("owner/name"), in Google Colab."""
    return f"https://colab.research.google.com/github/{repository}/blob/{NOTEBOOKS_BRANCH}/{notebook}"


def _notebook_json(notebook):
    """``notebook`` as JSON, for a Python 3 kernel, its cells numbered (the same bytes every build)."""
    notebook.nbformat, notebook.nbformat_minor = 4, 5  # 4.5: cells have ids
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
    nbformat.validate(notebook)
    return nbformat.writes(notebook)


# A figure in a rendered lab: the SVG the kernel drew (see ``lab_ipython_dir``), as nbconvert writes
# it, an image in a box of Jupyter's class jp-RenderedSVG (whose style would override the book's).
_LAB_FIGURE = re.compile(r'<div class="jp-RenderedSVG (?P<classes>[^"]*)"(?P<attributes>[^>]*)>\s*'
                         r'<img\b[^>]*\bsrc="data:image/svg\+xml;base64,(?P<svg>[A-Za-z0-9+/=\s]+)"[^>]*>')
_RASTER_IMAGE = re.compile(r'<img\b[^>]*\bsrc="data:image/(?!svg)')


def lab_figures(page_html, source, src_uri, page_colors=None):
    """The lab page ``page_html`` with each figure put in the page as the chapters' figures are
    (``nnbook.site.svg.figure_block``): inline SVG whose ``page_colors`` follow the page's colors
    (``nnbook.figures.drawing.PAGE_COLORS``), named by the alt text of its cell.

    ``source`` is the lab's jupytext percent script; a cell that draws a figure starts with
    ``# %% alt="what the figure shows"``. mkdocs-jupyter marks each cell's HTML with an
    ``id="cell-id=..."``, in the order of the cells. Raises SiteError, naming the cell, for a
    figure without a description and for a raster image (a figure the kernel did not draw as SVG,
    which could not take the page's colors).
    """
    import jupytext

    from nnbook.site import svg

    cells = jupytext.reads(source, fmt="py:percent").cells
    parts = re.split(r'(?=id="cell-id=)', page_html)
    if len(parts) - 1 != len(cells):
        raise SiteError(f"{src_uri}: the page shows {len(parts) - 1} cells, the lab has {len(cells)}")
    lab = posixpath.splitext(posixpath.basename(src_uri))[0]
    for number, cell in enumerate(cells, start=1):
        first_line = cell.source.splitlines()[0] if cell.source else ""
        if _RASTER_IMAGE.search(parts[number]):
            raise SiteError(
                f"{src_uri}: cell {number} ({first_line!r}) shows a raster image, which cannot take the page's "
                "colors; draw figures with matplotlib after %matplotlib inline, and the build draws them as SVG"
            )
        figures = _LAB_FIGURE.findall(parts[number])
        if figures and not cell.metadata.get("alt", "").strip():
            raise SiteError(
                f"{src_uri}: cell {number} ({first_line!r}) draws a figure without a description; "
                'start the cell with # %% alt="what the figure shows"'
            )
        shown = iter(range(1, len(figures) + 1))

        def block(match):
            count = next(shown)
            prefix = f"figure-{lab}-{number}" + (f"-{count}" if count > 1 else "")
            drawn = svg.with_page_colors(base64.b64decode(match["svg"]), page_colors)
            box = f'<div class="{match["classes"]}"{match["attributes"]}>'
            return box + svg.figure_block(drawn, prefix, cell.metadata["alt"])

        parts[number] = _LAB_FIGURE.sub(block, parts[number])
    return "".join(parts)


# One printed output of a lab cell as nbconvert writes it (a stream of text, or a text result).
_PRINTED = (r'<div class="jp-OutputArea-child">\s*<div class="jp-RenderedText jp-OutputArea-output" '
            r'data-mime-type="text/plain"[^>]*>\s*<pre>(?P<text>(?:(?!</pre>).)*)</pre>\s*</div>\s*</div>')
_PRINTED_RUN = re.compile(rf"(?:{_PRINTED}\s*){{2,}}", re.DOTALL)


def lab_printed_output(page_html):
    """The lab page ``page_html`` with what each cell printed in one block, as under a chapter's
    code block. The kernel sends a cell's printing in pieces as it comes (three lines printed a few
    seconds apart are three pieces), and nbconvert shows each piece as a block of its own."""

    def joined(run):
        first = re.search(_PRINTED, run[0], re.DOTALL)
        text = "".join(piece["text"] for piece in re.finditer(_PRINTED, run[0], re.DOTALL))
        return run[0][: first.start("text")] + text + run[0][first.end("text") : first.end()] + "\n"

    return _PRINTED_RUN.sub(joined, page_html)


def lab_page(page_html, source, src_uri, page_colors=None):
    """The page mkdocs-jupyter rendered for the lab ``src_uri`` (its script ``source``) made like a
    chapter's: its figures inline in the page's colors (``lab_figures``), what a cell printed in
    one block (``lab_printed_output``), its links to the book's pages resolved (``lab_links``)."""
    page_html = lab_figures(page_html, source, src_uri, page_colors)
    return lab_links(lab_printed_output(page_html), src_uri)


def lab_ipython_dir(folder, style=None):
    """``folder`` made into the IPython folder of the kernels that run the labs at build time (the
    hook points $IPYTHONDIR to it): there, ``%matplotlib inline`` draws figures as SVG with the
    matplotlib settings ``style`` (``nnbook.figures.drawing.BOOK_STYLE``), on a transparent
    background, text as text, so that ``lab_figures`` can give them the page's colors as the build
    does the chapters' figures (nnbook.site.svg). A reader's own Jupyter is left as it is."""
    rc = {**(style or {}), "svg.fonttype": "none", "svg.hashsalt": "nnbook", "figure.facecolor": "none",
          "axes.facecolor": "none"}
    printing = {"bbox_inches": "tight", "facecolor": "none", "edgecolor": "none", "metadata": {"Date": None}}
    profile = Path(folder) / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    config = (
        "# Written by nnbook/site/notebooks.py (lab_ipython_dir) for the book's build: lab figures as SVG.\n"
        f"c.InlineBackend.figure_formats = {{'svg'}}\n"
        f"c.InlineBackend.rc = {rc!r}\n"
        f"c.InlineBackend.print_figure_kwargs = {printing!r}\n"
    )
    path = profile / "ipython_kernel_config.py"
    if not path.is_file() or path.read_text(encoding="utf-8") != config:
        path.write_text(config, encoding="utf-8")
    return Path(folder)


def lab_cache_dir(base, fingerprint):
    """The folder under ``base`` where mkdocs-jupyter keeps executed labs for this ``fingerprint``
    (``nnbook.site.build_cache.fingerprint()``, a hex digest).

    mkdocs-jupyter's cache key is the lab's own text, so a change to nnbook alone (or to the seed
    offset) would show stale outputs; one folder per fingerprint runs the labs again instead.
    Folders of other fingerprints under ``base`` are deleted.
    """
    base = Path(base)
    folder = base / fingerprint[:16]
    if base.is_dir():
        for old in base.iterdir():
            if old.is_dir() and old != folder:
                shutil.rmtree(old)
    return folder
