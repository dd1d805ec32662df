"""Figures of chapters 2-4 ("Neurons and layers", "Weights, biases and the squish", "The network
as one function"): a network lit by a digit, weights as pictures, the hand-built detectors and
their responses, the sigmoid, and the shapes of the matrix form."""

import matplotlib
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from nnbook import detectors as _detectors
from nnbook.activations import sigmoid as _sigmoid
from nnbook.data import load_mnist
from nnbook.figures.base import (
    ACCENT,
    DIGIT_COLORMAP,
    FIGURE_WIDTH,
    WEIGHT_COLORMAP,
    as_detectors,
    as_digit_images,
    as_labels,
    as_one_digit,
    as_weight_pictures,
    book_figure,
    draw_digit,
    draw_weights,
    weight_colorbar,
)
from nnbook.network import Network

MAX_DRAWN_NEURONS = 32  # a layer wider than this would not fit the network picture


def network_activations(network, image):
    """Draw a network with its activations lit for one digit (chapter 2).

    ``network`` is a Network whose input layer has 784 neurons and whose other layers have at
    most 32 (such as [784, 16, 16, 10]); ``image`` is one digit, 784 values between 0 and 1 (or
    28x28). The input layer is drawn as the picture itself, every other neuron as a circle
    shaded by its activation (white 0, black 1), with faint lines for the connections between
    the drawn layers. The output neurons are labeled with their digits, their activations
    written beside them, and the brightest one, the network's answer, is ringed in orange.
    Returns a Figure.
    """
    sizes = list(getattr(network, "sizes", []))
    if len(sizes) < 2 or sizes[0] != 784:
        raise ValueError(f"expected a Network whose input layer has 784 neurons, got sizes {sizes or network!r}")
    if max(sizes[1:]) > MAX_DRAWN_NEURONS:
        raise ValueError(
            f"every layer after the input must have at most {MAX_DRAWN_NEURONS} neurons to be drawn, got sizes {sizes}"
        )
    picture = as_one_digit(image)
    layers = network.activations(picture.reshape(784))[1:]
    cmap = matplotlib.colormaps[DIGIT_COLORMAP]
    widest = max(sizes[1:])
    spacing = min(9.6 / widest, 0.9)  # between neuron centers, in the drawing's units
    radius = 0.4 * spacing
    middle = spacing * (widest - 1) / 2
    columns = np.linspace(5.5, 11.9, len(layers))
    figure = Figure(figsize=(FIGURE_WIDTH, 5.9), facecolor="white")
    ax = figure.add_axes([0.0, 0.1, 1.0, 0.9])
    ax.imshow(picture, cmap=DIGIT_COLORMAP, vmin=0, vmax=1, interpolation="nearest",
              extent=(0.2, 3.8, middle - 1.8, middle + 1.8))
    ax.add_patch(Rectangle((0.2, middle - 1.8), 3.6, 3.6, fill=False, edgecolor="#999999", linewidth=0.8))
    places = [(x, middle + spacing * (np.arange(len(a))[::-1] - (len(a) - 1) / 2))
              for x, a in zip(columns, layers)]
    # Every pixel feeds every neuron of the first hidden layer: one line from the picture each.
    fan = [[(3.8, middle), (places[0][0] - radius, y)] for y in places[0][1]]
    links = [[(x0 + radius, y0), (x1 - radius, y1)]
             for (x0, rows0), (x1, rows1) in zip(places, places[1:]) for y0 in rows0 for y1 in rows1]
    ax.add_collection(LineCollection(fan, colors="#bbbbbb", linewidths=0.5, zorder=1))
    ax.add_collection(LineCollection(links, colors="#cccccc", linewidths=0.3, zorder=1))
    for (x, ys), values in zip(places, layers):
        for y, value in zip(ys, values):
            ax.add_patch(Circle((x, y), radius, facecolor=cmap(float(value)), edgecolor="#555555",
                                linewidth=0.7, zorder=2))
    out_x, out_rows = places[-1]
    answer = int(np.argmax(layers[-1]))
    for digit, (y, value) in enumerate(zip(out_rows, layers[-1])):
        text = f"{digit}   {value:.2f}" + ("  answer" if digit == answer else "")
        ax.text(out_x + radius + 0.2, y, text, va="center", fontsize=8.5,
                fontweight="bold" if digit == answer else "normal",
                color=ACCENT if digit == answer else "#222222")
    ax.add_patch(Circle((out_x, out_rows[answer]), radius * 1.45, fill=False, edgecolor=ACCENT,
                        linewidth=2, zorder=3))
    captions = ["input layer\n784 neurons: the pixels"] + [
        f"hidden layer {i + 1}\n{len(a)} neurons" for i, a in enumerate(layers[:-1])
    ] + [f"output layer\n{len(layers[-1])} neurons: digits"]
    for x, caption in zip([2.0, *columns], captions):
        ax.text(x, -0.5, caption, ha="center", va="top", fontsize=8.5)
    ax.set_xlim(-0.1, 15.6)
    ax.set_ylim(-1.7, 2 * middle + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    bar = figure.add_axes([0.3, 0.07, 0.4, 0.022])
    figure.colorbar(matplotlib.cm.ScalarMappable(Normalize(0, 1), cmap), cax=bar, orientation="horizontal")
    bar.set_xlabel("activation of a neuron", fontsize=8.5)
    bar.tick_params(labelsize=7.5)
    return figure


def weight_pictures(weights, titles=None):
    """Draw neurons' weights as 28x28 pictures, side by side (chapter 3).

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
    cell = min(2.2, (FIGURE_WIDTH - 1.0) / count)
    figure = Figure(figsize=(cell * count + 1.0, cell * 1.15 + 0.2), facecolor="white",
                    layout="constrained")
    axes = figure.subplots(1, count, squeeze=False)[0]
    for index, (ax, picture) in enumerate(zip(axes, pictures)):
        shown = draw_weights(ax, picture, limit)
        if titles is not None:
            ax.set_title(titles[index], fontsize=9)
    weight_colorbar(figure, shown, list(axes))
    return figure


def weighted_sum_parts(weights, image):
    """Draw a digit, one neuron's weights, and their product pixel by pixel (chapter 3).

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
    figure = Figure(figsize=(FIGURE_WIDTH, 2.7), facecolor="white", layout="constrained")
    digit_ax, weights_ax, product_ax = figure.subplots(1, 3)
    draw_digit(digit_ax, picture)
    digit_ax.set_title("the digit (pixels)", fontsize=9)
    draw_weights(weights_ax, weights[0], limit)
    weights_ax.set_title("one neuron's 784 weights", fontsize=9)
    shown = draw_weights(product_ax, product, limit)
    product_ax.set_title(f"weights x pixels\n(they add up to {product.sum():.2f})", fontsize=9)
    weight_colorbar(figure, shown, [weights_ax, product_ax])
    return figure


def sigmoid_curve(low=-8.0, high=8.0):
    """Draw the sigmoid, 1 / (1 + e^-z), for z from ``low`` to ``high`` (chapter 3). Returns a Figure."""
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"expected finite numbers low < high for the range of z, got low={low}, high={high}")
    z = np.linspace(low, high, 401)
    figure = Figure(figsize=(FIGURE_WIDTH * 0.8, 2.8), facecolor="white", layout="constrained")
    ax = figure.subplots()
    for level in (0, 1):
        ax.axhline(level, color="#bbbbbb", linewidth=0.8, linestyle="--")
    ax.axvline(0, color="#bbbbbb", linewidth=0.8)
    ax.plot(z, _sigmoid(z), color="#1f5fa8", linewidth=2.2)
    ax.plot([0], [0.5], "o", color=ACCENT)
    ax.annotate("sigmoid(0) = 0.5", (0, 0.5), xytext=(12, -4), textcoords="offset points", fontsize=9)
    ax.set_xlim(low, high)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("z, the weighted sum plus the bias", fontsize=9)
    ax.set_ylabel("activation, sigmoid(z)", fontsize=9)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return figure


def detector_pictures(found):
    """Draw hand-built detectors' weights side by side, each titled with its name and bias
    (chapter 3). ``found`` is a list of ``nnbook.detectors.Detector``. Returns a Figure."""
    found = as_detectors(found)
    return weight_pictures(np.stack([d.weights for d in found]),
                           [f"{d.name}\nbias {d.bias:g}" for d in found])


def detector_class_means(found, images, labels):
    """Draw each detector's mean response to the digits of each class, as a table of shaded
    cells with the numbers written in (chapter 3).

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
    figure = Figure(figsize=(FIGURE_WIDTH, 0.45 * len(found) + 1.2), facecolor="white", layout="constrained")
    ax = figure.subplots()
    shown = ax.imshow(means, cmap="Blues", vmin=0, vmax=max(float(means.max()), 1e-9), aspect="auto")
    for (row, column), value in np.ndenumerate(means):
        ax.text(column, row, f"{value:.2f}", ha="center", va="center", fontsize=8,
                color="white" if value > 0.6 * means.max() else "#222222")
    ax.set_xticks(range(10), [str(k) for k in range(10)], fontsize=9)
    ax.set_yticks(range(len(found)), [d.name for d in found], fontsize=9)
    ax.set_xlabel("digit (the label of the test images)", fontsize=9)
    ax.tick_params(length=0)
    bar = figure.colorbar(shown, ax=ax, pad=0.02)
    bar.set_label("mean response", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    return figure


def detector_extremes(found, images, labels, count=4):
    """For each detector, draw its weights, then the ``count`` digits that light it most and the
    ``count`` that light it least, each titled with its label and the response (chapter 3).

    ``found`` is a list of Detectors, ``images`` one row of 784 pixel values per digit, ``labels``
    their digits. Returns a Figure with one row per detector; the fewer digits per row, the
    larger each is drawn.
    """
    found = as_detectors(found)
    pictures = as_digit_images(images)
    labels = as_labels(labels, len(pictures))
    if int(count) < 1 or 2 * int(count) > len(pictures):
        raise ValueError(f"count must be between 1 and half the number of images ({len(pictures) // 2}), got {count}")
    count = int(count)
    columns = 2 * count + 2  # weights, the most, a gap, the least
    cell = FIGURE_WIDTH / (2 * count + 1.6)
    header = 0.3  # inches above the first row for "lights it most" and "lights it least"
    figure = Figure(figsize=(FIGURE_WIDTH, cell * 1.3 * len(found) + header), facecolor="white")
    grid = figure.add_gridspec(len(found), columns, width_ratios=[1.2] + [1] * count + [0.25] + [1] * count,
                               left=0.01, right=0.99, top=1 - header / figure.get_figheight(), bottom=0.01,
                               wspace=0.08, hspace=0.35)
    places = list(range(1, count + 1)) + list(range(count + 2, columns))
    for row, detector in enumerate(found):
        responses = _detectors.respond(detector, pictures.reshape(-1, 784))
        order = np.argsort(responses, kind="stable")
        ax = figure.add_subplot(grid[row, 0])
        draw_weights(ax, detector.weights, float(np.abs(detector.weights).max()))
        ax.set_title(detector.name, fontsize=8.5, pad=2)
        chosen = list(order[::-1][:count]) + list(order[:count])
        for place, index in zip(places, chosen):
            ax = figure.add_subplot(grid[row, place])
            draw_digit(ax, pictures[index])
            ax.set_title(f"{labels[index]}: {responses[index]:.2f}", fontsize=8.5, pad=2)
    top = 1 - 0.1 / figure.get_figheight()
    for first, last, text in [(places[0], places[count - 1], "lights it most (label: response)"),
                              (places[count], places[-1], "lights it least")]:
        left, right = grid[0, first].get_position(figure).x0, grid[0, last].get_position(figure).x1
        figure.text((left + right) / 2, top, text, ha="center", va="center", fontsize=9)
    return figure


def _book_network_and_digit():
    """The chapter 2 network (untrained, seed 0) and the first test digit."""
    return Network([784, 16, 16, 10], seed=0), load_mnist().test_images[0]


@book_figure("network-activations.svg")
def _network_activations():
    network, digit = _book_network_and_digit()
    return network_activations(network, digit)


@book_figure("neuron-weights.svg")
def _neuron_weights():
    network, digit = _book_network_and_digit()
    return weighted_sum_parts(network.weights[0][0], digit)


@book_figure("edge-detectors.svg")
def _edge_detectors():
    return detector_pictures([_detectors.top_bar(), _detectors.vertical_stroke(), _detectors.rising_diagonal()])


@book_figure("loop-detectors.svg")
def _loop_detectors():
    return detector_pictures([_detectors.upper_loop(), _detectors.lower_loop()])


@book_figure("sigmoid.svg")
def _sigmoid_figure():
    return sigmoid_curve()


@book_figure("detector-responses.svg")
def _detector_responses():
    mnist = load_mnist()
    return detector_class_means(_detectors.book_detectors(), mnist.test_images, mnist.test_labels)


@book_figure("detector-extremes.svg")
def _detector_extremes():
    mnist = load_mnist()
    return detector_extremes(_detectors.book_detectors(), mnist.test_images, mnist.test_labels)


def layer_shapes(weights, biases, activations, layer=1):
    """Draw layer l's a^(l) = sigmoid(W^(l) a^(l-1) + b^(l)) as blocks with their shapes (chapter 4).

    ``weights`` is the layer's matrix W^(l), shape (n_out, n_in); ``biases`` its vector b^(l),
    shape (n_out,); ``activations`` the previous layer's vector a^(l-1), shape (n_in,); ``layer``
    the number l in the labels (the first hidden layer is 1, the input layer 0). Each block shows
    its real numbers (weights and biases in the diverging colormap, activations as ink), not to
    scale: W is drawn wide, a^(l-1) tall, b and a^(l) short. Returns a Figure.
    """
    weights = np.asarray(weights, dtype=np.float64)
    biases = np.asarray(biases, dtype=np.float64)
    activations = np.asarray(activations, dtype=np.float64)
    if weights.ndim != 2 or biases.shape != (len(weights),) or activations.shape != (weights.shape[1],):
        raise ValueError(
            f"expected weights of shape (n_out, n_in), biases of shape (n_out,) and activations of "
            f"shape (n_in,), got {weights.shape}, {biases.shape} and {activations.shape}"
        )
    if not isinstance(layer, (int, np.integer)) or layer < 1:
        raise ValueError(f"layer must be a whole number from 1 (the first hidden layer) up, got {layer!r}")
    n_out, n_in = weights.shape
    output = _sigmoid(weights @ activations + biases)
    limit = float(max(np.abs(weights).max(), np.abs(biases).max())) or 1.0
    figure = Figure(figsize=(FIGURE_WIDTH, 2.9), facecolor="white")
    ax = figure.add_axes([0.0, 0.0, 1.0, 1.0])
    blocks = [  # (values as a picture, colormap, limits, x from, x to, y from, y to, label)
        (weights, WEIGHT_COLORMAP, (-limit, limit), 0.5, 5.0, 1.6, 2.6, f"$W^{{({layer})}}$\n{n_out} x {n_in}"),
        (activations[:, np.newaxis], DIGIT_COLORMAP, (0, 1), 5.6, 5.9, 0.1, 4.1,
         f"$a^{{({layer - 1})}}$\n{n_in} x 1"),
        (biases[:, np.newaxis], WEIGHT_COLORMAP, (-limit, limit), 6.6, 6.9, 1.6, 2.6, f"$b^{{({layer})}}$\n{n_out} x 1"),
        (output[:, np.newaxis], DIGIT_COLORMAP, (0, 1), 8.5, 8.8, 1.6, 2.6, f"$a^{{({layer})}}$\n{n_out} x 1"),
    ]
    for values, cmap, (low, high), x0, x1, y0, y1, label in blocks:
        ax.imshow(values, cmap=cmap, vmin=low, vmax=high, extent=(x0, x1, y0, y1),
                  interpolation="nearest", aspect="auto")
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#555555", linewidth=0.8))
        ax.text((x0 + x1) / 2, max(y1, 2.6) + 0.15 if y1 < 4 else y0 - 0.15, label,
                ha="center", va="bottom" if y1 < 4 else "top", fontsize=10.5)
    for x, symbol in [(0.3, "σ("), (5.3, "×"), (6.25, "+"), (7.3, ")"), (7.95, "=")]:
        ax.text(x, 2.1, symbol, ha="center", va="center", fontsize=16)
    ax.text(9.3, -0.8, "blocks not to scale", ha="right", va="bottom", fontsize=8, color="#666666")
    ax.set_xlim(0, 9.4)
    ax.set_ylim(-0.9, 4.3)
    ax.axis("off")
    return figure


@book_figure("matrix-shapes.svg")
def _matrix_shapes():
    network, digit = _book_network_and_digit()
    return layer_shapes(network.weights[0], network.biases[0], digit)
