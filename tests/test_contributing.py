"""The conventions CONTRIBUTING.md states, enforced: every page is in the nav, nothing generated
is committed, every public name's docstring names its page, every chapter ends with exercises,
and the guide's commands and paths exist. (Figures: tests/test_site.py checks that every figure a
page shows is drawn by the build; links and anchors: the strict build, and tests/test_built_site.py
for the built pages.)
"""

import re
import subprocess
import textwrap
from pathlib import Path

import griffe
import pytest
from mkdocs.utils.yaml import yaml_load

import nnbook

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NAV = yaml_load((ROOT / "mkdocs.yml").read_text())["nav"]


def nav_pages(items=NAV):
    """Every docs path listed in the nav."""
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield from nav_pages(value)
        else:
            yield value


def slugs():
    """The slug of every page in the nav (its path without .md or .py), such as ``learning``."""
    return {re.sub(r"\.(md|py)$", "", page) for page in nav_pages()}


def chapter_entries():
    """(title, path) of each chapter in the nav, in order, such as ("5. Gradient descent", "gradient-descent.md")."""
    section = next(item["Chapters"] for item in NAV if isinstance(item, dict) and "Chapters" in item)
    return [next(iter(entry.items())) for entry in section]


def chapters():
    return [path for _, path in chapter_entries()]


def test_every_page_is_in_the_nav_and_every_nav_entry_exists():
    pages = set(nav_pages())
    sources = {path.relative_to(DOCS).as_posix() for pattern in ("*.md", "labs/*.py") for path in DOCS.glob(pattern)}
    assert sorted(sources - pages) == [], "pages missing from nav: in mkdocs.yml"
    assert sorted(pages - sources) == [], "nav: entries without a page"
    assert [path for path in DOCS.rglob("*.md") if path.parent != DOCS] == [], "pages belong directly in docs/"


# Generated files: figures and notebooks (drawn at build time), the site, trained networks, MNIST.
GENERATED = re.compile(r"^site/|(^|/)\.cache/|\.(ipynb|svg|npz|png)$|-ubyte(\.gz)?$")


def committed_files():
    result = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"not a git checkout: {result.stderr.strip()}")
    return result.stdout.splitlines()


def test_nothing_generated_is_committed():
    files = committed_files()
    assert "mkdocs.yml" in files
    assert [path for path in files if GENERATED.search(path)] == []


@pytest.mark.parametrize("path", ["site/index.html", ".cache/nnbook/networks/book-0123456789abcdef.npz",
                                  ".venv/bin/python", "node_modules/axe-core/axe.min.js", "nnbook.egg-info/PKG-INFO"])
def test_what_the_make_targets_write_is_ignored_by_git(path):
    """What make serve, make build and make test write is never offered for a commit."""
    result = subprocess.run(["git", "check-ignore", "--no-index", "--quiet", path], cwd=ROOT)
    if result.returncode == 128:
        pytest.skip("not a git checkout")
    assert result.returncode == 0, f"{path} is not ignored: add it to .gitignore"


def public_objects():
    """(qualified name, griffe object) of nnbook's public names and of the modules the chapters import."""
    package = griffe.load("nnbook", search_paths=[str(ROOT)])
    for name in package.exports:
        yield f"nnbook.{name}", package.members[name]
    figures = package.modules["figures"]
    page_modules = [f"figures.{name}" for name in figures.modules if name != "drawing"]  # found, not listed
    for module_name in ("detectors", "recipes", "figures", *page_modules):
        module = package[module_name]
        names = module.exports or [
            name for name, member in module.members.items()
            if not name.startswith("_") and not member.is_alias and (member.is_function or member.is_class or member.is_attribute)
            and not (module_name in page_modules and member.is_attribute)  # a page's constants and BOOK_FIGURES
        ]
        for name in names:
            yield f"nnbook.{module_name}.{name}", module.members[name]


def test_every_public_name_has_a_docstring_naming_its_page():
    """Each docstring names the page that introduces its idea by its slug in backticks, such as
    ``learning``; chapter numbers change when a chapter is inserted, so "chapter 5" does not count."""
    objects = dict(public_objects())
    assert {f"nnbook.{name}" for name in nnbook.__all__} <= set(objects)
    docstrings = {name: obj.docstring.value if obj.docstring else "" for name, obj in objects.items()}
    pages = slugs()
    missing = [name for name, text in docstrings.items() if not pages & set(re.findall(r"``([\w/-]+)``", text))]
    numbered = [name for name, text in docstrings.items() if re.search(r"\b[Cc]hapters?\s+\(?\d", text)]
    assert (missing, numbered) == ([], []), (
        f"docstrings that do not name the page introducing their idea by its slug, such as ``learning``: "
        f"{missing}; docstrings that name a chapter by number instead of its page: {numbered}")


@pytest.mark.parametrize("src", chapters())
def test_every_chapter_ends_with_exercises(src):
    text = (DOCS / src).read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[-1] == "Exercises", f"{src}: the last section is {headings[-1]!r}, not Exercises"
    exercises = text[text.rindex("\n## Exercises") :]
    solutions = re.split(r'^\?\?\? success "Solution"\n', exercises, flags=re.MULTILINE)[1:]
    assert len(solutions) >= 2, f"{src}: fewer than two exercises with a collapsed solution"
    for solution in solutions:
        body = re.match(r"((?:\n| {4}.*\n)*)", solution + "\n")[1]
        assert "    ```python\n" in body, f"{src}: a solution without code:\n{solution[:200]}"


def test_chapter_2_leaves_weights_and_biases_to_chapter_3():
    """Chapter 3 introduces weights and biases; before its closing "Next", chapter 2 speaks of its
    untrained network's random numbers without naming them."""
    text = (DOCS / "neurons-and-layers.md").read_text(encoding="utf-8")
    before_next = text[: text.index("\n## Next")]
    assert re.findall(r".*\b(?:weights?|bias(?:es)?)\b.*", before_next, re.IGNORECASE) == []


@pytest.mark.parametrize("src", chapters() + ["../templates/chapter.md"])
def test_every_collapsed_block_is_a_check_or_a_solution(src):
    """The boxes behind the claims have one neutral type and one title; solutions keep theirs."""
    text = (DOCS / src).read_text(encoding="utf-8")
    kinds = {line.strip() for line in re.findall(r"^ *(?:\?\?\?\+?|!!!) .*$", text, re.MULTILINE)}
    assert kinds and kinds <= {'??? check "How this is checked"', '??? success "Solution"'}, sorted(kinds)


# -- the lists a chapter is in, and its figures' module ------------------------------------------


def test_chapter_titles_are_numbered_in_order_and_the_pages_agree():
    """The nav numbers the chapters 1, 2, 3...; each page's heading starts with its nav title."""
    entries = chapter_entries()
    assert [title.split(". ", 1)[0] for title, _ in entries] == [str(n) for n in range(1, len(entries) + 1)]
    for title, path in entries:
        heading = (DOCS / path).read_text(encoding="utf-8").splitlines()[0]
        assert heading.startswith(f"# {title}"), f"{path}: its heading {heading!r} does not start with the nav's {title!r}"


def test_the_home_pages_chapter_list_matches_the_nav():
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    section = text[text.index("\n## The chapters\n") :].split("\n## ", 2)[1]
    listed = [(f"{number}. {title}", path) for number, title, path in re.findall(r"^(\d+)\. \[([^\]]+)\]\(([^)]+)\)", section, re.MULTILINE)]
    assert listed == chapter_entries(), "docs/index.md's list under The chapters: one line per chapter, as in nav:"


def test_the_readmes_table_of_pages_matches_the_nav_and_the_files():
    """README.md's table of each chapter's page, figures module and figure tests: every chapter in
    the nav's order, and a module and tests where the files are."""
    from nnbook.figures import PAGE_MODULES

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `docs/([\w-]+\.md)` \|\s*(.*?)\s*\|\s*(.*?)\s*\|", text, re.MULTILINE)
    assert [page for page, _, _ in rows] == chapters(), "README.md's table under Layout: one row per chapter, in nav order"
    for page, module, tests in rows:
        slug = page.removesuffix(".md")
        expected = (f"`nnbook/figures/{slug.replace('-', '_')}.py`", f"`tests/test_figures_{slug.replace('-', '_')}.py`")
        assert (module, tests) == (expected if slug in PAGE_MODULES else ("", "")), f"README.md's row of docs/{page}"


def test_the_books_closing_words_end_its_last_chapter():
    """The arc's closing section belongs to the last chapter (make chapter moves it to a new one)."""
    from tools.chapter import ARC_END

    closing = [path for path in chapters() if f"\n{ARC_END}\n" in (DOCS / path).read_text(encoding="utf-8")]
    assert closing == chapters()[-1:], f"{ARC_END!r} is in {closing}, not only in the last chapter, {chapters()[-1]}"


def test_every_figure_module_is_a_pages_and_has_tests_that_call_its_functions():
    """nnbook/figures/<slug>.py draws the figures of docs/<slug>.md; tests/test_figures_<slug>.py
    tests it, naming each of its public functions and classes."""
    from nnbook.figures import PAGE_MODULES

    for slug, module in PAGE_MODULES.items():
        assert slug in slugs(), f"{module.__file__}: no page docs/{slug}.md in the nav; a figures module is named after its page"
        tests = ROOT / "tests" / f"test_figures_{slug.replace('-', '_')}.py"
        assert tests.exists(), f"{module.__file__} has no tests: write {tests.relative_to(ROOT)}"
        names = [name for name, value in vars(module).items() if not name.startswith("_") and callable(value)
                 and getattr(value, "__module__", None) == module.__name__]
        untested = [name for name in names if not re.search(rf"\b{name}\b", tests.read_text(encoding="utf-8"))]
        assert not untested, f"{tests.relative_to(ROOT)} does not call {', '.join(untested)} of {module.__name__}"


def guide_texts():
    return {name: (ROOT / name).read_text(encoding="utf-8") for name in ("CONTRIBUTING.md", "README.md", ".github/pull_request_template.md")}


def test_the_make_targets_the_guides_name_exist():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))
    named = {target for text in guide_texts().values() for target in re.findall(r"\bmake ([a-z][a-z-]*[a-z])\b", text)}
    assert {"serve", "test", "robust"} <= named
    assert sorted(named - targets) == []


def test_the_paths_the_guides_name_exist():
    guides = {name: text for name, text in guide_texts().items() if name != "README.md"}
    named = {path for text in guides.values() for path in re.findall(r"`((?:[\w.-]+/)+[\w.-]+\.(?:py|md|yml|json))`", text)}
    assert "templates/chapter.md" in named and "nnbook/recipes.py" in named
    assert sorted(path for path in named if not (ROOT / path).exists()) == []


def test_the_template_uses_every_convention():
    template = (ROOT / "templates" / "chapter.md").read_text(encoding="utf-8")
    for convention in ("<!--pytest-codeblocks:cont-->", "<!--pytest.mark.skip-->", "](figures/",
                       'claim("', "## Exercises", '??? success "Solution"', "nnbook.load_mnist()"):
        assert convention in template


# What a code block's column holds at 1280 px, the narrowest laptop screen with both of Material's
# sidebars: its code font is 13.6 px (0.85 of the page's 16 px), whose widest common monospace
# (DejaVu Sans Mono, Linux's; SF Mono and Menlo are as wide) takes 8.18 px a character, and the
# column leaves a block 656 px: 80 characters. In a collapsed box ("How this is checked", a
# solution) the font is 10.9 px and the block 636 px: 97 characters. Measured with Chromium on the
# built book; a longer line scrolls sideways.
CODE_COLUMNS = 80
BOX_CODE_COLUMNS = 97
BOX = re.compile(r"^ *(\?\?\?\+?|!!!) ")
SNIPPET = re.compile(r'^ *--8<-- "([^":]+):([\w-]+)"$')


def in_a_box(lines, fence):
    """Whether ``fence`` sits in a collapsed box or admonition: the nearest line above it that is
    indented less than it opens one."""
    if not fence.indent:
        return False
    above = (line for line in reversed(lines[: fence.line - 1]) if line.strip())
    return bool(BOX.match(next((line for line in above if len(line) - len(line.lstrip()) < len(fence.indent)), "")))


def snippet_lines(path, section, root=ROOT):
    """The lines of a ``--8<-- "path:section"`` include, dedented as mkdocs.yml has pymdownx.snippets do."""
    text = (root / path).read_text(encoding="utf-8")
    body = re.search(rf"--8<-- \[start:{section}\]\n(.*?)\n.*--8<-- \[end:{section}\]", text, re.DOTALL)
    assert body, f"{path} has no section {section}"
    return textwrap.dedent(body[1]).splitlines()


def long_code_lines(path, root=ROOT):
    """'page:line: N characters, over the limit: ...' for each code line of the page that would
    scroll sideways, an included one named by its file and section."""
    from nnbook.site.code_blocks import code_fences

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for fence in code_fences(text):
        limit = BOX_CODE_COLUMNS if in_a_box(lines, fence) else CODE_COLUMNS
        for number, line in zip(fence.code_line_numbers, fence.code.splitlines()):
            where = f"{path.relative_to(root)}:{number}"
            if snippet := SNIPPET.match(line):
                shown = [(f"{where} {snippet[1]} ({snippet[2]})", code) for code in snippet_lines(snippet[1], snippet[2], root)]
            else:
                shown = [(where, line)]
            found += [f"{at}: {len(code)} characters, over {limit}: {code.strip()[:40]}" for at, code in shown if len(code) > limit]
    return found


@pytest.mark.parametrize("path", [*sorted(DOCS.glob("*.md")), ROOT / "templates" / "chapter.md"], ids=lambda path: path.name)
def test_code_lines_fit_a_laptops_column(path):
    """No code line of a page (its includes from nnbook's source too) scrolls sideways at 1280 px:
    at most CODE_COLUMNS characters, BOX_CODE_COLUMNS in a collapsed box."""
    found = long_code_lines(path)
    assert not found, "lines to wrap (a long call over several lines, a long string split in two):\n" + "\n".join(found)


def test_the_line_check_sees_boxes_and_includes(tmp_path):
    (tmp_path / "code.py").write_text("def f():\n    # --8<-- [start:f]\n    " + "w" * 81 + "\n    # --8<-- [end:f]\n")
    (tmp_path / "page.md").write_text(
        "```python\n" + "x" * 80 + "\n" + "x" * 81 + "\n```\n\n"
        '??? check "How this is checked"\n\n    ```python\n    ' + "y" * 97 + "\n    " + "z" * 98 + "\n    ```\n\n"
        '- a list item\n\n    ```python\n    ' + "v" * 81 + "\n    ```\n\n"
        '```python\n--8<-- "code.py:f"\n```\n'
    )
    found = [line.split(": ", 1)[0] for line in long_code_lines(tmp_path / "page.md", tmp_path)]
    assert found == ["page.md:3", "page.md:10", "page.md:16", "page.md:20 code.py (f)"]
