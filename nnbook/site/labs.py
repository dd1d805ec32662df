"""A lab's page, which mkdocs-jupyter renders from the lab's jupytext script, made like a
chapter's (``lab_page``, called by the hook), and the kernels that run the labs at build time.

- ``lab_ipython_dir``: the IPython folder the hook points the build's kernels to, where
  ``%matplotlib inline`` draws a figure as SVG in the book's style;
- ``lab_figures``: those figures put in the page as the chapters' are (nnbook.site.svg), in the
  page's colors, named by the ``alt`` of the cell that draws them (``# %% alt="what it shows"``);
- ``lab_printed_output``: what a cell prints in one block, under one "Output" label;
- ``lab_links``: the lab's links to the book's pages (``../index.md#part``) pointed to their
  addresses.
"""

import base64
import posixpath
import re
from pathlib import Path

from nnbook.site import SiteError, svg


def lab_page(page_html, source, src_uri, url_of, page_colors=None):
    """The page mkdocs-jupyter rendered for the lab ``src_uri`` (its script ``source``) made like a
    chapter's: its figures inline in the page's colors (``lab_figures``), what a cell printed in
    one block (``lab_printed_output``), its links to the book's pages resolved (``lab_links``,
    with ``url_of``)."""
    page_html = lab_figures(page_html, source, src_uri, page_colors)
    return lab_links(lab_printed_output(page_html), src_uri, url_of)


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


_PAGE_LINK = re.compile(r'href="(?P<path>[^":#]+\.md)(?P<anchor>#[^"]*)?"')


def lab_links(page_html, src_uri, url_of):
    """The lab page ``page_html`` with its links to the book's pages, written as a chapter writes
    them (``../index.md#part``, relative to the lab's file ``src_uri``), pointing to those pages'
    addresses: ``url_of(path)`` is the address, relative to the lab's page, of the docs page
    ``path`` (such as "index.md"), or None when there is no such page (the hook asks mkdocs, whose
    addresses differ between the website and the offline copy). mkdocs rewrites a Markdown page's
    links; mkdocs-jupyter leaves a lab's as they are. A link to a missing page fails with the
    lab's name."""

    def address(match):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), match["path"]))
        url = url_of(target)
        if url is None:
            raise SiteError(f"{src_uri}: the link {match['path']} points to no page of the book")
        return f'href="{url}{match["anchor"] or ""}"'

    return _PAGE_LINK.sub(address, page_html)
