"""Files nnbook keeps: where its caches live, how a file is written safely, and a fingerprint of
its own source code. Each of these is done here and nowhere else.

- ``cache_folder("mnist")`` and ``cache_folder("networks")``: ``$XDG_CACHE_HOME/nnbook/<name>``
  (``~/.cache/nnbook/<name>`` when XDG_CACHE_HOME is not set), for the downloaded digits and the
  book's trained networks;
- ``write_atomically(path, write)``: a file is replaced whole or not at all, never left half-written;
- ``locked(path)``: one process at a time, such as one training a network that another waits for;
- ``source_hash()``: a hash of nnbook's .py files, so a cache can tell when the code changed.
"""

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

try:
    import fcntl  # Linux and macOS; Windows has no fcntl, and there ``locked`` does not lock
except ImportError:
    fcntl = None

PACKAGE = Path(__file__).resolve().parent  # the nnbook package's folder


def cache_folder(name):
    """The folder of nnbook's cache called ``name``: $XDG_CACHE_HOME/nnbook/<name>. Not created."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nnbook" / name


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


def source_hash(leave_out=()):
    """A sha256 hex digest of the name and contents of every .py file of the nnbook package,
    except those whose first path part inside the package is in ``leave_out`` (such as
    "figures" or "cli.py"): it changes when that code changes."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in leave_out:
            continue
        digest.update(relative.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
