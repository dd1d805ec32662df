"""nnbook.environment: every variable nnbook honours, read in one place, and a suite that passes
whatever a reader has set."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nnbook import environment, files

ROOT = Path(__file__).resolve().parent.parent


def test_unset_variables_give_the_defaults(monkeypatch, tmp_path):
    for name in ("NNBOOK_DATA_DIR", "NNBOOK_MNIST_MIRRORS", "NNBOOK_SEED_OFFSET", "NNBOOK_CLAIMS_LOG",
                 "NNBOOK_BUILD_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert environment.data_dir() is None and environment.mirrors() == []
    assert environment.cache_home() == tmp_path / ".cache" / "nnbook"
    assert environment.seed_offset() == 0 and environment.claims_log() is None
    assert environment.build_cache_enabled()


def test_set_variables_are_read_when_asked(monkeypatch, tmp_path):
    monkeypatch.setenv("NNBOOK_DATA_DIR", "~/digits")
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", " http://a/ ,, http://b/")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("NNBOOK_SEED_OFFSET", " 2 ")
    monkeypatch.setenv("NNBOOK_CLAIMS_LOG", str(tmp_path / "claims.jsonl"))
    assert environment.data_dir() == Path("~/digits").expanduser()
    assert environment.mirrors() == ["http://a/", "http://b/"]
    assert environment.cache_home() == tmp_path / "nnbook" and files.cache_folder("mnist") == tmp_path / "nnbook" / "mnist"
    assert environment.seed_offset() == 2 and environment.claims_log() == tmp_path / "claims.jsonl"
    for off in ("off", "OFF", "0", "no", "false"):
        monkeypatch.setenv("NNBOOK_BUILD_CACHE", off)
        assert not environment.build_cache_enabled()
    monkeypatch.setenv("NNBOOK_BUILD_CACHE", "on")
    assert environment.build_cache_enabled()
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    assert environment.results_settings() == ["NNBOOK_SEED_OFFSET= 2 ", "OPENBLAS_CORETYPE=Haswell"]


def test_nothing_else_in_nnbook_reads_the_environment():
    """One module reads the variables; the README's table lists every one of them."""
    readers = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "nnbook").rglob("*.py")
                     if re.search(r"os\.environ|os\.getenv|PYTEST_CURRENT_TEST", path.read_text(encoding="utf-8"))
                     and path.name != "environment.py")
    assert readers == []
    source = (ROOT / "nnbook" / "environment.py").read_text(encoding="utf-8")
    honoured = set(re.findall(r"\b((?:NNBOOK|XDG|OPENBLAS)_[A-Z_]+)\b", source))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `((?:NNBOOK|XDG|OPENBLAS)_[A-Z_]+)` \|", readme, re.MULTILINE))
    assert len(honoured) >= 7 and honoured == table, "README.md's table of variables and nnbook/environment.py differ"


def test_the_core_of_the_suite_passes_with_a_seed_offset(tmp_path):
    """A reader who exported NNBOOK_SEED_OFFSET (the README tells of it) still gets a passing
    suite: the tests that use the book's trained networks, with every seed moved by 1. The networks
    trained with that offset are kept in a cache of their own, apart from the book's."""
    data = environment.data_dir() or files.cache_folder("mnist")
    variables = {**os.environ, "NNBOOK_SEED_OFFSET": "1", "NNBOOK_DATA_DIR": str(data),
                 "XDG_CACHE_HOME": str(environment.cache_home() / "seed-offset-1")}
    core = ["tests/test_recipes.py", "tests/test_export.py", "tests/test_network.py", "tests/test_cli.py"]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-m", "not browser", *core]
    result = subprocess.run(command, cwd=ROOT, env=variables, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"\d+ passed", result.stdout)
