"""The book's claims, checked: a sentence of prose and the number that backs it.

When a chapter says "more than twice as strong", its code checks the measured number:

    claim("every detector's best match is more than twice as strong", gain, above=2)

``claim`` raises ``ClaimError`` (an AssertionError, so a failing claim fails the page's build and
its test) unless ``above < value < below``; with no bounds, the value itself must be true. Claims
that depend on training must hold on any machine and for any seed, with margin: ``make robust``
retrains the book's networks under other BLAS kernels and seeds, collects every claim's value
from each run (``$NNBOOK_CLAIMS_LOG`` names the file each claim is appended to, one JSON line
each, with the ``page`` it is on) and prints the smallest margin (see bench/robust.py and CONTRIBUTING.md).
"""

import json
import math

from nnbook import environment

page = ""
"""The page whose claims are being checked, as a path such as "docs/learning.md", recorded with
each claim in the log: the build and the code blocks' test (conftest.py) set it before a page runs."""


class ClaimError(AssertionError):
    """A claim of the book that its measurement does not back."""


def claim(text, value, above=None, below=None):
    """Check that ``value`` backs the claim ``text``; return the value.

    With ``above`` and/or ``below``, ``value`` must be a number strictly between them; with
    neither, ``value`` must be true. ``text`` says the claim in words, as the page's prose does,
    and is unique in the book (``make robust`` uses it to compare runs).
    """
    if above is None and below is None:
        holds, shown = bool(value), bool(value)
    else:
        try:
            shown = float(value)
        except (TypeError, ValueError):
            raise ClaimError(f"claim {text!r}: expected a number to compare, got {value!r}") from None
        holds = math.isfinite(shown) and (above is None or shown > above) and (below is None or shown < below)
    _record(text, shown, above, below, holds)
    if not holds:
        raise ClaimError(f"claim {text!r} does not hold: the measured value is {shown!r}, {_bounds(above, below)}; "
                         f"{_elsewhere()}")
    return value


def _elsewhere():
    """How to see a claim's values on other machines and seeds, to set bounds that hold there too."""
    where = "`make robust` (the whole book)"
    if page.startswith("docs/") and page.endswith(".md"):
        where = f"`make page PAGE={page[len('docs/'):-len('.md')]}` (this page) or " + where
    return f"its values under other BLAS kernels and seeds: {where}"


def _bounds(above, below):
    """The bounds in words: "it must be above 2", "... between 0.1 and 0.5", "... true"."""
    if above is not None and below is not None:
        return f"it must be between {above:g} and {below:g}"
    if above is not None:
        return f"it must be above {above:g}"
    if below is not None:
        return f"it must be below {below:g}"
    return "it must be true"


def _record(text, value, above, below, holds):
    """Append the claim to $NNBOOK_CLAIMS_LOG, when set, as one line of JSON."""
    log = environment.claims_log()
    if log is None:
        return
    entry = {"page": page, "claim": text, "value": value, "above": above, "below": below, "holds": holds}
    with open(log, "a", encoding="utf-8") as file:
        file.write(json.dumps(entry) + "\n")
