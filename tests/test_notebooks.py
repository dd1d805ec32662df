"""The chapters and labs as Jupyter notebooks (nnbook/site/notebooks.py and its wiring in the hook).

The notebooks a reader downloads must run. Each chapter notebook's code cells are exactly the code
blocks pytest --codeblocks runs (tested below), so the chapters' code is run once, by
pytest-codeblocks; what a Jupyter kernel adds (one namespace for all cells, the kernel's own
process) is tried on a real kernel (nbclient and ipykernel) with chapter 4, and by
tests/test_readme.py with chapter 1 through `jupyter execute`. The labs
are run on a kernel by mkdocs-jupyter in every build, which fails on an error.
"""

import base64
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load
from nbclient import NotebookClient

from nnbook import recipes
from nnbook.site import build_cache, code_blocks, export, notebooks
from nnbook.site import SiteError
from test_contributing import chapters

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SITE_URL = "https://owner.github.io/repo/"
# PAGE keeps pytest-codeblocks' old skip marker on purpose, which its extractor (the build reads
# pages with it) warns about.
pytestmark = pytest.mark.filterwarnings("ignore:pytest-codeblocks.skip is deprecated:DeprecationWarning")


CHAPTERS = chapters()
LABS = sorted(path.relative_to(DOCS).as_posix() for path in (DOCS / "labs").glob("*.py"))


def chapter_notebook(src_uri):
    markdown, _ = get_data((DOCS / src_uri).read_text(encoding="utf-8"))
    return nbformat.reads(notebooks.chapter_notebook(markdown, src_uri, SITE_URL), as_version=4)


def lab_notebook(src_uri):
    return nbformat.reads(notebooks.lab_notebook((DOCS / src_uri).read_text(encoding="utf-8"), src_uri, SITE_URL), as_version=4)


# ---------------------------------------------------------------------------------------------
# Chapters


def test_the_nav_has_chapters_and_labs():
    assert len(CHAPTERS) >= 7 and all((DOCS / src).is_file() for src in CHAPTERS)
    assert len(LABS) >= 2


@pytest.mark.parametrize("src_uri", CHAPTERS)
def test_code_cells_are_exactly_what_pytest_codeblocks_runs(src_uri):
    markdown, _ = get_data((DOCS / src_uri).read_text(encoding="utf-8"))
    run = [fence.code.rstrip("\n") for chain in code_blocks.code_chains(markdown) if chain.runs for fence in chain.fences]
    notebook = chapter_notebook(src_uri)
    nbformat.validate(notebook)
    assert [cell.source for cell in notebook.cells if cell.cell_type == "code"] == run
    assert notebook.metadata.kernelspec.name == "python3"
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "pytest-codeblocks" not in text and "](figures/" not in text and ".md)" not in text


PAGE = """\
# 3. A chapter

Intro with [a link](other.md#part), [a page](sub/index.md), [an anchor](#here),
![a figure](figures/x.svg) and [the web](https://example.org/a.md).

```python
x = 1
```

<!--pytest-codeblocks:cont-->
```python
print(x)
```

```text
shown, not run
```

<!--pytest-codeblocks:skip-->
```python
raise SystemExit("never run")
```

!!! note "Remember"

    An open note.

??? success "Solution"

    First the idea.

    ```python
    print("hidden")
    ```

    Then what it printed.

After.
"""


def cells_of(markdown, src_uri="chapter.md"):
    notebook = nbformat.reads(notebooks.chapter_notebook(markdown, src_uri, SITE_URL), as_version=4)
    nbformat.validate(notebook)
    return [(cell.cell_type, cell.source, dict(cell.metadata)) for cell in notebook.cells]


def test_a_page_becomes_cells():
    cells = cells_of(PAGE)
    kinds = [kind for kind, _, _ in cells]
    assert kinds == ["markdown", "markdown", "code", "code", "markdown", "raw", "markdown", "markdown", "code", "markdown", "markdown"]
    intro, top, first, second, shown, skipped, note, idea, hidden, after_code, after = cells
    assert "docs/chapter.md" in intro[1] and f"({SITE_URL}chapter/)" in intro[1]
    assert f"[how to set both up]({SITE_URL}#a-chapter-or-a-lab-as-a-notebook)" in intro[1]  # the home page's section
    assert top[1].startswith("# 3. A chapter\n\nIntro with")
    assert f"[a link]({SITE_URL}other/#part)" in top[1]
    assert f"[a page]({SITE_URL}sub/)" in top[1]
    assert f"[an anchor]({SITE_URL}chapter/#here)" in top[1]
    assert f"![a figure]({SITE_URL}figures/x.svg)" in top[1]
    assert "[the web](https://example.org/a.md)" in top[1]
    assert (first[1], second[1]) == ("x = 1", "print(x)")
    assert "```text\nshown, not run\n```" in shown[1] and "pytest-codeblocks" not in shown[1]
    assert skipped[1] == 'raise SystemExit("never run")' and skipped[2] == {"tags": ["not-run"]}
    assert note[1] == "**Remember**\n\nAn open note."
    assert idea[1] == "<details><summary>Solution</summary>\n\nFirst the idea.\n\n</details>"
    assert hidden[1] == 'print("hidden")' and hidden[2] == {"jupyter": {"source_hidden": True}}
    assert after_code[1] == "<details><summary>Solution, continued</summary>\n\nThen what it printed.\n\n</details>"
    assert after[1] == "After."


def test_an_expected_output_fence_stays_as_written():
    cells = cells_of("```python\nprint('!!! note')\n```\n<!--pytest-codeblocks:expected-output-->\n```\n!!! note\n```\n")
    assert cells[-1][:2] == ("markdown", "```\n!!! note\n```")


def test_the_same_page_gives_the_same_bytes():
    assert notebooks.chapter_notebook(PAGE, "c.md", SITE_URL) == notebooks.chapter_notebook(PAGE, "c.md", SITE_URL)


def test_a_page_that_cannot_be_read_names_itself():
    with pytest.raises(SiteError, match=r"^docs-page.md: the code block at line 1 never closes"):
        notebooks.chapter_notebook("```python\nx = 1\n", "docs-page.md", SITE_URL)
    with pytest.raises(SiteError, match=r"chapter.md: the link \.\./x.md points outside the docs folder"):
        notebooks.chapter_notebook("[x](../x.md)\n", "chapter.md", SITE_URL)


@pytest.mark.parametrize(
    "target, src_uri, expected",
    [
        ("learning.md", "matrix-form.md", "learning/"),
        ("learning.md#the-cost", "matrix-form.md", "learning/#the-cost"),
        ("../index.md", "labs/page.md", ""),
        ("#top", "labs/page.md", "labs/page/#top"),
        ("figures/x.svg", "learning.md", "figures/x.svg"),
    ],
)
def test_site_link(target, src_uri, expected):
    assert notebooks.site_link(target, src_uri, SITE_URL) == SITE_URL + expected


def test_the_notebook_button_goes_under_the_title():
    page = notebooks.with_notebook_link("# 5. Learning\n\nText.\n", "notebooks/learning.ipynb")
    assert page.startswith(
        "# 5. Learning\n\n[Run this chapter as a notebook](notebooks/learning.ipynb)"
        '{ .md-button .nnbook-notebook download="learning.ipynb" }\n\n'
    )
    assert page.endswith("\nText.\n")
    assert notebooks.with_notebook_link("Text.\n", "n.ipynb").startswith("[Run this chapter as a notebook](n.ipynb)")


# ---------------------------------------------------------------------------------------------
# Labs


@pytest.mark.parametrize("src_uri", LABS)
def test_a_lab_is_a_notebook_with_code(src_uri):
    notebook = lab_notebook(src_uri)
    nbformat.validate(notebook)
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# Lab")
    assert sum(cell.cell_type == "code" for cell in notebook.cells) >= 3
    assert "%matplotlib inline" in notebook.cells[1].source  # figures show in Jupyter


def test_a_lab_without_code_is_refused():
    with pytest.raises(SiteError, match="labs/empty.py: no code cell; a lab is a jupytext percent script"):
        notebooks.lab_notebook("# %% [markdown]\n# Just words\n", "labs/empty.py", SITE_URL)


LAB = '# %% [markdown]\n# # A lab\n\n# %% alt="A <curve>"\nfigure()\n\n# %%\nother()\n'
# A figure drawn in the book's ink and paper (nnbook.figures.drawing), as the lab's kernel writes it.
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><defs><clipPath id="p1"/></defs>' \
      b'<text style="fill: #0a0b0c">label</text><rect style="fill: #fdfdfc" clip-path="url(#p1)"/></svg>'
PAGE_COLORS = {"#0a0b0c": "currentColor", "#fdfdfc": "var(--md-default-bg-color)"}


def lab_html(*cells):
    return "<div>" + "".join(f'<div id="cell-id={number}">{cell}</div>' for number, cell in enumerate(cells)) + "</div>"


def svg_output(svg=SVG):
    return (f'<div class="jp-RenderedSVG jp-OutputArea-output" data-mime-type="image/svg+xml">'
            f'<img alt="No description has been provided for this image" src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}"></div>')


def test_lab_figures_become_inline_svg_in_the_page_colors_named_by_their_cell():
    page = notebooks.lab_figures(lab_html("<h1>A lab</h1>", svg_output() + svg_output(), "<pre>2</pre>"), LAB,
                                 "labs/a.py", PAGE_COLORS)
    assert "<img" not in page and page.count('<div class="nnbook-figure" data-search-exclude>') == 2
    assert "jp-RenderedSVG" not in page  # Jupyter's figure style gives way to the book's
    assert '<svg id="figure-a-2" role="img" aria-label="A &lt;curve&gt;"' in page and 'id="figure-a-2-2"' in page
    assert "fill: currentColor" in page and "fill: var(--md-default-bg-color)" in page and "#0a0b0c" not in page
    assert 'url(#figure-a-2-p1)' in page and 'url(#figure-a-2-2-p1)' in page  # ids of figures sharing a page kept apart


def test_a_lab_figure_without_a_description_is_refused():
    with pytest.raises(SiteError, match=r"labs/a.py: cell 3 \('other\(\)'\) draws a figure without a description"):
        notebooks.lab_figures(lab_html("<h1>A lab</h1>", "", svg_output()), LAB, "labs/a.py")


def test_a_lab_image_that_cannot_take_the_page_colors_is_refused():
    image = f'<img alt="No description has been provided for this image" src="data:image/png;base64,AA">'
    with pytest.raises(SiteError, match=r"labs/a.py: cell 2 \('figure\(\)'\) shows a raster image"):
        notebooks.lab_figures(lab_html("<h1>A lab</h1>", image, ""), LAB, "labs/a.py")


def printed(text):
    return ('<div class="jp-OutputArea-child">\n<div class="jp-RenderedText jp-OutputArea-output" '
            f'data-mime-type="text/plain" tabindex="0">\n<pre>{text}</pre>\n</div>\n</div>\n')


def test_what_a_lab_cell_printed_in_pieces_is_one_block():
    figure = '<div class="jp-OutputArea-child"><div class="jp-RenderedSVG">svg</div></div>\n'
    heading = '<h2 id="next">Next</h2>\n'
    page = printed("a\n") + printed("b\n") + printed("c\n") + figure + printed("d\n") + heading + printed("e\n") + printed("f\n")
    assert notebooks.lab_printed_output(page) == printed("a\nb\nc\n") + figure + printed("d\n") + heading + printed("e\nf\n")


def test_the_build_kernels_draw_lab_figures_as_svg_in_the_book_style(tmp_path):
    from nnbook.figures.drawing import BOOK_STYLE

    folder = notebooks.lab_ipython_dir(tmp_path / "ipython", BOOK_STYLE)
    config = SimpleNamespace(InlineBackend=SimpleNamespace())
    exec((folder / "profile_default" / "ipython_kernel_config.py").read_text(), {"c": config})
    assert config.InlineBackend.figure_formats == {"svg"}
    assert BOOK_STYLE.items() <= config.InlineBackend.rc.items() and config.InlineBackend.rc["svg.fonttype"] == "none"
    assert config.InlineBackend.print_figure_kwargs["facecolor"] == "none"  # no white slab in dark mode


def test_lab_links_to_the_books_pages_point_to_their_addresses():
    page = ('<a href="../index.md#setup">set up</a> <a href="../gradient-descent.md">chapter 5</a> '
            '<a href="https://example.org/a.md">web</a> <a href="#here">here</a>')
    assert notebooks.lab_links(page, "labs/a.py") == (
        '<a href="../../#setup">set up</a> <a href="../../gradient-descent/">chapter 5</a> '
        '<a href="https://example.org/a.md">web</a> <a href="#here">here</a>')
    with pytest.raises(SiteError, match="labs/a.py: the link ../../x.md points outside the docs folder"):
        notebooks.lab_links('<a href="../../x.md">x</a>', "labs/a.py")
    notebook = nbformat.reads(notebooks.lab_notebook("# %% [markdown]\n# [set up](../index.md#setup)\n\n# %%\nx = 1\n",
                                                     "labs/a.py", SITE_URL), as_version=4)
    assert notebook.cells[0].source == f"[set up]({SITE_URL}#setup)"


@pytest.mark.parametrize("src_uri", LABS)
def test_every_lab_figure_has_a_description(src_uri):
    notebook = lab_notebook(src_uri)
    draws = [cell for cell in notebook.cells if cell.cell_type == "code" and "alt" in cell.metadata]
    assert draws, f"{src_uri}: no cell describes a figure"
    assert all(len(cell.metadata["alt"]) > 40 for cell in draws)


# ---------------------------------------------------------------------------------------------
# Every notebook runs on a real kernel


def run_notebook(notebook):
    """Execute ``notebook`` in place on the python3 kernel, in the repository's root; fail on any error."""
    NotebookClient(notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    return notebook


KERNEL_CHAPTER = "matrix-form.md"  # chapter 4: many blocks carried on from one to the next, and exercises


def test_notebook_runs_on_a_jupyter_kernel():
    src_uri = KERNEL_CHAPTER
    assert src_uri in CHAPTERS
    notebook = run_notebook(chapter_notebook(src_uri))
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)
    assert not [output for cell in code for output in cell.outputs if output.output_type == "error"]
    printed = "".join(output.get("text", "") for cell in code for output in cell.outputs)
    assert printed.strip(), f"{src_uri}: its notebook printed nothing"


def test_a_failing_cell_fails_the_run():
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.reads(notebooks.chapter_notebook("```python\n1 / 0\n```\n", "c.md", SITE_URL), as_version=4)
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        run_notebook(notebook)


# ---------------------------------------------------------------------------------------------
# mkdocs-jupyter runs the labs again when nnbook changes


def test_labs_run_again_when_nnbook_changes(tmp_path, monkeypatch):
    """A real (small) mkdocs build with the book's hook and mkdocs-jupyter, three times: the second
    build reuses the executed lab, the third, after nnbook's source hash changed, runs it again."""
    runs = tmp_path / "runs.txt"
    (tmp_path / "docs" / "labs").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "docs" / "labs" / "count.py").write_text(
        f"# %% [markdown]\n# # Count\n\n# %%\nwith open({str(runs)!r}, 'a') as file:\n    file.write('ran\\n')\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: http://127.0.0.1/\nnav:\n  - index.md\n  - labs/count.py\n"
        "plugins:\n  - mkdocs-jupyter:\n      include: ['labs/*.py']\n      execute: true\n      allow_errors: false\n"
        f"      cache_dir: {tmp_path / 'cache'}\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'nnbook_hooks.py'}\n"
    )
    import nnbook.figures

    monkeypatch.setattr(nnbook.figures, "BOOK_FIGURES", {})  # this build needs no figures
    # nor the book's networks, which the seed offset below would train again
    monkeypatch.setattr(recipes, "is_cached", lambda name: True)
    monkeypatch.setattr(export, "draw_page_files", dict)
    monkeypatch.chdir(tmp_path)

    def build_site():
        build(load_config(str(tmp_path / "mkdocs.yml")))
        return runs.read_text().count("ran")

    assert build_site() == 1
    assert build_site() == 1, "the second build ran the lab again: mkdocs-jupyter's cache is not used"
    assert nbformat.read(tmp_path / "site" / "notebooks" / "count.ipynb", as_version=4).cells[1].source.startswith("with open")
    monkeypatch.setattr(build_cache, "LOADED_SOURCE_HASH", "f" * 64)  # as after an edit and reload
    assert build_site() == 2, "a change to nnbook did not run the lab again"
    monkeypatch.setenv("NNBOOK_SEED_OFFSET", "1")  # another network: the lab's outputs change too
    assert build_site() == 3, "a seed offset did not run the lab again"
    assert [folder.name for folder in (tmp_path / "cache").iterdir()] == [build_cache.fingerprint()[:16]]


def test_lab_cache_dir_keeps_only_this_source(tmp_path):
    (tmp_path / "0123456789abcdef").mkdir()
    (tmp_path / "0123456789abcdef" / "x.json").write_text("{}")
    folder = notebooks.lab_cache_dir(tmp_path, "f" * 64)
    assert folder == tmp_path / ("f" * 16)
    assert list(tmp_path.iterdir()) == []
    assert notebooks.lab_cache_dir(tmp_path / "missing", "a" * 64) == tmp_path / "missing" / ("a" * 16)


# ---------------------------------------------------------------------------------------------
# The hook's wiring


def test_hook_finds_the_chapters_in_the_nav(hook):
    config = SimpleNamespace(nav=yaml_load((ROOT / "mkdocs.yml").read_text())["nav"])
    assert hook._chapter_sources(config) == CHAPTERS
    assert hook._chapter_sources(SimpleNamespace(nav=None)) == []
