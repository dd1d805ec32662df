"""``make chapter NAME=<slug> TITLE="<title>" [ABOUT="<one line>"]``: a new chapter at the end of
the book, ready to write, with every file and list entry it needs (CONTRIBUTING.md, "Adding a
chapter", lists them in this order):

1. ``docs/<slug>.md``, from templates/chapter.md, numbered after the last chapter; the book's
   closing words (the section ARC_END of the chapter that was last) end it instead of the
   template's "Next";
2. its line in ``nav:`` (mkdocs.yml), under Chapters;
3. its line in the home page's list of chapters (docs/index.md), with ABOUT after the title;
4. its row in README.md's table of each page's parts;
5. its figures module, ``nnbook/figures/<slug with underscores>.py``, with an empty BOOK_FIGURES
   (nnbook.figures finds it);
6. the module's tests, ``tests/test_figures_<slug with underscores>.py``;
7. in the chapter that was last, a "Next" section that leads to the new one, where its closing
   words were.

Nothing is written unless all of it can be: a slug or title that cannot be used, or a file that
exists already, is an error that says what to change.
"""

import argparse
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARC_END = "## Where the arc ends"  # the book's closing words, in its last chapter
SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
NAV_SECTION = "  - Chapters:\n"
CHAPTER_ENTRY = re.compile(r"^      - (.+): ([\w-]+\.md)$", re.MULTILINE)
HOME_ITEM = re.compile(r"^\d+\. \[.*(?:\n {3}.*)*", re.MULTILINE)  # a numbered item and its indented lines
README_ROW = re.compile(r"^\| `docs/[\w-]+\.md` \|.*$", re.MULTILINE)


class ChapterError(Exception):
    """A chapter that cannot be made as asked; the message says what to change."""


def new_chapter(slug, title, about="", root=ROOT):
    """Make the chapter ``slug`` titled ``title`` (see the module's docstring); returns the paths
    written, relative to ``root``."""
    if not SLUG.fullmatch(slug or ""):
        raise ChapterError(f"NAME={slug!r}: a page's slug is lowercase words joined by hyphens, such as NAME=softmax-outputs")
    if not title.strip() or "\n" in title or "|" in title:
        raise ChapterError(f'TITLE={title!r}: give the chapter\'s title on one line, without "|", such as TITLE="Softmax outputs"')
    module = slug.replace("-", "_")
    paths = {
        "page": f"docs/{slug}.md",
        "figures": f"nnbook/figures/{module}.py",
        "tests": f"tests/test_figures_{module}.py",
    }
    taken = [path for path in paths.values() if (root / path).exists()]
    if taken:
        raise ChapterError(f"{', '.join(taken)} exists already: choose another NAME, or remove what an earlier try made")

    mkdocs = (root / "mkdocs.yml").read_text(encoding="utf-8")
    entries = _chapter_entries(mkdocs)
    number = len(entries) + 1
    last_page = root / "docs" / entries[-1][1]
    last_text = last_page.read_text(encoding="utf-8")
    closing = _section(last_text, ARC_END)
    heading = f"{number}. {title.strip()}"

    page = _page_from_template((root / "templates" / "chapter.md").read_text(encoding="utf-8"), heading, closing)
    changes = {
        paths["page"]: page,
        "mkdocs.yml": _with_nav_entry(mkdocs, entries, heading, f"{slug}.md"),
        "docs/index.md": _with_home_item((root / "docs" / "index.md").read_text(encoding="utf-8"), number, title.strip(), slug, about),
        "README.md": _with_readme_row((root / "README.md").read_text(encoding="utf-8"), slug, paths),
        paths["figures"]: _figures_module(slug, title.strip()),
        paths["tests"]: _figures_tests(slug, paths["figures"]),
    }
    if closing:
        next_section = f"## Next\n\nThe next chapter is [{title.strip()}]({slug}.md).\n\n"
        changes[last_page.relative_to(root).as_posix()] = last_text.replace(closing, next_section, 1)
    for path, text in changes.items():
        (root / path).write_text(text, encoding="utf-8")
    return list(changes)


def _chapter_entries(mkdocs):
    """(title, page) of each chapter in mkdocs.yml's nav, read from its text (kept as written)."""
    start = mkdocs.find(NAV_SECTION)
    if start < 0:
        raise ChapterError("mkdocs.yml has no nav section '  - Chapters:'; add the chapter to nav: by hand")
    block = re.match(r"(?:      - .*\n)*", mkdocs[start + len(NAV_SECTION) :])[0]
    entries = CHAPTER_ENTRY.findall(block)
    if not entries:
        raise ChapterError("mkdocs.yml's Chapters section lists no chapter as '      - N. Title: page.md'")
    return entries


def _section(text, heading):
    """The section of ``text`` that starts with the line ``heading``, up to the next "## " heading
    (or "" when there is none)."""
    match = re.search(rf"^{re.escape(heading)}\n(?:(?!## ).*\n|\n)*", text, re.MULTILINE)
    return match[0] if match else ""


def _page_from_template(template, heading, closing):
    """The template with the chapter's heading; its "## Next" section replaced by ``closing``."""
    if not template.startswith("# N. The chapter's title\n"):
        raise ChapterError("templates/chapter.md no longer starts with \"# N. The chapter's title\"; fix the template")
    page = f"# {heading}\n" + template.split("\n", 1)[1]
    next_section = _section(page, "## Next")
    if not next_section:
        raise ChapterError("templates/chapter.md has no '## Next' section, where the book's closing words go; fix the template")
    return page.replace(next_section, closing, 1) if closing else page


def _yaml_key(text):
    """``text`` as a YAML mapping key: quoted when it holds what YAML would read otherwise."""
    if re.search(r"[:#'\"\[\]{}&*!|>%@`]", text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _with_nav_entry(mkdocs, entries, heading, page):
    last = f"      - {entries[-1][0]}: {entries[-1][1]}\n"
    return mkdocs.replace(last, last + f"      - {_yaml_key(heading)}: {page}\n", 1)


def _with_home_item(index, number, title, slug, about):
    start = index.find("\n## The chapters\n")
    end = index.find("\n## ", start + 1) if start >= 0 else -1
    items = list(HOME_ITEM.finditer(index, start, end if end >= 0 else len(index))) if start >= 0 else []
    if not items:
        raise ChapterError("docs/index.md has no numbered list under '## The chapters'; add the chapter there by hand")
    line = f"{number}. [{title}]({slug}.md)" + (f": {about.strip().rstrip('.')}." if about.strip() else "")
    item = textwrap.fill(line, width=100, subsequent_indent="   ", break_long_words=False, break_on_hyphens=False)
    end = items[-1].end()
    return index[:end] + "\n" + item + index[end:]


def _with_readme_row(readme, slug, paths):
    rows = list(README_ROW.finditer(readme))
    if not rows:
        raise ChapterError("README.md has no table of pages ('| `docs/<page>.md` | ...'); add the chapter there by hand")
    row = f"| `{paths['page']}` | `{paths['figures']}` | `{paths['tests']}` | |"
    end = rows[-1].end()
    return readme[:end] + "\n" + row + readme[end:]


def _figures_module(slug, title):
    return f'''"""The figures of the page ``{slug}`` ("{title}").

Each function takes data and returns a matplotlib Figure, so a reader can call it on their own
digits; nnbook/figures/drawing.py has the book's colors, sizes and helpers.
"""

# The book's figures from this page, by file name under figures/ in the built site: each a function
# of no arguments that draws it from the book's data, such as "{slug}-example.svg": _example.
BOOK_FIGURES = {{}}
'''


def _figures_tests(slug, module_path):
    about = (f"The figures of docs/{slug}.md ({module_path}): a test for each function of the module, "
             "on small made-up data where it can (the ``digits`` fixture of tests/conftest.py).")
    return '"""' + textwrap.fill(about, width=97) + '"""\n'


def main(argv=None, root=ROOT):
    parser = argparse.ArgumentParser(prog="make chapter", description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="the page's slug, such as softmax-outputs")
    parser.add_argument("title", help='the chapter\'s title, such as "Softmax outputs"')
    parser.add_argument("about", nargs="?", default="", help="what it teaches, in a line, for the home page's list")
    arguments = parser.parse_args(argv)
    try:
        written = new_chapter(arguments.name, arguments.title, arguments.about, root)
    except ChapterError as error:
        print(f"make chapter: {error}", file=sys.stderr)
        return 2
    print("made or changed:\n" + "".join(f"  {path}\n" for path in written))
    print(f"Now write {written[0]}, its figures and their tests, then check the page alone:\n"
          f"  make page PAGE={arguments.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
