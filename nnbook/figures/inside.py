"""Figures of chapters 6 and 7 ("Looking inside", "Beyond the sigmoid"): learned weights beside
the hand-built detectors, the answers to noise, sigmoid against ReLU."""

import numpy as np
from matplotlib.figure import Figure

from nnbook import detectors as _detectors
from nnbook.activations import relu, relu_prime, sigmoid, sigmoid_prime
from nnbook.figures.base import (
    FIGURE_WIDTH,
    as_detectors,
    as_weight_pictures,
    book_figure,
    draw_digit,
    draw_weights,
    picture_grid,
    weight_colorbar,
)
from nnbook.figures.learning import learning_curves
from nnbook.recipes import trained


def learned_and_handbuilt(learned, found, columns=8):
    """The first-layer weights a network learned beside the hand-built detectors of chapter 3, each
    as a 28x28 picture in chapter 3's colors: the same diverging colormap centered on zero (blue
    positive, red negative, white 0), with a color bar (chapter 6).

    ``learned`` is (n, 784), one row per neuron, such as ``network.weights[0]``, drawn in rows of
    ``columns`` on one color scale. ``found`` is a list of ``nnbook.detectors.Detector``, or a list of
    such lists: each list is drawn in one row on its own color scale, with its own color bar, so
    ``[edges, loops]`` shows them exactly as chapter 3's edge and loop figures do.
    """
    learned = as_weight_pictures(learned)
    found = list(found)
    groups = [as_detectors(group) for group in found] if found and all(
        isinstance(group, (list, tuple)) for group in found) else [as_detectors(found)]
    learned_rows = -(-len(learned) // columns)
    figure = Figure(figsize=(FIGURE_WIDTH, 1.0 * (learned_rows + 1) + 0.8), facecolor="white",
                    layout="constrained")
    top, bottom = figure.subfigures(2, 1, height_ratios=[learned_rows + 0.3, 1.4])
    axes = list(top.subplots(learned_rows, columns, squeeze=False).flat)
    for ax in axes[len(learned):]:
        ax.axis("off")
    _draw_weight_group(top, axes, learned, [f"neuron {k}" for k in range(len(learned))])
    top.suptitle("learned by training", fontsize=10, x=0.02, ha="left")
    bar_width = 0.9  # in picture widths, so every picture in the figure is drawn the same size
    widths = [len(group) + bar_width for group in groups]
    spare = max(0.0, columns + bar_width - sum(widths))
    parts = bottom.subfigures(1, len(groups) + 1, width_ratios=[*widths, spare or 1e-3])
    for part, group in zip(parts, groups):
        pictures = np.stack([d.weights for d in group])
        _draw_weight_group(part, list(part.subplots(1, len(group), squeeze=False)[0]), pictures,
                           [d.name.replace(" ", "\n") for d in group])
    bottom.suptitle("built by hand (chapter 3)", fontsize=10, x=0.02, ha="left")
    return figure


def _draw_weight_group(part, axes, pictures, titles):
    """Weight pictures on ``axes`` of ``part``, on one color scale symmetric around zero (the largest
    weight in the group, as chapter 3's ``weight_pictures``), with one color bar."""
    limit = float(np.abs(pictures).max()) or 1.0
    for ax, picture, title in zip(axes, pictures, titles):
        shown = draw_weights(ax, picture, limit)
        ax.set_title(title, fontsize=8)
    bar = weight_colorbar(part, shown, axes)
    bar.set_label("weight\n(blue +, red -)", fontsize=8)  # two lines fit a one-row group's short bar


def noise_answers(images, outputs, count=8, columns=4):
    """Pictures fed to a network with its answer and its top output activation above each:
    ``images`` is (n, 784), ``outputs`` the network's (n, 10) output activations (chapter 6)."""
    images, outputs = np.asarray(images), np.asarray(outputs)
    if images.ndim != 2 or images.shape[1] != 784 or outputs.shape != (len(images), 10) or len(images) == 0:
        raise ValueError(f"need images (n, 784) and outputs (n, 10) for the same n >= 1; got {images.shape} and {outputs.shape}")
    count = min(count, len(images))
    figure, axes = picture_grid(count, columns, row_height=1.7, width=6)
    for ax, image, output in zip(axes, images[:count], outputs[:count]):
        draw_digit(ax, image.reshape(28, 28))
        ax.set_title(f"says {output.argmax()} ({output.max():.2f})", fontsize=10)
    return figure



@book_figure("learned-weights-chapter6.svg")
def _learned_weights_chapter6():
    edges = [_detectors.top_bar(), _detectors.vertical_stroke(), _detectors.rising_diagonal()]
    loops = [_detectors.upper_loop(), _detectors.lower_loop()]  # grouped as chapter 3's two figures
    return learned_and_handbuilt(trained("chapter5")[0].weights[0], [edges, loops])


@book_figure("noise-answers-chapter6.svg")
def _noise_answers_chapter6():
    noise = np.random.default_rng(6).random((8, 784))  # the first 8 of chapter 6's noise pictures
    return noise_answers(noise, trained("chapter5")[0].feedforward(noise))


def activation_curves(z=None):
    """Sigmoid and ReLU (left) and their slopes (right) over the weighted sums ``z`` (a 1-D array;
    -6 to 6 if omitted), from ``nnbook.activations`` (chapter 7)."""
    z = np.linspace(-6, 6, 601) if z is None else np.asarray(z, dtype=float)
    if z.ndim != 1 or len(z) < 2 or not np.isfinite(z).all():
        raise ValueError(f"z must be a 1-D array of at least two finite numbers; got shape {z.shape}")
    figure = Figure(figsize=(7, 3.2), layout="constrained")
    values, slopes = figure.subplots(1, 2)
    for ax, (sig, rel), title in ((values, (sigmoid, relu), "activation"),
                                  (slopes, (sigmoid_prime, relu_prime), "slope")):
        ax.plot(z, sig(z), color="#1b9e77", linewidth=2, label="sigmoid")
        ax.plot(z, rel(z), color="#d95f02", linewidth=2, linestyle="--", label="ReLU")
        ax.set_title(title)
        ax.set_xlabel("weighted sum $z$")
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left")
    values.set_ylim(-0.5, 3)
    slopes.set_ylim(-0.1, 1.2)
    return figure


@book_figure("sigmoid-and-relu.svg")
def _sigmoid_and_relu():
    return activation_curves()


@book_figure("sigmoid-vs-relu-training.svg")
def _sigmoid_vs_relu_training():
    return learning_curves({"sigmoid": trained("chapter7-sigmoid")[1], "ReLU": trained("chapter7-relu")[1]})


@book_figure("wide-network-curve.svg")
def _wide_network_curve():
    return learning_curves({"784-128-64-10 ReLU": trained("chapter7-wide")[1]})
