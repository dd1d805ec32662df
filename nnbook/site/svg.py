"""Figures at build time: every figure of ``nnbook.figures.BOOK_FIGURES`` drawn to SVG, which the
hook adds to the site as figures/<name>."""

import io
import traceback

from nnbook.site import SiteError, build_cache


def figure_svg(figure):
    """A matplotlib Figure as SVG bytes, then closed.

    Text stays text (selectable, scales with the page), the background is transparent (the site's
    CSS gives figures a light backdrop in dark mode), and no date or random ids are written, so the
    same figure gives the same bytes on every build.
    """
    import matplotlib
    import matplotlib.pyplot as pyplot

    buffer = io.BytesIO()
    try:
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "nnbook"}):
            figure.savefig(buffer, format="svg", bbox_inches="tight", transparent=True, metadata={"Date": None})
    finally:
        pyplot.close(figure)
    return buffer.getvalue()


def render_figures(book_figures):
    """{name: SVG bytes} for every entry of ``book_figures`` (name -> no-argument Figure function).

    Each figure is kept across builds by nnbook.site.build_cache: drawn again only when nnbook's
    source or a file it read has changed. One that raises or returns something other than a
    Figure fails with its name.
    """
    return {
        name: build_cache.cached("figures", name, draw.__qualname__, lambda: _draw(name, draw)).encode()
        for name, draw in book_figures.items()
    }


def _draw(name, draw):
    """The SVG text of the figure ``draw()`` returns."""
    from matplotlib.figure import Figure

    try:
        figure = draw()
    except Exception:
        raise SiteError(f"figure {name} ({draw.__qualname__}) raised an error:\n{traceback.format_exc()}") from None
    if not isinstance(figure, Figure):
        raise SiteError(f"figure {name}: {draw.__qualname__}() returned {type(figure).__name__}, not a Figure")
    return figure_svg(figure).decode()
