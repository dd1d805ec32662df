"""The book's network and a few real test digits as JSON, for the "Draw a digit" page.

The page runs the book's trained network in the reader's browser, with no server: the build
writes the network and some test digits as small JSON files next to the page (the mkdocs hook
calls ``draw_page_files``), and the page's JavaScript reads them.

- ``network_data(network, ...)`` is a network as a JSON-ready dict: its ``sizes``, the hidden layers'
  ``activation`` (the output layer is always the sigmoid), and for each layer after the input its
  weights (one row per neuron of that layer, one column per neuron of the layer before, row by
  row) and its biases, each as little-endian float32 numbers in base64 (13,002 numbers make
  about 70 kB of text), with where it came from: its recipe, the seed offset it was trained with
  and ``weights_sha256``, the SHA-256 of those numbers' bytes (``weights_sha256``; shown on the
  page, nnbook.site.provenance). ``network_from_data`` reads it back into a ``Network``.
- ``digits_data(images, labels, indices)`` is some digits as a JSON-ready dict: their labels, their
  places in the test set and their pixels as whole numbers 0 to 255, like MNIST's own files (a
  pixel value p between 0 and 1 is stored as round(255 p)). ``digits_from_data`` reads it back.
- ``first_digits(labels)`` picks the page's examples, ``first_misread(network, images, labels)``
  the test digits it shows when a reader asks for a mistake.

The dicts carry a ``format`` name and a ``version``, so a reader of an older file gets a clear error
instead of wrong numbers.
"""

import base64
import binascii
import hashlib
import json

import numpy as np

from nnbook import checks
from nnbook.network import Network
from nnbook.site import build_cache

NETWORK_FORMAT = "nnbook-network"
DIGITS_FORMAT = "nnbook-digits"
VERSION = 1
TEST_DIGITS = 10_000  # the size of MNIST's test set, which the digits' indices point into
DIGITS_PER_LABEL = 3  # the page's examples: the first 3 test digits of each digit, 30 in all
MISTAKES = 30  # the page's mistakes: the first 30 test digits the network misreads
# A mistake is a test digit whose label's output is more than this below the brightest output:
# the page computes in float64 from float32 weights (within 0.00001 of nnbook, tests/test_draw.py),
# so a near tie cannot turn one of them into a right answer there.
MISREAD_MARGIN = 0.01
DRAW_PAGE_RECIPE = "book"  # the network the page runs: the book's 784-16-16-10


def network_data(network, recipe, recipe_hash, test_accuracy, seed_offset=0):
    """``network`` (a Network) as a JSON-ready dict, with where it came from: the name of its
    ``recipe`` (see nnbook.recipes), that recipe's ``recipe_hash``, its ``test_accuracy`` (a
    fraction between 0 and 1) and the ``seed_offset`` it was trained with ($NNBOOK_SEED_OFFSET).
    A float64 network's weights and biases are stored as float32."""
    if not isinstance(network, Network):
        raise ValueError(f"expected a nnbook Network, got {type(network).__name__}")
    if not (isinstance(test_accuracy, (int, float)) and 0 <= test_accuracy <= 1):
        raise ValueError(f"test_accuracy must be a fraction between 0 and 1, got {test_accuracy!r}")
    return {
        "format": NETWORK_FORMAT,
        "version": VERSION,
        "recipe": str(recipe),
        "recipe_hash": str(recipe_hash),
        "test_accuracy": float(test_accuracy),
        "seed_offset": int(seed_offset),
        "weights_sha256": weights_sha256(network),
        "sizes": list(network.sizes),
        "activation": network.activation,
        "output_activation": "sigmoid",
        "dtype": "float32",
        "byte_order": "little",
        "weights": [_encode(w, "<f4") for w in network.weights],
        "biases": [_encode(b, "<f4") for b in network.biases],
    }


def weights_sha256(network):
    """The SHA-256 (hex) of ``network``'s weights and biases as ``network_data`` stores them:
    little-endian float32 bytes, layer by layer, each layer's weights (row by row) then its biases.
    Two exports with the same hash hold the same numbers, bit for bit."""
    digest = hashlib.sha256()
    for weights, biases in zip(network.weights, network.biases):
        for array in (weights, biases):
            digest.update(np.ascontiguousarray(array, dtype="<f4").tobytes())
    return digest.hexdigest()


def network_from_data(data):
    """The Network stored by ``network_data`` (float32). Raises ValueError naming the problem if
    ``data`` is not such a dict, or its numbers do not fit its sizes."""
    _check_header(data, NETWORK_FORMAT, ("sizes", "activation", "weights", "biases"))
    sizes = data["sizes"]
    network = Network(sizes, activation=data["activation"], dtype=np.float32)  # checks both
    layers = len(sizes) - 1
    for key in ("weights", "biases"):
        if not isinstance(data[key], list) or len(data[key]) != layers:
            raise ValueError(f"{key} should be a list of {layers} layers for sizes {sizes}")
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        weights = _decode(data["weights"][layer], "<f4", n_out * n_in, f"weights of layer {layer + 1}")
        biases = _decode(data["biases"][layer], "<f4", n_out, f"biases of layer {layer + 1}")
        network.weights[layer] = weights.astype(np.float32).reshape(n_out, n_in)
        network.biases[layer] = biases.astype(np.float32)
    return network


def digits_data(images, labels, indices):
    """Digits as a JSON-ready dict: ``images`` (N rows of 784 pixel values between 0 and 1),
    their digit ``labels`` (N) and their ``indices`` in the test set (N), so a reader can find
    them again with ``load_mnist().test_images[index]``."""
    images = checks.pixels(images)
    labels = checks.labels(labels, len(images))
    indices = _check_indices(indices, len(images))
    return {
        "format": DIGITS_FORMAT,
        "version": VERSION,
        "count": len(images),
        "labels": labels.tolist(),
        "indices": indices.tolist(),
        "pixels": _encode(np.rint(images * 255), "u1"),
    }


def digits_from_data(data):
    """(images, labels, indices) stored by ``digits_data``: float32 pixels (N, 784) between 0 and 1,
    int64 labels (N,) and int64 test-set indices (N,)."""
    _check_header(data, DIGITS_FORMAT, ("count", "labels", "indices", "pixels"))
    count = checks.number(data["count"], "count", whole=True, at_least=1)
    labels = checks.labels(data["labels"], count)
    indices = _check_indices(data["indices"], count)
    pixels = _decode(data["pixels"], "u1", count * 784, "pixels")
    return pixels.reshape(count, 784).astype(np.float32) / 255, labels, indices


def first_digits(labels, per_label=DIGITS_PER_LABEL):
    """The indices of the first ``per_label`` digits of each digit 0-9 in ``labels``, in the
    order they appear: the same examples on every machine."""
    labels = np.asarray(labels)
    chosen = [np.flatnonzero(labels == digit)[:per_label] for digit in range(10)]
    short = [digit for digit, found in enumerate(chosen) if len(found) < per_label]
    if short:
        raise ValueError(f"fewer than {per_label} examples of the digits {short}")
    return np.sort(np.concatenate(chosen))


def first_misread(network, images, labels, count=MISTAKES, margin=MISREAD_MARGIN):
    """The indices of the first ``count`` of ``images`` that ``network`` misreads, in order: those
    whose label's output is more than ``margin`` below the brightest output. Fewer if there are
    not that many."""
    if not isinstance(network, Network):
        raise ValueError(f"expected a nnbook Network, got {type(network).__name__}")
    images = checks.pixels(images)
    labels = checks.labels(labels, len(images))
    outputs = network.feedforward(images)
    below = outputs.max(axis=1) - outputs[np.arange(len(labels)), labels]
    return np.flatnonzero(below > margin)[:count]


def draw_page_files(recipe=DRAW_PAGE_RECIPE, per_label=DIGITS_PER_LABEL, mistakes=MISTAKES):
    """{path in the site: JSON bytes} for the "Draw a digit" page: ``draw/network.json`` (the
    trained network of ``recipe``, training it first if the cache has none),
    ``draw/digits.json`` (the first ``per_label`` test digits of each digit) and
    ``draw/mistakes.json`` (the first ``mistakes`` test digits the network misreads, with their
    labels). Kept across builds by nnbook.site.build_cache: a warm build neither loads the network
    nor reads MNIST."""
    text = build_cache.cached("exports", "draw-page", f"{recipe} {per_label} {mistakes}",
                              lambda: json.dumps(_draw_page_data(recipe, per_label, mistakes)))
    return {path: json.dumps(data, separators=(",", ":")).encode() for path, data in json.loads(text).items()}


def _draw_page_data(recipe, per_label, mistakes):
    """``draw_page_files``' files as {path: JSON-ready dict}."""
    from nnbook import environment, recipes
    from nnbook.data import load_mnist

    network, history = recipes.trained(recipe)
    mnist = load_mnist()
    examples = first_digits(mnist.test_labels, per_label)
    misread = first_misread(network, mnist.test_images, mnist.test_labels, mistakes)
    return {
        "draw/network.json": network_data(
            network, recipe, recipes.recipe_hash(recipes.recipe(recipe)), history.test_accuracy[-1],
            environment.seed_offset(),
        ),
        "draw/digits.json": digits_data(mnist.test_images[examples], mnist.test_labels[examples], examples),
        "draw/mistakes.json": digits_data(mnist.test_images[misread], mnist.test_labels[misread], misread),
    }


def _encode(array, dtype):
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def _decode(text, dtype, count, name):
    """``count`` finite numbers of ``dtype`` from the base64 ``text``, or a ValueError naming ``name``."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise ValueError(f"the {name} are not valid base64 text") from None
    size = np.dtype(dtype).itemsize
    if len(raw) != count * size:
        raise ValueError(f"expected {count} numbers for the {name}, got {len(raw) / size:g}")
    return checks.finite(np.frombuffer(raw, dtype=dtype), name)


def _check_indices(indices, count):
    """``indices`` as ``count`` places in MNIST's test set (an int64 array), or a ValueError."""
    return checks.whole_numbers(indices, count, "indices", TEST_DIGITS, "places in MNIST's test set")


def _check_header(data, expected_format, keys):
    if not isinstance(data, dict):
        raise ValueError(f"expected a dict read from a {expected_format} JSON file, got {type(data).__name__}")
    if data.get("format") != expected_format:
        raise ValueError(f"expected format {expected_format!r}, got {data.get('format')!r}")
    if data.get("version") != VERSION:
        raise ValueError(
            f"this is version {data.get('version')!r} of {expected_format}; this nnbook reads version {VERSION}: "
            f"export it again with this version of nnbook"
        )
    missing = [key for key in keys if key not in data]
    if missing:
        raise ValueError(f"the {expected_format} data is missing {', '.join(missing)}")
