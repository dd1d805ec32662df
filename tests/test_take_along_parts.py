"""The parts of the book to take along that need no browser: where a build came from
(nnbook/site/provenance.py), the home page's lines about the offline copy and the PDF
(take_along.py), the offline copy's scripts and zip (offline.py), the notebooks' install cell and
Colab links (notebooks.py), and $NNBOOK_GITHUB_REPOSITORY. The offline copy and the PDF themselves
are checked by tests/test_take_along.py (make take-along-check).
"""

import json
import subprocess
import sys
import zipfile

import nbformat
import numpy as np
import pytest

from nnbook import environment
from nnbook.network import Network
from nnbook.settings import Settings
from nnbook.site import SiteError, export, notebooks, offline, provenance, take_along


def git(folder, *arguments):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *arguments],
                   cwd=folder, check=True, capture_output=True)


def test_build_info_names_the_commit_and_says_when_files_differ(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("one")
    git(tmp_path, "add", "a.txt")
    git(tmp_path, "commit", "-q", "-m", "one")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    build = provenance.build_info(tmp_path)
    assert build["commit"] == head and build["short"] == head[:7] and not build["modified"]
    assert len(build["date"]) == 10 and build["date"][4] == "-"
    (tmp_path / "a.txt").write_text("two")
    assert provenance.build_info(tmp_path)["modified"]
    assert provenance.commit_in_words(provenance.build_info(tmp_path)).endswith("with uncommitted changes")


def test_a_build_outside_git_has_no_commit(tmp_path):
    build = provenance.build_info(tmp_path)
    assert build["commit"] is None and not build["modified"]
    assert "outside a git checkout" in provenance.commit_in_words(build)
    assert notebooks.install_source(build["commit"], None, tmp_path) is None


def test_the_weights_hash_changes_with_any_number_and_is_that_of_the_stored_bytes():
    network = Network([784, 16, 10], seed=3)
    data = export.network_data(network, "book", "h", 0.9, seed_offset=2)
    assert data["seed_offset"] == 2 and data["weights_sha256"] == export.weights_sha256(network)
    # the hash of the bytes draw/network.json stores, layer by layer, weights then biases
    import base64
    import hashlib

    stored = b"".join(base64.b64decode(text) for layer in zip(data["weights"], data["biases"]) for text in layer)
    assert data["weights_sha256"] == hashlib.sha256(stored).hexdigest()
    assert export.weights_sha256(export.network_from_data(data)) == data["weights_sha256"]
    network.biases[1][0] = np.nextafter(network.biases[1][0], np.float32(1))
    assert export.weights_sha256(network) != data["weights_sha256"]


def test_network_provenance_reads_the_export_and_says_the_recipe_in_words():
    data = export.network_data(Network([784, 16, 16, 10], seed=0), "book", "h", 0.9673, seed_offset=1)
    network = provenance.network_provenance(json.dumps(data).encode())
    assert network["recipe"] == "book" and network["seed_offset"] == 1 and network["test_accuracy"] == 0.9673
    assert network["settings"].startswith("784-16-16-10, sigmoid, Adam at learning rate 0.02, cosine schedule")
    assert network["settings"].endswith("seed 1")  # the recipe's seed 0 moved by the offset
    section = provenance.provenance_markdown(provenance.build_info("/"), network)
    assert "## Where this network came from" in section and "96.73%" in section
    assert data["weights_sha256"] in section


def test_settings_in_words_leaves_out_what_a_recipe_does_not_use():
    words = provenance.settings_in_words(Settings(sizes=(784, 30, 10), optimizer="sgd", learning_rate=0.5, epochs=3))
    assert words == "784-30-10, sigmoid, plain gradient descent at learning rate 0.5, 3 epochs of mini-batches of 10, seed 0"


def test_the_home_page_links_what_dist_holds_and_says_how_to_make_the_rest(tmp_path):
    assert take_along.dist_files(tmp_path) == {}
    nothing = take_along.take_along_markdown("site", {})
    assert "](" not in nothing and "`make offline` and `make pdf` write them" in nothing
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "nnbook.pdf").write_bytes(b"x" * 2_500_000)
    found = take_along.dist_files(tmp_path)
    assert list(found) == ["nnbook.pdf"]
    lines = take_along.take_along_markdown("site", found)
    assert "[PDF](nnbook.pdf){ .md-button }" in lines and "The PDF is 2.5 MB." in lines
    assert "Read offline" not in lines and "`make offline` writes it" in lines
    (tmp_path / "dist" / "nnbook-offline.zip").write_bytes(b"x")
    lines = take_along.take_along_markdown("site", take_along.dist_files(tmp_path))
    assert "[Read offline](nnbook-offline.zip){ .md-button } [PDF](nnbook.pdf){ .md-button }" in lines
    assert "has no" not in lines


def test_the_offline_copy_and_the_pdf_say_what_they_are():
    assert take_along.take_along_markdown("offline", site_url="https://o.github.io/r/").startswith(
        "You are reading the book's offline copy")
    assert "[the book's website](https://o.github.io/r/)" in take_along.take_along_markdown("print", site_url="https://o.github.io/r/")
    assert "](" not in take_along.take_along_markdown("print", site_url="http://127.0.0.1:8000/")


def test_the_offline_copy_takes_its_scripts_from_itself():
    polyfills = ["https://unpkg.com/iframe-worker/shim", "other.js"]
    assert offline.use_local_scripts(polyfills) == ["other.js", *offline.LOCAL_SCRIPTS]
    assert not any("//" in script for script in offline.use_local_scripts(polyfills))


def test_the_fetched_files_script_holds_the_files_and_refuses_other_kinds():
    script = offline.fetched_files_script({"draw/network.json": b'{"a":"</script>"}'}).decode()
    assert '"draw/network.json":"{\\"a\\":\\"<\\/script>\\"}"' in script and "window.fetch = " in script
    with pytest.raises(SiteError, match="JSON files only"):
        offline.fetched_files_script({"draw/x.png": b"x"})


def test_a_missing_iframe_worker_says_to_run_npm_ci(tmp_path):
    with pytest.raises(SiteError, match="run `npm ci`"):
        offline.iframe_worker(tmp_path)


def test_the_zip_holds_the_copy_in_one_folder(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "a" / "b.html").write_text("b")
    assert offline.zip_folder(site, tmp_path / "dist" / "copy.zip", "copy") == 2
    with zipfile.ZipFile(tmp_path / "dist" / "copy.zip") as archive:
        assert archive.namelist() == ["copy/a/b.html", "copy/index.html"]
        assert archive.read("copy/index.html") == b"home"
    with pytest.raises(SiteError, match="no index.html"):
        offline.zip_folder(site / "a", tmp_path / "x.zip", "x")


def test_install_source_pins_the_commit():
    commit = "a" * 40
    assert notebooks.install_source(commit, "owner/repo") == f"git+https://github.com/owner/repo@{commit}"
    assert notebooks.install_source(commit, None, "/work/book") == f"git+file:///work/book@{commit}"


def test_the_install_cell_comes_first_and_only_installs_where_nnbook_is_missing(tmp_path):
    """The cell itself, run by this Python (where nnbook imports): it installs nothing."""
    source = "git+file:///nowhere@" + "0" * 40
    chapter = nbformat.reads(notebooks.chapter_notebook("# T\n\n```python\nprint(1)\n```\n", "t.md", "https://x/", source), 4)
    lab = nbformat.reads(notebooks.lab_notebook("# %%\nprint(1)\n", "labs/t.py", "https://x/", source), 4)
    for notebook in (chapter, lab):
        first = notebook.cells[0]
        assert first.cell_type == "code" and first.metadata["tags"] == [notebooks.INSTALL_TAG]
        assert repr(source) in first.source and "pip" in first.source
    assert "the cell above installs" in chapter.cells[1].source
    script = tmp_path / "cell.py"
    script.write_text(chapter.cells[0].source)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("nnbook is ready:") and "installing" not in done.stdout


def test_colab_links_point_to_the_published_notebook():
    assert notebooks.colab_url("o/r", "matrix-form.ipynb") == (
        "https://colab.research.google.com/github/o/r/blob/notebooks/matrix-form.ipynb")
    markdown = notebooks.with_notebook_link("# T\n\ntext\n", "../notebooks/t.ipynb", colab="https://colab/x")
    assert "[Open in Colab](https://colab/x){ .md-button .nnbook-notebook .nnbook-colab }" in markdown.splitlines()[2]


@pytest.mark.parametrize("value, expected", [("", None), (" owner/repo ", "owner/repo"), ("o-1/r.name_2", "o-1/r.name_2")])
def test_github_repository(monkeypatch, value, expected):
    monkeypatch.setenv("NNBOOK_GITHUB_REPOSITORY", value)
    assert environment.github_repository() == expected


@pytest.mark.parametrize("value", ["repo", "https://github.com/o/r", "o/r/x"])
def test_a_github_repository_that_is_not_owner_slash_name_is_refused(monkeypatch, value):
    monkeypatch.setenv("NNBOOK_GITHUB_REPOSITORY", value)
    with pytest.raises(ValueError, match="must be owner/name"):
        environment.github_repository()


def test_a_build_for_github_links_colab_and_installs_from_github(tmp_path, monkeypatch):
    """A small site built with the book's hook, as the Pages workflow builds the book: the chapter
    links its notebook on the notebooks branch in Colab, and the notebook installs nnbook from the
    repository at the commit; the home page says no offline copy or PDF was made."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import nnbook.figures
    from test_notebooks import ROOT

    git(tmp_path, "init", "-q")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(f"# Home\n\n{take_along.MARKER}\n")
    (tmp_path / "docs" / "one.md").write_text("# One\n\n```python\nprint(1)\n```\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: https://owner.github.io/repo/\nnav:\n  - index.md\n  - Chapters:\n      - one.md\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'nnbook_hooks.py'}\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "one")
    commit = provenance.build_info(tmp_path)["commit"]
    monkeypatch.setattr(nnbook.figures, "BOOK_FIGURES", {})
    monkeypatch.setattr(export, "draw_page_files", dict)
    monkeypatch.setenv("NNBOOK_GITHUB_REPOSITORY", "owner/repo")
    monkeypatch.chdir(tmp_path)
    build(load_config(str(tmp_path / "mkdocs.yml")))

    page = (tmp_path / "site" / "one" / "index.html").read_text()
    colab = "https://colab.research.google.com/github/owner/repo/blob/notebooks/one.ipynb"
    assert page.count(f'href="{colab}"') == 2  # the button under the title and the icon beside it
    notebook = nbformat.read(tmp_path / "site" / "notebooks" / "one.ipynb", as_version=4)
    assert f"git+https://github.com/owner/repo@{commit}" in notebook.cells[0].source
    assert f'<code title="{commit}">{commit[:7]}</code>' in page  # the footer
    assert "<code>make offline</code> and <code>make pdf</code> write them" in (tmp_path / "site" / "index.html").read_text()
