"""pytest setup for the whole repository.

- matplotlib draws off-screen (Agg), so tests and code blocks never need a display;
- a failing ```python block under ``pytest --codeblocks`` is reported with the error first (the
  summary line shows it), then the line of the block that raised as the build names it (and of
  the chain's first block, which names the test, when that is another), its code numbered as
  lines of the Markdown file, and a traceback whose frames point at those lines. (The plugin
  alone shows only the exception's message.)
- each test tells ``nnbook.claims`` which page (or test file) it runs, for the claims log.
"""

import os

import matplotlib
import pytest_codeblocks.plugin

from nnbook import claims

os.environ.setdefault("MPLBACKEND", "Agg")  # for subprocesses too
matplotlib.use("Agg")

_plugin_repr_failure = pytest_codeblocks.plugin.TestBlock.repr_failure


def _code_block_failure(item, excinfo):
    """The report of a failing code block: its numbered code, then the traceback in those numbers."""
    # The plugin catches the block's exception and raises a RuntimeError from inside the handler,
    # so the block's own exception (with its traceback) is the RuntimeError's context.
    error = excinfo.value.__context__
    if item.obj.syntax != "python" or error is None:
        return _plugin_repr_failure(item, excinfo)

    from nnbook.site.code_blocks import code_chains, code_lines, error_line, failed_block, format_block_error, raising_line

    path = os.path.relpath(item.path)
    chains = code_chains(item.path.read_text(encoding="utf-8"))
    fences = next((chain.fences for chain in chains if chain.line == item.obj.lineno), None)
    lines = code_lines(path, fences) if fences else []
    if len(lines) != len(item.obj.code.splitlines()):  # the file changed since collection
        fences, lines = (), [(path, item.obj.lineno + 1 + i, text) for i, text in enumerate(item.obj.code.splitlines())]
    raised_at = raising_line(error, lines)
    line = next((fence.line for fence in fences if raised_at in fence.code_line_numbers), item.obj.lineno)
    numbered = "".join(f"{lineno:>5} | {text}\n" for _, lineno, text in lines)
    heading = f"{error_line(error)}\n{failed_block(path, line, item.obj.lineno)}"
    return f"{heading}\n\n{numbered}\n{format_block_error(error, {'<string>': lines})}"


pytest_codeblocks.plugin.TestBlock.repr_failure = _code_block_failure


def pytest_runtest_setup(item):
    """Claims checked by this test are logged as on its file, such as "docs/learning.md"."""
    claims.page = item.nodeid.split("::")[0]
