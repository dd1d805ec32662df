"""The network: layers of neurons joined by weights and biases.

Chapter 2 ("Neurons as numbers, layers as structure") introduces the layers, chapter 3 ("Weights,
biases and the squish") the weights and biases, chapter 4 ("The network as one function") the
matrix form a' = sigmoid(W a + b) that ``feedforward`` computes, and chapter 5 ("What learning
really means") the cost and backpropagation.

Every image is a row of numbers, one per input neuron (784 for MNIST); a batch of images is a
2-D array with one image per row.
"""

import functools
import numbers

import numpy as np
from threadpoolctl import ThreadpoolController

from nnbook.activations import relu, relu_prime, sigmoid, sigmoid_prime

ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_prime), "relu": (relu, relu_prime)}
DTYPES = (np.float32, np.float64)

# The feedforward runs over blocks of exactly this many rows (the last block padded with zeros).
# BLAS picks different kernels for different numbers of rows (one row is a matrix-vector product),
# which changes the last bit of a result; with one fixed block shape an image gives exactly the
# same numbers alone and inside any batch. 64 rows cost little for one image and keep batches fast.
BLOCK_ROWS = 64


@functools.cache
def _blas():
    """The process's BLAS thread pools (found once: scanning the loaded libraries is slow)."""
    return ThreadpoolController()


# Up to this many neurons in the widest layer, products run on one BLAS thread (see blas_threads).
BLAS_ONE_THREAD_UP_TO = 256


def blas_threads(widest_layer):
    """A context manager that sets how many BLAS threads the products of a network use.

    Measured on 2 cores (see the report in nnbook/training.py): a network whose layers are all
    narrow gains nothing from a second thread and loses a lot when the other core is busy, so
    it runs on one; a wide network (hundreds of neurons per layer) keeps BLAS's default.
    """
    if widest_layer <= BLAS_ONE_THREAD_UP_TO:
        return _blas().limit(limits=1, user_api="blas")
    return _blas().limit(limits=None, user_api="blas")


class Network:
    """A fully connected network of ``sizes`` neurons per layer, such as [784, 16, 16, 10].

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

        A batch gives exactly the same numbers as its images one at a time (see BLOCK_ROWS).
        """
        batch, single = self._as_batch(x)
        layers = [batch] + [np.empty((len(batch), n), self.dtype) for n in self.sizes[1:]]
        block = np.zeros((BLOCK_ROWS, self.sizes[0]), self.dtype)
        with blas_threads(max(self.sizes[1:])):
            for start in range(0, len(batch), BLOCK_ROWS):
                rows = batch[start : start + BLOCK_ROWS]
                block[: len(rows)] = rows
                block[len(rows) :] = 0
                _, block_activations = self._forward(block)
                for layer, a in zip(layers[1:], block_activations[1:]):
                    layer[start : start + len(rows)] = a[: len(rows)]
        return [layer[0] for layer in layers] if single else layers

    def predict(self, x):
        """The network's answer, the digit whose output neuron is brightest: an int for one image,
        an int array of shape (N,) for a batch."""
        answers = np.argmax(self.feedforward(x), axis=-1)
        return int(answers) if answers.ndim == 0 else answers

    def accuracy(self, images, labels):
        """The fraction of ``images`` (shape (N, 784)) whose predicted digit equals its label
        (shape (N,)), between 0 and 1."""
        images, _ = self._as_batch(images, must_be_batch=True)
        if len(images) == 0:
            raise ValueError("accuracy needs at least one image, got an empty batch")
        labels = self._checked_labels(labels, len(images))
        return float(np.mean(self.predict(images) == labels))

    def _forward(self, batch):
        """Weighted sums z and activations a of every layer for a 2-D batch, one image per row:
        z = a W^T + b (each row is W a + b for one image), a' = activation(z). Returns (zs, activations)
        with activations[0] the batch itself."""
        hidden = ACTIVATIONS[self.activation][0]
        zs, activations = [], [batch]
        last = len(self.weights) - 1
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = activations[-1] @ w.T + b
            zs.append(z)
            activations.append(sigmoid(z) if layer == last else hidden(z))
        return zs, activations

    # -- checking input -----------------------------------------------------------------------

    def _as_batch(self, x, must_be_batch=False):
        """``x`` as a 2-D array of the network's dtype, and whether it was a single image.
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
        return np.atleast_2d(np.asarray(x, dtype=self.dtype)), single

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
        raise ValueError(f"sizes must be a list of layer sizes such as [784, 16, 16, 10], got {sizes!r}") from None
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
