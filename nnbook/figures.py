"""The book's figures, drawn at build time from code (never committed).

Each figure function takes data and returns a matplotlib ``Figure``, so a reader can call it
on their own digits. ``BOOK_FIGURES`` maps a file name under ``figures/`` in the built site to a
function of no arguments that draws that figure from the book's own data; the mkdocs hook
renders each one and adds it to the build. A chapter shows it with
``![alt text that says what the figure shows](figures/<name>.svg)``.
"""

import matplotlib

matplotlib.use("Agg")

BOOK_FIGURES = {}


def book_figure(name):
    """Register a no-argument function as the drawing of ``figures/<name>`` in the book."""

    def register(draw):
        BOOK_FIGURES[name] = draw
        return draw

    return register


# Chapter 1: the handwritten-digit problem (digits as pictures and as 784 numbers)

import numpy as np  # noqa: E402  (each chapter's section keeps its own imports)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from nnbook.data import load_mnist  # noqa: E402

DIGIT_COLORMAP = "gray_r"  # ink dark on white: 0 (background) is white, 1 (full ink) is black
FIGURE_WIDTH = 7.0  # inches; fits the book's ~700 px text column


def _as_digit_images(images):
    """Check that ``images`` is one row of 784 pixel values per digit; return them as (N, 28, 28)."""
    images = np.asarray(images)
    if images.ndim != 2 or images.shape[1] != 784 or len(images) == 0:
        raise ValueError(
            f"expected digit images of shape (N, 784), one row of 784 pixel values per digit, "
            f"got shape {images.shape}; flatten 28x28 pictures with images.reshape(-1, 784)"
        )
    return images.reshape(-1, 28, 28)


def _as_one_digit(image):
    """Check that ``image`` is one digit, 784 values or 28x28; return it as 28x28."""
    image = np.asarray(image)
    if image.size != 784 or image.ndim not in (1, 2) or (image.ndim == 2 and image.shape != (28, 28)):
        raise ValueError(
            f"expected one digit as 784 pixel values (shape (784,) or (28, 28)), got shape {image.shape}; "
            f"pass a single row such as mnist.test_images[0]"
        )
    return image.reshape(28, 28)


def _as_labels(labels, count):
    labels = np.asarray(labels)
    if labels.shape != (count,):
        raise ValueError(f"expected {count} labels, one per image, got an array of shape {labels.shape}")
    return labels


def _draw_digit(ax, picture):
    """Draw one 28x28 picture on ``ax`` as ink on paper, with a thin frame and no ticks."""
    ax.imshow(picture, cmap=DIGIT_COLORMAP, vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#cccccc")


def digit_grid(images, labels=None, columns=10):
    """Draw digits in a grid, each with its label above it (chapter 1).

    ``images`` holds one row of 784 pixel values per digit, ``labels`` one integer per digit
    (or None to leave the pictures unlabeled). Returns a Figure with one axes per digit.
    """
    pictures = _as_digit_images(images)
    if labels is not None:
        labels = _as_labels(labels, len(pictures))
    if int(columns) < 1:
        raise ValueError(f"columns must be a positive whole number, got {columns}")
    columns = min(int(columns), len(pictures))
    rows = -(-len(pictures) // columns)
    cell = FIGURE_WIDTH / max(columns, 10)
    row_height = cell * (1.2 if labels is not None else 1.0)  # room for the labels
    figure = Figure(figsize=(cell * columns, row_height * rows), facecolor="white")
    for index, picture in enumerate(pictures):
        ax = figure.add_subplot(rows, columns, index + 1)
        _draw_digit(ax, picture)
        if labels is not None:
            ax.set_title(str(labels[index]), fontsize=9, pad=2)
    figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.97 if labels is None else 0.95,
                           wspace=0.08, hspace=0.08 if labels is None else 0.3)
    return figure


def digit_pixels(image, top=6, left=12, size=10):
    """Draw one digit beside a close-up of a ``size`` x ``size`` crop, each pixel's value written in it (chapter 1).

    ``image`` is one digit as 784 values between 0 and 1 (or 28x28); the crop starts at row ``top``
    and column ``left``, and a frame on the whole digit shows where it is. Exact zeros (background)
    are written "0", anything else to one decimal. Returns a Figure with two axes.
    """
    picture = _as_one_digit(image)
    if not (0 <= top and 0 <= left and 1 <= size and top + size <= 28 and left + size <= 28):
        raise ValueError(f"the crop (top={top}, left={left}, size={size}) must lie inside the 28x28 picture")
    figure = Figure(figsize=(FIGURE_WIDTH, FIGURE_WIDTH * 0.5), facecolor="white")
    whole, close_up = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1]})
    _draw_digit(whole, picture)
    whole.add_patch(Rectangle((left - 0.5, top - 0.5), size, size,
                            fill=False, edgecolor="#e8710a", linewidth=2))
    whole.set_title("the whole digit: 28 x 28 pixels", fontsize=9)
    crop = picture[top:top + size, left:left + size]
    _draw_digit(close_up, crop)
    for spine in close_up.spines.values():
        spine.set_edgecolor("#e8710a")
        spine.set_linewidth(2)
    for (row, column), value in np.ndenumerate(crop):
        text = "0" if value == 0 else f"{value:.1f}"
        color = "white" if value > 0.5 else ("#333333" if value > 0 else "#aaaaaa")
        close_up.text(column, row, text, ha="center", va="center", fontsize=7, color=color)
    close_up.set_title(f"rows {top}-{top + size - 1}, columns {left}-{left + size - 1}: one number per pixel",
                       fontsize=9)
    figure.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.9, wspace=0.08)
    return figure


def digit_variants(images, labels, digit, count=40, columns=10):
    """Draw the first ``count`` examples of one ``digit``: how differently one digit is written (chapter 1).

    ``images`` holds one row of 784 pixel values per digit and ``labels`` their digits.
    Returns a Figure with one axes per example drawn (fewer than ``count`` if there are fewer).
    """
    pictures = _as_digit_images(images)
    labels = _as_labels(labels, len(pictures))
    examples = pictures[labels == digit][:count]
    if len(examples) == 0:
        raise ValueError(f"no image is labeled {digit!r}; digit must be one of the labels, 0 to 9")
    return digit_grid(examples.reshape(-1, 784), columns=columns)


def average_digits(images, labels):
    """Draw the average picture of each digit 0-9: the mean of all its images, pixel by pixel (chapter 1).

    ``images`` holds one row of 784 pixel values per digit and ``labels`` their digits; every digit
    0 to 9 must appear. Returns a Figure with ten axes, in two rows of five.
    """
    pictures = _as_digit_images(images)
    labels = _as_labels(labels, len(pictures))
    missing = sorted(set(range(10)) - set(labels.tolist()))
    if missing:
        raise ValueError(f"every digit 0-9 needs at least one image to average; none for {missing}")
    figure = Figure(figsize=(FIGURE_WIDTH * 0.9, FIGURE_WIDTH * 0.9 * 0.46), facecolor="white")
    for digit in range(10):
        ax = figure.add_subplot(2, 5, digit + 1)
        _draw_digit(ax, pictures[labels == digit].mean(axis=0))
        ax.set_title(f"average {digit}", fontsize=9, pad=3)
    figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92, wspace=0.06, hspace=0.2)
    return figure


@book_figure("first-test-digits.svg")
def _first_test_digits():
    mnist = load_mnist()
    return digit_grid(mnist.test_images[:50], mnist.test_labels[:50])


@book_figure("digit-as-numbers.svg")
def _digit_as_numbers():
    return digit_pixels(load_mnist().test_images[0])


@book_figure("many-fours.svg")
def _many_fours():
    mnist = load_mnist()
    return digit_variants(mnist.test_images, mnist.test_labels, digit=4, count=40)


@book_figure("average-digits.svg")
def _average_digits():
    mnist = load_mnist()
    return average_digits(mnist.train_images, mnist.train_labels)


# Chapters 2-4: neurons and layers, weights and biases, the matrix form

from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.colors import Normalize  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

from nnbook import detectors as _detectors  # noqa: E402
from nnbook.activations import sigmoid as _sigmoid  # noqa: E402
from nnbook.network import Network  # noqa: E402

WEIGHT_COLORMAP = "RdBu"  # diverging, centered on zero: positive weights blue, negative red, zero white
ACCENT = "#e8710a"  # the orange that marks an answer or a highlight
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
    picture = _as_one_digit(image)
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


def _as_weight_pictures(weights):
    """Check ``weights`` is one neuron's 784 weights or several; return them as (N, 28, 28)."""
    array = np.asarray(weights, dtype=np.float64)
    if array.shape in ((784,), (28, 28)):
        array = array.reshape(1, 28, 28)
    elif array.ndim == 2 and array.shape[1] == 784 and len(array):
        array = array.reshape(-1, 28, 28)
    elif not (array.ndim == 3 and array.shape[1:] == (28, 28) and len(array)):
        raise ValueError(
            f"expected the 784 weights of one neuron (shape (784,) or (28, 28)) or of several "
            f"(shape (N, 784) or (N, 28, 28)), got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError("the weights contain NaN or infinity")
    return array


def _draw_weights(ax, picture, limit):
    """Draw 28x28 weights on ``ax`` with the diverging colormap, symmetric around zero."""
    shown = ax.imshow(picture, cmap=WEIGHT_COLORMAP, vmin=-limit, vmax=limit, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#cccccc")
    return shown


def _weight_colorbar(figure, shown, axes):
    bar = figure.colorbar(shown, ax=axes, shrink=0.85, pad=0.02)
    bar.set_label("weight (blue +, red -)", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    return bar


def weight_pictures(weights, titles=None):
    """Draw neurons' weights as 28x28 pictures, side by side (chapter 3).

    ``weights`` is one neuron's 784 weights (shape (784,) or (28, 28)) or several neurons'
    (shape (N, 784) or (N, 28, 28)); ``titles`` one title per picture, or None. The colormap is
    diverging and centered on zero with the same limits for every picture: blue pixels are
    positive weights, red negative, white 0. Returns a Figure.
    """
    pictures = _as_weight_pictures(weights)
    if titles is not None and len(titles) != len(pictures):
        raise ValueError(f"expected {len(pictures)} titles, one per picture, got {len(titles)}")
    limit = float(np.abs(pictures).max()) or 1.0
    count = len(pictures)
    cell = min(2.2, (FIGURE_WIDTH - 1.0) / count)
    figure = Figure(figsize=(cell * count + 1.0, cell * 1.15 + 0.2), facecolor="white",
                    layout="constrained")
    axes = figure.subplots(1, count, squeeze=False)[0]
    for index, (ax, picture) in enumerate(zip(axes, pictures)):
        shown = _draw_weights(ax, picture, limit)
        if titles is not None:
            ax.set_title(titles[index], fontsize=9)
    _weight_colorbar(figure, shown, list(axes))
    return figure


def weighted_sum_parts(weights, image):
    """Draw a digit, one neuron's weights, and their product pixel by pixel (chapter 3).

    ``weights`` and ``image`` are each 784 numbers (or 28x28). The third picture is
    weights * pixels: its pixels add up to the weighted sum, which the title states. Weights and
    products share the diverging colormap (blue positive, red negative). Returns a Figure.
    """
    weights = _as_weight_pictures(weights)
    if len(weights) != 1:
        raise ValueError(f"expected the 784 weights of one neuron, got {len(weights)} neurons' weights")
    picture = _as_one_digit(image).astype(np.float64)
    product = weights[0] * picture
    limit = float(np.abs(weights).max()) or 1.0
    figure = Figure(figsize=(FIGURE_WIDTH, 2.7), facecolor="white", layout="constrained")
    digit_ax, weights_ax, product_ax = figure.subplots(1, 3)
    _draw_digit(digit_ax, picture)
    digit_ax.set_title("the digit (pixels)", fontsize=9)
    _draw_weights(weights_ax, weights[0], limit)
    weights_ax.set_title("one neuron's 784 weights", fontsize=9)
    shown = _draw_weights(product_ax, product, limit)
    product_ax.set_title(f"weights x pixels\n(they add up to {product.sum():.2f})", fontsize=9)
    _weight_colorbar(figure, shown, [weights_ax, product_ax])
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


def _as_detectors(found):
    found = list(found)
    if not found or not all(isinstance(d, _detectors.Detector) for d in found):
        raise ValueError("expected a non-empty list of Detector objects, such as nnbook.detectors.book_detectors()")
    return found


def detector_pictures(found):
    """Draw hand-built detectors' weights side by side, each titled with its name and bias
    (chapter 3). ``found`` is a list of ``nnbook.detectors.Detector``. Returns a Figure."""
    found = _as_detectors(found)
    return weight_pictures(np.stack([d.weights for d in found]),
                           [f"{d.name}\nbias {d.bias:g}" for d in found])


def detector_class_means(found, images, labels):
    """Draw each detector's mean response to the digits of each class, as a table of shaded
    cells with the numbers written in (chapter 3).

    ``found`` is a list of Detectors; ``images`` one row of 784 pixel values per digit; ``labels``
    their digits, every digit 0-9 present. Returns a Figure with one row per detector.
    """
    found = _as_detectors(found)
    pictures = _as_digit_images(images)
    labels = _as_labels(labels, len(pictures))
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
    found = _as_detectors(found)
    pictures = _as_digit_images(images)
    labels = _as_labels(labels, len(pictures))
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
        _draw_weights(ax, detector.weights, float(np.abs(detector.weights).max()))
        ax.set_title(detector.name, fontsize=8.5, pad=2)
        chosen = list(order[::-1][:count]) + list(order[:count])
        for place, index in zip(places, chosen):
            ax = figure.add_subplot(grid[row, place])
            _draw_digit(ax, pictures[index])
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


# Chapter 5: what learning really means (cost, gradient descent, the trained network's results)

from matplotlib.colors import LogNorm  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from nnbook.recipes import trained  # noqa: E402


def _as_history_dict(histories):
    """One History, or a dict of label -> History, as a dict (the chapter 5 and 7 learning curves)."""
    if isinstance(histories, dict):
        if not histories:
            raise ValueError("learning_curves needs at least one History; got an empty dict")
        return histories
    return {"": histories}


def _picture_grid(count, columns, row_height=1.05, width=FIGURE_WIDTH):
    """A figure with ``count`` picture axes in rows of ``columns`` (empty cells hidden), and those axes."""
    rows = -(-count // columns)
    figure = Figure(figsize=(width, row_height * rows + 0.2), facecolor="white", layout="constrained")
    axes = list(figure.subplots(rows, columns, squeeze=False).flat)
    for ax in axes[count:]:
        ax.axis("off")
    return figure, axes[:count]


def bowl_cost(w1, w2):
    """Chapter 5's two-knob cost: a stretched, tilted bowl whose lowest point (cost 0) is at
    w1 = 1, w2 = -0.5. Works on numbers or on arrays of the same shape, element by element."""
    u, v = w1 - 1.0, w2 + 0.5
    return 0.5 * u**2 + 2.0 * v**2 + 0.8 * u * v


def bowl_gradient(w1, w2):
    """The slope of ``bowl_cost``: (dC/dw1, dC/dw2) at one point, as a length-2 array."""
    u, v = w1 - 1.0, w2 + 0.5
    return np.array([u + 0.8 * v, 4.0 * v + 0.8 * u])


def descent_path(gradient, start, learning_rate, steps):
    """Gradient descent on a two-knob cost: from ``start`` (w1, w2), ``steps`` times take
    w <- w - learning_rate * gradient(w1, w2). Returns the (steps + 1, 2) array of points visited,
    the start first (chapter 5)."""
    if steps < 0 or learning_rate <= 0:
        raise ValueError(f"descent_path needs steps >= 0 and learning_rate > 0; got steps={steps}, "
                         f"learning_rate={learning_rate}")
    point = np.asarray(start, dtype=float)
    if point.shape != (2,):
        raise ValueError(f"start must be two numbers (w1, w2); got shape {point.shape}")
    path = [point]
    for _ in range(steps):
        point = point - learning_rate * np.asarray(gradient(*point), dtype=float)
        path.append(point)
    return np.array(path)


def descent_figure(cost, path, margin=0.5):
    """Contours of a two-knob ``cost(w1, w2)`` with the ``path`` gradient descent took
    ((steps + 1, 2) array, as from ``descent_path``) drawn on top (chapter 5)."""
    path = np.asarray(path, dtype=float)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) == 0 or not np.isfinite(path).all():
        raise ValueError(f"path must be a non-empty (steps + 1, 2) array of finite points; got shape {path.shape}")
    low, high = path.min(axis=0) - margin, path.max(axis=0) + margin
    side = (high - low).max()
    center = (low + high) / 2
    low, high = center - side / 2, center + side / 2
    w1, w2 = np.meshgrid(np.linspace(low[0], high[0], 100), np.linspace(low[1], high[1], 100))
    figure = Figure(figsize=(6, 5.2), layout="constrained")
    ax = figure.add_subplot()
    filled = ax.contourf(w1, w2, cost(w1, w2), levels=15, cmap="Blues_r")
    ax.contour(w1, w2, cost(w1, w2), levels=15, colors="white", linewidths=0.5)
    figure.colorbar(filled, ax=ax, label="cost")
    ax.plot(path[:, 0], path[:, 1], "-o", color="#d95f02", markersize=3.5, linewidth=1.5, label="gradient descent")
    ax.plot(*path[0], "s", color="black", markersize=8, label="start")
    ax.plot(*path[-1], "*", color="#d95f02", markeredgecolor="black", markersize=14, label=f"after {len(path) - 1} steps")
    ax.set_xlabel("knob $w_1$")
    ax.set_ylabel("knob $w_2$")
    ax.set_aspect("equal")
    ax.legend(loc="upper right", framealpha=0.9)
    return figure


def learning_curves(histories):
    """Accuracy per epoch on the test digits (solid) and the training digits (dashed), from one
    ``History`` or a dict of label -> ``History`` drawn on the same axes (chapters 5 and 7).
    Each history needs ``test_accuracy`` (train with ``test=``)."""
    histories = _as_history_dict(histories)
    figure = Figure(figsize=(7, 4), layout="constrained")
    ax = figure.add_subplot()
    colors = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a"]
    for (label, history), color in zip(histories.items(), colors * len(histories)):
        test = getattr(history, "test_accuracy", None)
        if test is None or len(test) == 0 or any(a is None for a in test):
            raise ValueError(f"history {label!r} has no test accuracy per epoch: train with test=(images, labels)")
        epochs = np.arange(1, len(test) + 1)
        name = f"{label}: " if label else ""
        marker = "o" if len(test) <= 20 else None  # dots only while they stay apart
        ax.plot(epochs, 100 * np.asarray(test), "-", marker=marker, color=color, markersize=4,
                label=f"{name}test digits")
        train = getattr(history, "accuracy", None)
        if train is not None and len(train) == len(test) and all(a is not None for a in train):
            ax.plot(epochs, 100 * np.asarray(train), "--", color=color, label=f"{name}training digits")
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy (%)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    return figure


def confusion_matrix(labels, predictions, classes=10):
    """Counts of (true digit, answer) pairs: a (classes, classes) int array whose row is the true
    digit and column the network's answer, so the diagonal holds the right answers (chapter 5)."""
    labels, predictions = np.asarray(labels), np.asarray(predictions)
    if labels.shape != predictions.shape or labels.ndim != 1:
        raise ValueError(f"labels and predictions must be 1-D and the same length; got {labels.shape} and {predictions.shape}")
    for name, values in (("labels", labels), ("predictions", predictions)):
        if values.size and (values.min() < 0 or values.max() >= classes):
            raise ValueError(f"{name} must be digits 0..{classes - 1}; got values from {values.min()} to {values.max()}")
    counts = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(counts, (labels, predictions), 1)
    return counts


def confusion_figure(labels, predictions):
    """The confusion matrix of ``labels`` against ``predictions`` as a 10 x 10 grid with the count in
    each cell; color on a log scale (of count + 1, so empty cells are white) so the few mistakes show
    beside the many right answers, with a color bar labeled in counts (chapter 5)."""
    counts = confusion_matrix(labels, predictions)
    figure = Figure(figsize=(6.2, 5.6), layout="constrained")
    ax = figure.add_subplot()
    shown = ax.imshow(counts + 1, cmap="Blues", norm=LogNorm(1, counts.max() + 1))
    bar = figure.colorbar(shown, ax=ax, shrink=0.8, pad=0.02)
    ticks = [n for n in (0, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000) if n <= counts.max()]
    bar.set_ticks([n + 1 for n in ticks], labels=[str(n) for n in ticks])
    bar.minorticks_off()
    bar.set_label("test digits (log scale)")
    dark = np.sqrt(counts.max() + 1)
    for (true, answer), n in np.ndenumerate(counts):
        if n:
            ax.text(answer, true, str(n), ha="center", va="center", fontsize=8,
                    color="white" if n + 1 > dark else "black")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel("the network's answer")
    ax.set_ylabel("true digit")
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    return figure


def misclassified_gallery(images, labels, predictions, count=24, columns=8):
    """The first ``count`` digits the network gets wrong, each titled with its true label and the
    network's answer. ``images`` is (N, 784); ``labels`` and ``predictions`` have length N (chapter 5)."""
    images, labels, predictions = np.asarray(images), np.asarray(labels), np.asarray(predictions)
    if images.ndim != 2 or images.shape[1] != 784 or len(labels) != len(images) or labels.shape != predictions.shape:
        raise ValueError(f"need images (N, 784) and N labels and predictions; got {images.shape}, "
                         f"{labels.shape}, {predictions.shape}")
    wrong = np.flatnonzero(labels != predictions)[:count]
    if len(wrong) == 0:
        raise ValueError("every prediction is right: there are no misclassified digits to show")
    figure, axes = _picture_grid(len(wrong), columns)
    for ax, i in zip(axes, wrong):
        _draw_digit(ax, images[i].reshape(28, 28))
        ax.set_title(f"{labels[i]}, said {predictions[i]}", fontsize=9)
    return figure


@book_figure("gradient-descent-bowl.svg")
def _gradient_descent_bowl():
    # The same start, learning rate and steps as the path chapter 5 prints.
    return descent_figure(bowl_cost, descent_path(bowl_gradient, start=(-2, 1.5), learning_rate=0.3, steps=25))


@book_figure("learning-curve-chapter5.svg")
def _learning_curve_chapter5():
    return learning_curves(trained("chapter5")[1])


@book_figure("confusion-matrix-chapter5.svg")
def _confusion_matrix_chapter5():
    network, mnist = trained("chapter5")[0], load_mnist()
    return confusion_figure(mnist.test_labels, network.predict(mnist.test_images))


@book_figure("misclassified-chapter5.svg")
def _misclassified_chapter5():
    network, mnist = trained("chapter5")[0], load_mnist()
    return misclassified_gallery(mnist.test_images, mnist.test_labels, network.predict(mnist.test_images))


# Chapter 6: looking inside (learned weights beside hand-built ones, answers to noise)


def learned_and_handbuilt(learned, found, columns=8):
    """The first-layer weights a network learned beside the hand-built detectors of chapter 3, each
    as a 28x28 picture in chapter 3's colors: the same diverging colormap centered on zero (blue
    positive, red negative, white 0), with a color bar (chapter 6).

    ``learned`` is (n, 784), one row per neuron, such as ``network.weights[0]``, drawn in rows of
    ``columns`` on one color scale. ``found`` is a list of ``nnbook.detectors.Detector``, or a list of
    such lists: each list is drawn in one row on its own color scale, with its own color bar, so
    ``[edges, loops]`` shows them exactly as chapter 3's edge and loop figures do.
    """
    learned = _as_weight_pictures(learned)
    found = list(found)
    groups = [_as_detectors(group) for group in found] if found and all(
        isinstance(group, (list, tuple)) for group in found) else [_as_detectors(found)]
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
        shown = _draw_weights(ax, picture, limit)
        ax.set_title(title, fontsize=8)
    bar = _weight_colorbar(part, shown, axes)
    bar.set_label("weight\n(blue +, red -)", fontsize=8)  # two lines fit a one-row group's short bar


def noise_answers(images, outputs, count=8, columns=4):
    """Pictures fed to a network with its answer and its top output activation above each:
    ``images`` is (n, 784), ``outputs`` the network's (n, 10) output activations (chapter 6)."""
    images, outputs = np.asarray(images), np.asarray(outputs)
    if images.ndim != 2 or images.shape[1] != 784 or outputs.shape != (len(images), 10) or len(images) == 0:
        raise ValueError(f"need images (n, 784) and outputs (n, 10) for the same n >= 1; got {images.shape} and {outputs.shape}")
    count = min(count, len(images))
    figure, axes = _picture_grid(count, columns, row_height=1.7, width=6)
    for ax, image, output in zip(axes, images[:count], outputs[:count]):
        _draw_digit(ax, image.reshape(28, 28))
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


# Chapter 7: beyond the sigmoid (ReLU, sigmoid against ReLU, a wider network)


def activation_curves(z=None):
    """Sigmoid and ReLU (left) and their slopes (right) over the weighted sums ``z`` (a 1-D array;
    -6 to 6 if omitted), from ``nnbook.activations`` (chapter 7)."""
    from nnbook.activations import relu, relu_prime, sigmoid, sigmoid_prime

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
