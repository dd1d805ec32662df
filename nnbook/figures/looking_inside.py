"""The figures of the page ``looking-inside`` ("Looking inside"): the trained network lit by a digit,
its learned weights beside the hand-built detectors, and its answers to noise."""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nnbook import checks
from nnbook import detectors as _detectors
from nnbook.data import load_mnist
from nnbook.figures.drawing import (
    DIGIT_COLORMAP,
    PAPER,
    PLOT_FONT,
    PLOT_WIDTH,
    WEIGHT_COLORMAP,
    as_detectors,
    as_digit_images,
    as_weight_pictures,
    draw_digit,
    draw_weights,
    picture_grid,
)
from nnbook.figures.neurons_and_layers import book_network_and_digit, network_activations
from nnbook.recipes import trained


# The weight pictures and grids are drawn wider than the book's plots (nnbook.figures.drawing,
# PLOT_WIDTH), so that a laptop shows the 16 first-layer pictures large, with their text large
# enough to stay 9 CSS px tall on a phone, where they shrink to its column (smallest_font(6.7), the
# width as saved, is 12.1 points).
FIT_WIDTH = 6.5  # inches
FIT_FONT = 13  # points: 17.3 CSS px as drawn, about 9.7 on a phone


def learned_and_handbuilt(learned, found, columns=4):
    """The first-layer weights a network learned (page ``looking-inside``) beside the hand-built
    detectors of the page ``weights-and-biases``, each as a 28x28 picture in that page's colors: the
    same diverging colormap centered on zero (blue positive, red negative, white 0), with a color bar.

    ``learned`` is (n, 784), one row per neuron, such as ``network.weights[0]``, drawn in rows of
    ``columns`` (4: large enough to see each picture's haze) on one color scale, titled by neuron.
    ``found`` is a list of ``nnbook.detectors.Detector``, or a list of such lists: each list is
    drawn on its own color scale, with its own color bar, all in one row under the learned ones
    (smaller than them when they do not fit their width), so ``[edges, loops]`` shows them exactly
    as the page ``weights-and-biases`` draws its edge and loop detectors.
    """
    learned = as_weight_pictures(learned)
    found = list(found)
    groups = [as_detectors(group) for group in found] if found and all(
        isinstance(group, (list, tuple)) for group in found) else [as_detectors(found)]
    learned_rows = -(-len(learned) // columns)
    bar_width = 0.9  # in picture widths
    widths = [len(group) + bar_width for group in groups]
    # the row of hand-built pictures, in learned picture heights: narrower when it has more to fit
    found_height = min(1.0, (columns + bar_width) / sum(widths))
    figure = Figure(figsize=(FIT_WIDTH, 1.6 * (learned_rows + found_height) + 0.9), facecolor="white",
                    layout="constrained")
    top, bottom = figure.subfigures(2, 1, height_ratios=[learned_rows + 0.3, found_height + 0.55])
    axes = list(top.subplots(learned_rows, columns, squeeze=False).flat)
    for ax in axes[len(learned):]:
        ax.axis("off")
    _draw_weight_group(top, axes, learned, [f"neuron {k}" for k in range(len(learned))])
    top.suptitle("learned by training (blue: positive weight, red: negative)", fontsize=FIT_FONT,
                 x=0.02, ha="left")
    spare = max(0.0, columns + bar_width - sum(widths))
    parts = bottom.subfigures(1, len(groups) + 1, width_ratios=[*widths, spare or 1e-3])
    for part, group in zip(parts, groups):
        pictures = np.stack([d.weights for d in group])
        _draw_weight_group(part, list(part.subplots(1, len(group), squeeze=False)[0]), pictures,
                           [d.name.replace(" ", "\n") for d in group])
    bottom.suptitle('built by hand (in "Weights, biases and the squish")', fontsize=FIT_FONT, x=0.02,
                    ha="left")
    return figure


def _draw_weight_group(part, axes, pictures, titles):
    """Weight pictures on ``axes`` of ``part``, on one color scale symmetric around zero (the largest
    weight in the group, as ``weight_pictures`` does), with one color bar."""
    limit = float(np.abs(pictures).max()) or 1.0
    for ax, picture, title in zip(axes, pictures, titles):
        shown = draw_weights(ax, picture, limit)
        ax.set_title(title, fontsize=FIT_FONT)
    bar = part.colorbar(shown, ax=axes, shrink=0.85, pad=0.02, aspect=30)
    bar.locator = MaxNLocator(4, symmetric=True)  # a few short labels: a narrow bar, large pictures
    bar.update_ticks()
    bar.ax.tick_params(labelsize=FIT_FONT)


def second_layer_digits(means):
    """What lights each neuron of a hidden layer (page ``looking-inside``): ``means`` is (k, 10), each
    neuron's average activation over the images of each digit 0 to 9, drawn as a grid of k columns,
    one per neuron, and ten rows, one per digit, shaded as the book shades activations (white 0,
    black 1)."""
    means = np.asarray(means, dtype=np.float64)
    if means.ndim != 2 or means.shape[1] != 10 or not len(means):
        raise ValueError(f"expected means (k, 10), one row of ten digit averages per neuron, got shape {means.shape}")
    return _neuron_grid(means.T, "digit", "average\nactivation", DIGIT_COLORMAP, (0, 1), row_height=0.32)


def second_layer_inputs(weights):
    """What feeds each neuron of the second hidden layer (page ``looking-inside``): ``weights`` is
    its (k, m) weight matrix, such as ``network.weights[1]`` (row j: neuron j's weights from the m
    neurons of the layer before), drawn as a grid of k columns, one per neuron, and m rows, one
    per neuron of the layer before, in the weights' diverging colors (blue +, red -, white 0)."""
    weights = checks.finite(np.asarray(weights, dtype=np.float64), "weights")
    if weights.ndim != 2 or not weights.size:
        raise ValueError(f"expected a weight matrix (k, m), one row per neuron, got shape {weights.shape}")
    limit = float(np.abs(weights).max()) or 1.0
    return _neuron_grid(weights.T, "first-layer neuron", "weight\n(blue +, red -)", WEIGHT_COLORMAP,
                        (-limit, limit), row_height=0.23)


def _neuron_grid(values, row_name, bar_label, cmap, limits, row_height):
    """``values`` (rows, k) as a grid whose k columns are the second layer's neurons, rows labeled
    0 to rows - 1 and named ``row_name``, with a color bar; ``FIT_WIDTH`` wide."""
    rows, count = values.shape
    figure = Figure(figsize=(FIT_WIDTH, row_height * rows + 1.0), facecolor="white", layout="constrained")
    ax = figure.add_subplot()
    shown = ax.imshow(values, cmap=cmap, vmin=limits[0], vmax=limits[1], aspect="auto", interpolation="nearest")
    ax.set_xticks(range(count), [str(k) for k in range(count)], fontsize=FIT_FONT)
    ax.set_yticks(range(rows), [str(k) for k in range(rows)], fontsize=FIT_FONT)
    ax.tick_params(length=0)
    ax.xaxis.set_ticks_position("top")
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("second-layer neuron", fontsize=FIT_FONT)
    ax.set_ylabel(row_name, fontsize=FIT_FONT)
    # thin lines between the cells, in the page's background color
    ax.set_xticks(np.arange(count + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color=PAPER, linewidth=1)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = figure.colorbar(shown, ax=ax, pad=0.02, fraction=0.06)
    bar.set_label(bar_label, fontsize=FIT_FONT)
    bar.ax.tick_params(labelsize=FIT_FONT)
    return figure


def noise_answers(images, outputs, count=8, columns=4):
    """Pictures fed to a network (page ``looking-inside``) with its answer and its top output
    activation above each: ``images`` is (n, 784), ``outputs`` the network's (n, 10) output
    activations."""
    pictures, outputs = as_digit_images(images), np.asarray(outputs)
    if outputs.shape != (len(pictures), 10):
        raise ValueError(f"need outputs (n, 10) for the n = {len(pictures)} images; got shape {outputs.shape}")
    count = min(count, len(pictures))
    figure, axes = picture_grid(count, columns, row_height=1.5, width=PLOT_WIDTH)
    for ax, picture, output in zip(axes, pictures[:count], outputs[:count]):
        draw_digit(ax, picture)
        ax.set_title(f"says {output.argmax()} ({output.max():.2f})", fontsize=PLOT_FONT)
    return figure


def _trained_network():
    _, digit = book_network_and_digit()  # the digit of ``neurons-and-layers``, the first test digit
    return network_activations(trained("book")[0], digit)


def _learned_weights():
    edges = [_detectors.top_bar(), _detectors.vertical_stroke(), _detectors.rising_diagonal()]
    loops = [_detectors.upper_loop(), _detectors.lower_loop()]  # as the two figures of ``weights-and-biases``
    return learned_and_handbuilt(trained("book")[0].weights[0], [edges, loops])


def _second_layer_digits():
    mnist = load_mnist()
    second = trained("book")[0].activations(mnist.test_images)[2]  # as the page computes it
    return second_layer_digits(np.stack([second[mnist.test_labels == digit].mean(axis=0)
                                         for digit in range(10)], axis=1))


def _second_layer_inputs():
    return second_layer_inputs(trained("book")[0].weights[1])


def _noise_answers():
    noise = np.random.default_rng(6).random((8, 784))  # the first 8 of this page's noise pictures
    return noise_answers(noise, trained("book")[0].feedforward(noise))


# The book's figures from this page, by file name under figures/ in the built site.
BOOK_FIGURES = {
    "trained-network.svg": _trained_network,
    "learned-weights.svg": _learned_weights,
    "second-layer-digits.svg": _second_layer_digits,
    "second-layer-inputs.svg": _second_layer_inputs,
    "noise-answers.svg": _noise_answers,
}
