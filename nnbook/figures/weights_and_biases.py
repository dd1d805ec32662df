"""The figures of the page ``weights-and-biases`` ("Weights, biases and the squish"): weights as
pictures, a weighted sum pixel by pixel, the sigmoid, the hand-built detectors and what they respond
to."""

import numpy as np
from matplotlib.figure import Figure

from nnbook import detectors as _detectors
from nnbook.activations import sigmoid as _sigmoid
from nnbook.data import load_mnist
from nnbook.figures.drawing import (
    ACCENT,
    FIGURE_WIDTH,
    LINE_COLORS,
    PHONE_WIDTH,
    PLOT_FONT,
    PLOT_WIDTH,
    as_detectors,
    as_digit_images,
    as_labels,
    as_one_digit,
    as_weight_pictures,
    draw_digit,
    draw_weights,
    weight_colorbar,
)
from nnbook.figures.neurons_and_layers import book_network_and_digit


def weight_pictures(weights, titles=None):
    """Draw neurons' weights as 28x28 pictures, side by side (page ``weights-and-biases``).

    ``weights`` is one neuron's 784 weights (shape (784,) or (28, 28)) or several neurons'
    (shape (N, 784) or (N, 28, 28)); ``titles`` one title per picture, or None. The colormap is
    diverging and centered on zero with the same limits for every picture: blue pixels are
    positive weights, red negative, white 0. Returns a Figure.
    """
    pictures = as_weight_pictures(weights)
    if titles is not None and len(titles) != len(pictures):
        raise ValueError(f"expected {len(pictures)} titles, one per picture, got {len(titles)}")
    limit = float(np.abs(pictures).max()) or 1.0
    count = len(pictures)
    cell = min(2.2, (PLOT_WIDTH - 1.0) / count)
    figure = Figure(figsize=(cell * count + 1.0, cell * 1.15 + 0.2), facecolor="white",
                    layout="constrained")
    axes = figure.subplots(1, count, squeeze=False)[0]
    for index, (ax, picture) in enumerate(zip(axes, pictures)):
        shown = draw_weights(ax, picture, limit)
        if titles is not None:
            ax.set_title(titles[index], fontsize=PLOT_FONT)
    weight_colorbar(figure, shown, list(axes))
    return figure


def weighted_sum_parts(weights, image):
    """Draw a digit, one neuron's weights, and their product pixel by pixel (page ``weights-and-biases``).

    ``weights`` and ``image`` are each 784 numbers (or 28x28). The third picture is
    weights * pixels: its pixels add up to the weighted sum, which the title states. Weights and
    products share the diverging colormap (blue positive, red negative). Returns a Figure.
    """
    weights = as_weight_pictures(weights)
    if len(weights) != 1:
        raise ValueError(f"expected the 784 weights of one neuron, got {len(weights)} neurons' weights")
    picture = as_one_digit(image).astype(np.float64)
    product = weights[0] * picture
    limit = float(np.abs(weights).max()) or 1.0
    figure = Figure(figsize=(PLOT_WIDTH, 2.35), facecolor="white", layout="constrained")
    digit_ax, weights_ax, product_ax = figure.subplots(1, 3)
    draw_digit(digit_ax, picture)
    digit_ax.set_title("the digit\n(pixels)", fontsize=PLOT_FONT)
    draw_weights(weights_ax, weights[0], limit)
    weights_ax.set_title("one neuron's\n784 weights", fontsize=PLOT_FONT)
    shown = draw_weights(product_ax, product, limit)
    product_ax.set_title(f"weights x pixels\n(they add up\nto {product.sum():.2f})", fontsize=PLOT_FONT)
    weight_colorbar(figure, shown, [weights_ax, product_ax])
    return figure


def sigmoid_curve(low=-8.0, high=8.0):
    """Draw the sigmoid, 1 / (1 + e^-z), for z from ``low`` to ``high`` (page ``weights-and-biases``).
    Returns a Figure."""
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"expected finite numbers low < high for the range of z, got low={low}, high={high}")
    z = np.linspace(low, high, 401)
    figure = Figure(figsize=(PLOT_WIDTH, 2.7), facecolor="white", layout="constrained")
    ax = figure.subplots()
    for level in (0, 1):
        ax.axhline(level, color="#999999", linewidth=0.8, linestyle="--")
    ax.axvline(0, color="#999999", linewidth=0.8)
    ax.plot(z, _sigmoid(z), color=LINE_COLORS[0], linewidth=2.2)
    ax.plot([0], [0.5], "o", color=ACCENT)
    ax.annotate("sigmoid(0) = 0.5", (0, 0.5), xytext=(12, -4), textcoords="offset points", fontsize=PLOT_FONT)
    ax.set_xlim(low, high)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("z, the weighted sum plus the bias", fontsize=PLOT_FONT)
    ax.set_ylabel("activation, sigmoid(z)", fontsize=PLOT_FONT)
    ax.tick_params(labelsize=PLOT_FONT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return figure


def detector_pictures(found):
    """Draw hand-built detectors' weights side by side, each titled with its name and bias
    (page ``weights-and-biases``). ``found`` is a list of ``nnbook.detectors.Detector``. Returns a Figure."""
    found = as_detectors(found)
    return weight_pictures(np.stack([d.weights for d in found]),
                           [f"{d.name}\nbias {d.bias:g}" for d in found])


def detector_class_means(found, images, labels):
    """Draw each detector's mean response to the digits of each class, as a table of cells with the
    numbers written in, shaded darker blue the higher they are (page ``weights-and-biases``).

    ``found`` is a list of Detectors; ``images`` one row of 784 pixel values per digit; ``labels``
    their digits, every digit 0-9 present. Returns a Figure with one row per detector.
    """
    found = as_detectors(found)
    pictures = as_digit_images(images)
    labels = as_labels(labels, len(pictures))
    missing = sorted(set(range(10)) - set(labels.tolist()))
    if missing:
        raise ValueError(f"every digit 0-9 needs at least one image; none for {missing}")
    flat = pictures.reshape(-1, 784)
    means = np.array([[_detectors.respond(d, flat)[labels == k].mean() for k in range(10)] for d in found])
    figure = Figure(figsize=(PLOT_WIDTH, 0.4 * len(found) + 1.1), facecolor="white", layout="constrained")
    ax = figure.subplots()
    ax.imshow(means, cmap="Blues", vmin=0, vmax=max(float(means.max()), 1e-9), aspect="auto")
    for (row, column), value in np.ndenumerate(means):
        ax.text(column, row, f"{value:.2f}", ha="center", va="center", fontsize=PLOT_FONT,
                color="white" if value > 0.6 * means.max() else "#222222")
    ax.set_xticks(range(10), [str(k) for k in range(10)], fontsize=PLOT_FONT)
    ax.set_yticks(range(len(found)), [d.name for d in found], fontsize=PLOT_FONT)
    ax.set_xlabel("digit (the label of the test images)", fontsize=PLOT_FONT)
    ax.tick_params(length=0)
    return figure


def detector_extremes(found, images, labels, count=4, width=FIGURE_WIDTH):
    """For each detector (page ``weights-and-biases``), draw its weights, then the ``count`` digits that
    light it most, then the ``count`` digits of the class it fires most on (its highest mean
    response) that light it least, each titled with its label and the response.

    Those misses show what the detector cannot see: the same digit drawn somewhere else or some
    other way. (The digits that light it least of all would be thousands of ties at 0.00,
    with nothing to choose between them.) The weights are drawn with each sign at full color,
    so that a loop's faint ring shows beside its hole. ``found`` is a list of Detectors,
    ``images`` one row of 784 pixel values per digit, ``labels`` their digits. Returns a Figure
    ``width`` inches wide with one row per detector; the fewer digits per row, the larger each is
    drawn. Two or fewer each way write the headings and the detectors' names on two lines, as a
    phone's column needs.
    """
    found = as_detectors(found)
    pictures = as_digit_images(images)
    labels = as_labels(labels, len(pictures))
    if int(count) < 1 or 2 * int(count) > len(pictures):
        raise ValueError(f"count must be between 1 and half the number of images ({len(pictures) // 2}), got {count}")
    count = int(count)
    columns = 2 * count + 2  # weights, the most, a gap, the least
    cell = width / (2 * count + 1.6)
    lines = 2 if count <= 2 else 1  # of the headings and of the detectors' names
    header = 0.2 + 0.15 * lines  # inches above the first row for "lights it most" and "lights it least"
    figure = Figure(figsize=(width, cell * (1.15 + 0.15 * lines) * len(found) + header), facecolor="white")
    grid = figure.add_gridspec(len(found), columns, width_ratios=[1.2] + [1] * count + [0.25] + [1] * count,
                               left=0.01, right=0.99, top=1 - header / figure.get_figheight(), bottom=0.01,
                               wspace=0.08, hspace=0.2 + 0.15 * lines)
    break_or_space = "\n" if lines == 2 else " "
    places = list(range(1, count + 1)) + list(range(count + 2, columns))
    digits = np.unique(labels)
    for row, detector in enumerate(found):
        responses = _detectors.respond(detector, pictures.reshape(-1, 784))
        best = digits[np.argmax([responses[labels == digit].mean() for digit in digits])]
        of_best = np.flatnonzero(labels == best)
        missed = of_best[np.argsort(responses[of_best], kind="stable")[:count]]
        ax = figure.add_subplot(grid[row, 0])
        draw_weights(ax, detector.weights, _both_signs_limit(detector.weights))
        ax.set_title(detector.name.replace(" ", break_or_space), fontsize=8.5, pad=2)
        chosen = list(np.argsort(responses, kind="stable")[::-1][:count]) + list(missed)
        for place, index in zip(places, chosen):
            ax = figure.add_subplot(grid[row, place])
            draw_digit(ax, pictures[index])
            ax.set_title(f"{labels[index]}: {responses[index]:.2f}", fontsize=8.5, pad=2)
    top = 1 - 0.1 / figure.get_figheight()
    for first, last, text in [(places[0], places[count - 1], f"lights it most{break_or_space}(label: response)"),
                              (places[count], places[-1], f"the digit it fires most on,{break_or_space}lit least")]:
        left, right = grid[0, first].get_position(figure).x0, grid[0, last].get_position(figure).x1
        figure.text((left + right) / 2, top, text, ha="center", va="center", fontsize=9)
    return figure


def _both_signs_limit(weights):
    """The color limit at which the weaker sign of ``weights`` reaches full color (the stronger one
    saturates): a loop's many faint ring weights would be nearly white beside its few strong hole
    weights at the limit of the strongest."""
    weights = np.asarray(weights)
    strongest = [float(np.abs(side).max()) for side in (weights[weights > 0], weights[weights < 0]) if side.size]
    return min(strongest, default=1.0)


def _neuron_weights():
    network, digit = book_network_and_digit()
    return weighted_sum_parts(network.weights[0][0], digit)


def _edge_detectors():
    return detector_pictures([_detectors.top_bar(), _detectors.vertical_stroke(), _detectors.rising_diagonal()])


def _loop_detectors():
    return detector_pictures([_detectors.upper_loop(), _detectors.lower_loop()])


def _sigmoid_figure():
    return sigmoid_curve()


def _detector_responses():
    mnist = load_mnist()
    return detector_class_means(_detectors.book_detectors(), mnist.test_images, mnist.test_labels)


def _detector_extremes(count=4, width=FIGURE_WIDTH):
    mnist = load_mnist()
    return detector_extremes(_detectors.book_detectors(), mnist.test_images, mnist.test_labels, count, width)


def _detector_extremes_phone():
    return _detector_extremes(count=2, width=PHONE_WIDTH)


# The book's figures from this page, by file name under figures/ in the built site; the detectors'
# extremes with a phone layout (<name>-phone.svg), two digits each way.
BOOK_FIGURES = {
    "neuron-weights.svg": _neuron_weights,
    "edge-detectors.svg": _edge_detectors,
    "loop-detectors.svg": _loop_detectors,
    "sigmoid.svg": _sigmoid_figure,
    "detector-responses.svg": _detector_responses,
    "detector-extremes.svg": _detector_extremes,
    "detector-extremes-phone.svg": _detector_extremes_phone,
}
