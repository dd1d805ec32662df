"""The mkdocs hook: wires the build tooling of nnbook.site into the build (the logic lives there).

- on_pre_build: re-import nnbook if its source changed (``mkdocs serve`` keeps it imported);
- on_files: add every figure of nnbook.figures.BOOK_FIGURES as figures/<name> (never in docs/);
- on_page_markdown: run the page's ```python blocks and show what they print under them;
- on_page_content: turn the page's LaTeX into MathML and put its figures in it as inline SVG.
"""

import contextlib
import importlib
import logging
import os

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.nnbook")
_figure_svgs = {}  # name -> SVG bytes, from on_files, for on_page_content to inline


def _module(name):
    """The current nnbook module ``name``, such as "site.svg" (on_pre_build may have re-imported it)."""
    return importlib.import_module(f"nnbook.{name}")


@contextlib.contextmanager
def _fail_build():
    """Turn a SiteError into a PluginError: mkdocs prints its message and stops, no traceback."""
    try:
        yield
    except _module("site").SiteError as error:
        raise PluginError(str(error)) from None


def on_pre_build(config):
    if _module("site").reload_if_changed():
        log.info("nnbook's source changed: re-imported it")


def on_files(files, config):
    with _fail_build():
        drawing = _module("figures.drawing")
        svgs = _module("site.svg").render_figures(_module("figures").BOOK_FIGURES, drawing.BOOK_STYLE, drawing.PAGE_COLORS)
    _figure_svgs.clear()
    _figure_svgs.update(svgs)
    for name, svg in svgs.items():
        files.append(File.generated(config, f"figures/{name}", content=svg))
    return files


def _page_path(page):
    return os.path.relpath(page.file.abs_src_path)


def on_page_markdown(markdown, page, config, files):
    source = page.file.content_string
    front_matter = source[: len(source) - len(markdown)] if source.endswith(markdown) else ""
    with _fail_build():
        return _module("site.code_blocks").run_page_code(
            markdown, _page_path(page), config.docs_dir, front_matter.count("\n") + 1
        )


def on_page_content(html, page, config, files):
    with _fail_build():
        html = _module("site.mathml").render_math(html, _page_path(page))
        return _module("site.svg").inline_figures(html, _page_path(page), _figure_svgs)
