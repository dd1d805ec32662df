"""The network: layers of neurons joined by weights and biases, and how it learns.

Chapter 2 introduces the layers, chapter 3 the weights and biases, chapter 4 the matrix form that
``feedforward`` computes, chapter 5 the cost, backpropagation and the gradient descent of ``train``.
In the book's notation, layer 0 is the input layer and L the output layer, and layer l has
weights W^(l) (``weights[l - 1]``), biases b^(l) (``biases[l - 1]``), weighted sums
z^(l) = W^(l) a^(l-1) + b^(l) and activations a^(l) = sigma(z^(l)). An image is a row of 784
numbers and a batch one image per row, so ``a @ W.T + b`` is W a + b for every image at once.
"""

import math
import time

import numpy as np

from nnbook import checks, saving, training
from nnbook.activations import ACTIVATIONS, sigmoid_of_floats
from nnbook.blas import blas_threads
from nnbook.history import History, progress_bar


class Network:
    """A fully connected network of ``sizes`` neurons per layer, such as [784, 16, 16, 10]
    (chapters 2 to 4; learning in chapter 5).

    ``weights[l - 1]`` is W^(l), shape (n_out, n_in); ``biases[l - 1]`` is b^(l), shape (n_out,).
    Hidden layers use ``activation`` ("sigmoid" or "relu"), the output layer the sigmoid, so each
    output is between 0 and 1 and the brightest one is the answer. The weights start as standard
    normal numbers over sqrt(n_in), so a weighted sum stays moderate however many inputs it has,
    drawn in float64 by ``np.random.default_rng(seed)`` layer by layer and cast to ``dtype``: the
    same seed gives the same network on every machine. The biases start at zero.
    """

    def __init__(self, sizes, activation="sigmoid", seed=0, dtype=np.float32):
        self.sizes = checks.sizes(sizes)
        self.activation = checks.choice(activation, "activation", ACTIVATIONS)
        self.dtype = checks.dtype(dtype)
        rng = np.random.default_rng(checks.number(seed, "seed", whole=True, at_least=0))
        self.weights = [
            (rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)).astype(self.dtype)
            for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])
        ]
        self.biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.sizes[1:]]

    def __repr__(self):
        return f"Network(sizes={self.sizes}, activation={self.activation!r}, dtype=np.{self.dtype.__name__})"

    def parameter_count(self):
        """How many knobs the network has: every weight plus every bias (13,002 for 784-16-16-10)."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))

    # -- feedforward (chapter 4) --------------------------------------------------------------------

    def feedforward(self, x):
        """The output layer's activations for one image (shape (784,) -> (10,)) or for a batch of
        images, one per row (shape (N, 784) -> (N, 10)). Each output is between 0 and 1."""
        return self.activations(x)[-1]

    def activations(self, x):
        """Every layer's activations, a^(0) (the image itself, as the network's dtype) to a^(L): for
        [784, 16, 16, 10] and one image, arrays of shapes (784,), (16,), (16,), (10,); for N
        images, (N, 784), (N, 16), (N, 16), (N, 10).

        A batch gives the same numbers as its images one at a time, up to rounding: BLAS sums a
        product in an order that depends on the CPU and the shape, so the last bits may differ (by a
        few 1e-7 in float32, 1e-15 in float64 on four OpenBLAS kernels; the tests allow 1e-5 and 1e-12).
        """
        batch, one = checks.images(x, self.sizes[0])
        with blas_threads():
            layers = self._feedforward(np.asarray(batch, self.dtype))[1]
        return [a[0] for a in layers] if one else layers

    # --8<-- [start:feedforward]
    def _feedforward(self, a):
        """The weighted sums [z^(1), ..., z^(L)] and activations [a^(0), ..., a^(L)] for a batch
        of images ``a`` = a^(0), one per row."""
        squish = ACTIVATIONS[self.activation].of_floats
        zs, activations = [], [a]
        # A sigmoid of a very negative z overflows e^-z on its way to exactly 0: expected, so silent.
        with np.errstate(over="ignore", under="ignore"):
            for l, (w, b) in enumerate(zip(self.weights, self.biases), start=1):
                z = activations[-1] @ w.T  # z^(l) = W^(l) a^(l-1) + b^(l), for every image (row)
                z += b
                zs.append(z)
                activations.append(sigmoid_of_floats(z) if l == len(self.weights) else squish(z))
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
        with blas_threads():  # the checked images straight to the arithmetic: not checked again
            outputs = self._feedforward(np.asarray(images, self.dtype))[1][-1]
        return float(np.mean(np.argmax(outputs, axis=1) == labels))

    def cost(self, images, labels, cost="cross_entropy"):
        """How wrong the network is on ``images`` (N, 784) with digit ``labels`` (N,): the mean of
        the cost (chapter 5), "cross_entropy" or "quadratic" (nnbook.training.COSTS), over the
        images. The desired output is 1 for the label's neuron, 0 elsewhere."""
        cost = training.COSTS[checks.choice(cost, "cost", training.COSTS)]
        images, labels = checks.examples(images, labels, self.sizes[0], self.sizes[-1])
        with blas_threads():
            return self._measure(images, labels, cost)[0]

    def _measure(self, images, labels, cost):
        """(mean cost, accuracy) on checked ``images`` and ``labels``, from one feedforward pass."""
        zs, activations = self._feedforward(np.asarray(images, self.dtype))
        y = training.desired_outputs(labels, self.sizes[-1], self.dtype)
        costs = cost.value(zs[-1], activations[-1], y)
        accuracy = np.mean(np.argmax(activations[-1], axis=1) == labels)
        return float(np.mean(costs, dtype=np.float64)), float(accuracy)

    # -- backpropagation (chapter 5) ----------------------------------------------------------------

    def backprop(self, x, labels, cost="cross_entropy"):
        """The gradient of the mean cost over one image (784,) or a mini-batch (N, 784) with its
        digit ``labels``: (weight_gradients, bias_gradients), lists shaped like ``weights`` and
        ``biases``, the slope of the cost by every weight and bias."""
        cost = training.COSTS[checks.choice(cost, "cost", training.COSTS)]
        batch, _ = checks.images(x, self.sizes[0])
        labels = checks.labels(np.atleast_1d(labels), len(batch), self.sizes[-1])
        y = training.desired_outputs(labels, self.sizes[-1], self.dtype)
        with blas_threads():
            return self._backprop(np.asarray(batch, self.dtype), y, cost)

    # --8<-- [start:backprop]
    def _backprop(self, a, y, cost):
        """Chapter 5's four equations for a mini-batch ``a`` = a^(0), one image per row, with
        desired outputs ``y`` and a ``training.Cost``. The error delta^(l) = dC/dz^(l) has one row
        per image; sigma'(z^(l-1)) is computed from a^(l-1) (``slope_from_activation``).

            delta^(L)   = the cost's output error, divided by N (the cost is a mean over N images)
            dC/db^(l)   = delta^(l), summed over the images
            dC/dW^(l)   = delta^(l) (a^(l-1))^T, summed over the images
            delta^(l-1) = ((W^(l))^T delta^(l)) * sigma'(z^(l-1))
        """
        zs, activations = self._feedforward(a)
        slope = ACTIVATIONS[self.activation].slope_from_activation
        delta = cost.output_error(zs[-1], activations[-1], y)
        delta /= len(a)
        weight_gradients, bias_gradients = [], []
        for l in range(len(self.weights), 0, -1):  # l = L, ..., 1
            weight_gradients.insert(0, delta.T @ activations[l - 1])
            bias_gradients.insert(0, delta.sum(axis=0))
            if l > 1:  # nothing learns from the input layer's error
                delta = delta @ self.weights[l - 1]
                delta *= slope(activations[l - 1])
        return weight_gradients, bias_gradients
    # --8<-- [end:backprop]

    # -- training: mini-batch gradient descent (chapter 5) -------------------------------------------

    def train(self, images, labels, epochs, batch_size=10, learning_rate=None, cost="cross_entropy",
              test=None, seed=0, optimizer="sgd", l2=0.0, schedule="constant", progress=None,
              measure_training=None):
        """Train the network in place on ``images`` (N, 784) and their digit ``labels`` (N,); return
        a ``History`` of cost and accuracy after each epoch, on the training images and on ``test``
        = (images, labels) when given (never trained on).

        Each epoch shuffles the images (``seed``) into mini-batches of ``batch_size`` (the last may
        be smaller) and takes a step downhill for each: backprop gives the slopes of the ``cost``
        ("cross_entropy" or "quadratic") plus the weight decay ``l2`` (l2/2 times the sum of the
        squared weights), and the ``optimizer`` ("sgd", "momentum" or "adam") moves every knob
        against its slope by the ``learning_rate`` (None: training.DEFAULT_LEARNING_RATES),
        constant or along a "cosine" ``schedule``. ``progress``: None shows a progress bar when
        stderr is a terminal, True or False forces it, a function gets (epoch, history) each epoch.
        ``measure_training``: None measures all the training images after each epoch; a number N
        measures only the first N, which is quicker on a large training set (bench/budget.py).
        Raises ValueError for bad arguments before any step, TrainingError if the cost diverges.
        """
        images, labels = checks.examples(images, labels, self.sizes[0], self.sizes[-1])
        images = np.asarray(images, self.dtype)  # once, rather than a conversion per mini-batch
        if test is not None:
            test_images, test_labels = checks.examples(*checks.pair(test, "test"), self.sizes[0], self.sizes[-1])
            test = (np.asarray(test_images, self.dtype), test_labels)  # once, not every epoch
        epochs = checks.number(epochs, "epochs", whole=True, at_least=1)
        batch_size = checks.number(batch_size, "batch_size", whole=True, at_least=1)
        rng = np.random.default_rng(checks.number(seed, "seed", whole=True, at_least=0))
        cost = checks.choice(cost, "cost", training.COSTS)
        optimizer = checks.choice(optimizer, "optimizer", training.OPTIMIZERS)
        schedule = checks.choice(schedule, "schedule", training.SCHEDULES)
        if learning_rate is None:
            learning_rate = training.DEFAULT_LEARNING_RATES[optimizer][cost]
        learning_rate = checks.number(learning_rate, "learning_rate", above=0)
        l2 = checks.number(l2, "l2", at_least=0)
        measured = len(images) if measure_training is None else checks.number(
            measure_training, "measure_training", whole=True, at_least=1)

        cost, y = training.COSTS[cost], training.desired_outputs(labels, self.sizes[-1], self.dtype)
        parameters = self.weights + self.biases  # the arrays themselves: each step changes them in place
        optimizer = training.OPTIMIZERS[optimizer](parameters)
        steps = math.ceil(len(images) / batch_size)  # mini-batches per epoch
        history = History()
        # A learning rate far too large makes inf and NaN: one TrainingError after the epoch, no warnings.
        with progress_bar(epochs, progress) as bar, blas_threads(), np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, epochs + 1):
                start = time.perf_counter()
                order = rng.permutation(len(images))
                # --8<-- [start:step]
                for step in range(steps):
                    chosen = order[step * batch_size : (step + 1) * batch_size]
                    weight_gradients, bias_gradients = self._backprop(images[chosen], y[chosen], cost)
                    if l2:
                        weight_gradients = [g + l2 * w for g, w in zip(weight_gradients, self.weights)]
                    step_number = (epoch - 1) * steps + step
                    rate = training.learning_rate_at(schedule, learning_rate, step_number, epochs * steps)
                    optimizer.step(parameters, weight_gradients + bias_gradients, rate)
                # --8<-- [end:step]
                seconds = time.perf_counter() - start
                training_figures = self._measure(images[:measured], labels[:measured], cost)
                history.record(seconds, training_figures, test and self._measure(*test, cost))
                if not math.isfinite(history.cost[-1]):
                    raise training.TrainingError(
                        f"training diverged in epoch {epoch}: the cost became {history.cost[-1]}. The learning "
                        f"rate {learning_rate:g} is too large; try a smaller one, such as {learning_rate / 10:g}")
                bar.update(1)
                bar.set_postfix_str(history.summary(), refresh=False)
                if callable(progress):
                    progress(epoch, history)
        return history

    # -- copying, saving and loading -----------------------------------------------------------------

    def copy(self):
        """An independent copy of the network (training the copy leaves this one unchanged)."""
        return self._with_parameters(list(self.sizes), self.activation, self.dtype,
                                     [w.copy() for w in self.weights], [b.copy() for b in self.biases])

    @classmethod
    def _with_parameters(cls, sizes, activation, dtype, weights, biases):
        """A network with these checked sizes, activation, dtype and parameters, made without
        drawing random weights first only to replace them."""
        network = cls.__new__(cls)
        network.sizes, network.activation, network.dtype = sizes, activation, dtype
        network.weights, network.biases = weights, biases
        return network

    def save(self, path):
        """Write the network to ``path`` as a NumPy .npz file (see nnbook.saving), replacing it
        whole or not at all; returns the path."""
        return saving.write(path, self)

    @classmethod
    def load(cls, path):
        """The network saved at ``path`` by ``save``; a ValueError names the file and the problem
        if it is missing, not a readable .npz file, or not a consistent saved network."""
        return cls._with_parameters(*saving.read(path))
