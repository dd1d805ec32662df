"""What the build made before, kept on disk across builds: each page's executed Markdown (its code
blocks run, their output under them), each figure's SVG and the Draw a digit page's files.

A warm rebuild with nothing changed runs no code block and draws no figure: it reads them from
``$XDG_CACHE_HOME/nnbook/pages/``, ``.../figures/`` and ``.../exports/``. An entry is used only if everything its
output depends on is unchanged, so it is never stale:

- what was made (a page's Markdown, a figure's name) and nnbook's whole source as it was imported
  (``nnbook.site.LOADED_SOURCE_HASH``), which also covers the trained networks (their cache is
  keyed by the same source);
- the versions of Python, NumPy and matplotlib, and the settings that change results
  (nnbook.environment.RESULTS: ``$NNBOOK_SEED_OFFSET``, ``$OPENBLAS_CORETYPE``);
- the contents of every file the code read while making it, outside nnbook's package and the
  installed libraries: the MNIST files, the trained networks, bench/results.json (the Performance
  page), anything a page opens. They are seen through Python's audit hook for ``open``. A file
  nnbook keeps in memory once read (MNIST, a trained network) is recorded only by the first page
  or figure that reads it; it is checked on loading (MNIST's checksums) or keyed by nnbook's
  source (the networks).

Nothing is cached or reused while ``$NNBOOK_BUILD_CACHE`` is ``off`` (nnbook.environment.build_cache_enabled).
Each entry is one JSON file per page or figure, replaced whole (nnbook.files.write_atomically).
"""

import hashlib
import json
import os
import platform
import sys
from pathlib import Path

import matplotlib
import numpy as np

from nnbook import environment
from nnbook.files import PACKAGE, cache_folder, write_atomically
from nnbook.site import LOADED_SOURCE_HASH

_LIBRARIES = tuple(str(Path(prefix).resolve()) for prefix in {sys.prefix, sys.base_prefix})
_SYSTEM = ("/proc/", "/sys/", "/dev/")  # not files with contents (threadpoolctl reads /proc/<pid>/maps)


def _record_open(event, args):
    """Audit hook: note each file opened while ``cached`` makes an entry."""
    if event == "open" and _recording and isinstance(args[0], (str, bytes, os.PathLike)):
        for opened in _recording:
            opened.add(os.fsdecode(args[0]))


# An audit hook can never be removed, and ``mkdocs serve`` imports this module again whenever nnbook's
# source changes (nnbook.site.reload_if_changed). So the hook is added once per process, by the first
# import, and every import shares its list of the sets of files being recorded (one per cached() call
# in progress): the list is kept on the sys module, which a re-import of nnbook leaves alone.
if not hasattr(sys, "_nnbook_build_cache_recording"):
    sys._nnbook_build_cache_recording = []
    sys.addaudithook(_record_open)  # a no-op while nothing is recorded
_recording = sys._nnbook_build_cache_recording


def cached(kind, name, made_from, make):
    """``make()`` (which returns a str), or what it returned in an earlier build if nothing it
    depends on changed. ``kind`` is "pages", "figures" or "exports" (the cache folder), ``name``
    names the entry (one per page, figure or export: a new version replaces the old), ``made_from``
    is a str of what the output is made from besides nnbook's source (such as the page's Markdown)."""
    if not environment.build_cache_enabled():
        return make()
    output = lookup(kind, name, made_from)
    if output is not None:
        return output
    key = _key(name, made_from)
    opened = set()
    _recording.append(opened)
    try:
        output = make()
    finally:
        _recording.remove(opened)
    inputs = sorted({str(Path(file).resolve()) for file in opened if _read_input(file)})
    files = {file: digest for file in inputs if (digest := _file_hash(file))}
    text = json.dumps({"name": name, "key": key, "files": files, "output": output})
    path = _path(kind, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda file: file.write(text.encode("utf-8")))
    return output


def lookup(kind, name, made_from):
    """What an earlier build kept for this entry (the arguments are ``cached``'s), or None: no
    entry, a damaged one, or one made from something that has changed since."""
    if not environment.build_cache_enabled():
        return None
    try:
        entry = json.loads(_path(kind, name).read_text(encoding="utf-8"))
        if entry["key"] == _key(name, made_from) and all(
            _file_hash(file) == digest for file, digest in entry["files"].items()
        ):
            return entry["output"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def _path(kind, name):
    return cache_folder(kind) / (hashlib.sha256(name.encode()).hexdigest()[:24] + ".json")


def fingerprint():
    """A digest of what every output of the build depends on besides its own input: nnbook's source
    as imported, the versions of Python, NumPy and matplotlib, and the settings that change results
    (nnbook.environment.results_settings). The labs' cache
    (nnbook/site/notebooks.py, ``lab_cache_dir``) is keyed on it too."""
    parts = [LOADED_SOURCE_HASH, platform.python_version(), np.__version__, matplotlib.__version__]
    parts += environment.results_settings()
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _key(name, made_from):
    """A digest of everything but the files read that the output of ``name`` depends on."""
    return hashlib.sha256("\0".join([name, made_from, fingerprint()]).encode("utf-8")).hexdigest()


def _read_input(file):
    """Whether an opened ``file`` is an input whose contents count: a regular file that still exists
    (a temporary file is gone), outside nnbook's package (its source counts whole), the installed
    libraries (their versions count) and the system's /proc, /sys and /dev."""
    path = Path(file).resolve()
    return (path.is_file() and not path.is_relative_to(PACKAGE)
            and not str(path).startswith(_LIBRARIES + _SYSTEM))


def _file_hash(file):
    """The sha256 of ``file``'s contents, or None if it cannot be read."""
    try:
        return hashlib.sha256(Path(file).read_bytes()).hexdigest()
    except OSError:
        return None
