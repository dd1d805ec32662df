"""The figures of the page ``beyond-sigmoid`` ("Beyond the sigmoid"): sigmoid against ReLU, and how
networks with each learn."""

import numpy as np
from matplotlib.figure import Figure

from nnbook.activations import relu, relu_prime, sigmoid, sigmoid_prime
from nnbook.figures.drawing import LINE_COLORS, PLOT_WIDTH
from nnbook.figures.book_network import learning_curves
from nnbook.recipes import trained


def activation_curves(z=None):
    """Sigmoid and ReLU (left) and their slopes (right) over the weighted sums ``z`` (a 1-D array;
    -6 to 6 if omitted), from ``nnbook.activations`` (page ``beyond-sigmoid``)."""
    z = np.linspace(-6, 6, 601) if z is None else np.asarray(z, dtype=float)
    if z.ndim != 1 or len(z) < 2 or not np.isfinite(z).all():
        raise ValueError(f"z must be a 1-D array of at least two finite numbers; got shape {z.shape}")
    figure = Figure(figsize=(PLOT_WIDTH, 2.9), layout="constrained")
    values, slopes = figure.subplots(1, 2)
    for ax, (sig, rel), title in ((values, (sigmoid, relu), "activation"),
                                  (slopes, (sigmoid_prime, relu_prime), "slope")):
        ax.plot(z, sig(z), color=LINE_COLORS[0], linewidth=2, label="sigmoid")
        ax.plot(z, rel(z), color=LINE_COLORS[1], linewidth=2, linestyle="--", label="ReLU")
        ax.set_title(title)
        ax.set_xlabel("weighted sum $z$")
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left")
    values.set_ylim(-0.5, 3)
    slopes.set_ylim(-0.1, 1.2)
    return figure


def _sigmoid_and_relu():
    return activation_curves()


def _sigmoid_vs_relu_training():
    return learning_curves({"sigmoid": trained("deep-sigmoid")[1], "ReLU": trained("deep-relu")[1]})


def _wide_network_curve():
    return learning_curves({"784-128-64-10 ReLU": trained("wide")[1]})


# The book's figures from this page, by file name under figures/ in the built site.
BOOK_FIGURES = {
    "sigmoid-and-relu.svg": _sigmoid_and_relu,
    "sigmoid-vs-relu-training.svg": _sigmoid_vs_relu_training,
    "wide-network-curve.svg": _wide_network_curve,
}
