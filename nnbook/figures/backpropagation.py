"""The figures of the page ``backpropagation`` ("What backpropagation does"): what one training
example wishes for the output layer, for the weights into one output neuron, and for the hidden
layer below."""

import functools

import numpy as np
from matplotlib.figure import Figure

from nnbook import checks
from nnbook.data import load_mnist
from nnbook.figures.drawing import INK, LINE_COLORS, as_one_digit, draw_digit
from nnbook.network import Network

UP, DOWN = LINE_COLORS[0], LINE_COLORS[1]  # blue: a wish to go up; vermillion: to go down
BAR = "#9e9e9e"  # mid gray: an activation, visible on the white page and on the dark one
FONT = 10  # points: about 13 CSS px, on a laptop and on a phone
# Inches: a phone's column (358 CSS px at 390 px wide) holds the figures at their natural size,
# so nothing scrolls sideways; on a laptop they keep that size, centered in the column.
WIDTH = 3.6


def _numbers(values, name, count=None):
    """``values`` as a 1-D float array of finite numbers (``count`` of them, if given)."""
    array = checks.finite(np.asarray(values, dtype=np.float64), name)
    if array.ndim != 1 or len(array) == 0 or (count is not None and len(array) != count):
        wanted = f"{count} numbers" if count is not None else "a non-empty list of numbers"
        raise ValueError(f"{name} must be {wanted} (a 1-D array); got shape {array.shape}")
    return array


def output_wishes_figure(image, outputs, label):
    """One training example's wishes for the output layer (page ``backpropagation``): the digit
    ``image`` (784 values or 28x28) on the left; on the right the network's 10 output activations
    for it, ``outputs``, as gray bars, one row per digit, each with an arrow to where it should
    be, 1 for the ``label``'s neuron (blue) and 0 for the others (vermillion). An arrow's length is
    the wish: how far the activation is from where it should be, written beside it."""
    picture = as_one_digit(image)
    outputs = _numbers(outputs, "outputs", 10)
    if outputs.min() < 0 or outputs.max() > 1:
        raise ValueError(f"outputs must be activations between 0 and 1; got {outputs.min()} to {outputs.max()}")
    label = int(checks.labels(np.atleast_1d(label), 1, 10)[0])
    figure = Figure(figsize=(WIDTH, 3.3), layout="constrained")
    digit_ax, ax = figure.subplots(1, 2, width_ratios=[1, 2.6])
    draw_digit(digit_ax, picture)
    digit_ax.set_title(f"a {label}\ngoes in", fontsize=FONT)
    digits = np.arange(10)
    ax.barh(digits, outputs, height=0.6, color=BAR)
    for digit, value in zip(digits, outputs):
        target = 1.0 if digit == label else 0.0
        color = UP if digit == label else DOWN
        if abs(target - value) >= 0.04:  # a shorter arrow would be all head
            ax.annotate("", xy=(target, digit), xytext=(value, digit),
                        arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 1.6,
                                    "shrinkA": 0, "shrinkB": 0, "mutation_scale": 10})
        wish = f"{target - value + 0.0:+.2f}".replace("-0.00", "0.00")
        ax.text(max(target, value) + 0.03, digit, wish, ha="left", va="center", fontsize=FONT - 1,
                color=color)
    ax.axvline(0, color=INK, linewidth=0.8)
    ax.set_yticks(digits)
    ax.set_ylim(9.6, -0.6)  # 0 at the top, as the network's drawings list the outputs
    ax.set_xlim(0, 1.32)
    ax.set_xticks([0, 0.5, 1])
    ax.tick_params(labelsize=FONT)
    ax.set_ylabel("output neuron", fontsize=FONT)
    ax.set_xlabel("activation", fontsize=FONT)
    ax.spines[["top", "right", "left"]].set_visible(False)
    return figure


def weight_wishes_figure(activations, wishes, neuron="the output neuron"):
    """The weights into one neuron change in proportion to the activations feeding them (page
    ``backpropagation``): each of the previous layer's ``activations`` (x) against the wished
    change of the weight it feeds into ``neuron`` (y), one dot per weight, with the line through
    zero that they lie on."""
    activations = _numbers(activations, "activations")
    wishes = _numbers(wishes, "wishes", len(activations))
    figure = Figure(figsize=(WIDTH, 2.9), layout="constrained")
    ax = figure.add_subplot()
    ratio = float(activations @ wishes / (activations @ activations)) if activations.any() else 0.0
    ax.plot([0, 1], [0, ratio], color=INK, linewidth=0.8, linestyle="--",
            label=f"wish = {ratio:+.2f} \u00d7 activation")
    ax.plot(activations, wishes, "o", color=UP if ratio >= 0 else DOWN, markersize=7, label="one weight")
    ax.axhline(0, color=INK, linewidth=0.8)
    ax.set_xlim(0, 1)
    low, high = min(0.0, ratio, wishes.min()), max(0.0, ratio, wishes.max())
    ax.set_ylim(low - 0.08 * (high - low or 1), high + 0.08 * (high - low or 1))
    ax.set_xlabel("activation feeding the weight", fontsize=FONT)
    ax.set_ylabel(f"wished change of the\nweight into {neuron}", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="best", fontsize=FONT - 1, framealpha=0.9)
    return figure


def hidden_wishes_figure(from_label, from_others, label):
    """What one example wishes for each neuron of a hidden layer (page ``backpropagation``): per
    neuron, the wish passed back from the ``label``'s output neuron (``from_label``, blue), the
    wishes of the other nine output neurons added up (``from_others``, vermillion), and their sum,
    the neuron's wish (a dark diamond)."""
    from_label = _numbers(from_label, "from_label")
    from_others = _numbers(from_others, "from_others", len(from_label))
    label = int(checks.labels(np.atleast_1d(label), 1, 10)[0])
    neurons = np.arange(len(from_label))
    figure = Figure(figsize=(WIDTH, 3.1), layout="constrained")
    ax = figure.add_subplot()
    ax.bar(neurons - 0.2, from_label, width=0.38, color=UP, label=f"from the {label}'s neuron")
    ax.bar(neurons + 0.2, from_others, width=0.38, color=DOWN, label="from the other nine")
    ax.plot(neurons, from_label + from_others, "D", color=INK, markersize=6, label="added up: the wish")
    ax.axhline(0, color=INK, linewidth=0.8)
    ax.set_xlim(-0.7, len(neurons) - 0.3)
    ax.tick_params(labelsize=FONT)
    ax.set_xticks(neurons[::2])  # every neuron's label would not fit a phone's width
    ax.set_xticks(neurons, minor=True)
    ax.set_xlabel("neuron of the second hidden layer", fontsize=FONT)
    ax.set_ylabel("wished change\nof its activation", fontsize=FONT)
    ax.spines[["top", "right"]].set_visible(False)
    figure.legend(loc="outside lower center", ncols=2, fontsize=FONT - 1, frameon=False)
    return figure


@functools.cache
def _example():
    """The network, digit and label the page ``backpropagation`` looks at, made as the page makes
    them: a fresh 784-16-16-10 (seed 0) after 200 steps of plain gradient descent on the first
    2,000 training digits, and training digit 4, a 9."""
    mnist = load_mnist()
    network = Network([784, 16, 16, 10], seed=0)
    network.train(mnist.train_images[:2_000], mnist.train_labels[:2_000], epochs=1, batch_size=10,
                  learning_rate=0.5, cost="cross_entropy", optimizer="sgd", progress=False)
    return network, mnist.train_images[4], int(mnist.train_labels[4])


def _passed_back(network, activations, label):
    """Each output neuron's wish times the weight from each hidden neuron: (10, 16), one row per
    output neuron, as the page ``backpropagation`` adds them up."""
    wishes = np.eye(10)[label] - activations[-1]
    return wishes[:, None] * network.weights[2]


def _output_wishes():
    network, image, label = _example()
    return output_wishes_figure(image, network.feedforward(image), label)


def _weight_wishes():
    network, image, label = _example()
    weight_slopes, _ = network.backprop(image, label, cost="cross_entropy")
    # A wish is the way downhill: minus backpropagation's slope.
    return weight_wishes_figure(network.activations(image)[2], -weight_slopes[2][label],
                                neuron=f"the {label}'s neuron")


def _hidden_wishes():
    network, image, label = _example()
    passed = _passed_back(network, network.activations(image), label)
    return hidden_wishes_figure(passed[label], passed.sum(axis=0) - passed[label], label)


# The book's figures from this page, by file name under figures/ in the built site.
BOOK_FIGURES = {
    "output-wishes.svg": _output_wishes,
    "weight-wishes.svg": _weight_wishes,
    "hidden-wishes.svg": _hidden_wishes,
}
