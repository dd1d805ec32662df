"""What ``Network.train`` is made of: the cost, the optimizers that take the steps downhill and
the learning rate's schedule (chapter 5, "What learning really means"; momentum in chapter 7)."""

import math
from typing import NamedTuple

import numpy as np

from nnbook.activations import sigmoid_prime

# -- the cost (chapter 5) -----------------------------------------------------------------------


def _softplus(z):
    """ln(1 + e^z), written so that it never overflows."""
    with np.errstate(under="ignore"):
        return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


class Cost(NamedTuple):
    """A cost: ``value`` is how wrong the output layer is for each example, shape (N,);
    ``output_error`` is the output layer's error delta = dC/dz, shape (N, 10), where
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
    """The desired output activations y for digit ``labels``: shape (N,) -> (N, outputs), a 1 in
    the label's column and 0 elsewhere."""
    y = np.zeros((len(labels), outputs), dtype)
    y[np.arange(len(labels)), labels] = 1
    return y


# -- optimizers: how a step downhill is taken -----------------------------------------------------

MOMENTUM = 0.9
ADAM_BETAS = (0.9, 0.999)
ADAM_EPSILON = 1e-8


class SGD:
    """Plain gradient descent: each knob moves by -learning_rate * its slope."""

    def __init__(self, parameters):
        pass

    def step(self, parameters, gradients, rate):
        for p, g in zip(parameters, gradients):
            p -= rate * g


class Momentum:
    """Gradient descent with momentum: a velocity that keeps MOMENTUM (0.9) of itself each step and
    adds -learning_rate * slope; each knob moves by the velocity. Steps are about 10 times larger
    than plain gradient descent's at the same rate, hence the smaller default."""

    def __init__(self, parameters):
        self.velocities = [np.zeros_like(p) for p in parameters]

    def step(self, parameters, gradients, rate):
        for p, g, v in zip(parameters, gradients, self.velocities):
            v *= MOMENTUM
            v -= rate * g
            p += v


class Adam:
    """Adam (Kingma and Ba, 2015): each knob's step is its slope's running average divided by the
    running root-mean-square of its slope (betas 0.9 and 0.999, epsilon 1e-8), so every knob
    moves by about learning_rate per step, whatever the size of its slope."""

    def __init__(self, parameters):
        self.means = [np.zeros_like(p) for p in parameters]
        self.squares = [np.zeros_like(p) for p in parameters]
        self.steps = 0

    def step(self, parameters, gradients, rate):
        beta1, beta2 = ADAM_BETAS
        self.steps += 1
        # The averages start at 0; dividing by these corrects their pull towards 0 early on.
        rate = rate * math.sqrt(1 - beta2**self.steps) / (1 - beta1**self.steps)
        for p, g, m, s in zip(parameters, gradients, self.means, self.squares):
            m *= beta1
            m += (1 - beta1) * g
            s *= beta2
            s += (1 - beta2) * g * g
            p -= rate * m / (np.sqrt(s) + ADAM_EPSILON)


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
    """The learning rate for mini-batch ``step`` (0, 1, ... steps - 1): "constant" keeps it;
    "cosine" lowers it from ``learning_rate`` towards 0 along half a cosine wave."""
    if schedule == "cosine":
        return learning_rate * 0.5 * (1 + math.cos(math.pi * step / steps))
    return learning_rate


class TrainingError(ValueError):
    """Training (chapter 5) went wrong in a way the settings can fix, such as a learning rate far
    too large."""
