"""How a network learns (page ``gradient-descent``): the cost, mini-batch gradient descent, and the ways
a step downhill is taken. ``train`` runs the loop as a ``Settings`` (nnbook.settings) says."""

import math
import time
from typing import NamedTuple

import numpy as np

from nnbook import checks
from nnbook.activations import sigmoid_prime
from nnbook.blas import arithmetic
from nnbook.history import History, progress_shown

def _softplus(z):
    """ln(1 + e^z), written so that it never overflows."""
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


class Cost(NamedTuple):
    """A cost (``gradient-descent``) of the output's weighted sums z, activations a and desired y: ``value``
    (N,), how wrong each example is, and ``output_error`` (N, 10), delta = dC/dz, where backprop starts."""

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
    """The desired outputs y for digit ``labels`` (N,): (N, outputs), 1 in the label's column, else 0."""
    y = np.zeros((len(labels), outputs), dtype)
    y[np.arange(len(labels)), labels] = 1
    return y


def measure(network, images, labels, cost):
    """(mean cost, accuracy) of ``network`` on checked ``images`` (N, 784) and ``labels`` (N,)."""
    zs, activations = network.feedforward_batch(images)
    costs = cost.value(zs[-1], activations[-1], desired_outputs(labels, network.sizes[-1], network.dtype))
    accuracy = np.mean(np.argmax(activations[-1], axis=1) == labels)
    return float(np.mean(costs, dtype=np.float64)), float(accuracy)


def train(network, images, labels, settings, test=None, progress=None):
    """Train ``network`` in place on ``images`` (N, 784) and ``labels`` (N,) by ``gradient_descent``
    as ``settings`` say; return the History of each epoch on the training images (the first
    ``settings.measure_training``) and ``test`` = (images, labels). ``progress``: see history.progress_shown.
    Raises ValueError for bad arguments before any step, TrainingError if the cost diverges."""
    images, labels = checks.examples(images, labels, network.sizes[0], network.sizes[-1])
    images = np.asarray(images, network.dtype)  # once, rather than a conversion per mini-batch
    if test is not None:  # converted once, not every epoch
        test = checks.examples(*checks.pair(test, "test"), network.sizes[0], network.sizes[-1])
        test = (np.asarray(test[0], network.dtype), test[1])
    measured = settings.measure_training or len(images)
    cost, history = COSTS[settings.cost], History()
    y = desired_outputs(labels, network.sizes[-1], network.dtype)
    with progress_shown(settings.epochs, progress) as epoch_done, arithmetic():
        start = time.perf_counter()
        for epoch in gradient_descent(network, images, y, settings):
            seconds = time.perf_counter() - start
            history.record(seconds, measure(network, images[:measured], labels[:measured], cost),
                           test and measure(network, *test, cost))
            if not math.isfinite(history.cost[-1]):
                raise TrainingError(f"training diverged in epoch {epoch}: the cost became {history.cost[-1]}. The "
                                    f"learning rate {settings.learning_rate:g} is too large; try a smaller one, "
                                    f"such as {settings.learning_rate / 10:g}")
            epoch_done(epoch, history)
            start = time.perf_counter()
    return history


# --8<-- [start:gradient-descent]
def gradient_descent(network, images, y, settings):
    """Mini-batch gradient descent on images (N, 784) with desired outputs
    y (N, 10): yields each epoch's number once its steps are taken."""
    rng, cost = np.random.default_rng(settings.seed), COSTS[settings.cost]
    steps = settings.epochs * math.ceil(len(images) / settings.batch_size)
    optimizer = OPTIMIZERS[settings.optimizer](network, settings, steps)
    for epoch in range(1, settings.epochs + 1):
        order = rng.permutation(len(images))  # a new shuffle every epoch
        for start in range(0, len(images), settings.batch_size):
            chosen = order[start : start + settings.batch_size]  # mini-batch
            slopes = network.backprop_batch(images[chosen], y[chosen], cost)
            optimizer.step(*slopes)  # weight slopes, bias slopes
        yield epoch
# --8<-- [end:gradient-descent]


class TrainingError(ValueError):
    """Training (page ``gradient-descent``) went wrong in a way the settings can fix (a rate far too large)."""


class Optimizer:
    """What every way of stepping shares (page ``book-network``): the knobs it moves in place, the L2
    penalty's slope l2 * w added to each weight's, and each of the ``steps`` steps' learning rate."""

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
    """Plain gradient descent: each knob moves by -learning_rate * its slope."""

    # --8<-- [start:sgd]
    def move(self, slopes, rate):
        for knob, slope in zip(self.knobs, slopes):
            knob -= rate * slope  # in place: the network's own arrays change
    # --8<-- [end:sgd]


class Momentum(Optimizer):
    """Momentum: a velocity keeps MOMENTUM of itself and adds -learning_rate * slope; knobs move by it."""

    def __init__(self, network, settings, steps):
        super().__init__(network, settings, steps)
        self.velocities = [np.zeros_like(knob) for knob in self.knobs]

    def move(self, slopes, rate):
        for knob, slope, velocity in zip(self.knobs, slopes, self.velocities):
            velocity *= MOMENTUM
            velocity -= rate * slope
            knob += velocity


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2015; page ``book-network``): each knob moves by learning_rate times its
    slope's running average over the running root-mean-square of its slope, about learning_rate."""

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


MOMENTUM, ADAM_BETAS, ADAM_EPSILON = 0.9, (0.9, 0.999), 1e-8
OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}
SCHEDULES = ("constant", "cosine")


def learning_rate_at(schedule, learning_rate, step, steps):
    """The rate of step ``step`` (0 to steps - 1; page ``book-network``): "constant" keeps ``learning_rate``,
    "cosine" lowers it towards 0 along half a cosine wave."""
    if schedule == "cosine":
        return learning_rate * 0.5 * (1 + math.cos(math.pi * step / steps))
    return learning_rate
