"""The book's figures, drawn at build time from code (never committed).

Each figure function takes data and returns a matplotlib ``Figure``, so a reader can call it on
their own digits. One module per page of the book, named after the page: the figures of
``docs/<slug>.md`` are in ``nnbook/figures/<slug with underscores>.py`` (such as handwritten_digits.py
for docs/handwritten-digits.md) and tested in ``tests/test_figures_<slug with underscores>.py``;
``drawing`` holds what they share.

Each page module ends with ``BOOK_FIGURES``, which maps a file name under ``figures/`` in the built
site to a function of no arguments that draws that figure from the book's own data; the build
(nnbook.site) draws every one. A page shows one with
``![alt text that says what the figure shows](figures/<name>.svg)``. To add a figure, write its
function in its page's module and add the book's drawing to that module's BOOK_FIGURES. A figure
listed with a phone layout, ``<name>-phone.svg``, brings it along into the page, which shows it on
a narrow screen (``drawing`` says when a figure needs one).

Nothing here lists the pages: every module of this folder but ``drawing`` is a page's module,
found when the package is imported (``PAGE_MODULES``), and its public functions and classes can
be imported from the package too (``from nnbook.figures import learning_curves``).
"""

import importlib
import inspect
import pkgutil

_SHARED = "drawing"  # the one module of this folder that is no page's


def _page_modules():
    """{slug: module} for every module of this folder but _SHARED, by slug."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name != _SHARED)
    modules = {name.replace("_", "-"): importlib.import_module(f"{__name__}.{name}") for name in names}
    for module in modules.values():
        if not isinstance(getattr(module, "BOOK_FIGURES", None), dict):
            raise ImportError(f"{module.__file__} has no BOOK_FIGURES dict: end it with one, "
                              f'such as BOOK_FIGURES = {{"<name>.svg": <a function that draws it>}} (or {{}})')
    return modules


def _public_names(module):
    """The functions and classes ``module`` defines whose names do not start with "_"."""
    return {name: value for name, value in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(value) or inspect.isclass(value))
            and value.__module__ == module.__name__}


def _merged(modules, part):
    """One dict of every module's ``part(module)``; a name two modules define is an error."""
    merged, owner = {}, {}
    for module in modules:
        for name, value in part(module).items():
            if name in merged:
                raise ImportError(f"{name} is in both {owner[name].__file__} and {module.__file__}: rename one")
            merged[name], owner[name] = value, module
    return merged


PAGE_MODULES = _page_modules()
"""Each page's figure module by the page's slug (``handwritten-digits`` -> nnbook.figures.handwritten_digits),
found in this folder; the build draws their figures, tests/test_contributing.py checks each has its tests."""

BOOK_FIGURES = _merged(PAGE_MODULES.values(), lambda module: module.BOOK_FIGURES)
"""Every figure of the book (pages such as ``handwritten-digits`` and ``book-network``): file name
under ``figures/`` -> a no-argument function that draws it. The build draws each one
(nnbook/site/svg.py)."""

globals().update(_merged(PAGE_MODULES.values(), _public_names))
__all__ = ["BOOK_FIGURES", "PAGE_MODULES", *sorted(_merged(PAGE_MODULES.values(), _public_names))]
