"""The network: layers of neurons joined by weights and biases.

Chapter 2 ("Neurons as numbers, layers as structure") introduces the layers, chapter 3 ("Weights,
biases and the squish") the weights and biases, chapter 4 ("The network as one function") the
matrix form a' = sigmoid(W a + b) that ``feedforward`` computes, and chapter 5 ("What learning
really means") the cost and backpropagation.

Every image is a row of numbers, one per input neuron (784 for MNIST); a batch of images is a
2-D array with one image per row.
"""

import numbers
import os
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np

from nnbook import training
from nnbook.activations import (
    relu,
    relu_prime,
    relu_slope_from_activation,
    sigmoid,
    sigmoid_prime,
    sigmoid_slope_from_activation,
)
from nnbook.training import blas_threads, checked_cost, one_hot


class Activation(NamedTuple):
    """A hidden layer's squish: ``function(z)``, its slope ``slope(z)``, and the same slope
    computed from the activation a = function(z), ``slope_from_activation(a)``, which
    backpropagation uses because the forward pass has a at hand."""

    function: object
    slope: object
    slope_from_activation: object


ACTIVATIONS = {
    "sigmoid": Activation(sigmoid, sigmoid_prime, sigmoid_slope_from_activation),
    "relu": Activation(relu, relu_prime, relu_slope_from_activation),
}
DTYPES = (np.float32, np.float64)
FORMAT_VERSION = 1


class Network:
    """A fully connected network of ``sizes`` neurons per layer, such as [784, 16, 16, 10]
    (chapters 2 to 4; learning in chapter 5).

    ``weights[l]`` has one row per neuron of layer l + 1 and one column per neuron of layer l,
    shape (n_out, n_in); ``biases[l]`` has one number per neuron of layer l + 1, shape (n_out,).
    Hidden layers use ``activation`` ("sigmoid" or "relu"); the output layer always uses the
    sigmoid, so each output is an activation between 0 and 1 and the brightest one is the answer.

    The starting weights are random: standard normal numbers divided by sqrt(n_in), so that a
    neuron's weighted sum stays of moderate size however many inputs it has. They are drawn in
    float64 with ``np.random.default_rng(seed)``, layer by layer, and then cast to ``dtype``, so
    the same seed gives the same network on every machine. The biases start at zero.
    """

    def __init__(self, sizes, activation="sigmoid", seed=0, dtype=np.float32):
        self.sizes = _checked_sizes(sizes)
        self.activation = _checked_activation(activation)
        self.dtype = _checked_dtype(dtype)
        rng = np.random.default_rng(_checked_seed(seed))
        self.weights = [
            (rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)).astype(self.dtype)
            for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])
        ]
        self.biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.sizes[1:]]

    def __repr__(self):
        return (
            f"Network(sizes={self.sizes}, activation={self.activation!r}, "
            f"dtype=np.{self.dtype.__name__})"
        )

    def parameter_count(self):
        """How many knobs the network has: every weight plus every bias (13,002 for 784-16-16-10)."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    # -- feedforward (chapter 4) ------------------------------------------------------------

    def feedforward(self, x):
        """The output layer's activations for one image (shape (784,) -> (10,)) or for a batch of
        images, one per row (shape (N, 784) -> (N, 10)). Each output is between 0 and 1."""
        return self.activations(x)[-1]

    def activations(self, x):
        """Every layer's activations, input layer first: for [784, 16, 16, 10] and one image, a
        list of arrays of shapes (784,), (16,), (16,), (10,); for a batch of N images, (N, 784),
        (N, 16), (N, 16), (N, 10). The input layer is the image itself, as the network's dtype.

        A batch gives the same numbers as its images one at a time up to rounding: BLAS sums a
        matrix product in an order that depends on the CPU and on the shape, so the last bits may
        differ: by a few 1e-7 in float32 and 1e-15 in float64 (measured on four OpenBLAS kernels; the
        tests allow 1e-5 and 1e-12).
        """
        batch, single = self._as_batch(x)
        with blas_threads():
            layers = self._forward(np.asarray(batch, self.dtype))[1]
        return [layer[0] for layer in layers] if single else layers

    def predict(self, x):
        """The network's answer, the digit whose output neuron is brightest: an int for one image,
        an int array of shape (N,) for a batch."""
        answers = np.argmax(self.feedforward(x), axis=-1)
        return int(answers) if answers.ndim == 0 else answers

    def accuracy(self, images, labels):
        """The fraction of ``images`` (shape (N, 784)) whose predicted digit equals its label
        (shape (N,)), between 0 and 1."""
        images, labels = self._as_examples(images, labels)
        return float(np.mean(self.predict(images) == labels))

    def cost(self, images, labels, cost="cross_entropy"):
        """How wrong the network is on ``images`` (shape (N, 784)) with digit ``labels`` (shape
        (N,)): the mean over the images of the cost (chapter 5), "cross_entropy" or "quadratic"
        (see nnbook.training.COSTS). The desired output is 1 for the label's neuron, 0 elsewhere."""
        checked_cost(cost)
        images, labels = self._as_examples(images, labels)
        return self._cost_and_accuracy(images, labels, cost)[0]

    # -- learning (chapter 5) -------------------------------------------------------------------

    def backprop(self, x, labels, cost="cross_entropy"):
        """The gradient of the cost by backpropagation (chapter 5, "What learning really means").

        x: one image (784,) or a mini-batch (N, 784); labels: its digit or digits. Returns
        (weight_gradients, bias_gradients), lists shaped like ``weights`` and ``biases``: the slope
        of the mean cost over the mini-batch with respect to every weight and bias. Gradient
        descent moves each knob a little against its slope.
        """
        batch, _ = self._as_batch(x)
        batch = np.asarray(batch, self.dtype)
        labels = self._checked_labels(np.atleast_1d(labels), len(batch))
        targets = one_hot(labels, self.sizes[-1], self.dtype)
        with blas_threads():
            return self._gradients(batch, targets, checked_cost(cost))

    def _gradients(self, batch, targets, cost):
        """Backpropagation for a 2-D ``batch`` (rows converted to the network's dtype) with desired
        outputs ``targets`` (N, 10) and a ``training.Cost``; no checks (training calls this for
        every mini-batch).

        The chain rule, one layer at a time from the output back to the input. ``error`` holds
        dC/dz, how the mean cost changes with each neuron's weighted sum z, one row per image:
          output layer:  the cost's output_error (divided by N, as the cost is a mean)
          each weight:   dC/dW = error^T a_prev   (z = W a_prev + b, so dz/dW = a_prev)
          each bias:     dC/db = error summed over the images   (dz/db = 1)
          layer before:  error_prev = (error W) * activation'(z_prev)   (dz/da_prev = W)
        where activation'(z_prev) is computed from a_prev (Activation.slope_from_activation).
        """
        zs, activations = self._forward(batch)
        slope = ACTIVATIONS[self.activation].slope_from_activation
        error = cost.output_error(zs[-1], activations[-1], targets) / len(batch)
        weight_gradients, bias_gradients = [], []
        for layer in reversed(range(len(self.weights))):
            weight_gradients.insert(0, error.T @ activations[layer])
            bias_gradients.insert(0, error.sum(axis=0))
            if layer > 0:
                error = (error @ self.weights[layer]) * slope(activations[layer])
        return weight_gradients, bias_gradients

    def train(self, images, labels, epochs, **settings):
        """Train the network in place on ``images`` (N, 784) and their digit ``labels`` (N,) for
        ``epochs`` passes, by mini-batch gradient descent; return a ``training.History``. The
        settings (batch_size, learning_rate, cost, test, seed, optimizer, l2, schedule, progress)
        are described in ``nnbook.training.train``."""
        return training.train(self, images, labels, epochs, **settings)

    # -- the forward pass --------------------------------------------------------------------

    def _forward(self, batch):
        """Weighted sums z and activations a of every layer for a 2-D batch, one image per row:
        z = a W^T + b (each row is W a + b for one image), a' = activation(z). Returns (zs,
        activations) with activations[0] the batch itself."""
        hidden = ACTIVATIONS[self.activation].function
        zs, activations = [], [batch]
        last = len(self.weights) - 1
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = activations[-1] @ w.T + b
            zs.append(z)
            activations.append(sigmoid(z) if layer == last else hidden(z))
        return zs, activations

    def _cost_and_accuracy(self, images, labels, cost):
        """Mean cost and accuracy on checked ``images`` and ``labels``, from one forward pass."""
        with blas_threads():
            zs, activations = self._forward(np.asarray(images, self.dtype))
        targets = one_hot(labels, self.sizes[-1], self.dtype)
        costs = training.COSTS[cost].value(zs[-1], activations[-1], targets)
        accuracy = np.mean(np.argmax(activations[-1], axis=1) == labels)
        return float(np.mean(costs, dtype=np.float64)), float(accuracy)

    # -- saving and loading ------------------------------------------------------------------

    def save(self, path):
        """Write the network to ``path`` as a NumPy .npz file (no pickled objects): format_version,
        sizes, activation, dtype, and weights_0, biases_0, weights_1, ... The file is written
        under a temporary name in the same folder and then renamed, so ``path`` is never left
        half-written. Returns the path."""
        arrays = {
            "format_version": np.array(FORMAT_VERSION),
            "sizes": np.array(self.sizes, dtype=np.int64),
            "activation": np.array(self.activation),
            "dtype": np.array(self.dtype.__name__),
        }
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            arrays[f"weights_{layer}"] = w
            arrays[f"biases_{layer}"] = b
        return write_atomically(path, lambda file: np.savez(file, **arrays))

    @classmethod
    def load(cls, path):
        """The network saved at ``path`` by ``save``. Raises ValueError naming the file and the
        problem if it is missing, not a readable .npz file, or not a consistent saved network."""
        path = Path(path)
        arrays = _read_npz(path)

        def problem(text):
            return ValueError(f"{path} is not a usable saved network: {text}")

        missing = [key for key in ("format_version", "sizes", "activation", "dtype") if key not in arrays]
        if missing:
            raise problem(f"missing {', '.join(missing)}")
        if arrays["format_version"].shape != () or arrays["format_version"].dtype.kind not in "iu":
            raise problem("format_version is not a whole number")
        if int(arrays["format_version"]) != FORMAT_VERSION:
            raise problem(
                f"it has format_version {int(arrays['format_version'])}, this nnbook reads version "
                f"{FORMAT_VERSION}; save it again with this version of nnbook"
            )
        if arrays["sizes"].ndim != 1 or arrays["sizes"].dtype.kind not in "iu":
            found = arrays["sizes"]
            raise problem(
                f"sizes should be a list of whole numbers, got {found.dtype} of shape {found.shape}"
            )
        try:
            sizes = _checked_sizes(arrays["sizes"].tolist())
            activation = _checked_activation(str(arrays["activation"]))
            dtype = _checked_dtype(str(arrays["dtype"]))
        except ValueError as error:
            raise problem(str(error)) from None
        weights, biases = [], []
        for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            expected = ((f"weights_{layer}", (n_out, n_in), weights), (f"biases_{layer}", (n_out,), biases))
            for key, shape, kept in expected:
                if key not in arrays:
                    raise problem(f"missing {key}")
                array = arrays[key]
                if array.shape != shape or array.dtype.kind != "f":
                    raise problem(
                        f"{key} should be floats of shape {shape} for sizes {sizes}, "
                        f"got {array.dtype} of shape {array.shape}"
                    )
                if not np.all(np.isfinite(array)):
                    raise problem(f"{key} contains NaN or infinity")
                kept.append(array.astype(dtype))
        return cls._from_parameters(sizes, activation, dtype, weights, biases)

    def copy(self):
        """An independent copy of the network (training the copy leaves this one unchanged)."""
        weights, biases = [w.copy() for w in self.weights], [b.copy() for b in self.biases]
        return self._from_parameters(self.sizes, self.activation, self.dtype, weights, biases)

    @classmethod
    def _from_parameters(cls, sizes, activation, dtype, weights, biases):
        network = cls.__new__(cls)
        network.sizes, network.activation, network.dtype = list(sizes), activation, dtype
        network.weights, network.biases = weights, biases
        return network

    # -- checking input -----------------------------------------------------------------------

    def _as_batch(self, x, must_be_batch=False):
        """``x`` as a 2-D float array, and whether it was a single image.
        Raises ValueError naming the expected and the actual shape."""
        n = self.sizes[0]
        expected = f"a batch of shape (N, {n})" if must_be_batch else (
            f"an image of {n} numbers or a batch of shape (N, {n})"
        )
        x = _numeric_array(x, "images")
        if x.ndim == 2 and x.shape[1] == n:
            single = False
        elif x.ndim == 1 and x.shape[0] == n and not must_be_batch:
            single = True
        else:
            raise ValueError(f"expected {expected}, got shape {x.shape}{_reshape_hint(x.shape, n)}")
        if not np.all(np.isfinite(x)):
            raise ValueError("the images contain NaN or infinity; every pixel must be a finite number")
        if x.dtype not in DTYPES:
            x = x.astype(self.dtype)
        return np.atleast_2d(x), single

    def _as_examples(self, images, labels):
        """Checked ``images`` (2-D floats) and their ``labels`` (int64), at least one."""
        images, _ = self._as_batch(images, must_be_batch=True)
        if len(images) == 0:
            raise ValueError("expected at least one image, got an empty batch")
        return images, self._checked_labels(labels, len(images))

    def _checked_labels(self, labels, count):
        """``labels`` as an int64 array of ``count`` digits between 0 and sizes[-1] - 1."""
        labels = _numeric_array(labels, "labels")
        if labels.shape != (count,):
            raise ValueError(f"expected {count} labels, shape ({count},), got shape {labels.shape}")
        if labels.dtype.kind == "f" and not np.all(labels == np.round(labels)):
            raise ValueError("labels must be whole numbers (digits), got fractions")
        labels = labels.astype(np.int64)
        outputs = self.sizes[-1]
        if count and (labels.min() < 0 or labels.max() >= outputs):
            raise ValueError(
                f"labels must be between 0 and {outputs - 1} (one per output neuron), "
                f"got values from {labels.min()} to {labels.max()}"
            )
        return labels


def _numeric_array(x, what):
    """``x`` as a NumPy array of real numbers (bool, int or float), or a ValueError."""
    try:
        array = np.asarray(x)
    except (ValueError, TypeError) as error:
        raise ValueError(f"the {what} must be an array of numbers: {error}") from None
    if array.dtype.kind not in "biuf":
        raise ValueError(f"the {what} must be numbers, got an array of {array.dtype}")
    return array


def _reshape_hint(shape, n):
    """How to fix an input of the wrong shape, when its pixels could be flattened."""
    if len(shape) == 2 and shape[0] * shape[1] == n:
        return f"; flatten it with image.reshape({n})"
    if len(shape) == 3 and shape[1] * shape[2] == n:
        return f"; flatten them with images.reshape(len(images), {n})"
    return ""


def _checked_sizes(sizes):
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(
            f"sizes must be a list of layer sizes such as [784, 16, 16, 10], got {sizes!r}"
        ) from None
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must name at least 2 layers (input and output), such as [784, 16, 16, 10]; got {sizes}"
        )
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 1:
            raise ValueError(f"every layer size must be a positive whole number, got {size!r} in {sizes}")
    return [int(size) for size in sizes]


def _checked_activation(activation):
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    return activation


def _checked_dtype(dtype):
    try:
        checked = np.dtype(dtype).type
    except TypeError:
        checked = None
    if checked not in DTYPES:
        raise ValueError(f"dtype must be np.float32 or np.float64, got {dtype!r}")
    return checked


def _checked_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    return int(seed)


def write_atomically(path, write):
    """Call ``write(file)`` on a temporary file in ``path``'s folder, then rename it to ``path``:
    a reader sees the old file or the whole new one, never a half-written one. Returns the path."""
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


def _umask():
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


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
