"""The MNIST digits, the data the page ``handwritten-digits`` introduces.

``load_mnist()`` returns the 60,000 training and 10,000 test digits as numpy arrays: each image is a
row of 784 pixels (28x28, row by row) scaled to [0, 1], 0 the background and 1 full ink; each label
is the digit it shows. The arrays are read-only and cached in-process, so any chapter may call
``load_mnist()`` as often as it likes; ``load_mnist.cache_clear()`` forgets them.

Where the four IDX files are read from (the first that applies wins):

1. ``data_dir``, when given;
2. ``$NNBOOK_DATA_DIR``, when set;
3. the download cache, ``$XDG_CACHE_HOME/nnbook/mnist`` (default ``~/.cache/nnbook/mnist``).
   A file missing there is downloaded from the first mirror that serves a good copy:
   ``$NNBOOK_MNIST_MIRRORS`` (comma-separated base URLs) when set, else ``MIRRORS``, in order.

A folder named by 1 or 2 must hold all four files; nothing is ever downloaded into it. A file may
be gzipped or not (gzip is recognised by its magic bytes, not its name). Every file is checked
before use: its IDX header, its length, and the SHA-256 of its decompressed bytes. A bad file in
the cache is moved aside to ``<name>.corrupt``; a bad file in your own folder is left alone.
Either way ``DataError`` says which file, what is wrong, and how to fix it.

``shifted_copies(images, copies, max_shift)`` makes more training digits from the same ones, each
moved by a pixel or so (the page ``book-network`` trains the book's network on them).
"""

import functools
import gzip
import hashlib
import http.client
import sys
import urllib.request
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np
from tqdm import tqdm

from nnbook import checks, environment
from nnbook.files import cache_folder, write_atomically

__all__ = ["MIRRORS", "MNIST", "SHA256", "DataError", "load_mnist", "shifted_copies"]

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)

# SHA-256 of each file's DECOMPRESSED bytes, so the official .gz files and recompressed copies
# both pass. The keys are the four files, in the order they are loaded.
SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

TIMEOUT = 30  # seconds a mirror may stay silent before the next one is tried
OFFLINE_FIX = "set NNBOOK_DATA_DIR to a folder with the four MNIST files, or connect to the internet"


class DataError(Exception):
    """The MNIST files (page ``handwritten-digits``) are missing or bad; the message names the file,
    the problem and the fix."""


class MNIST(NamedTuple):
    """The digits (page ``handwritten-digits``): images are (N, 784) float32 in [0, 1], labels are
    (N,) int64 digits 0-9."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray


def load_mnist(data_dir=None) -> MNIST:
    """The 60,000 training and 10,000 test digits (page ``handwritten-digits``), from the first
    source in the module docstring."""
    if data_dir is not None:
        return _load(Path(data_dir).expanduser().resolve(), "data_dir")
    if environment.data_dir():
        return _load(environment.data_dir().resolve(), "NNBOOK_DATA_DIR")
    return _load(cache_folder("mnist").resolve(), None)


@functools.lru_cache(maxsize=2)
def _load(folder: Path, source: str | None) -> MNIST:
    """Read the four files in folder; source names who chose it (None: the download cache)."""
    if source and not folder.is_dir():
        raise DataError(
            f"{folder} (from {source}) does not exist or is not a folder. "
            f"Fix: point {source} at the folder that holds the four MNIST files."
        )
    arrays = {name: _read(_find(folder, name, source), name, source) for name in SHA256}
    splits = []
    for split in ("train", "t10k"):
        images = arrays[f"{split}-images-idx3-ubyte"]
        labels = arrays[f"{split}-labels-idx1-ubyte"]
        if len(images) != len(labels):
            raise DataError(
                f"{folder}: {split}-images-idx3-ubyte holds {len(images)} images but "
                f"{split}-labels-idx1-ubyte holds {len(labels)} labels. "
                "Fix: replace both with the matching MNIST files."
            )
        pixels = images.reshape(-1, 784).astype(np.float32)
        pixels /= 255  # in place: one array of 188 MB for the training digits, not two
        splits += [_read_only(pixels), _read_only(labels.astype(np.int64))]
    return MNIST(*splits)


load_mnist.cache_clear = _load.cache_clear


def _find(folder: Path, name: str, source: str | None) -> Path:
    """The path of name (gzipped or not) in folder; in the cache, download it first if missing."""
    for path in (folder / f"{name}.gz", folder / name):
        if path.is_file():
            return path
    if source:
        raise DataError(
            f"{folder} (from {source}) has no {name}.gz or {name}. Fix: put the four MNIST "
            f"files there (gzipped or not), or point {source} at a folder that has them."
        )
    return _download(name, folder)


def _read(path: Path, name: str, source: str | None) -> np.ndarray:
    """The checked uint8 array in path; a bad cache file is moved aside, a user's file left alone."""
    try:
        return _parse(name, path.read_bytes())
    except ValueError as problem:
        if source:
            fix = f"replace it with a good copy (for example {MIRRORS[0]}{name}.gz)"
        else:
            path.replace(path.with_name(path.name + ".corrupt"))
            fix = (f"it was moved aside to {path.name}.corrupt; "
                   "call load_mnist() again to download a fresh copy")
        raise DataError(f"{path}: {problem}. Fix: {fix}.") from None


def _parse(name: str, raw: bytes) -> np.ndarray:
    """Check one IDX file's bytes (gzipped or not) and return them as uint8: (count, 28, 28) for
    images, (count,) for labels. Raise ValueError saying what is wrong."""
    if raw[:2] == b"\x1f\x8b":  # gzip's magic bytes
        try:
            raw = gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as error:
            raise ValueError(f"the gzip data is truncated or corrupt ({error})") from None
    kind, magic, dims = ("images", 2051, (28, 28)) if "images" in name else ("labels", 2049, ())
    header = 4 * (2 + len(dims))
    if len(raw) < header:
        raise ValueError(f"the IDX header is truncated: {len(raw)} bytes, expected {header}")
    found, count, *found_dims = np.frombuffer(raw, ">u4", count=header // 4).tolist()
    if found != magic:
        raise ValueError(f"the IDX magic number is {found}, expected {magic} for a file of {kind}")
    if tuple(found_dims) != dims:
        raise ValueError(f"the images are {'x'.join(map(str, found_dims))} pixels, expected 28x28")
    expected = header + count * int(np.prod(dims))
    if len(raw) != expected:
        problem = "truncated" if len(raw) < expected else "too long"
        raise ValueError(f"the IDX payload is {problem}: the header promises {count} {kind} "
                         f"({expected} bytes) but the file holds {len(raw)} bytes")
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256[name]:
        raise ValueError(f"SHA-256 mismatch of the decompressed bytes: expected {SHA256[name]}, "
                         f"got {digest}")
    return np.frombuffer(raw, np.uint8, offset=header).reshape(count, *dims)


def _download(name: str, folder: Path) -> Path:
    """Fetch name.gz into folder from the first mirror that serves a good copy; return its path."""
    target = folder / f"{name}.gz"
    errors = []
    for base in _mirrors():
        url = f"{base.rstrip('/')}/{name}.gz"
        try:
            _fetch(url, name, target)
            return target
        except (OSError, ValueError, http.client.HTTPException) as error:
            errors.append(f"  {url}: {error}")
    raise DataError(
        f"{target}: no copy of {name} anywhere. Looked in: data_dir (not given), NNBOOK_DATA_DIR "
        f"(not set), the cache {folder} (no {name}.gz or {name}), and these mirrors:\n"
        + "\n".join(errors) + f"\nFix: {OFFLINE_FIX}."
    )


def _fetch(url: str, name: str, target: Path) -> None:
    """Stream url into target, checked before it takes target's name (see write_atomically)."""
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        target.parent.mkdir(parents=True, exist_ok=True)

        def download(file):
            chunks = []
            with tqdm(total=int(response.headers.get("Content-Length") or 0) or None,
                      desc=name, unit="B", unit_scale=True, leave=False, file=sys.stderr,
                      disable=not sys.stderr.isatty()) as progress:
                for chunk in iter(lambda: response.read(1 << 16), b""):
                    file.write(chunk)
                    chunks.append(chunk)
                    progress.update(len(chunk))
            _parse(name, b"".join(chunks))

        write_atomically(target, download)


def _mirrors() -> list[str]:
    """The base URLs to try, in order: $NNBOOK_MNIST_MIRRORS when set, else MIRRORS."""
    return environment.mirrors() or list(MIRRORS)


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


# -- more digits from the same digits (page learning) -------------------------------------------

SIDE = 28  # an MNIST image is SIDE x SIDE pixels


def shifted_copies(images, copies, max_shift=1, seed=0):
    """The ``images`` followed by ``copies`` more copies of them (page ``book-network``), each moved by a
    random whole number of pixels between -max_shift and +max_shift across and down (pixels moved in from
    outside the frame are background, 0; max_shift 0 makes plain copies).

    images: shape (N, 784), rows of 28x28 pixels. Returns shape ((copies + 1) * N, 784), the same
    dtype; repeat the labels to match with ``np.tile(labels, copies + 1)``. The same seed gives
    the same moves. A digit moved by a pixel is still the same digit, so each copy is a set of new
    examples that costs nothing to label (data augmentation).
    """
    images, _ = checks.images(images, SIDE * SIDE, one=False)
    copies = checks.number(copies, "copies", whole=True, at_least=0)
    max_shift = checks.number(max_shift, "max_shift", whole=True, at_least=0)
    if max_shift >= SIDE:
        raise ValueError(f"max_shift must be below {SIDE} (the frame's width), got {max_shift}")
    rng = np.random.default_rng(seed)
    n = len(images)
    pictures = images.reshape(n, SIDE, SIDE)
    result = np.zeros(((copies + 1) * n, SIDE * SIDE), images.dtype)  # pixels moved in from outside stay 0
    result[:n] = images
    for copy in range(1, copies + 1):
        moves = rng.integers(-max_shift, max_shift + 1, size=(n, 2))
        block = result[copy * n : (copy + 1) * n].reshape(n, SIDE, SIDE)
        for down in range(-max_shift, max_shift + 1):
            for across in range(-max_shift, max_shift + 1):
                chosen = np.flatnonzero((moves[:, 0] == down) & (moves[:, 1] == across))
                # the pixel in row r, column c moves to row r + down, column c + across
                block[chosen, _moved(down), _moved(across)] = pictures[chosen, _moved(-down), _moved(-across)]
    return result


def _moved(shift):
    """The rows (or columns) a picture moved by ``shift`` pixels fills: all but the first ``shift``
    when it moves down (or right), all but the last -``shift`` when it moves up (or left).
    ``_moved(-shift)`` are the rows they come from."""
    return slice(max(shift, 0), SIDE + min(shift, 0))
