"""The figures of the page ``neurons-and-layers`` ("Neurons as numbers, layers as structure"): a
network with its activations lit by a digit."""

import matplotlib
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from nnbook.data import load_mnist
from nnbook.figures.drawing import ACCENT, DIGIT_COLORMAP, INK, PLOT_FONT, PLOT_WIDTH, as_one_digit
from nnbook.network import Network

MAX_DRAWN_NEURONS = 32  # a layer wider than this would not fit the network picture


def network_activations(network, image):
    """Draw a network with its activations lit for one digit (page ``neurons-and-layers``).

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
    figure = Figure(figsize=(PLOT_WIDTH, 4.6), facecolor="white")
    ax = figure.add_axes([0.0, 0.14, 1.0, 0.86])
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
            ax.add_patch(Circle((x, y), radius, facecolor=cmap(float(value)), edgecolor=INK,
                                linewidth=0.7, zorder=2))
    out_x, out_rows = places[-1]
    answer = int(np.argmax(layers[-1]))
    for digit, (y, value) in enumerate(zip(out_rows, layers[-1])):
        text = f"{digit}   {value:.2f}" + ("  answer" if digit == answer else "")
        ax.text(out_x + radius + 0.2, y, text, va="center", fontsize=PLOT_FONT,
                fontweight="bold" if digit == answer else "normal",
                color=ACCENT if digit == answer else INK)
    ax.add_patch(Circle((out_x, out_rows[answer]), radius * 1.45, fill=False, edgecolor=ACCENT,
                        linewidth=2, zorder=3))
    captions = ["input layer\n784 neurons:\nthe pixels"] + [
        f"hidden\nlayer {i + 1}\n{len(a)} neurons" for i, a in enumerate(layers[:-1])
    ] + [f"output layer\n{len(layers[-1])} neurons:\ndigits"]
    for x, caption in zip([2.0, *columns], captions):
        ax.text(x, -0.5, caption, ha="center", va="top", fontsize=PLOT_FONT)
    ax.set_xlim(-0.1, 16.2)
    ax.set_ylim(-2.2, 2 * middle + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    bar = figure.add_axes([0.25, 0.1, 0.5, 0.025])
    figure.colorbar(matplotlib.cm.ScalarMappable(Normalize(0, 1), cmap), cax=bar, orientation="horizontal")
    bar.set_xlabel("activation of a neuron", fontsize=PLOT_FONT)
    bar.tick_params(labelsize=PLOT_FONT)
    return figure


def book_network_and_digit():
    """The network the pages ``neurons-and-layers`` to ``matrix-form`` draw (784-16-16-10, untrained,
    seed 0) and the first test digit."""
    return Network([784, 16, 16, 10], seed=0), load_mnist().test_images[0]


def _network_activations():
    network, digit = book_network_and_digit()
    return network_activations(network, digit)


# The book's figures from this page, by file name under figures/ in the built site.
BOOK_FIGURES = {
    "network-activations.svg": _network_activations,
}
