"""Files nnbook keeps: where its caches live, how a file is written safely, and a fingerprint of
its own source code. Each of these is done here and nowhere else.

- ``cache_folder("mnist")`` and ``cache_folder("networks")``: ``$XDG_CACHE_HOME/nnbook/<name>``
  (``~/.cache/nnbook/<name>`` when XDG_CACHE_HOME is not set), for the downloaded digits and the
  book's trained networks;
- ``write_atomically(path, write)``: a file is replaced whole or not at all, never left half-written;
- ``locked(path)``: one process at a time, such as one training a network that another waits for;
- ``source_hash()``: a hash of nnbook's .py files, so a cache can tell when the code changed;
  ``imported_source(module)``: the files of the nnbook modules one module runs.
"""

import ast
import contextlib
import hashlib
import os
import tempfile
import threading
from pathlib import Path

try:
    import fcntl  # Linux and macOS; Windows has no fcntl, and there ``locked`` does not lock
except ImportError:
    fcntl = None

from nnbook import environment

PACKAGE = Path(__file__).resolve().parent  # the nnbook package's folder


def cache_folder(name):
    """The folder of nnbook's cache called ``name``: $XDG_CACHE_HOME/nnbook/<name>. Not created."""
    return environment.cache_home() / name


def write_atomically(path, write):
    """Call ``write(file)`` on a temporary file in ``path``'s folder, then rename it to ``path``:
    a reader sees the old file or the whole new one, never a half-written one. If ``write``
    raises, the temporary file is removed and ``path`` is left as it was. Returns the path."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ValueError(f"cannot write {path}: the folder {path.parent} does not exist")
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's file is private; make it an ordinary one
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return path


@contextlib.contextmanager
def locked(path):
    """Hold an exclusive lock on the file ``path`` (created if missing, its folder too) while the
    ``with`` block runs: another process asking for the same lock waits until it is released.
    The book's build trains each network in one process while others wait to load it
    (nnbook.recipes). Without fcntl (Windows) it does not lock."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as file:
        if fcntl is not None:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX)  # released when the file is closed
        yield


def _umask():
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def source_hash(files=None):
    """A sha256 hex digest of the name and contents of ``files`` (paths inside the nnbook package;
    None: every .py file of it): it changes when that code changes."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py") if files is None else files):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# Python 3.11's ast.parse keeps its recursion depth in state shared by threads: two threads
# parsing at once can fail with "SystemError: AST constructor recursion depth mismatch"
# (python/cpython#106905), as two builders hashing a recipe at once did.
_PARSING = threading.Lock()


def imported_source(module):
    """The .py files of the nnbook ``module`` (such as "nnbook.recipes") and of every nnbook module
    it imports, directly or through others, the package's __init__.py included: read from the
    import statements, without importing anything. A module it does not import cannot change
    what it computes."""
    found, waiting = set(), [module, "nnbook"]
    while waiting:
        path = _module_file(waiting.pop())
        if path is None or path in found:
            continue
        found.add(path)
        with _PARSING:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                waiting += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                waiting += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return sorted(found)


def _module_file(name):
    """The file of the nnbook module ``name`` (a package's __init__.py), or None if it is not one."""
    parts = name.split(".")
    if parts[0] != "nnbook":
        return None
    path = PACKAGE.joinpath(*parts[1:])
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None
