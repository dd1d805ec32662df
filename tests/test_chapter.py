"""tools/chapter.py, ``make chapter``: a new chapter with every file and list entry it needs, on a
copy of the book's files. (That the book then builds: make chapter's trial in CONTRIBUTING.md.)"""

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from tools import chapter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def book(tmp_path):
    """A copy of what make chapter reads, in folders as in the repository: the pages, the nav,
    the README and the template."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("labs", "javascripts", "stylesheets"))
    for path in ("mkdocs.yml", "README.md", "templates/chapter.md"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / path, tmp_path / path)
    for folder in ("nnbook/figures", "tests"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    return tmp_path


def chapters(root):
    nav = yaml_load((root / "mkdocs.yml").read_text())["nav"]
    return [next(iter(entry.items())) for entry in next(item["Chapters"] for item in nav if "Chapters" in item)]


def test_a_new_chapter_is_in_every_list_of_the_book(book):
    before = chapters(book)
    written = chapter.new_chapter("argmax-answers", "Argmax answers", "ten outputs as ten chances", root=book)
    assert written == ["docs/argmax-answers.md", "mkdocs.yml", "docs/index.md", "README.md",
                       "nnbook/figures/argmax_answers.py", "tests/test_figures_argmax_answers.py",
                       f"docs/{before[-1][1]}"]
    number = len(before) + 1
    assert chapters(book) == before + [(f"{number}. Argmax answers", "argmax-answers.md")]
    page = (book / "docs/argmax-answers.md").read_text()
    assert page.startswith(f"# {number}. Argmax answers\n")
    assert "](figures/" not in re.sub(r"<!--.*?-->", "", page, flags=re.DOTALL)  # no other page's figure
    assert f"{number}. [Argmax answers](argmax-answers.md): ten outputs as ten chances.\n" in (book / "docs/index.md").read_text()
    assert ("| `docs/argmax-answers.md` | `nnbook/figures/argmax_answers.py` | `tests/test_figures_argmax_answers.py` | |\n"
            in (book / "README.md").read_text())
    module = (book / "nnbook/figures/argmax_answers.py").read_text()
    assert "``argmax-answers``" in module and "\nBOOK_FIGURES = {}\n" in module
    compile(module, "argmax_answers.py", "exec")
    compile((book / "tests/test_figures_argmax_answers.py").read_text(), "test_figures_argmax_answers.py", "exec")


def test_the_books_closing_words_move_to_the_new_last_chapter(book):
    last = book / "docs" / chapters(book)[-1][1]
    closing = chapter._section(last.read_text(), chapter.ARC_END)
    assert "That closes the book's arc" in closing
    chapter.new_chapter("argmax-answers", "Argmax answers", root=book)
    page = (book / "docs/argmax-answers.md").read_text()
    assert closing + "## Exercises\n" in page and "\n## Next\n" not in page
    before = last.read_text()
    assert chapter.ARC_END not in before
    assert "## Next\n\nThe next chapter is [Argmax answers](argmax-answers.md).\n\n## Exercises\n" in before
    chapter.new_chapter("argmax", "Argmax", root=book)  # and on again
    assert chapter.ARC_END in (book / "docs/argmax.md").read_text()
    assert chapter.ARC_END not in (book / "docs/argmax-answers.md").read_text()
    assert [title for title, _ in chapters(book)[-2:]] == [f"{len(chapters(book)) - 1}. Argmax answers", f"{len(chapters(book))}. Argmax"]


def test_a_title_yaml_would_misread_is_quoted_in_the_nav(book):
    chapter.new_chapter("costs", "Costs: how wrong, #2", root=book)
    assert chapters(book)[-1] == (f"{len(chapters(book))}. Costs: how wrong, #2", "costs.md")


@pytest.mark.parametrize(("slug", "title", "message"), [
    ("Softmax_Outputs", "Argmax answers", "NAME='Softmax_Outputs': a page's slug is lowercase words joined by hyphens"),
    ("", "Argmax answers", "NAME='': a page's slug"),
    ("softmax", "", "TITLE='': give the chapter's title"),
    ("softmax", "A | B", "without \"|\""),
    ("gradient-descent", "Again", "docs/gradient-descent.md exists already: choose another NAME"),
])
def test_a_chapter_that_cannot_be_made_is_a_clear_error_and_writes_nothing(book, slug, title, message):
    before = {path: path.read_bytes() for path in book.rglob("*") if path.is_file()}
    with pytest.raises(chapter.ChapterError, match=re.escape(message)):
        chapter.new_chapter(slug, title, root=book)
    assert {path: path.read_bytes() for path in book.rglob("*") if path.is_file()} == before


def test_make_chapter_says_what_it_made_and_what_next(book, capsys):
    assert chapter.main(["argmax-answers", "Argmax answers"], root=book) == 0
    out = capsys.readouterr().out
    assert "docs/argmax-answers.md" in out and "make page PAGE=argmax-answers" in out
    assert chapter.main(["argmax-answers", "Argmax answers"], root=book) == 2
    assert "make chapter: docs/argmax-answers.md" in capsys.readouterr().err
