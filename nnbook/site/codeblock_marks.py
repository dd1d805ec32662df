"""The marks that tell pytest-codeblocks how to run a block (``<!--pytest-codeblocks:cont-->``,
``<!--pytest.mark.skip-->``, each alone on the line before its fence) are for the tests, never for
a reader: a Markdown extension takes them out of every page before it is parsed.

Left in, such a mark inside an indented block (a collapsed check, a solution, a list item) would
join the fence under it in one paragraph, and the page would get ``<p><!--...--><div>...</div></p>``:
a ``<div>`` cannot sit in a ``<p>``, so a browser closes the paragraph before it and the ``</p>``
is left over, invalid HTML. mkdocs.yml lists the extension under ``markdown_extensions``; it runs
after pymdownx.snippets has included files such as CONTRIBUTING.md and after pymdownx.superfences
has set the fences aside, so a mark shown inside a fence stays.
"""

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

MARK = re.compile(r"^\s*<!--[-\s]*(pytest-codeblocks:|pytest\.mark\.).*-->\s*$")
"""A line that holds only a pytest-codeblocks mark."""


class _DropMarks(Preprocessor):
    def run(self, lines):
        return ["" if MARK.match(line) else line for line in lines]


class CodeblockMarks(Extension):
    """Blanks every line that holds only a pytest-codeblocks mark (``MARK``)."""

    def extendMarkdown(self, md):
        # after snippets (32) and superfences' fences (25), before raw HTML blocks (20)
        md.preprocessors.register(_DropMarks(md), "nnbook_codeblock_marks", 24)


def makeExtension(**kwargs):  # noqa: N802  (the name Python-Markdown looks for)
    return CodeblockMarks(**kwargs)
