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
# What opens and closes a group in LaTeX (an escaped brace does neither), and the wide space that
# separates the equations of one display line.
_GROUPING = re.compile(r"\\[{}]|\\(begin|left)\b|\\(end|right)\b|(\{)|(\})|\\qquad\b")


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


def display_parts(latex):
    """The equations of one line of display math: ``latex`` split at each ``\\qquad`` outside any
    group (braces, ``\\left...\\right``, ``\\begin...\\end``), such as the two of
    ``a = 1, \\qquad b = 2``."""
    parts, depth, start = [], 0, 0
    for match in _GROUPING.finditer(latex):
        opens, closes, brace, close_brace = match.groups()
        if opens or brace:
            depth += 1
        elif closes or close_brace:
            depth -= 1
        elif match[0] == r"\qquad" and depth == 0:
            parts.append(latex[start:match.start()])
            start = match.end()
    parts.append(latex[start:])
    return [part.strip() for part in parts if part.strip()]


def render_math(page_html, page):
    """Replace arithmatex's generic output in ``page_html`` with MathML; ``page`` names it in errors.

    Display math goes in a ``<div class="nnbook-math">``, a box of its own, one ``<math>`` for each
    of its equations (``display_parts``): the site's CSS sets them side by side and wraps them onto
    lines of their own on a narrow screen, and docs/javascripts/math.js shrinks one that is still
    wider than the column.
    """

    def replace(match):
        tag, text = match.groups()
        opening, closing = _DELIMITERS[tag]
        latex = html.unescape(text).strip().removeprefix(opening).removesuffix(closing).strip()
        try:
            if tag == "span":
                return latex_mathml(latex)
            return '<div class="nnbook-math">' + "".join(latex_mathml(part, display=True) for part in display_parts(latex)) + "</div>"
        except SiteError as error:
            raise SiteError(f"{page}: {error}") from None

    return _ARITHMATEX.sub(replace, page_html)
