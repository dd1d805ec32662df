"""The network: layers of neurons joined by weights and biases (pages ``neurons-and-layers`` to
``backpropagation-calculus``). Layer 0 is the input layer, L the output layer; layer l has
weights W^(l) (``weights[l - 1]``), biases b^(l), weighted sums z^(l) = W^(l) a^(l-1) + b^(l) and
activations a^(l) = sigma(z^(l)). An image is a row of 784 numbers, a batch one image per row,
so ``a @ W.T + b`` is W a + b for every image. ``feedforward_batch`` and ``backprop_batch`` are the
math alone; the methods a reader calls check their input, then run it in ``blas.arithmetic``.
"""

import functools

import numpy as np

from nnbook import checks, saving, training
from nnbook.activations import ACTIVATIONS
from nnbook.blas import arithmetic
from nnbook.settings import Settings


class Network:
    """A fully connected network of ``sizes`` neurons per layer, such as [784, 16, 16, 10] (page
    ``neurons-and-layers``). ``weights[l - 1]`` is W^(l), shape (n_out, n_in); ``biases[l - 1]`` is
    b^(l), shape (n_out,). Hidden layers use ``activation`` ("sigmoid" or "relu"), the output layer
    the sigmoid, so the brightest output is the answer. The weights start as standard normal numbers
    over sqrt(n_in), drawn in float64 by ``np.random.default_rng(seed)`` and cast to ``dtype`` (the
    same network on every machine); the biases at zero."""

    def __init__(self, sizes, activation="sigmoid", seed=0, dtype=np.float32):
        self.sizes = checks.sizes(sizes)
        self.activation = checks.choice(activation, "activation", ACTIVATIONS)
        self.dtype = checks.dtype(dtype)
        rng = np.random.default_rng(checks.number(seed, "seed", whole=True, at_least=0))
        self.weights = [(rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)).astype(self.dtype)
                        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        self.biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.sizes[1:]]

    def __repr__(self):
        return f"Network(sizes={self.sizes}, activation={self.activation!r}, dtype=np.{self.dtype.__name__})"

    def parameter_count(self):
        """How many knobs the network has: every weight plus every bias (13,002 for 784-16-16-10)."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    @functools.cached_property
    def squishes(self):
        """Each layer's squish after the input: ``activation`` for the hidden layers, the sigmoid last."""
        return [ACTIVATIONS[self.activation]] * (len(self.sizes) - 2) + [ACTIVATIONS["sigmoid"]]

    def feedforward(self, x):
        """The output layer's activations for one image, (784,) -> (10,), or a batch, (N, 784) -> (N, 10)."""
        return self.activations(x)[-1]

    def activations(self, x):
        """Every layer's activations, a^(0) (the image) to a^(L): shapes (784,), (16,), (16,), (10,)
        for one image, (N, 784), ... for N; the same up to rounding (a few 1e-7 in float32)."""
        batch, one = checks.images(x, self.sizes[0])
        with arithmetic():
            layers = self.feedforward_batch(np.asarray(batch, self.dtype))[1]
        return [a[0] for a in layers] if one else layers

    # --8<-- [start:feedforward]
    def feedforward_batch(self, a):
        """Every layer's weighted sums z and activations a, for a batch of
        images a = a^(0), one per row."""
        zs, activations = [], [a]
        for w, b, squish in zip(self.weights, self.biases, self.squishes):
            z = activations[-1] @ w.T + b  # z^(l) = W^(l) a^(l-1) + b^(l)
            zs.append(z)
            activations.append(squish.sigma(z))  # a^(l) = sigma(z^(l))
        return zs, activations
    # --8<-- [end:feedforward]

    def predict(self, x):
        """The network's answer, the digit whose output neuron is brightest: an int for one image,
        an int array of shape (N,) for a batch."""
        answers = np.argmax(self.feedforward(x), axis=-1)
        return int(answers) if answers.ndim == 0 else answers

    def accuracy(self, images, labels):
        """The fraction of ``images`` (N, 784) whose predicted digit equals their ``labels`` (N,)."""
        images, labels = checks.examples(images, labels, self.sizes[0], self.sizes[-1])
        with arithmetic():
            outputs = self.feedforward_batch(np.asarray(images, self.dtype))[1][-1]
        return float(np.mean(np.argmax(outputs, axis=1) == labels))

    def cost(self, images, labels, cost="cross_entropy"):
        """How wrong the network is on ``images`` (N, 784) with digit ``labels`` (N,): the mean of
        the cost (page ``gradient-descent``), "cross_entropy" or "quadratic" (nnbook.training.COSTS), over
        the images. The desired output is 1 for the label's neuron, 0 elsewhere."""
        cost = training.COSTS[checks.choice(cost, "cost", training.COSTS)]
        images, labels = checks.examples(images, labels, self.sizes[0], self.sizes[-1])
        with arithmetic():
            return training.measure(self, np.asarray(images, self.dtype), labels, cost)[0]

    def backprop(self, x, labels, cost="cross_entropy"):
        """The slopes of the mean cost over one image (784,) or a mini-batch (N, 784) and its digit
        ``labels`` (``backpropagation-calculus``): (weight_gradients, bias_gradients), shaped like the
        weights and biases."""
        cost = training.COSTS[checks.choice(cost, "cost", training.COSTS)]
        batch, _ = checks.images(x, self.sizes[0])
        labels = checks.labels(np.atleast_1d(labels), len(batch), self.sizes[-1])
        y = training.desired_outputs(labels, self.sizes[-1], self.dtype)
        with arithmetic():
            return self.backprop_batch(np.asarray(batch, self.dtype), y, cost)

    # --8<-- [start:backprop]
    def backprop_batch(self, a, y, cost):
        """The slopes of the mean cost over a mini-batch a = a^(0), one image
        per row, with desired outputs y: the backward equations."""
        zs, activations = self.feedforward_batch(a)
        # delta^(L): the output layer's error, divided by N for the mean cost
        delta = cost.output_error(zs[-1], activations[-1], y) / len(a)
        weight_gradients, bias_gradients = [], []
        for l in range(len(self.weights), 0, -1):  # l = L, ..., 1
            # dC/dW^(l) = delta^(l) (a^(l-1))^T and dC/db^(l) = delta^(l)
            weight_gradients.insert(0, delta.T @ activations[l - 1])
            bias_gradients.insert(0, delta.sum(axis=0))
            if l > 1:  # delta^(l-1) = ((W^(l))^T delta^(l)) * sigma'(z^(l-1))
                delta = delta @ self.weights[l - 1]
                delta *= self.squishes[l - 2].sigma_prime(activations[l - 1])
        return weight_gradients, bias_gradients
    # --8<-- [end:backprop]

    def train(self, images, labels, test=None, progress=None, **settings):
        """Train in place on ``images`` (N, 784) and their ``labels`` (N,) with nnbook.training.train;
        return the History. ``settings`` are Settings fields (epochs, batch_size, learning_rate, cost,
        optimizer, l2, schedule, seed: here the shuffling only); the network gives the rest."""
        return training.train(self, images, labels, Settings.of(self, **settings), test, progress)

    def copy(self):
        """An independent copy of the network (training the copy leaves this one unchanged)."""
        return self._with_parameters(list(self.sizes), self.activation, self.dtype,
                                     [w.copy() for w in self.weights], [b.copy() for b in self.biases])

    @classmethod
    def _with_parameters(cls, sizes, activation, dtype, weights, biases):
        """A network with these checked sizes, activation, dtype and parameters (no random draw)."""
        network = cls.__new__(cls)
        network.sizes, network.activation, network.dtype = sizes, activation, dtype
        network.weights, network.biases = weights, biases
        return network

    def save(self, path):
        """Write the network to ``path`` as a .npz file (nnbook.saving), whole or not at all."""
        return saving.write(path, self)

    @classmethod
    def load(cls, path):
        """The network ``save`` wrote to ``path``; a ValueError names the file and what is wrong."""
        return cls._with_parameters(*saving.read(path))
