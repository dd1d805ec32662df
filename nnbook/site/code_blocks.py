"""Running a page's code blocks at build time, exactly as ``pytest --codeblocks`` runs them, and
showing what each prints right under it (``run_page_code``, called by the hook for every page).

What runs is read by pytest-codeblocks' own extractor (``code_chains``): which blocks run, which
``<!--pytest-codeblocks:cont-->`` blocks continue them, which are skipped. ``code_fences`` still
finds each fence's lines itself, because the extractor joins a block and its cont blocks into one
string numbered by the first block's line, and the build puts each block's output under it and
numbers tracebacks by the page's lines. A block that raises fails the build with its page, line and
a traceback in the page's own line numbers (``failed_block``, ``format_block_error``: conftest.py
reports a failing block under pytest with the same line and traceback).
"""

import contextlib
import io
import os
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest_codeblocks

from nnbook import claims
from nnbook.site import SiteError, build_cache


@dataclass(frozen=True)
class CodeFence:
    """One fenced block of backticks in a Markdown page, as pytest-codeblocks reads it.

    ``line`` and ``end_line`` are the 1-based lines of the opening and closing fence; ``info`` is
    what follows the backticks (only ``python`` runs); ``code`` has the fence's indentation removed
    and ``code_line_numbers`` holds the page line of each of its lines (pytest-codeblocks drops the
    blank lines of an indented block, so they are not simply consecutive).
    """

    line: int
    end_line: int
    indent: str
    info: str
    code: str
    code_line_numbers: tuple


@dataclass(frozen=True)
class Chain:
    """What pytest-codeblocks runs as one test: a fence and the ``cont`` fences joined to it.

    ``runs``: whether it runs as Python (the first fence's info is exactly ``python`` and no skip
    mark precedes it); a ``cont`` fence joins the previous fence whatever its language.
    """

    fences: tuple
    runs: bool

    @property
    def line(self):
        """The line of its first fence, which pytest-codeblocks names the test by."""
        return self.fences[0].line


def code_fences(markdown):
    """Every backtick fence of ``markdown``, where pytest-codeblocks finds it: a line that starts
    (after spaces) with three or more backticks opens a fence, and the next line that starts with
    as many backticks closes it."""
    lines = markdown.splitlines(keepends=True)
    fences = []
    index = 0
    while index < len(lines):
        line = lines[index]
        unindented = line.lstrip()
        if not unindented.startswith("```"):
            index += 1
            continue
        ticks = "`" * (len(unindented) - len(unindented.lstrip("`")))
        indent = line[: len(line) - len(unindented)]
        end = next((end for end in range(index + 1, len(lines)) if lines[end].lstrip().startswith(ticks)), None)
        if end is None:
            raise SiteError(f"the code block at line {index + 1} never closes (no ending {ticks})")
        # As pytest-codeblocks does: cut at most the fence's indentation (a blank line loses its newline).
        body = [(number, text[min(len(indent), len(text) - len(text.lstrip())) :])
                for number, text in enumerate(lines[index + 1 : end], start=index + 2)]
        body = [(number, text) for number, text in body if text]
        fences.append(CodeFence(
            line=index + 1,
            end_line=end + 1,
            indent=indent,
            info=line.strip()[len(ticks) :],
            code="".join(text for _, text in body),
            code_line_numbers=tuple(number for number, _ in body),
        ))
        index = end + 1
    return fences


def code_chains(markdown):
    """The tests ``pytest --codeblocks`` makes of ``markdown``, in order, read by pytest-codeblocks'
    own extractor: one Chain each (none when the page starts with ``<!--pytest-codeblocks:skipfile-->``).

    The extractor reads a copy of the page in which each fence holds one line, the fence's index in
    ``code_fences(markdown)``, so the code it returns for a test names the fences joined in it.
    """
    fences = code_fences(markdown)
    lines = markdown.splitlines(keepends=True)
    for index, fence in reversed(list(enumerate(fences))):
        lines[fence.line : fence.end_line - 1] = [f"{index}\n"]
    try:
        blocks = pytest_codeblocks.extract_from_buffer(io.StringIO("".join(lines)))
    except RuntimeError as error:  # such as a cont block with no block before it
        raise SiteError(f"pytest-codeblocks cannot read it: {error}") from None
    return [
        Chain(
            fences=tuple(fences[int(index)] for index in block.code.split()),
            runs=block.syntax == "python" and not any(mark.startswith("pytest.mark.skip") for mark in block.marks),
        )
        for block in blocks
    ]


def code_lines(path, fences, first_line=1):
    """For each line of the fences' code joined together: (path, line in the file, text).

    ``first_line`` is the file line of the Markdown's first line (mkdocs strips a page's front matter).
    """
    return [
        (path, number + first_line - 1, text)
        for fence in fences
        for number, text in zip(fence.code_line_numbers, fence.code.splitlines())
    ]


def format_block_error(error, sources):
    """A traceback of ``error`` raised by exec'd code blocks, their frames shown as Markdown lines.

    ``sources`` maps the filename the code was compiled under (``"<string>"`` under
    pytest-codeblocks) to ``code_lines(...)`` of that code. Frames of the machinery that called
    ``exec`` are left out.
    """
    frames = traceback.extract_tb(error.__traceback__)
    first = next((i for i, frame in enumerate(frames) if frame.filename in sources), len(frames))  # none: SyntaxError
    shown = []
    for frame in frames[first:]:
        lines = sources.get(frame.filename, ())
        if 0 < (frame.lineno or 0) <= len(lines):
            path, lineno, text = lines[frame.lineno - 1]
            frame = traceback.FrameSummary(path, lineno, frame.name, line=text)
        shown.append(frame)
    if isinstance(error, SyntaxError) and 0 < (error.lineno or 0) <= len(sources.get(error.filename, ())):
        error.filename, error.lineno, _ = sources[error.filename][error.lineno - 1]
    report = traceback.format_exception_only(error)
    if shown:
        report = ["Traceback (most recent call last):\n", *traceback.StackSummary.from_list(shown).format(), *report]
    return "".join(report).rstrip()


def failed_block(page, line, chain_line):
    """How a failing block is named, the same in the build and under pytest (conftest.py): by the
    line of the block that raised and, when it continues others, the line of their first block
    (which pytest-codeblocks names its test by, ``docs/<page>.md::line <chain_line>``)."""
    continuing = f" (continuing the code block at line {chain_line})" if chain_line != line else ""
    return f"{page}: the code block at line {line}{continuing} raised an error"


def error_line(error):
    """The error in one line, such as "ZeroDivisionError: division by zero" (pytest's summary
    line shows it)."""
    parts = traceback.format_exception_only(error)
    return next((part for part in parts if not part.startswith(" ")), parts[-1]).strip().splitlines()[0]


def raising_line(error, lines, filename="<string>"):
    """The line in the page of the statement the exec'd code was running when it raised ``error``
    (a SyntaxError: the line it points at): the block it is in is the one that raised. ``lines``
    are ``code_lines(...)`` of the code compiled as ``filename``; None if no frame is in it."""
    if isinstance(error, SyntaxError) and error.filename == filename:
        number = error.lineno
    else:
        number = next((frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == filename), None)
    return lines[number - 1][1] if number and 0 < number <= len(lines) else None


def _terminal_text(text):
    """What a terminal would show for ``text``: a carriage return overwrites its line (progress bars)."""
    return "\n".join(line.rsplit("\r", 1)[-1] for line in text.split("\n"))


def _output_fence(fence, output):
    """A ``text`` fence with the ``output`` class holding ``output``, indented like ``fence``."""
    longest_run = max((len(run) for run in re.findall(r"`+", output)), default=0)
    ticks = "`" * max(3, longest_run + 1)
    body = "".join(f"{fence.indent}{line}\n" if line else "\n" for line in output.split("\n"))
    return f"\n{fence.indent}{ticks} {{ .text .output }}\n{body}{fence.indent}{ticks}\n"


def _close_figures():
    """Close the matplotlib figures a block left open (only if the block used pyplot)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


def _files_under(directory):
    return {path for path in Path(directory).rglob("*")} if directory else set()


def _run_block(fence, namespace, source_name, sources, page, line, chain_line):
    """Run one fence's code in ``namespace``; returns what it printed (stdout and stderr).

    ``line`` is the fence's line in the page's file and ``chain_line`` that of the first fence of
    its chain, for error messages.
    """
    printed = io.StringIO()
    directory = os.getcwd()
    try:
        code = compile(fence.code, source_name, "exec")
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            exec(code, namespace)
    except (Exception, SystemExit) as error:  # sys.exit() in a block must not end the build silently
        raise SiteError(f"{failed_block(page, line, chain_line)}:\n{format_block_error(error, sources)}") from None
    finally:
        _close_figures()
        if os.getcwd() != directory:
            os.chdir(directory)
            raise SiteError(f"{page}: the code block at line {line} changed the working directory; it must not")
    return _terminal_text(printed.getvalue()).strip("\n")


def execute_markdown(markdown, page, docs_dir=None, first_line=1):
    """Run the ```` ```python ```` blocks of ``markdown`` in order; return it with their outputs.

    Each block gets a fresh namespace unless ``<!--pytest-codeblocks:cont-->`` precedes it; skipped
    blocks do not run. Whatever a block prints goes in a ``text`` fence with class ``output`` right
    after it (nothing when it prints nothing). ``page`` names the page in errors (a block that
    raises fails with its line and traceback); ``docs_dir``, if given, must not gain or lose files.
    ``first_line`` is the file line where ``markdown`` starts (after front matter), for messages.
    """
    try:
        chains = code_chains(markdown)
    except SiteError as error:
        after_front_matter = f" (counting from line {first_line}, after the front matter)" if first_line > 1 else ""
        raise SiteError(f"{page}{after_front_matter}: {error}") from None
    claims.page = page  # the claims its blocks check are logged as on this page
    before = _files_under(docs_dir)
    outputs = {}
    for chain in chains:
        if not chain.runs:
            continue
        namespace = {"__MODULE__": "__main__"}  # what pytest-codeblocks gives each block
        sources = {f"<{page}, block {fence.line}>": code_lines(page, [fence], first_line) for fence in chain.fences}
        chain_line = chain.line + first_line - 1
        for fence, source_name in zip(chain.fences, sources):
            line = fence.line + first_line - 1
            outputs[fence.end_line] = _run_block(fence, namespace, source_name, sources, page, line, chain_line)
    changed = sorted(str(path) for path in _files_under(docs_dir) ^ before)
    if changed:
        raise SiteError(f"{page}: its code blocks wrote into the docs folder: {', '.join(changed)}; write elsewhere")
    lines = markdown.splitlines(keepends=True)
    fences_by_end = {fence.end_line: fence for chain in chains for fence in chain.fences}
    for end_line in sorted(outputs, reverse=True):
        if outputs[end_line]:
            if not lines[end_line - 1].endswith("\n"):
                lines[end_line - 1] += "\n"
            lines.insert(end_line, _output_fence(fences_by_end[end_line], outputs[end_line]))
    return "".join(lines)


def run_page_code(markdown, page, docs_dir=None, first_line=1):
    """``execute_markdown``, kept across builds by nnbook.site.build_cache: run again only when the
    page's Markdown, nnbook's source or a file its code read has changed."""
    return build_cache.cached(
        "pages", page, made_from(markdown, first_line), lambda: execute_markdown(markdown, page, docs_dir, first_line)
    )


def made_from(markdown, first_line=1):
    """What a page's executed Markdown is made from besides nnbook's source, as nnbook.site.build_cache
    keys it: ``run_page_code``'s ``markdown`` and ``first_line``."""
    return f"{first_line}\n{markdown}"
