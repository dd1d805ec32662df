"""How a network learns: the cost, mini-batch gradient descent, and the ways a step is taken.

The page ``learning`` teaches the cost and the loop, ``train``: shuffle the training digits,
take a step downhill for each mini-batch, measure, repeat. A ``Settings`` (nnbook.settings) says
how: its cost, optimizer ("sgd", "momentum" or "adam"), learning rate and its schedule, L2
penalty, epochs, mini-batch size and seed.
"""

import math
import time
from typing import NamedTuple

import numpy as np

from nnbook import checks
from nnbook.activations import sigmoid_prime
from nnbook.blas import arithmetic
from nnbook.history import History, progress_bar

# -- the cost (page learning) ---------------------------------------------------------------------


def _softplus(z):
    """ln(1 + e^z), written so that it never overflows."""
    with np.errstate(under="ignore"):
        return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


class Cost(NamedTuple):
    """A cost (page ``learning``): ``value`` is how wrong the output layer is for each example,
    shape (N,); ``output_error`` is the output layer's error delta = dC/dz, shape (N, 10), where
    backpropagation starts. Both take the output layer's weighted sums ``z``, its activations
    ``a = sigmoid(z)`` and the desired activations ``y``, each of shape (N, 10)."""

    value: object
    output_error: object


COSTS = {
    # Half the squared distance between the output and the desired output.
    "quadratic": Cost(
        value=lambda z, a, y: 0.5 * np.sum((a - y) ** 2, axis=1),
        output_error=lambda z, a, y: (a - y) * sigmoid_prime(z),
    ),
    # -[y ln a + (1 - y) ln(1 - a)] summed over the outputs, computed from z: ln a = -softplus(-z)
    # and ln(1 - a) = -softplus(z), so an output of exactly 0 or 1 never takes the log of 0. Its
    # slope has no sigmoid'(z) factor, so a confidently wrong neuron still learns quickly.
    "cross_entropy": Cost(
        value=lambda z, a, y: np.sum(y * _softplus(-z) + (1 - y) * _softplus(z), axis=1),
        output_error=lambda z, a, y: a - y,
    ),
}


def desired_outputs(labels, outputs, dtype):
    """The desired output activations y for digit ``labels`` (page ``learning``): shape (N,) ->
    (N, outputs), a 1 in the label's column and 0 elsewhere."""
    y = np.zeros((len(labels), outputs), dtype)
    y[np.arange(len(labels)), labels] = 1
    return y


def measure(network, images, labels, cost):
    """(mean cost, accuracy) of ``network`` on checked ``images`` (N, 784) of its dtype and their
    ``labels`` (N,), from one feedforward; ``cost`` is one of COSTS (page ``learning``)."""
    zs, activations = network.feedforward_batch(images)
    costs = cost.value(zs[-1], activations[-1], desired_outputs(labels, network.sizes[-1], network.dtype))
    accuracy = np.mean(np.argmax(activations[-1], axis=1) == labels)
    return float(np.mean(costs, dtype=np.float64)), float(accuracy)


# -- the loop (page learning) ---------------------------------------------------------------------


def train(network, images, labels, settings, test=None, progress=None, measure_training=None):
    """Train ``network`` in place on ``images`` (N, 784) and their digit ``labels`` (N,) as
    ``settings`` (a Settings) say, by ``gradient_descent``; return a ``History`` of cost and
    accuracy after each epoch, on the training images and on ``test`` = (images, labels) when
    given (never trained on).

    ``progress``: None shows a progress bar when stderr is a terminal, True or False forces it, a
    function gets (epoch, history) each epoch. ``measure_training``: None measures all the training
    images after each epoch; a number N only the first N, which is quicker on a large training set
    (bench/budget.py). Raises ValueError for bad arguments before any step, TrainingError if the
    cost diverges.
    """
    images, labels = checks.examples(images, labels, network.sizes[0], network.sizes[-1])
    images = np.asarray(images, network.dtype)  # once, rather than a conversion per mini-batch
    if test is not None:
        test_images, test_labels = checks.examples(*checks.pair(test, "test"), network.sizes[0], network.sizes[-1])
        test = (np.asarray(test_images, network.dtype), test_labels)  # once, not every epoch
    measured = len(images) if measure_training is None else checks.number(
        measure_training, "measure_training", whole=True, at_least=1)
    cost, history = COSTS[settings.cost], History()
    y = desired_outputs(labels, network.sizes[-1], network.dtype)
    with progress_bar(settings.epochs, progress) as bar, arithmetic():
        start = time.perf_counter()
        for epoch in gradient_descent(network, images, y, settings):
            seconds = time.perf_counter() - start
            training_figures = measure(network, images[:measured], labels[:measured], cost)
            history.record(seconds, training_figures, test and measure(network, *test, cost))
            if not math.isfinite(history.cost[-1]):
                raise TrainingError(
                    f"training diverged in epoch {epoch}: the cost became {history.cost[-1]}. The learning rate "
                    f"{settings.learning_rate:g} is too large; try a smaller one, such as {settings.learning_rate / 10:g}")
            bar.update(1)
            bar.set_postfix_str(history.summary(), refresh=False)
            if callable(progress):
                progress(epoch, history)
            start = time.perf_counter()
    return history


# --8<-- [start:gradient-descent]
def gradient_descent(network, images, y, settings):
    """Mini-batch gradient descent on ``images`` (N, 784) with desired outputs ``y`` (N, 10), for
    ``settings.epochs`` epochs: yields each epoch's number once its steps are taken."""
    rng = np.random.default_rng(settings.seed)
    cost = COSTS[settings.cost]
    steps = settings.epochs * math.ceil(len(images) / settings.batch_size)
    optimizer = OPTIMIZERS[settings.optimizer](network, settings, steps)
    for epoch in range(1, settings.epochs + 1):
        order = rng.permutation(len(images))  # a new shuffle every epoch
        for start in range(0, len(images), settings.batch_size):
            chosen = order[start : start + settings.batch_size]  # one mini-batch
            weight_gradients, bias_gradients = network.backprop_batch(images[chosen], y[chosen], cost)
            optimizer.step(weight_gradients, bias_gradients)
        yield epoch
# --8<-- [end:gradient-descent]


class TrainingError(ValueError):
    """Training (page ``learning``) went wrong in a way the settings can fix, such as a learning
    rate far too large."""


# -- optimizers: how a step downhill is taken -----------------------------------------------------


class Optimizer:
    """What every way of stepping shares: the knobs it moves (the network's weights and biases,
    changed in place), the L2 penalty, whose slope l2 * w joins each weight's slope, and the
    learning rate of each of the ``steps`` steps, from the schedule (page ``learning``)."""

    def __init__(self, network, settings, steps):
        self.weights, self.knobs = network.weights, network.weights + network.biases
        self.settings, self.steps, self.taken = settings, steps, 0

    def step(self, weight_gradients, bias_gradients):
        """One step downhill, from one mini-batch's slopes."""
        if self.settings.l2:
            weight_gradients = [g + self.settings.l2 * w for g, w in zip(weight_gradients, self.weights)]
        rate = learning_rate_at(self.settings.schedule, self.settings.learning_rate, self.taken, self.steps)
        self.taken += 1
        self.move(weight_gradients + bias_gradients, rate)


class SGD(Optimizer):
    """Plain gradient descent (page ``learning``): each knob moves by -learning_rate * its slope."""

    # --8<-- [start:sgd]
    def move(self, slopes, rate):
        for knob, slope in zip(self.knobs, slopes):
            knob -= rate * slope  # in place: the network's own weights and biases change
    # --8<-- [end:sgd]


class Momentum(Optimizer):
    """Gradient descent with momentum (page ``learning``): a velocity that keeps MOMENTUM (0.9) of
    itself each step and adds -learning_rate * slope; each knob moves by the velocity. Steps are
    about 10 times larger than plain gradient descent's at the same rate, hence the smaller
    default."""

    def __init__(self, network, settings, steps):
        super().__init__(network, settings, steps)
        self.velocities = [np.zeros_like(knob) for knob in self.knobs]

    def move(self, slopes, rate):
        for knob, slope, velocity in zip(self.knobs, slopes, self.velocities):
            velocity *= MOMENTUM
            velocity -= rate * slope
            knob += velocity


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2015; page ``learning``): each knob's step is its slope's running
    average divided by the running root-mean-square of its slope (betas 0.9 and 0.999, epsilon
    1e-8), so every knob moves by about learning_rate per step, whatever the size of its slope."""

    def __init__(self, network, settings, steps):
        super().__init__(network, settings, steps)
        self.means = [np.zeros_like(knob) for knob in self.knobs]
        self.squares = [np.zeros_like(knob) for knob in self.knobs]

    def move(self, slopes, rate):
        beta1, beta2 = ADAM_BETAS
        # The averages start at 0; dividing by these corrects their pull towards 0 early on.
        rate = rate * math.sqrt(1 - beta2**self.taken) / (1 - beta1**self.taken)
        for knob, slope, mean, square in zip(self.knobs, slopes, self.means, self.squares):
            mean *= beta1
            mean += (1 - beta1) * slope
            square *= beta2
            square += (1 - beta2) * slope * slope
            knob -= rate * mean / (np.sqrt(square) + ADAM_EPSILON)


MOMENTUM = 0.9
ADAM_BETAS = (0.9, 0.999)
ADAM_EPSILON = 1e-8
OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}

# The learning rate used when none is given. The quadratic cost's slopes carry an extra factor
# sigmoid' <= 1/4, so it takes larger rates; momentum's steps are about 10 times larger, so a tenth;
# Adam's steps do not grow with the slope, so one rate suits both costs (see bench/log.md).
DEFAULT_LEARNING_RATES = {
    "sgd": {"cross_entropy": 0.5, "quadratic": 3.0},
    "momentum": {"cross_entropy": 0.05, "quadratic": 0.3},
    "adam": {"cross_entropy": 0.003, "quadratic": 0.003},
}

SCHEDULES = ("constant", "cosine")


def learning_rate_at(schedule, learning_rate, step, steps):
    """The learning rate for mini-batch ``step`` (0, 1, ... steps - 1; page ``learning``):
    "constant" keeps it; "cosine" lowers it from ``learning_rate`` towards 0 along half a cosine
    wave."""
    if schedule == "cosine":
        return learning_rate * 0.5 * (1 + math.cos(math.pi * step / steps))
    return learning_rate
