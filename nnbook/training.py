"""Learning: the cost, mini-batch gradient descent and what it records (chapter 5, "What learning
really means"; the optimizers beyond plain gradient descent appear in chapter 7).

``train(network, images, labels, epochs, ...)`` is what ``Network.train`` runs. Each epoch shuffles
the training images, cuts them into mini-batches, and for each mini-batch asks the network for the
gradient of the cost (``Network.backprop``, the chain rule) and takes one step downhill. At the end
of each epoch it measures the cost and accuracy on the training images (and on ``test`` images
when given) and records them in a ``History``.
"""

import functools
import math
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

import numpy as np
from threadpoolctl import ThreadpoolController
from tqdm import tqdm

from nnbook.activations import sigmoid_prime

# -- the cost (chapter 5) -----------------------------------------------------------------------


def _softplus(z):
    """ln(1 + e^z), written so that it never overflows."""
    with np.errstate(under="ignore"):
        return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


class Cost(NamedTuple):
    """A cost: how wrong the output layer is for each example, and its slope.

    Both take the output layer's weighted sums ``z`` and activations ``a = sigmoid(z)`` and the
    desired activations ``y`` (1 for the right digit, 0 for the others), all of shape (N, 10).
    ``value`` gives one number per example, shape (N,); ``output_error`` gives dC/dz, shape (N, 10),
    where backpropagation starts.
    """

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


def checked_cost(cost):
    """The Cost named ``cost``, or a ValueError listing the choices."""
    if cost not in COSTS:
        raise ValueError(f"cost must be one of {sorted(COSTS)}, got {cost!r}")
    return COSTS[cost]


def one_hot(labels, outputs, dtype):
    """The desired output activations for digit labels: shape (N,) -> (N, outputs), a 1 in the
    label's column and 0 elsewhere."""
    targets = np.zeros((len(labels), outputs), dtype)
    targets[np.arange(len(labels)), labels] = 1
    return targets


# -- BLAS threads -------------------------------------------------------------------------------

# Training and evaluation run on ONE BLAS thread, whatever the network's width.
#
# Measured on the 2-core build machine with OpenBLAS 0.3.31 (SkylakeX kernels), float32, Adam,
# mini-batches of 128, seconds of mini-batch steps per epoch of 60,000 digits, while other jobs
# kept the machine busy (load average 5):
#                        1 thread   2 threads (OpenBLAS's default)
#   784-16-16-10           0.15        0.31
#   784-512-512-10         3.0        45.6
# (measuring the 10,000 test digits: 0.02 s against 0.03 s, and 0.5 s against 5.4 s.)
# The products of a narrow network are too small to share: a second thread costs more in waking
# up and waiting than it saves. Worse, when the other core is busy, OpenBLAS's threads spin
# waiting for each other, and a wide network ran 15 times slower. On an idle machine a second
# thread could at best halve a wide network's time; one thread is never far from the best and
# never falls off that cliff.
BLAS_THREADS = 1


@functools.cache
def _blas():
    """The process's BLAS thread pools (found once: scanning the loaded libraries is slow)."""
    return ThreadpoolController()


def blas_threads():
    """A context manager that runs the BLAS products inside it on BLAS_THREADS threads."""
    return _blas().limit(limits=BLAS_THREADS, user_api="blas")


# -- optimizers ---------------------------------------------------------------------------------

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

# The learning rate used when none is given, by optimizer and cost. Measured on 784-16-16-10 with
# mini-batches of 10: plain gradient descent with the cross-entropy cost does well at 0.5 and
# overshoots at 3.0, the rate that suits the quadratic cost (whose slopes carry an extra
# sigmoid' <= 1/4 factor). Momentum takes about 10 times larger steps, so a tenth of that. Adam's
# step does not depend on the size of the slope, so one rate suits both costs.
DEFAULT_LEARNING_RATES = {
    "sgd": {"cross_entropy": 0.5, "quadratic": 3.0},
    "momentum": {"cross_entropy": 0.05, "quadratic": 0.3},
    "adam": {"cross_entropy": 0.003, "quadratic": 0.003},
}


def learning_rate_at(schedule, learning_rate, step, steps):
    """The learning rate for mini-batch ``step`` (0, 1, ... steps - 1): "constant" keeps it;
    "cosine" lowers it from ``learning_rate`` towards 0 along half a cosine wave."""
    if schedule == "cosine":
        return learning_rate * 0.5 * (1 + math.cos(math.pi * step / steps))
    return learning_rate


SCHEDULES = ("constant", "cosine")

# -- training -----------------------------------------------------------------------------------


class TrainingError(ValueError):
    """Training (chapter 5) went wrong in a way the settings can fix, such as a learning rate so
    large that the cost became infinite."""


@dataclass
class History:
    """What happened in each epoch of training (chapter 5), one entry per epoch: ``cost`` and ``accuracy`` on
    the training images, ``test_cost`` and ``test_accuracy`` on the test images (empty lists when
    training had no test images), and ``seconds``, the time the epoch's mini-batch steps took
    (measuring cost and accuracy is not counted). Costs are the mean over the images, without the
    L2 penalty; accuracies are fractions between 0 and 1."""

    cost: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    test_cost: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    seconds: list = field(default_factory=list)

    @property
    def epochs(self):
        return len(self.cost)

    def to_dict(self):
        """The history as a dict of lists of numbers (for JSON)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(**{name: [float(x) for x in data[name]] for name in cls.__dataclass_fields__})


def train(
    network,
    images,
    labels,
    epochs,
    batch_size=10,
    learning_rate=None,
    cost="cross_entropy",
    test=None,
    seed=0,
    optimizer="sgd",
    l2=0.0,
    schedule="constant",
    progress=None,
):
    """Train ``network`` in place by mini-batch gradient descent; return a ``History``.

    images: shape (N, 784); labels: the N digits. epochs: passes over all the images.
    batch_size: images per mini-batch (the last one of an epoch may be smaller).
    learning_rate: the step size; None means DEFAULT_LEARNING_RATES[optimizer][cost] (sgd 0.5,
      momentum 0.05, adam 0.003 with the cross-entropy cost; sgd 3.0 and momentum 0.3 with the
      quadratic cost). cost: "cross_entropy" or "quadratic" (see COSTS).
    test: optional (images, labels) measured after every epoch, never trained on.
    seed: the shuffling of each epoch (the starting weights come from the Network's own seed).
    optimizer: "sgd", "momentum" or "adam". l2: weight decay; adds l2/2 times the sum of the
      squared weights (not biases) to the cost. schedule: "constant" or "cosine".
    progress: None shows a progress bar only when stderr is a terminal; True or False forces it;
      a function is called as progress(epoch, history) after every epoch.

    Training runs in the network's dtype. Raises TrainingError if the cost becomes NaN or
    infinite (learning rate too large), ValueError for bad arguments.
    """
    images, labels = network._as_examples(images, labels)
    images = np.asarray(images, network.dtype)  # once, rather than a conversion per mini-batch
    test = None if test is None else _checked_test(network, test)
    epochs = _whole_number(epochs, "epochs", at_least=1)
    batch_size = _whole_number(batch_size, "batch_size", at_least=1)
    seed = _whole_number(seed, "seed", at_least=0)
    cost_function = checked_cost(cost)
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}, got {optimizer!r}")
    if schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {list(SCHEDULES)}, got {schedule!r}")
    if learning_rate is None:
        learning_rate = DEFAULT_LEARNING_RATES[optimizer][cost]
    learning_rate = _positive_number(learning_rate, "learning_rate")
    l2 = _number(l2, "l2", at_least=0.0)

    targets = one_hot(labels, network.sizes[-1], network.dtype)
    rng = np.random.default_rng(seed)
    parameters = network.weights + network.biases  # the arrays themselves: steps update them in place
    step_taker = OPTIMIZERS[optimizer](parameters)
    steps_per_epoch = math.ceil(len(images) / batch_size)
    history = History()
    show_bar = not callable(progress) and (sys.stderr.isatty() if progress is None else bool(progress))
    # Inside the loop a too-large learning rate overflows to inf and NaN; that is reported once,
    # as a TrainingError at the end of the epoch, instead of as a stream of warnings.
    with (
        tqdm(total=epochs, unit="epoch", desc="training", disable=not show_bar) as bar,
        blas_threads(),
        np.errstate(over="ignore", invalid="ignore"),
    ):
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            order = rng.permutation(len(images))
            for index in range(steps_per_epoch):
                chosen = order[index * batch_size : (index + 1) * batch_size]
                weight_gradients, bias_gradients = network._gradients(
                    images[chosen], targets[chosen], cost_function
                )
                if l2:
                    weight_gradients = [g + l2 * w for g, w in zip(weight_gradients, network.weights)]
                step = (epoch - 1) * steps_per_epoch + index
                rate = learning_rate_at(schedule, learning_rate, step, epochs * steps_per_epoch)
                step_taker.step(parameters, weight_gradients + bias_gradients, rate)
            history.seconds.append(time.perf_counter() - start)
            _record(history, network, images, labels, cost, "")
            if test:
                _record(history, network, *test, cost, "test_")
            _check_finite(history, epoch, learning_rate)
            bar.update(1)
            bar.set_postfix_str(_summary(history), refresh=False)
            if callable(progress):
                progress(epoch, history)
    return history


def _record(history, network, images, labels, cost, prefix):
    mean_cost, accuracy = network._cost_and_accuracy(images, labels, cost)
    getattr(history, prefix + "cost").append(mean_cost)
    getattr(history, prefix + "accuracy").append(accuracy)


def _check_finite(history, epoch, learning_rate):
    if not math.isfinite(history.cost[-1]):
        raise TrainingError(
            f"training diverged in epoch {epoch}: the cost became {history.cost[-1]}. "
            f"The learning rate {learning_rate:g} is too large; "
            f"try a smaller one, such as {learning_rate / 10:g}"
        )


def _summary(history):
    """The last epoch in a few words, such as "cost 0.2170, accuracy 93.52%, test 93.10%"."""
    text = f"cost {history.cost[-1]:.4f}, accuracy {history.accuracy[-1]:.2%}"
    if history.test_accuracy:
        text += f", test {history.test_accuracy[-1]:.2%}"
    return text


def _checked_test(network, test):
    try:
        test_images, test_labels = test
    except (TypeError, ValueError):
        raise ValueError(
            "test must be a pair (images, labels), such as (mnist.test_images, mnist.test_labels)"
        ) from None
    return network._as_examples(test_images, test_labels)


def _number(value, name, at_least):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value) or value < at_least:
        raise ValueError(f"{name} must be a finite number >= {at_least:g}, got {value!r}")
    return float(value)


def _positive_number(value, name):
    value = _number(value, name, at_least=0.0)
    if value == 0:
        raise ValueError(f"{name} must be greater than 0, got {value!r}")
    return value


def _whole_number(value, name, at_least):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < at_least:
        raise ValueError(f"{name} must be a whole number >= {at_least}, got {value!r}")
    return int(value)
