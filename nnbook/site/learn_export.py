"""The MNIST digits the "Train it yourself" page trains on, as one gzip file (page ``learn``).

The page trains a network in the reader's browser, so the build writes some of MNIST next to it:
the first ``TRAIN_DIGITS`` training digits and the first ``TEST_DIGITS`` test digits, as
``learn/digits.gz`` (about 2.3 MB; the hook calls ``learn_page_files``). The page fetches it only
when the reader presses its button, and the browser decompresses it itself (DecompressionStream).

Decompressed, the file is one line of JSON (the header: ``format``, ``version`` and how many
digits of each kind it holds), a newline, then four blocks of bytes, one byte per number:

    train pixels (train x 784) | train labels (train) | test pixels (test x 784) | test labels (test)

A pixel is stored as a whole number from 0 to 255, like MNIST's own files: round(255 p) for a
pixel value p between 0 and 1, so p comes back exactly as that number / 255 in float32.
``subset_from_file`` reads it back (for the tests; the page has its own reader).
"""

import base64
import gzip
import json

import numpy as np

from nnbook import checks
from nnbook.site import build_cache

FORMAT = "nnbook-mnist-subset"
VERSION = 1
PATH = "learn/digits.gz"  # in the built site, next to the page learn/
TRAIN_DIGITS = 12_000  # the first this many training digits ...
TEST_DIGITS = 2_000  # ... and test digits
PIXELS = 784
# zlib's default level: 2.29 MB in 0.2 s; level 9 saves 2% and takes 3.5 s on every cold build
COMPRESSION_LEVEL = 6


def subset_file(train_images, train_labels, test_images, test_labels):
    """The file's bytes, gzip-compressed, for these digits: images (N, 784) of pixel values
    between 0 and 1 and their labels (N,). The same digits give the same bytes."""
    blocks, counts = [], {}
    for kind, images, labels in (("train", train_images, train_labels), ("test", test_images, test_labels)):
        images = checks.pixels(images, PIXELS)
        labels = checks.labels(labels, len(images))
        blocks += [np.rint(images * 255).astype(np.uint8).tobytes(), labels.astype(np.uint8).tobytes()]
        counts[kind] = len(images)
    header = {"format": FORMAT, "version": VERSION, **counts, "pixels": PIXELS}
    payload = json.dumps(header, separators=(",", ":")).encode() + b"\n" + b"".join(blocks)
    return gzip.compress(payload, COMPRESSION_LEVEL, mtime=0)


def subset_from_file(data):
    """(train_images, train_labels, test_images, test_labels) from the bytes of ``subset_file``:
    float32 pixels (N, 784) between 0 and 1 and int64 labels (N,). Raises ValueError naming the
    problem if ``data`` is not such a file."""
    try:
        payload = gzip.decompress(data)
    except (OSError, EOFError):
        raise ValueError(f"{PATH} is not a complete gzip file: build the book again") from None
    line, newline, rest = payload.partition(b"\n")
    try:
        header = json.loads(line) if newline else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError(f"{PATH} does not start with a {FORMAT} header: build the book again")
    if header.get("version") != VERSION:
        raise ValueError(f"{PATH} is version {header.get('version')!r} of {FORMAT}; this nnbook reads version "
                         f"{VERSION}: build the book again")
    counts = [checks.number(header.get(kind), f"the header's {kind}", whole=True, at_least=1) for kind in ("train", "test")]
    if len(rest) != sum(count * (PIXELS + 1) for count in counts):
        raise ValueError(f"{PATH} holds {len(rest)} bytes of digits, not the {counts[0]:,} training and "
                         f"{counts[1]:,} test digits its header promises: build the book again")
    numbers = np.frombuffer(rest, np.uint8)
    arrays, start = [], 0
    for count in counts:
        pixels = numbers[start : start + count * PIXELS]
        labels = numbers[start + count * PIXELS : start + count * (PIXELS + 1)]
        start += count * (PIXELS + 1)
        arrays += [pixels.reshape(count, PIXELS).astype(np.float32) / 255, checks.labels(labels, count)]
    return tuple(arrays)


def learn_page_files(train=TRAIN_DIGITS, test=TEST_DIGITS):
    """{path in the site: bytes} for the "Train it yourself" page: ``learn/digits.gz``, the first
    ``train`` training and ``test`` test digits. Kept across builds by nnbook.site.build_cache: a
    warm build does not read MNIST."""
    text = build_cache.cached("exports", "learn-page", f"{train} {test} {COMPRESSION_LEVEL}",
                              lambda: base64.b64encode(_learn_page_file(train, test)).decode("ascii"))
    return {PATH: base64.b64decode(text)}


def _learn_page_file(train, test):
    from nnbook.data import load_mnist

    mnist = load_mnist()
    return subset_file(mnist.train_images[:train], mnist.train_labels[:train],
                       mnist.test_images[:test], mnist.test_labels[:test])
