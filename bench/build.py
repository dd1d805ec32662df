"""How long the book takes to build, cold and warm: what a reader waits for on the first
``make serve`` and a contributor on every rebuild.

``build_seconds()`` copies the book's source (what a fresh clone has) to a temporary folder and
builds it twice with ``mkdocs build --strict``, each caching under that folder only:

  cold   nothing cached: every network of chapters 5 to 7 is trained, every page's code and
         every lab runs, every figure is drawn;
  warm   the same copy again with nothing changed: everything comes from the caches.

MNIST is read from where the book finds it (``bench.robust.data_environment``), so neither build
downloads anything. The seconds are wall-clock seconds of the whole command, start-up included.
"""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.robust import ROOT, data_environment

# Not part of a fresh clone: at the top, environments, caches and the built site (only there:
# nnbook/site/ is source); anywhere, Python's bytecode.
TOP_LEVEL_NOT_SOURCE = {".git", ".venv", ".lock-venv", "site", ".cache", "node_modules", ".pytest_cache"}


def _not_source(folder, names):
    ignored = {"__pycache__"} | (TOP_LEVEL_NOT_SOURCE if Path(folder) == ROOT else set())
    return ignored & set(names)


def build_seconds():
    """{"cold_seconds": ..., "warm_seconds": ...}: two builds of a fresh copy of the book."""
    with tempfile.TemporaryDirectory(prefix="nnbook-build-") as workspace:
        book = Path(workspace) / "book"
        shutil.copytree(ROOT, book, ignore=_not_source)
        environment = {**data_environment(), "XDG_CACHE_HOME": str(Path(workspace) / "cache"),
                       "NO_MKDOCS_2_WARNING": "1"}
        return {f"{kind}_seconds": _timed_build(book, environment) for kind in ("cold", "warm")}


def _timed_build(book, environment):
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=book,
                            env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"the book did not build (exit {result.returncode}); run `make build` to see why:\n"
                           + result.stderr[-2000:])
    return seconds
