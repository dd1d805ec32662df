"""Math at build time: the LaTeX that pymdownx.arithmatex wraps in a page (``$...$`` inline,
``$$...$$`` as a block) becomes MathML, which browsers draw natively: no script, no web font, no CDN."""

import html
import re

from latex2mathml.converter import convert as latex_to_mathml

from nnbook.site import SiteError


_ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)
_DELIMITERS = {"span": (r"\(", r"\)"), "div": (r"\[", r"\]")}
# A token latex2mathml could not read: an unknown \command, a stray brace or an alignment "&".
_UNREAD_TOKEN = re.compile(r"<(mi|mo|mn|mtext)\b[^>]*>(\\[A-Za-z]+|[{}&])</\1>")


def latex_mathml(latex, display=False):
    """MathML for one LaTeX expression (``display=True`` for a centred block); SiteError if unreadable."""
    try:
        mathml = latex_to_mathml(latex, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many exception types, some with no message
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        raise SiteError(f"cannot read the LaTeX `{latex}` ({reason}); check its braces and \\left/\\right pairs") from None
    if unread := _UNREAD_TOKEN.search(mathml):
        raise SiteError(f"cannot read the LaTeX `{latex}`: latex2mathml does not support `{unread.group(2)}` there")
    return mathml


def render_math(page_html, page):
    """Replace arithmatex's generic output in ``page_html`` with MathML; ``page`` names it in errors.

    Display math goes in a ``<div class="nnbook-math">``, a box of its own that the site's CSS lets
    scroll sideways when an equation is wider than a narrow screen.
    """

    def replace(match):
        tag, text = match.groups()
        opening, closing = _DELIMITERS[tag]
        latex = html.unescape(text).strip().removeprefix(opening).removesuffix(closing).strip()
        try:
            mathml = latex_mathml(latex, display=tag == "div")
        except SiteError as error:
            raise SiteError(f"{page}: {error}") from None
        return f'<div class="nnbook-math">{mathml}</div>' if tag == "div" else mathml

    return _ARITHMATEX.sub(replace, page_html)
