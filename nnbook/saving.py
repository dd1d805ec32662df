"""A network on disk: what ``Network.save`` writes and ``Network.load`` reads.

The file is a NumPy .npz archive holding no pickled objects: ``format_version`` (1), ``sizes``,
``activation``, ``dtype``, and ``weights_0``, ``biases_0``, ``weights_1``, ... (weights_l has
shape (sizes[l + 1], sizes[l]), biases_l shape (sizes[l + 1],)). Reading checks all of it, so a
damaged or foreign file gives a ValueError that names the file and the problem.
"""

import zipfile
import zlib
from pathlib import Path

import numpy as np

from nnbook import checks
from nnbook.activations import ACTIVATIONS
from nnbook.files import write_atomically

FORMAT_VERSION = 1


def write(path, network):
    """Write ``network``'s sizes, activation, dtype, weights and biases to ``path`` (written whole
    or not at all, see ``nnbook.files.write_atomically``). Returns the path."""
    arrays = {
        "format_version": np.array(FORMAT_VERSION),
        "sizes": np.array(network.sizes, dtype=np.int64),
        "activation": np.array(network.activation),
        "dtype": np.array(network.dtype.__name__),
    }
    for layer, (w, b) in enumerate(zip(network.weights, network.biases)):
        arrays[f"weights_{layer}"] = w
        arrays[f"biases_{layer}"] = b
    return write_atomically(path, lambda file: np.savez(file, **arrays))


def read(path):
    """(sizes, activation, dtype, weights, biases) of the network saved at ``path``: the
    parameters as lists of arrays of that dtype, every one checked against the sizes."""
    path = Path(path)
    arrays = _read_npz(path)
    try:
        return _network(arrays)
    except ValueError as error:
        raise ValueError(f"{path} is not a usable saved network: {error}") from None


def _network(arrays):
    """``read``'s five values from a saved file's ``arrays`` ({name: array}), or a ValueError
    naming the problem."""
    missing = [key for key in ("format_version", "sizes", "activation", "dtype") if key not in arrays]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if arrays["format_version"].shape != () or arrays["format_version"].dtype.kind not in "iu":
        raise ValueError("format_version is not a whole number")
    if int(arrays["format_version"]) != FORMAT_VERSION:
        raise ValueError(
            f"it has format_version {int(arrays['format_version'])}, this nnbook reads version "
            f"{FORMAT_VERSION}; save it again with this version of nnbook"
        )
    if arrays["sizes"].ndim != 1 or arrays["sizes"].dtype.kind not in "iu":
        found = arrays["sizes"]
        raise ValueError(f"sizes should be a list of whole numbers, got {found.dtype} of shape {found.shape}")
    sizes = checks.sizes(arrays["sizes"].tolist())
    activation = checks.choice(str(arrays["activation"]), "activation", ACTIVATIONS)
    dtype = checks.dtype(str(arrays["dtype"]))
    weights, biases = [], []
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        expected = ((f"weights_{layer}", (n_out, n_in), weights), (f"biases_{layer}", (n_out,), biases))
        for key, shape, kept in expected:
            if key not in arrays:
                raise ValueError(f"missing {key}")
            array = arrays[key]
            if array.shape != shape or array.dtype.kind != "f":
                raise ValueError(
                    f"{key} should be floats of shape {shape} for sizes {sizes}, "
                    f"got {array.dtype} of shape {array.shape}"
                )
            kept.append(checks.finite(array, f"numbers in {key}").astype(dtype))
    return sizes, activation, dtype, weights, biases


def _read_npz(path):
    """Every array in the .npz file at ``path``, read without unpickling anything."""
    if not path.is_file():
        raise ValueError(f"cannot load a network from {path}: no such file")
    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single array, not an .npz archive")
        with archive:
            return {key: archive[key] for key in archive.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as error:
        raise ValueError(f"{path} is not a readable saved network (.npz file): {error}") from None
