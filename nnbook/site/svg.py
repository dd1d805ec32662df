"""Figures at build time: every figure of ``nnbook.figures.BOOK_FIGURES`` drawn to SVG, which the
hook adds to the site as figures/<name>."""

import io
import traceback

from nnbook.site import SiteError

_FIGURE_SVGS = {}  # figure name -> SVG bytes; emptied by a reload (nnbook.site.reload_if_changed)


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

    Each figure is drawn once per import of this module (a change to nnbook's source re-imports it);
    one that raises or returns something other than a Figure fails with its name.
    """
    from matplotlib.figure import Figure

    for name, draw in book_figures.items():
        if name not in _FIGURE_SVGS:
            try:
                figure = draw()
            except Exception:
                raise SiteError(f"figure {name} ({draw.__qualname__}) raised an error:\n{traceback.format_exc()}") from None
            if not isinstance(figure, Figure):
                raise SiteError(f"figure {name}: {draw.__qualname__}() returned {type(figure).__name__}, not a Figure")
            _FIGURE_SVGS[name] = figure_svg(figure)
    return {name: _FIGURE_SVGS[name] for name in book_figures}
