"""Build tooling for the book's website: what the mkdocs hook (hooks/nnbook_hooks.py) runs.

This is not part of the library the chapters teach: ``import nnbook`` never imports it, and only
the hook, the tests and conftest.py do. It may use the docs-only dependencies (latex2mathml). Its
modules each do one job for the build, and fail it with a ``SiteError`` that names the page or
figure and the fix:

- ``code_blocks``: run a page's ```` ```python ```` blocks by the rules of pytest-codeblocks, so the
  book shows exactly what the tests run, and put what each block prints right under it;
- ``codeblock_marks``: a Markdown extension that keeps pytest-codeblocks' marks out of the pages;
- ``mathml``: turn the ``$...$`` and ``$$...$$`` that pymdownx.arithmatex wraps into MathML, which
  browsers draw natively: no script, no web font, no CDN;
- ``svg``: draw every figure of ``nnbook.figures.BOOK_FIGURES`` to SVG, and put it into the pages
  that show it, where it takes the page's colors in light and in dark mode;
- ``build_cache``: keep each page's executed Markdown and each figure's SVG on disk across builds,
  made again only when what they depend on changed (a warm rebuild runs no code block);
- ``parallel``: on a cold build, train the networks, run the pages and draw the figures that are
  missing from the caches on every core, before the build reads them one by one;
- ``tables``: tables made from nnbook itself (the recipes' settings) written into a page;
- ``export``: the book's network and some test digits as JSON for the "Draw a digit" page;
- ``learn_export``: the MNIST digits the "Train it yourself" page trains on, as one gzip file;
- ``notebooks``: each chapter and lab as a Jupyter notebook, and the lab cache key.

A new build tool is a module here, wired from the hook. The recipes' hash leaves this whole folder out
(nnbook.recipes.PRESENTATION_ONLY), so changing the build never retrains a network.

``mkdocs serve`` rebuilds on every edit in one process, keeping modules imported; ``reload_if_changed``
re-imports nnbook (this package included, so the build cache sees the new source) when nnbook's
source changes.
"""

import importlib
import sys

from nnbook.files import source_hash

LOADED_SOURCE_HASH = source_hash()  # nnbook's source as it was when this package was imported


class SiteError(Exception):
    """A page or figure that cannot be built; the message names it and says what went wrong."""


def reload_if_changed():
    """Re-import every nnbook module if nnbook's source changed since it was imported; True if it did.

    ``mkdocs serve`` keeps modules imported between rebuilds; this makes an edit to nnbook show up
    in the next rebuild (``build_cache`` keys its entries on LOADED_SOURCE_HASH). Import the
    ``nnbook.site`` modules again after calling this: a module imported before runs the old code.
    """
    if source_hash() == LOADED_SOURCE_HASH:
        return False
    for name in [name for name in sys.modules if name == "nnbook" or name.startswith("nnbook.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    importlib.import_module("nnbook.site")  # and nnbook, its parent
    return True
