"""A lab's page made like a chapter's (nnbook/site/labs.py): its figures inline in the page's
colors, what a cell printed in one block, its links to the book's pages; and the settings of the
kernels that run the labs at build time. (The built labs: tests/test_built_site.py.)"""

import base64
from types import SimpleNamespace

import pytest

from nnbook.site import SiteError, labs

LAB = '# %% [markdown]\n# # A lab\n\n# %% alt="A <curve>"\nfigure()\n\n# %%\nother()\n'
# A figure drawn in the book's ink and paper (nnbook.figures.drawing), as the lab's kernel writes it.
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><defs><clipPath id="p1"/></defs>' \
      b'<text style="fill: #0a0b0c">label</text><rect style="fill: #fdfdfc" clip-path="url(#p1)"/></svg>'
PAGE_COLORS = {"#0a0b0c": "currentColor", "#fdfdfc": "var(--md-default-bg-color)"}


def lab_html(*cells):
    return "<div>" + "".join(f'<div id="cell-id={number}">{cell}</div>' for number, cell in enumerate(cells)) + "</div>"


def svg_output(svg=SVG):
    return (f'<div class="jp-RenderedSVG jp-OutputArea-output" data-mime-type="image/svg+xml">'
            f'<img alt="No description has been provided for this image" src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}"></div>')


def test_lab_figures_become_inline_svg_in_the_page_colors_named_by_their_cell():
    page = labs.lab_figures(lab_html("<h1>A lab</h1>", svg_output() + svg_output(), "<pre>2</pre>"), LAB,
                            "labs/a.py", PAGE_COLORS)
    assert "<img" not in page and page.count('<div class="nnbook-figure" data-search-exclude>') == 2
    assert "jp-RenderedSVG" not in page  # Jupyter's figure style gives way to the book's
    assert '<svg id="figure-a-2" role="img" aria-label="A &lt;curve&gt;"' in page and 'id="figure-a-2-2"' in page
    assert "fill: currentColor" in page and "fill: var(--md-default-bg-color)" in page and "#0a0b0c" not in page
    assert 'url(#figure-a-2-p1)' in page and 'url(#figure-a-2-2-p1)' in page  # ids of figures sharing a page kept apart


def test_a_lab_figure_without_a_description_is_refused():
    with pytest.raises(SiteError, match=r"labs/a.py: cell 3 \('other\(\)'\) draws a figure without a description"):
        labs.lab_figures(lab_html("<h1>A lab</h1>", "", svg_output()), LAB, "labs/a.py")


def test_a_lab_image_that_cannot_take_the_page_colors_is_refused():
    image = f'<img alt="No description has been provided for this image" src="data:image/png;base64,AA">'
    with pytest.raises(SiteError, match=r"labs/a.py: cell 2 \('figure\(\)'\) shows a raster image"):
        labs.lab_figures(lab_html("<h1>A lab</h1>", image, ""), LAB, "labs/a.py")


def printed(text):
    return ('<div class="jp-OutputArea-child">\n<div class="jp-RenderedText jp-OutputArea-output" '
            f'data-mime-type="text/plain" tabindex="0">\n<pre>{text}</pre>\n</div>\n</div>\n')


def test_what_a_lab_cell_printed_in_pieces_is_one_block():
    figure = '<div class="jp-OutputArea-child"><div class="jp-RenderedSVG">svg</div></div>\n'
    heading = '<h2 id="next">Next</h2>\n'
    page = printed("a\n") + printed("b\n") + printed("c\n") + figure + printed("d\n") + heading + printed("e\n") + printed("f\n")
    assert labs.lab_printed_output(page) == printed("a\nb\nc\n") + figure + printed("d\n") + heading + printed("e\nf\n")


def test_the_build_kernels_draw_lab_figures_as_svg_in_the_book_style(tmp_path):
    from nnbook.figures.drawing import BOOK_STYLE

    folder = labs.lab_ipython_dir(tmp_path / "ipython", BOOK_STYLE)
    config = SimpleNamespace(InlineBackend=SimpleNamespace())
    exec((folder / "profile_default" / "ipython_kernel_config.py").read_text(), {"c": config})
    assert config.InlineBackend.figure_formats == {"svg"}
    assert BOOK_STYLE.items() <= config.InlineBackend.rc.items() and config.InlineBackend.rc["svg.fonttype"] == "none"
    assert config.InlineBackend.print_figure_kwargs["facecolor"] == "none"  # no white slab in dark mode


def test_lab_links_to_the_books_pages_point_to_their_addresses():
    page = ('<a href="../index.md#setup">set up</a> <a href="../gradient-descent.md">chapter 5</a> '
            '<a href="https://example.org/a.md">web</a> <a href="#here">here</a>')
    addresses = {"index.md": "../../index.html", "gradient-descent.md": "../../gradient-descent.html"}  # the offline copy's
    assert labs.lab_links(page, "labs/a.py", addresses.get) == (
        '<a href="../../index.html#setup">set up</a> <a href="../../gradient-descent.html">chapter 5</a> '
        '<a href="https://example.org/a.md">web</a> <a href="#here">here</a>')
    with pytest.raises(SiteError, match="labs/a.py: the link ../x.md points to no page of the book"):
        labs.lab_links('<a href="../x.md">x</a>', "labs/a.py", addresses.get)
