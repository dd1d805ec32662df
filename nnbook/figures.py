"""The book's figures, drawn at build time from code (never committed).

Each figure function takes data and returns a matplotlib ``Figure``, so a reader can call it
on their own digits. ``BOOK_FIGURES`` maps a file name under ``figures/`` in the built site to a
function of no arguments that draws that figure from the book's own data; the mkdocs hook
renders each one and adds it to the build. A chapter shows it with
``![alt text that says what the figure shows](figures/<name>.svg)``.
"""

import matplotlib

matplotlib.use("Agg")

BOOK_FIGURES = {}


def book_figure(name):
    """Register a no-argument function as the drawing of ``figures/<name>`` in the book."""

    def register(draw):
        BOOK_FIGURES[name] = draw
        return draw

    return register
