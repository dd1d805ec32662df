"""Figures at build time: every figure of ``nnbook.figures.BOOK_FIGURES`` drawn to SVG, which the
hook adds to the site as figures/<name> and puts into the pages that show it (``inline_figures``),
where its text and lines take the page's colors in light and in dark mode, and where it fits the
column of any screen: it shrinks to fit, and a figure with a phone layout (``PHONE_LAYOUT``) shows
that layout on a phone instead."""

import html
import io
import re
import traceback

from nnbook.site import SiteError, build_cache


def figure_svg(figure, page_colors=None):
    """A matplotlib Figure as SVG bytes, then closed.

    Text stays text (selectable, scales with the page), the background is transparent, and no date
    or random ids are written, so the same figure gives the same bytes on every build.
    ``page_colors`` maps colors the figure was drawn with (as matplotlib writes them, "#rrggbb") to
    the CSS colors that replace them, such as ``{"#0a0b0c": "currentColor"}``: inlined in a page,
    those parts then take the page's colors (see ``nnbook.figures.drawing.PAGE_COLORS``).
    """
    import matplotlib
    import matplotlib.pyplot as pyplot

    buffer = io.BytesIO()
    try:
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "nnbook"}):
            figure.savefig(buffer, format="svg", bbox_inches="tight", transparent=True, metadata={"Date": None})
    finally:
        pyplot.close(figure)
    return with_page_colors(buffer.getvalue(), page_colors)


def with_page_colors(svg, page_colors=None):
    """SVG bytes with each color of ``page_colors`` (as matplotlib writes it, "#rrggbb") replaced by
    the CSS color it maps to (see ``figure_svg``)."""
    for drawn, css in (page_colors or {}).items():
        svg = svg.replace(drawn.lower().encode(), css.encode())
    return svg


def render_figures(book_figures, style=None, page_colors=None):
    """{name: SVG bytes} for every entry of ``book_figures`` (name -> no-argument Figure function),
    each drawn with the matplotlib settings ``style`` (such as ``nnbook.figures.drawing.BOOK_STYLE``)
    and written with ``page_colors`` (see ``figure_svg``).

    Each figure is kept across builds by nnbook.site.build_cache: drawn again only when nnbook's
    source or a file it read has changed. One that raises or returns something other than a
    Figure fails with its name.
    """
    return {
        name: build_cache.cached(
            "figures", name, made_from(draw, style, page_colors), lambda: _draw(name, draw, style, page_colors)
        ).encode()
        for name, draw in book_figures.items()
    }


def made_from(draw, style=None, page_colors=None):
    """What a figure's SVG is made from besides nnbook's source, as nnbook.site.build_cache keys it:
    ``render_figures``' function, style and page colors."""
    return repr((draw.__module__, draw.__qualname__, sorted((style or {}).items()), sorted((page_colors or {}).items())))


def _draw(name, draw, style, page_colors):
    """The SVG text of the figure ``draw()`` returns, drawn with ``style``, written with
    ``page_colors``."""
    import matplotlib
    from matplotlib.figure import Figure

    try:
        with matplotlib.rc_context(style or {}):
            figure = draw()
    except Exception:
        raise SiteError(f"figure {name} ({draw.__qualname__}) raised an error:\n{traceback.format_exc()}") from None
    if not isinstance(figure, Figure):
        raise SiteError(f"figure {name}: {draw.__qualname__}() returned {type(figure).__name__}, not a Figure")
    return figure_svg(figure, page_colors).decode()


# The phone layout of the figure <name>.svg, if it has one, is the figure <name>-phone.svg: the page
# carries both, and the site's CSS shows one of them (docs/stylesheets/extra.css).
PHONE_LAYOUT = "-phone.svg"
# A figure alone in its paragraph, as Markdown writes ![alt](figures/name.svg) from any page.
_FIGURE_PARAGRAPH = re.compile(r"<p>\s*(<img\b[^>]*>)\s*</p>")
_ATTRIBUTE = re.compile(r'\b(src|alt)="([^"]*)"')
_SVG_ID = re.compile(rb'(\bid="|url\(#|xlink:href="#)([^")]+)')


def inline_svg(svg, id_prefix, label, css_class=None):
    """One figure's SVG bytes as markup to put in a page: the XML prolog and metadata dropped, every
    id (and every reference to one) prefixed with ``id_prefix`` so that figures sharing a page do
    not share ids, ``label`` as its accessible name (``role="img"``) and ``css_class``, if given,
    as its class."""
    start = svg.find(b"<svg")
    if start < 0:
        raise SiteError(f"{id_prefix}: not an SVG (no <svg> element)")
    svg = re.sub(rb"\s*<metadata>.*?</metadata>", b"", svg[start:], flags=re.DOTALL)
    svg = _SVG_ID.sub(lambda match: match[1] + id_prefix.encode() + b"-" + match[2], svg)
    # matplotlib's stylesheet says *{...}: keep it to this figure, not the whole page.
    svg = svg.replace(b'<style type="text/css">*{', f'<style type="text/css">#{id_prefix} *{{'.encode(), 1)
    attributes = f' id="{id_prefix}" role="img" aria-label="{html.escape(label)}"'
    attributes += f' class="{css_class}"' if css_class else ""
    return "<svg" + attributes + svg[4:].decode("utf-8")


def figure_block(svg, id_prefix, label, phone=None):
    """One figure's SVG bytes as a page shows it: ``inline_svg`` in a ``<div class="nnbook-figure">``
    (the book's figure style), left out of the site's search (``data-search-exclude``). With
    ``phone`` (the SVG bytes of its phone layout) both go in, of classes ``nnbook-wide-layout`` and
    ``nnbook-phone-layout``, the same ``label`` on both; the stylesheet shows one."""
    if phone is None:
        inner = inline_svg(svg, id_prefix, label)
    else:
        inner = (inline_svg(svg, id_prefix, label, "nnbook-wide-layout")
                 + inline_svg(phone, id_prefix + "-phone", label, "nnbook-phone-layout"))
    return f'<div class="nnbook-figure" data-search-exclude>{inner}</div>'


def inline_figures(page_html, page, svgs):
    """Replace every figure of ``svgs`` ({name: SVG bytes}) shown alone in a paragraph of
    ``page_html`` (``<img alt="..." src="figures/<name>">``, any number of ``../`` before it) by the
    SVG itself, in a ``<div class="nnbook-figure">``; its alt text becomes the SVG's accessible name.
    The site's search leaves the figure's labels out (``data-search-exclude``), as it did the image.
    A figure whose phone layout is in ``svgs`` too (``PHONE_LAYOUT``) goes in with it, the two
    SVGs of classes ``nnbook-wide-layout`` and ``nnbook-phone-layout``, the same alt text on both.

    Inline, the figure's ``currentColor`` parts follow the page's text color (light or dark mode),
    which a figure in an ``<img>`` cannot. ``page`` names the page in errors: a figure that is not
    in ``svgs`` fails the build.
    """
    used = {}

    def replace(match):
        attributes = dict(_ATTRIBUTE.findall(match[1]))
        figure = re.fullmatch(r"(?:\.\./)*figures/([^/]+\.svg)", attributes.get("src", ""))
        if figure is None:
            return match[0]
        name = figure[1]
        if name not in svgs:
            raise SiteError(f"{page}: figures/{name} is not one of the book's figures (nnbook.figures.BOOK_FIGURES)")
        used[name] = used.get(name, 0) + 1
        prefix = "figure-" + re.sub(r"[^A-Za-z0-9-]", "-", name.removesuffix(".svg"))
        prefix += f"-{used[name]}" if used[name] > 1 else ""
        phone = svgs.get(name.removesuffix(".svg") + PHONE_LAYOUT)
        return figure_block(svgs[name], prefix, html.unescape(attributes.get("alt", "")), phone)

    return _FIGURE_PARAGRAPH.sub(replace, page_html)
