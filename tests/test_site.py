"""The build tooling (nnbook/site/ and the mkdocs hook) and the rules the chapters must follow.

Build-time code execution must run exactly what ``pytest --codeblocks`` runs, so several tests
compare nnbook.site.code_blocks' reading of the pages with pytest-codeblocks' own.
"""

import importlib
import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import markdown
import matplotlib.pyplot as plt
import pytest
import pytest_codeblocks
from matplotlib.figure import Figure
from mkdocs.exceptions import PluginError
from mkdocs.utils.yaml import yaml_load

from nnbook import claims
from nnbook.figures import BOOK_FIGURES
from nnbook.figures.drawing import BOOK_STYLE, PAGE_COLORS
from nnbook.files import cache_folder
import nnbook.site
from nnbook.site import SiteError, build_cache, code_blocks, mathml, parallel, svg, tables

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
BOOK_PAGES = sorted(DOCS.rglob("*.md")) + [path for path in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "templates" / "chapter.md"] if path.exists()]

# PAGE and TRICKY keep pytest-codeblocks' old skip marker on purpose (the build must honor it as
# pytest-codeblocks does), and its extractor, which the build reads pages with, warns about it.
pytestmark = pytest.mark.filterwarnings("ignore:pytest-codeblocks.skip is deprecated:DeprecationWarning")

# ---------------------------------------------------------------------------------------------
# Math


def book_html(text):
    """``text`` as HTML with mkdocs.yml's markdown extensions: what mkdocs hands to on_page_content."""
    extensions, configs = [], {}
    for entry in yaml_load((ROOT / "mkdocs.yml").read_text())["markdown_extensions"]:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        extensions.append(name)
        configs[name] = config or {}
    return markdown.markdown(text, extensions=extensions, extension_configs=configs)


arithmatex_html = book_html


def test_inline_math_becomes_inline_mathml():
    page = mathml.render_math(arithmatex_html(r"The weighted sum $w \cdot a < b$ of a neuron."), "docs/x.md")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in page
    assert "<mo>&#x000B7;</mo>" in page  # \cdot
    assert "<mo>&#x0003C;</mo>" in page  # the "<", unescaped from arithmatex's HTML and read as LaTeX
    assert "arithmatex" not in page and "\\(" not in page
    assert page.startswith("<p>The weighted sum <math") and page.endswith("</math> of a neuron.</p>")


def test_display_math_becomes_block_mathml():
    page = mathml.render_math(arithmatex_html("Before.\n\n$$\n\\sigma(z) = \\frac{1}{1 + e^{-z}}\n$$\n\nAfter."), "docs/x.md")
    assert page.count("<math") == 1
    assert 'display="block"' in page
    assert '<div class="nnbook-math"><math' in page  # a box of its own
    assert "<mfrac>" in page
    assert "\\[" not in page and "arithmatex" not in page


def test_the_equations_of_one_display_line_are_set_apart_so_that_they_can_wrap():
    page = mathml.render_math(arithmatex_html(
        "$$a = \\left\\{ 1 \\qquad 2 \\right\\}, \\qquad b = {3 \\qquad 4}, \\qquad c = \\begin{cases} 5 \\qquad 6 \\end{cases}$$"), "docs/x.md")
    box = re.fullmatch(r'<div class="nnbook-math">(.*)</div>', page, re.DOTALL)
    assert box and box[1].count('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">') == 3
    assert box[1].count("<mspace") == 3  # the \qquad inside groups stay, the three between equations go
    assert mathml.display_parts(r"\{ x \qquad y") == [r"\{ x", "y"]  # an escaped brace opens nothing


def test_math_environment_is_rendered():
    page = mathml.render_math(arithmatex_html("$$\n\\begin{bmatrix} a \\\\ b \\end{bmatrix}\n$$"), "docs/x.md")
    assert "<mtable>" in page


@pytest.mark.parametrize("latex", [r"\frac{1}{", r"\left( x", r"\sigmoid(z)", r"a}"])
def test_unreadable_math_names_page_and_expression(latex):
    with pytest.raises(SiteError) as error:
        mathml.render_math(arithmatex_html(f"Some ${latex}$ here."), "docs/learning.md")
    assert str(error.value).startswith("docs/learning.md: cannot read the LaTeX")
    assert f"`{latex}`" in str(error.value)


# ---------------------------------------------------------------------------------------------
# Code blocks run at build time

PAGE = """\
# A page

```python
x = 21
print("x is", x)
```

<!--pytest-codeblocks:cont-->
```python
print(x * 2)
```

```python
print("fresh:", "x" in globals())
```

```text
print("not python, never runs")
```

```py
raise RuntimeError("not exactly python, never runs")
```

<!--pytest-codeblocks:skip-->
```python
raise RuntimeError("skipped, never runs")
```

```python
quiet = True
```
"""


def output_blocks(page):
    """The text of every output fence in ``page``, in order."""
    return re.findall(r"^ *```+ \{ \.text \.output \}\n(.*?)^ *```+\n", page, re.DOTALL | re.MULTILINE)


def test_output_goes_right_after_its_block():
    page = code_blocks.execute_markdown(PAGE, "docs/x.md")
    assert output_blocks(page) == ["x is 21\n", "42\n", "fresh: False\n"]
    assert '```python\nx = 21\nprint("x is", x)\n```\n\n``` { .text .output }\nx is 21\n```\n' in page
    # Nothing is added after blocks that print nothing, are skipped or are not python.
    assert page.replace("\n``` { .text .output }\nx is 21\n```\n", "", 1).count("{ .text .output }") == 2
    assert page.endswith("```python\nquiet = True\n```\n")


def test_output_fences_are_not_collected_by_pytest_codeblocks():
    page = code_blocks.execute_markdown(PAGE, "docs/x.md")
    blocks = pytest_codeblocks.extract_from_buffer(io.StringIO(page))
    assert [block.syntax for block in blocks].count(" { .text .output }") == 3
    assert sum(block.syntax == "python" for block in blocks) == 4


def test_output_renders_as_an_output_block():
    page = code_blocks.execute_markdown(PAGE, "docs/x.md")
    html = book_html(page)
    assert html.count('<div class="language-text output highlight">') == 3


def test_codeblock_marks_stay_out_of_the_page_and_out_of_its_paragraphs():
    text = (
        '??? check "How this is checked"\n\n    <!--pytest-codeblocks:cont-->\n    ```python\n    x = 1\n    ```\n\n'
        "- an item:\n\n    <!--pytest.mark.skip-->\n    ```python\n    y = 2\n    ```\n\n"
        "````markdown\n<!--pytest.mark.skip-->\n```python\n````\n"
    )
    html = book_html(text)
    assert "<p><!--" not in html and "</div></p>" not in html  # the fences are not in a paragraph
    assert html.count("pytest") == 1 and "&lt;!--pytest.mark.skip--&gt;" in html  # only the one shown in a fence
    assert markdown.markdown(text, extensions=["pymdownx.details", "pymdownx.superfences"]).count("</div></p>") == 2  # without it


def test_output_of_an_indented_block_stays_inside_its_admonition():
    page = code_blocks.execute_markdown('!!! note\n\n    ```python\n    print("inside")\n    ```\n\nAfter.\n', "docs/x.md")
    assert '    ```\n\n    ``` { .text .output }\n    inside\n    ```\n\nAfter.' in page
    html = book_html(page)
    assert re.search(r'<div class="admonition note">.*output.*inside.*</div>\s*<p>After.</p>', html, re.DOTALL)


def test_stderr_and_progress_bars_are_shown_as_a_terminal_would():
    page = code_blocks.execute_markdown(
        '```python\nimport sys\nprint("epoch 1\\repoch 2\\repoch 3")\nprint("careful", file=sys.stderr)\n```\n', "docs/x.md"
    )
    assert output_blocks(page) == ["epoch 3\ncareful\n"]


def test_output_with_backticks_gets_a_longer_fence():
    page = code_blocks.execute_markdown('```python\nprint("```")\n```\n', "docs/x.md")
    assert "\n```` { .text .output }\n```\n````\n" in page


def test_a_raising_block_names_page_line_and_traceback():
    text = "# Title\n\n```python\nx = 1\n```\n\n<!--pytest-codeblocks:cont-->\n```python\ndef f(n):\n    return n / 0\n\nf(x)\n```\n"
    with pytest.raises(SiteError) as error:
        code_blocks.execute_markdown(text, "docs/learning.md")
    message = str(error.value)
    assert message.startswith(
        "docs/learning.md: the code block at line 8 (continuing the code block at line 3) raised an error:\nTraceback")
    assert 'File "docs/learning.md", line 12, in <module>\n    f(x)' in message
    assert 'File "docs/learning.md", line 10, in f\n    return n / 0' in message
    assert message.endswith("ZeroDivisionError: division by zero")
    assert "exec" not in message  # the machinery's own frames are left out


def test_traceback_lines_of_an_indented_block_with_blank_lines():
    text = '!!! note\n\n    ```python\n    x = 1\n\n    y = 2\n\n    raise ValueError("here")\n    ```\n'
    with pytest.raises(SiteError, match=r'(?s)line 3 raised.*File "docs/x.md", line 8, in <module>\n    raise ValueError'):
        code_blocks.execute_markdown(text, "docs/x.md")


def test_a_fresh_block_does_not_see_the_previous_namespace():
    with pytest.raises(SiteError, match=r"(?s)line 5 raised.*NameError: name 'x' is not defined"):
        code_blocks.execute_markdown("```python\nx = 1\n```\n\n```python\nprint(x)\n```\n", "docs/x.md", first_line=1)


def test_line_numbers_count_the_front_matter():
    with pytest.raises(SiteError, match=r"(?s)line 7 raised.*File \"docs/x.md\", line 9"):
        code_blocks.execute_markdown("\n```python\nx = 1\n1 / 0\n```\n", "docs/x.md", first_line=6)


def test_a_syntax_error_names_its_markdown_line():
    with pytest.raises(SiteError, match=r'(?s)line 3 raised an error:\n  File "docs/x.md", line 5\n.*SyntaxError'):
        code_blocks.execute_markdown("Text\n\n```python\nx = 1\nx = = 2\n```\n", "docs/x.md")


def test_unclosed_block_is_an_error():
    with pytest.raises(SiteError, match=r"docs/x.md: the code block at line 1 never closes"):
        code_blocks.execute_markdown("```python\nx = 1\n", "docs/x.md")


def test_a_page_pytest_codeblocks_cannot_read_is_an_error():
    with pytest.raises(SiteError, match=r"docs/x.md: pytest-codeblocks cannot read it: .*cont.* but no previous code block"):
        code_blocks.execute_markdown("<!--pytest-codeblocks:cont-->\n```python\nx = 1\n```\n", "docs/x.md")


def test_figures_left_open_are_closed():
    code_blocks.execute_markdown("```python\nimport matplotlib.pyplot as plt\nplt.figure()\nplt.figure()\n```\n", "docs/x.md")
    assert plt.get_fignums() == []


def test_a_block_must_not_change_the_working_directory(tmp_path):
    before = Path.cwd()
    with pytest.raises(SiteError, match="line 1 changed the working directory"):
        code_blocks.execute_markdown(f"```python\nimport os\nos.chdir({str(tmp_path)!r})\n```\n", "docs/x.md")
    assert Path.cwd() == before


def test_a_block_must_not_write_into_docs(tmp_path):
    (tmp_path / "page.md").write_text("# Page\n")
    code = f"```python\nopen({str(tmp_path / 'out.png')!r}, 'w').close()\n```\n"
    with pytest.raises(SiteError, match=r"docs/x.md: its code blocks wrote into the docs folder: .*out.png"):
        code_blocks.execute_markdown(code, "docs/x.md", docs_dir=tmp_path)


@pytest.fixture(autouse=True)
def build_cache_folder(tmp_path, monkeypatch):
    """Each test starts with an empty build cache of its own (pages and figures, not networks)."""
    monkeypatch.setattr(build_cache, "cache_folder", lambda kind: tmp_path / "build-cache" / kind)


@pytest.fixture
def executions(monkeypatch):
    """The list of pages whose code blocks ran (execute_markdown calls), in order."""
    ran = []
    execute = code_blocks.execute_markdown

    def counting(markdown, page, *args):
        ran.append(page)
        return execute(markdown, page, *args)

    monkeypatch.setattr(code_blocks, "execute_markdown", counting)
    return ran


def test_an_unchanged_page_is_not_run_again_and_an_edited_one_is(executions):
    text = "```python\nprint('done')\n```\n"
    first = code_blocks.run_page_code(text, "docs/cache-test.md")
    assert "done" in first and executions == ["docs/cache-test.md"]
    assert code_blocks.run_page_code(text, "docs/cache-test.md") == first
    assert len(executions) == 1
    assert "Edited." in code_blocks.run_page_code(text + "\nEdited.\n", "docs/cache-test.md")
    assert len(executions) == 2


def test_a_change_to_nnbooks_source_runs_every_page_again(executions, monkeypatch):
    text = "```python\nprint('done')\n```\n"
    code_blocks.run_page_code(text, "docs/cache-test.md")
    monkeypatch.setattr(build_cache, "LOADED_SOURCE_HASH", "0" * 64)  # as after an edit and reload
    code_blocks.run_page_code(text, "docs/cache-test.md")
    code_blocks.run_page_code(text, "docs/cache-test.md")
    assert len(executions) == 2


def test_a_change_to_a_file_the_page_read_or_to_the_seed_offset_runs_it_again(executions, tmp_path, monkeypatch):
    data = tmp_path / "results.json"
    data.write_text("1")
    text = f"```python\nfrom pathlib import Path\nprint(Path({str(data)!r}).read_text())\n```\n"
    assert "1" in code_blocks.run_page_code(text, "docs/cache-test.md")
    code_blocks.run_page_code(text, "docs/cache-test.md")
    assert len(executions) == 1
    data.write_text("2")
    assert "2" in code_blocks.run_page_code(text, "docs/cache-test.md")
    assert len(executions) == 2
    monkeypatch.setenv("NNBOOK_SEED_OFFSET", "1")
    code_blocks.run_page_code(text, "docs/cache-test.md")
    assert len(executions) == 3


def test_files_of_the_system_do_not_count_as_a_pages_input(executions):
    text = "```python\nimport os\nprint(len(open(f'/proc/{os.getpid()}/status').read()) > 0)\n```\n"
    code_blocks.run_page_code(text, "docs/cache-test.md")
    code_blocks.run_page_code(text, "docs/cache-test.md")
    assert len(executions) == 1


def test_nothing_is_cached_while_the_build_cache_is_off(executions, tmp_path, monkeypatch):
    monkeypatch.setenv("NNBOOK_BUILD_CACHE", "off")
    text = "```python\nprint('done')\n```\n"
    code_blocks.run_page_code(text, "docs/cache-test.md")
    code_blocks.run_page_code(text, "docs/cache-test.md")
    assert len(executions) == 2
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    assert parallel.prepare({}, BOOK_STYLE, PAGE_COLORS, [(text, "docs/cache-test.md", None, 1)] * 2) == 0


def test_claims_are_cached_like_the_rest_and_logged_with_their_page(executions, tmp_path, monkeypatch):
    """The claims log (make robust) leaves the build cache on; a page's claims are logged as on it."""
    log = tmp_path / "claims.jsonl"
    monkeypatch.setenv("NNBOOK_CLAIMS_LOG", str(log))
    monkeypatch.setattr(claims, "page", "")
    text = "```python\nfrom nnbook.claims import claim\nclaim('two is above one', 2, above=1)\n```\n"
    code_blocks.run_page_code(text, "docs/cache-test.md")
    code_blocks.run_page_code(text, "docs/cache-test.md")
    assert len(executions) == 1
    assert [json.loads(line)["page"] for line in log.read_text().splitlines()] == ["docs/cache-test.md"]


def test_the_audit_hook_is_added_once_however_often_the_build_cache_is_imported(tmp_path, monkeypatch):
    """mkdocs serve imports nnbook again when its source changes; an audit hook is never removed."""
    added = []
    monkeypatch.setattr(sys, "addaudithook", added.append)
    monkeypatch.setattr(nnbook.site, "build_cache", build_cache)  # put back after the test, as is sys.modules'
    monkeypatch.delitem(sys.modules, "nnbook.site.build_cache")
    again = importlib.import_module("nnbook.site.build_cache")
    assert again is not build_cache and added == []
    # The hook the first import added records the files read for the new import's entries.
    monkeypatch.setattr(again, "cache_folder", lambda kind: tmp_path / kind)
    data = tmp_path / "input.txt"
    data.write_text("1")
    assert again.cached("pages", "docs/x.md", "", data.read_text) == "1"
    assert again.lookup("pages", "docs/x.md", "") == "1"
    data.write_text("2")
    assert again.lookup("pages", "docs/x.md", "") is None


def test_a_damaged_cache_entry_runs_the_page_again(executions, tmp_path):
    text = "```python\nprint('done')\n```\n"
    code_blocks.run_page_code(text, "docs/cache-test.md")
    for entry in (tmp_path / "build-cache" / "pages").iterdir():
        entry.write_text("{not json")
    assert "done" in code_blocks.run_page_code(text, "docs/cache-test.md")
    assert len(executions) == 2


def test_a_cold_build_draws_the_figures_in_the_order_of_the_pages_that_show_them():
    """The first chapters' figures, which need no trained network, come first (the pages are given
    in the nav's order); a figure no page shows comes last."""
    pages = [("![one](figures/b.svg)\n", "docs/one.md"), ("![two](../figures/a.svg) ![](figures/c.svg)", "docs/two.md")]
    assert sorted(["x.svg", "c.svg", "a.svg", "b.svg"], key=lambda name: parallel._first_shown(name, pages)) == [
        "b.svg", "c.svg", "a.svg", "x.svg"]


def test_what_a_cold_build_makes_on_every_core_is_what_the_build_then_reads(executions, tmp_path, monkeypatch, caplog):
    """nnbook.site.parallel: pages and figures made in worker processes are the build's cache hits,
    byte for byte; one that fails is logged with its traceback and stays missing, for the build to
    run again and report."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the workers' cache, and this process's
    monkeypatch.setattr(build_cache, "cache_folder", cache_folder)
    monkeypatch.setattr(parallel.recipes, "is_cached", lambda name: True)  # no network to train here
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    good = ("```python\nprint(6 * 7)\n```\n", "docs/good.md", None, 1)
    failing = ("```python\nraise ValueError('on purpose')\n```\n", "docs/failing.md", None, 1)
    figures = {"sigmoid.svg": BOOK_FIGURES["sigmoid.svg"]}

    assert parallel.prepare(figures, BOOK_STYLE, PAGE_COLORS, [good, failing]) == 3
    assert executions == []  # the workers ran the pages, not this process
    [warning] = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert warning.name.startswith("mkdocs.") and warning.getMessage().startswith("docs/failing.md: failed in a worker")
    assert "in run_page_code" in caplog.text and "ValueError: on purpose" in caplog.text  # the worker's traceback
    assert "42" in code_blocks.run_page_code(*good) and executions == []
    drawn_here = svg._draw("sigmoid.svg", figures["sigmoid.svg"], BOOK_STYLE, PAGE_COLORS)
    made_from = svg.made_from(figures["sigmoid.svg"], BOOK_STYLE, PAGE_COLORS)
    assert build_cache.lookup("figures", "sigmoid.svg", made_from) == drawn_here
    assert build_cache.lookup("pages", "docs/failing.md", code_blocks.made_from(failing[0])) is None
    with pytest.raises(SiteError, match="on purpose"):
        code_blocks.run_page_code(*failing)
    assert parallel.prepare(figures, BOOK_STYLE, PAGE_COLORS, [good]) == 0  # nothing missing: no worker


TRICKY = """\
<!--pytest-codeblocks:skip-->

```python
skipped = 1
```

<!--pytest-codeblocks:cont-->
```python
also_skipped = 2
```

```python
print(1)
```
<!--pytest-codeblocks:expected-output-->
```
1
```

````python
```python
inner = "a fence inside a longer fence"
```
````

- a list item

    ```python
    indented = 3
    ```

```sh
echo shell
```
"""


@pytest.mark.parametrize("path", [None, *BOOK_PAGES], ids=lambda path: "tricky" if path is None else path.name)
def test_build_runs_exactly_what_pytest_codeblocks_runs(path):
    text = TRICKY if path is None else path.read_text(encoding="utf-8")
    ours = [(chain.line, "".join(fence.code for fence in chain.fences)) for chain in code_blocks.code_chains(text) if chain.runs]
    theirs = [
        (block.lineno, block.code)
        for block in pytest_codeblocks.extract_from_buffer(io.StringIO(text))
        if block.syntax == "python" and not block.marks
    ]
    assert ours == theirs
    if path is None:
        assert [line for line, _ in ours] == [12, 20, 28]


# ---------------------------------------------------------------------------------------------
# Figures


def small_figure(title="weights of neuron 1"):
    figure = Figure(figsize=(2, 1.5))
    axes = figure.subplots()
    axes.plot([0, 1, 2], [1, 0, 1])
    axes.set_title(title)
    return figure


def test_figure_becomes_reproducible_svg_with_real_text():
    drawn = svg.figure_svg(small_figure())
    assert drawn.startswith(b"<?xml") and b"<svg" in drawn
    assert b"weights of neuron 1</text>" in drawn  # text stays text
    assert b"<dc:date>" not in drawn
    assert svg.figure_svg(small_figure()) == drawn


def test_figure_svg_gives_page_colors_to_the_colors_that_stand_for_them():
    figure = small_figure()
    figure.axes[0].set_title("follows the page", color="#0A0B0C")
    drawn = svg.figure_svg(figure, {"#0a0b0c": "currentColor"})
    assert b"fill: currentColor" in drawn and b"#0a0b0c" not in drawn


def test_book_figures_draw_in_the_book_style_and_the_page_colors():
    from nnbook.figures.drawing import BOOK_STYLE, INK, PAGE_COLORS

    drawn = svg.render_figures({"test-sigmoid.svg": BOOK_FIGURES["sigmoid.svg"]}, BOOK_STYLE, PAGE_COLORS)  # no data needed
    assert b"currentColor" in drawn["test-sigmoid.svg"] and INK.encode() not in drawn["test-sigmoid.svg"]
    assert INK.encode() not in svg.figure_svg(BOOK_FIGURES["sigmoid.svg"]())  # outside the book: matplotlib's own colors


def inline_page(svgs, src="../figures/tiny.svg", alt="a tiny figure, &quot;quoted&quot;"):
    return svg.inline_figures(f'<p>Before.</p>\n<p><img alt="{alt}" src="{src}" /></p>\n<p>After.</p>', "docs/x.md", svgs)


def test_a_figure_goes_into_the_page_as_svg_named_by_its_alt_text():
    page = inline_page({"tiny.svg": svg.figure_svg(small_figure())})
    assert page.startswith("<p>Before.</p>\n<div class=\"nnbook-figure\" data-search-exclude><svg ")
    assert page.endswith("</svg>\n</div>\n<p>After.</p>")
    assert 'id="figure-tiny" role="img" aria-label="a tiny figure, &quot;quoted&quot;"' in page
    assert "<?xml" not in page and "<metadata>" not in page and "<img" not in page
    assert "weights of neuron 1</text>" in page
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    references = re.findall(r'(?:url\(#|xlink:href="#)([^")]+)', page)
    assert references and set(references) <= ids  # every reference still finds its target
    assert all(name.startswith("figure-tiny") for name in ids)  # two figures on a page share no id
    assert '<style type="text/css">#figure-tiny *{' in page  # matplotlib's stylesheet kept to its figure


def test_a_figure_with_a_phone_layout_brings_it_along():
    svgs = {"tiny.svg": svg.figure_svg(small_figure()), "tiny" + svg.PHONE_LAYOUT: svg.figure_svg(small_figure("on a phone"))}
    page = inline_page(svgs)
    label = 'role="img" aria-label="a tiny figure, &quot;quoted&quot;"'
    assert page.count("<svg ") == 2 and page.count('<div class="nnbook-figure"') == 1
    assert f'<svg id="figure-tiny" {label} class="nnbook-wide-layout"' in page
    assert f'<svg id="figure-tiny-phone" {label} class="nnbook-phone-layout"' in page
    assert page.index("weights of neuron 1</text>") < page.index("on a phone</text>")
    assert "figure-tiny-phone *{" in page  # each layout's stylesheet kept to itself
    assert inline_page({"tiny.svg": svgs["tiny.svg"]}).count("<svg ") == 1  # no phone layout: the figure alone


def test_a_figure_shown_twice_gets_its_own_ids_each_time():
    svgs = {"tiny.svg": svg.figure_svg(small_figure())}
    page = svg.inline_figures('<p><img alt="one" src="figures/tiny.svg" /></p><p><img alt="two" src="figures/tiny.svg" /></p>', "docs/x.md", svgs)
    assert 'id="figure-tiny" role="img" aria-label="one"' in page and 'id="figure-tiny-2" role="img" aria-label="two"' in page


def test_other_images_stay_images_and_an_unknown_figure_names_its_page():
    assert "<img" in inline_page({}, src="../photos/cat.svg")
    with pytest.raises(SiteError, match=r"docs/x.md: figures/tiny.svg is not one of the book's figures"):
        inline_page({})


def test_figure_svg_closes_a_pyplot_figure():
    figure = plt.figure()
    figure.add_subplot().plot([0, 1])
    svg.figure_svg(figure)
    assert figure.number not in plt.get_fignums()


def test_render_figures_names_a_figure_that_fails():
    def broken():
        raise ValueError("no data")

    with pytest.raises(SiteError, match=r"(?s)figure broken.svg \(.*broken\) raised an error:.*ValueError: no data"):
        svg.render_figures({"ok.svg": small_figure, "broken.svg": broken})
    with pytest.raises(SiteError, match=r"figure none.svg: .*returned NoneType, not a Figure"):
        svg.render_figures({"none.svg": lambda: None})


def test_render_figures_draws_each_figure_once_until_nnbooks_source_changes(monkeypatch):
    calls = []

    def draw():
        calls.append(1)
        return small_figure("drawn once")

    first = svg.render_figures({"test-once.svg": draw})
    assert svg.render_figures({"test-once.svg": draw}) == first
    assert len(calls) == 1 and b"drawn once" in first["test-once.svg"]
    monkeypatch.setattr(build_cache, "LOADED_SOURCE_HASH", "0" * 64)
    assert svg.render_figures({"test-once.svg": draw}) == first
    assert len(calls) == 2


# ---------------------------------------------------------------------------------------------
# Tables made from nnbook


def test_the_recipes_table_shows_every_recipes_settings(monkeypatch):
    from nnbook import recipes

    page = tables.fill_tables("Before.\n\n<!-- nnbook-table: recipes -->\n\nAfter.\n", "docs/api.md")
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(recipes.RECIPES)
    book = dict(zip(page.splitlines()[2].strip("|").split("|"), rows[0].strip("|").split("|")))
    assert [cell.strip() for cell in book.values()][1:] == [
        "784-16-16-10, sigmoid", "adam, rate 0.02 (cosine), L2 0.0001", "30 × 128", "1, by up to 1 pixel", "all"]
    assert "Every recipe has `cost` cross_entropy, `seed` 0, `dtype` float32." in page and page.endswith("After.\n")
    # a setting the columns leave out gets a column of its own once the recipes differ in it
    monkeypatch.setitem(recipes.RECIPES, "book", recipes.RECIPES["book"].replace(seed=3))
    page = tables.recipes_table()
    assert "| other |" in page and "| `seed` 3 |" in page and "`seed`" not in page.split("\n\n")[-1]


def test_an_unknown_table_names_its_page_and_the_tables():
    with pytest.raises(SiteError, match=r"docs/x.md: no table named 'nope'.*\['recipes'\]"):
        tables.fill_tables("<!-- nnbook-table: nope -->\n", "docs/x.md")


# ---------------------------------------------------------------------------------------------
# The build tooling stays out of the package the chapters import


def test_importing_nnbook_imports_no_build_tooling():
    """Everything a chapter imports loads without the docs-only dependencies or nnbook.site."""
    script = (
        "import sys\n"
        "import nnbook, nnbook.claims, nnbook.detectors, nnbook.figures, nnbook.recipes\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    assert "nnbook.figures.book_network" in loaded  # the import did happen
    build_only = ("nnbook.site", "latex2mathml", "mkdocs", "material", "pymdownx", "markdown", "pytest")
    assert [name for name in loaded if name.split(".")[0] in build_only or name.startswith("nnbook.site")] == []


# ---------------------------------------------------------------------------------------------
# The hook's wiring


def fake_page(path, source):
    return SimpleNamespace(file=SimpleNamespace(abs_src_path=str(path), src_uri=path.name, content_string=source), meta={})


def test_hook_fails_the_build_with_page_and_line(hook, tmp_path):
    source = "---\ntitle: Test\n---\n\n```python\n1 / 0\n```\n"
    markdown_after_front_matter = "```python\n1 / 0\n```\n"
    page = fake_page(tmp_path / "broken.md", source)
    with pytest.raises(PluginError, match=r"(?s)broken.md: the code block at line 5 raised.*broken.md\", line 6"):
        hook.on_page_markdown(markdown_after_front_matter, page, SimpleNamespace(docs_dir=str(tmp_path)), None)


def test_hook_runs_code_and_renders_math(hook, tmp_path):
    source = "```python\nprint(6 * 7)\n```\n"
    page = fake_page(tmp_path / "ok.md", source)
    assert "42" in output_blocks(hook.on_page_markdown(source, page, SimpleNamespace(docs_dir=str(tmp_path)), None))[0]
    assert "<math" in hook.on_page_content(arithmatex_html("$x$"), page, None, None)
    hook._figure_svgs["tiny.svg"] = svg.figure_svg(small_figure())
    assert "<svg" in hook.on_page_content(arithmatex_html("![a tiny figure](figures/tiny.svg)"), page, None, None)
    with pytest.raises(PluginError, match=r"ok.md: cannot read the LaTeX"):
        hook.on_page_content(arithmatex_html("$\\frac{1}{$"), page, None, None)


RELOAD = """
import importlib.util, sys
from types import SimpleNamespace
spec = importlib.util.spec_from_file_location("nnbook_hooks", "hooks/nnbook_hooks.py")
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)
import nnbook.site
import nnbook.site.mathml as before
hook.on_pre_build(SimpleNamespace(plugins={}))
assert sys.modules["nnbook.site.mathml"] is before  # nothing changed, nothing re-imported
nnbook.site.LOADED_SOURCE_HASH = "0" * 64  # as if nnbook's source had been edited since
hook.on_pre_build(SimpleNamespace(plugins={}))
import nnbook.site.mathml as after
assert after is not before

def render_math(html, page):
    raise sys.modules["nnbook.site"].SiteError(f"{page}: the new code ran")

after.render_math = render_math
try:
    hook.on_page_content("<p>x</p>", SimpleNamespace(file=SimpleNamespace(abs_src_path="docs/x.md", src_uri="x.md")), None, None)
except hook.PluginError as error:
    print(error)
"""


def test_the_hook_uses_nnbooks_new_code_after_an_edit():
    """mkdocs serve keeps the hook for its whole session: after on_pre_build re-imports nnbook (its
    source changed), the events use the new modules, and their SiteError fails the build as before.
    In a process of its own, as the re-import would replace this one's modules."""
    result = subprocess.run([sys.executable, "-c", RELOAD], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "docs/x.md: the new code ran\n"


# ---------------------------------------------------------------------------------------------
# Rules for the book's pages

FENCE = re.compile(r"^(?P<indent>\s*)(?P<ticks>`{3,})(?P<info>.*)$")


def fences_of(path):
    """(line, info, chain head's info, continues, skipped) of every backtick fence in ``path``.

    Written independently of nnbook.site.code_blocks so the two cross-check. A fence after
    <!--pytest-codeblocks:cont--> continues the chain of the fence before it; one after
    <!--pytest-codeblocks:skip--> or <!--pytest.mark.skip...--> is skipped.
    """
    fences, closing, cont, skip, head_info = [], None, False, False, None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = FENCE.match(line)
        if closing:
            if line.lstrip().startswith(closing):
                closing = None
            continue
        if re.fullmatch(r"\s*<!--[-\s]*pytest-codeblocks:cont[-\s]*-->\s*", line):
            cont = True
        elif re.fullmatch(r"\s*<!--[-\s]*(pytest-codeblocks:skip|pytest\.mark\.skip).*-->\s*", line):
            skip = True
        elif match:
            closing = match["ticks"]
            info = match["info"].rstrip()
            head_info = head_info if cont and fences else info
            fences.append((number, info, head_info, cont, skip))
            cont = skip = False
        elif line.strip():
            cont = skip = False
    return fences


def collected_code_blocks(paths):
    """{(path, line)} of the blocks `pytest --codeblocks` collects in ``paths``."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "--codeblocks", "-p", "no:cacheprovider", "--rootdir=/", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {(Path("/", path), int(line)) for path, line in re.findall(r"^(\S+\.md)::line (\d+)$", result.stdout, re.MULTILINE)}


def fence_problems(paths):
    """One line per fence in ``paths`` that pytest --codeblocks would not run as the book intends."""
    collected = collected_code_blocks(paths)
    problems = []
    for path in paths:
        for line, info, head_info, continues, skipped in fences_of(path):
            where = f"{path}:{line}"
            language = re.sub(r"^[{.\s]+", "", info).split(" ")[0].split("}")[0].lower()
            if language.startswith("py") and info != "python":
                problems.append(f"{where}: fence ```{info} is skipped by pytest-codeblocks; write exactly ```python")
            elif info == "python" and head_info != "python":
                problems.append(f"{where}: cont block continues a ```{head_info} block, so it never runs")
            elif info in ("sh", "bash") and not continues and not skipped:
                problems.append(f"{where}: pytest --codeblocks would run this ```{info} block; put <!--pytest-codeblocks:skip--> before it")
            elif info == "python" and not continues and (path, line) not in collected:
                problems.append(f"{where}: ```python block not collected by pytest --codeblocks")
    # pytest-codeblocks collects python, sh and bash blocks (skipped ones too, reported as skipped).
    heads = {(path, fence[0]) for path in paths for fence in fences_of(path) if fence[1] in ("python", "sh", "bash") and not fence[3]}
    problems += [f"{path}:{line}: collected by pytest --codeblocks but not seen as a block here" for path, line in collected - heads]
    return problems


def test_every_python_fence_is_run_by_pytest_codeblocks():
    problems = fence_problems(BOOK_PAGES)
    assert not problems, "\n".join(problems)


def test_fences_pytest_codeblocks_would_skip_are_found(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        '```python\nx = 1\n```\n\n```python title="x"\nx = 2\n```\n\n```py\nx = 3\n```\n\n``` python\nx = 4\n```\n\n'
        "```text\nout\n```\n<!--pytest-codeblocks:cont-->\n```python\nx = 5\n```\n\n```sh\nmake serve\n```\n"
    )
    assert [problem.split(": ", 1)[0] for problem in fence_problems([page])] == [f"{page}:{line}" for line in (5, 9, 13, 21, 25)]
    assert 'fence ```python title="x" is skipped by pytest-codeblocks; write exactly ```python' in fence_problems([page])[0]


IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def images_in_docs():
    """(page, line, alt, src) of every image in docs/, Markdown or HTML; not in an HTML comment,
    which shows nothing (the chapter template's example figure is one)."""
    for path in sorted(DOCS.rglob("*.md")):
        text = re.sub(r"<!--.*?-->", lambda comment: "\n" * comment[0].count("\n"), path.read_text(encoding="utf-8"), flags=re.DOTALL)
        for number, line in enumerate(text.splitlines(), start=1):
            for match in IMAGE.finditer(line):
                yield path.relative_to(ROOT), number, match["alt"], match["src"]
            for tag in HTML_IMAGE.findall(line):
                alt = re.search(r'\balt="([^"]*)"', tag)
                src = re.search(r'\bsrc="([^"]*)"', tag)
                yield path.relative_to(ROOT), number, alt[1] if alt else "", src[1] if src else ""


def test_every_image_has_alt_text():
    missing = [f"{page}:{line}: {src} has no alt text" for page, line, alt, src in images_in_docs() if not alt.strip()]
    assert not missing, "\n".join(missing)


def test_figures_in_docs_and_book_figures_match():
    """Every figure a page shows is drawn, by the page's own module: a figure of another page (such
    as one left from the chapter template) is flagged; every figure drawn is shown."""
    from nnbook.figures import PAGE_MODULES

    referenced = {}
    problems = []
    for page, line, _, src in images_in_docs():
        if match := re.fullmatch(r"(?:\.\./)*figures/(.+)", src):
            referenced.setdefault(match[1], f"{page}:{line}")
            own = PAGE_MODULES.get(page.stem)
            if match[1] in BOOK_FIGURES and match[1] not in (own.BOOK_FIGURES if own else {}):
                drawn_by = next(module for module in PAGE_MODULES.values() if match[1] in module.BOOK_FIGURES)
                problems.append(f"{page}:{line}: figures/{match[1]} is another page's figure ({drawn_by.__name__});"
                                f" a page shows the figures of its own module, nnbook/figures/{page.stem.replace('-', '_')}.py")
    problems += [f"{where}: figures/{name} is not in nnbook.figures.BOOK_FIGURES" for name, where in referenced.items() if name not in BOOK_FIGURES]
    problems += [f"{where}: figures/{name} is a phone layout: show its figure, which brings it along"
                 for name, where in referenced.items() if name.endswith(svg.PHONE_LAYOUT)]
    shown = {*referenced, *(name.removesuffix(".svg") + svg.PHONE_LAYOUT for name in referenced)}
    problems += [f"BOOK_FIGURES[{name!r}] is drawn but no page shows it" for name in BOOK_FIGURES if name not in shown]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", BOOK_FIGURES)
def test_book_figure_draws_a_small_svg(name):
    """Every figure a page shows, drawn from the book's data and trained networks (trained once and
    cached: slow the first time), as the build writes it into the page: more than an empty figure
    (about 1.5 kB; three weight pictures with their color bar are 8.5 kB, the pictures drawn as
    their own pixels), less than a large bitmap."""
    assert 5_000 < len(svg.render_figures({name: BOOK_FIGURES[name]}, BOOK_STYLE, PAGE_COLORS)[name]) < 300_000


# ---------------------------------------------------------------------------------------------
# conftest.py: a failing code block's report


TINY = ("# Tiny\n\n```python\nx = 1\n```\n\n<!--pytest-codeblocks:cont-->\n```python\n"
        "def half(n):\n    return n / 0\n```\n\n<!--pytest-codeblocks:cont-->\n```python\ny = half(x)\n```\n")


def test_failing_code_block_report_shows_its_code_and_traceback(tmp_path):
    """pytest names the failing block by the line the build names it by (the block that raised,
    not only the chain's first block, which names the test), and its summary line shows the error."""
    (tmp_path / "tiny.md").write_text(TINY)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--codeblocks", "-p", "conftest", "-p", "no:cacheprovider", "tiny.md"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    report = result.stdout
    with pytest.raises(SiteError) as built:
        code_blocks.execute_markdown(TINY, "tiny.md")
    named = "tiny.md: the code block at line 14 (continuing the code block at line 3) raised an error"
    assert str(built.value).startswith(named + ":\n")
    assert (f"ZeroDivisionError: division by zero\n{named}\n\n"
            "    4 | x = 1\n    9 | def half(n):\n   10 |     return n / 0\n   15 | y = half(x)\n") in report
    assert (
        'Traceback (most recent call last):\n  File "tiny.md", line 15, in <module>\n    y = half(x)\n'
        '  File "tiny.md", line 10, in half\n    return n / 0\nZeroDivisionError: division by zero'
    ) in report
    assert "plugin.py" not in report and "runtest" not in report  # the plugin's own frames are left out
    assert "FAILED tiny.md::line 3 - ZeroDivisionError: division by zero\n" in report


def test_the_block_that_raised_is_found_from_the_traceback():
    chain = code_blocks.code_chains(TINY)[0]
    lines = code_blocks.code_lines("tiny.md", chain.fences)
    with pytest.raises(ZeroDivisionError) as raised:
        exec(compile(chain.fences[0].code + chain.fences[1].code + chain.fences[2].code, "<string>", "exec"), {})
    assert code_blocks.raising_line(raised.value, lines) == 15  # the call, in the third block; not line 10
    with pytest.raises(SyntaxError) as raised:
        compile("x = 1\ny = (\n", "<string>", "exec")
    assert code_blocks.raising_line(raised.value, [("p.md", 4, "x = 1"), ("p.md", 7, "y = (")]) == 7
    assert code_blocks.error_line(raised.value) == "SyntaxError: '(' was never closed"
    assert code_blocks.error_line(ValueError("first\nsecond")) == "ValueError: first"


# ---------------------------------------------------------------------------------------------
# Stylesheets

# Properties that set a color, or may (a border's shorthand, a custom property such as --draw-panel).
COLOR_PROPERTY = re.compile(r"(^|[;{\s])(color|background[\w-]*|fill|stroke|border[\w-]*|outline[\w-]*|box-shadow|--[\w-]+)\s*:")


def media_blocks(css):
    """The text inside each @media block of ``css``, its braces balanced."""
    blocks = []
    for match in re.finditer(r"@media[^{]*\{", css):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        blocks.append(css[match.end() : end - 1])
    return blocks


def test_the_books_colors_do_not_depend_on_the_screens_width():
    """tests/test_browser.py reads the phone in light mode only, because colors change with the
    scheme and never with the width: no stylesheet of the book sets a color inside @media."""
    sheets = {sheet.name: re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.DOTALL)  # without comments
              for sheet in sorted((DOCS / "stylesheets").glob("*.css"))}
    assert any(media_blocks(css) for css in sheets.values())
    for name, css in sheets.items():
        for block in media_blocks(css):
            assert not COLOR_PROPERTY.search(block), f"{name} may set a color for some widths only:\n{block.strip()}"
    assert COLOR_PROPERTY.search(media_blocks("@media (max-width: 30em) { a { color: red } }")[0])
    assert COLOR_PROPERTY.search(media_blocks("@media (max-width: 30em) { :root { --draw-panel: #000 } }")[0])
    assert COLOR_PROPERTY.search(media_blocks("@media screen { @media (min-width: 9em) { b { border: 1px solid red } } }")[0])
    assert not COLOR_PROPERTY.search(media_blocks("@media (max-width: 30em) { .x { text-align: left } }")[0])
