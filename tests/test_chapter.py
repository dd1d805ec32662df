"""tools/chapter.py, ``make chapter``: a new chapter with every file and list entry it needs, on a
copy of the book's files. (That the book then builds: make chapter's trial in CONTRIBUTING.md.)"""

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from tools import chapter

ROOT = Path(__file__).resolve().parent.parent
READ = ["mkdocs.yml", "README.md", "docs/index.md", "docs/beyond-sigmoid.md", "templates/chapter.md"]


@pytest.fixture
def book(tmp_path):
    """A copy of what make chapter reads, in folders as in the repository."""
    for path in READ:
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
    written = chapter.new_chapter("softmax-outputs", "Softmax outputs", "ten outputs as ten chances", root=book)
    assert written == ["docs/softmax-outputs.md", "mkdocs.yml", "docs/index.md", "README.md",
                       "nnbook/figures/softmax_outputs.py", "tests/test_figures_softmax_outputs.py",
                       "docs/beyond-sigmoid.md"]
    number = len(before) + 1
    assert chapters(book) == before + [(f"{number}. Softmax outputs", "softmax-outputs.md")]
    page = (book / "docs/softmax-outputs.md").read_text()
    assert page.startswith(f"# {number}. Softmax outputs\n")
    assert "](figures/" not in re.sub(r"<!--.*?-->", "", page, flags=re.DOTALL)  # no other page's figure
    assert f"{number}. [Softmax outputs](softmax-outputs.md): ten outputs as ten chances.\n" in (book / "docs/index.md").read_text()
    assert ("| `docs/softmax-outputs.md` | `nnbook/figures/softmax_outputs.py` | `tests/test_figures_softmax_outputs.py` | |\n"
            in (book / "README.md").read_text())
    module = (book / "nnbook/figures/softmax_outputs.py").read_text()
    assert "``softmax-outputs``" in module and "\nBOOK_FIGURES = {}\n" in module
    compile(module, "softmax_outputs.py", "exec")
    compile((book / "tests/test_figures_softmax_outputs.py").read_text(), "test_figures_softmax_outputs.py", "exec")


def test_the_books_closing_words_move_to_the_new_last_chapter(book):
    closing = chapter._section((book / "docs/beyond-sigmoid.md").read_text(), chapter.ARC_END)
    assert "That closes the book's arc" in closing
    chapter.new_chapter("softmax-outputs", "Softmax outputs", root=book)
    page = (book / "docs/softmax-outputs.md").read_text()
    assert closing + "## Exercises\n" in page and "\n## Next\n" not in page
    before = (book / "docs/beyond-sigmoid.md").read_text()
    assert chapter.ARC_END not in before
    assert "## Next\n\nThe next chapter is [Softmax outputs](softmax-outputs.md).\n\n## Exercises\n" in before
    chapter.new_chapter("argmax", "Argmax", root=book)  # and on again
    assert chapter.ARC_END in (book / "docs/argmax.md").read_text()
    assert chapter.ARC_END not in (book / "docs/softmax-outputs.md").read_text()
    assert [title for title, _ in chapters(book)[-2:]] == [f"{len(chapters(book)) - 1}. Softmax outputs", f"{len(chapters(book))}. Argmax"]


def test_a_title_yaml_would_misread_is_quoted_in_the_nav(book):
    chapter.new_chapter("costs", "Costs: how wrong, #2", root=book)
    assert chapters(book)[-1] == (f"{len(chapters(book))}. Costs: how wrong, #2", "costs.md")


@pytest.mark.parametrize(("slug", "title", "message"), [
    ("Softmax_Outputs", "Softmax outputs", "NAME='Softmax_Outputs': a page's slug is lowercase words joined by hyphens"),
    ("", "Softmax outputs", "NAME='': a page's slug"),
    ("softmax", "", "TITLE='': give the chapter's title"),
    ("softmax", "A | B", "without \"|\""),
    ("beyond-sigmoid", "Again", "docs/beyond-sigmoid.md exists already: choose another NAME"),
])
def test_a_chapter_that_cannot_be_made_is_a_clear_error_and_writes_nothing(book, slug, title, message):
    before = {path: path.read_bytes() for path in book.rglob("*") if path.is_file()}
    with pytest.raises(chapter.ChapterError, match=re.escape(message)):
        chapter.new_chapter(slug, title, root=book)
    assert {path: path.read_bytes() for path in book.rglob("*") if path.is_file()} == before


def test_make_chapter_says_what_it_made_and_what_next(book, capsys):
    assert chapter.main(["softmax-outputs", "Softmax outputs"], root=book) == 0
    out = capsys.readouterr().out
    assert "docs/softmax-outputs.md" in out and "make page PAGE=softmax-outputs" in out
    assert chapter.main(["softmax-outputs", "Softmax outputs"], root=book) == 2
    assert "make chapter: docs/softmax-outputs.md" in capsys.readouterr().err
