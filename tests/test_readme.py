"""The README's "Running chapter code yourself", run as written.

Its shell blocks are skipped by pytest --codeblocks; the ones marked
``<!-- tests/test_readme.py runs this block ... -->`` run here, line by line, in a folder laid out
like a clone after ``make build``: ``.venv`` (this Python's environment) and the first chapter's
notebook in ``site/notebooks/``. Jupyter's ``--user`` folder is a temporary one.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
from mkdocs.utils.meta import get_data

from nnbook.site import notebooks

ROOT = Path(__file__).resolve().parent.parent
MARK = "<!-- tests/test_readme.py runs this block"


def marked_blocks():
    """The commands of every shell block the README marks with MARK, one list per block."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    blocks = []
    for number, line in enumerate(lines):
        if line.startswith(MARK):
            opening = next(index for index in range(number, len(lines)) if lines[index].startswith("```"))
            closing = next(index for index in range(opening + 1, len(lines)) if lines[index].startswith("```"))
            blocks.append([text for text in lines[opening + 1 : closing] if text.strip()])
    return blocks


def test_the_readme_marks_the_blocks_it_tests():
    blocks = marked_blocks()
    assert len(blocks) == 2 and all(blocks)
    commands = " ".join(" ".join(block) for block in blocks)
    for command in ("ipykernel install", "jupyter execute", "-m nnbook data", "-m nnbook train", "-m nnbook evaluate"):
        assert command in commands


def test_readme_commands_run_as_written(tmp_path):
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    chapter = "handwritten-digits.md"
    markdown, _ = get_data((ROOT / "docs" / chapter).read_text(encoding="utf-8"))
    (tmp_path / "site" / "notebooks").mkdir(parents=True)
    (tmp_path / "site" / "notebooks" / "handwritten-digits.ipynb").write_text(
        notebooks.chapter_notebook(markdown, chapter, "http://127.0.0.1:8000/")
    )
    environment = {**os.environ, "JUPYTER_DATA_DIR": str(tmp_path / "jupyter")}
    printed = []
    for command in [command for block in marked_blocks() for command in block]:
        result = subprocess.run(
            ["bash", "-c", command], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=900
        )
        assert result.returncode == 0, f"README command failed: {command}\n{result.stdout}\n{result.stderr}"
        printed.append(result.stdout)
    kernel = tmp_path / "jupyter" / "kernels" / "nnbook" / "kernel.json"
    assert kernel.is_file() and ".venv" in kernel.read_text()
    assert "60,000 training and 10,000 test digits" in printed[2]
    assert re.search(r"^test accuracy: \d+\.\d\d%$", printed[3], re.MULTILINE)
    assert (tmp_path / "net.npz").is_file()
    assert re.match(r"test accuracy: \d+\.\d\d% \([\d,]+ of 10,000 test digits\)", printed[4])
    # jupyter execute ran the chapter's notebook (without --inplace it leaves the file as it was).
    notebook = nbformat.read(tmp_path / "site" / "notebooks" / "handwritten-digits.ipynb", as_version=4)
    assert notebook.metadata.kernelspec.name == "python3"
