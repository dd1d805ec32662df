"""The figures of the page ``matrix-form`` ("The network as one function"): the shapes of one
layer's matrix form."""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from nnbook.activations import sigmoid as _sigmoid
from nnbook.figures.drawing import DIGIT_COLORMAP, INK, PLOT_FONT, PLOT_WIDTH, WEIGHT_COLORMAP
from nnbook.figures.neurons_and_layers import book_network_and_digit


# Points: the formula's symbols and the blocks' names, whose superscripts (0.7 of it) stay 9 CSS px
# tall or more on a phone
SYMBOL_FONT = 16


def layer_shapes(weights, biases, activations, layer=1):
    """Draw layer l's a^(l) = sigmoid(W^(l) a^(l-1) + b^(l)) as blocks with their shapes
    (page ``matrix-form``).

    ``weights`` is the layer's matrix W^(l), shape (n_out, n_in); ``biases`` its vector b^(l),
    shape (n_out,); ``activations`` the previous layer's vector a^(l-1), shape (n_in,); ``layer``
    the number l in the labels (the first hidden layer is 1, the input layer 0). Each block shows
    its real numbers (weights and biases in the diverging colormap, activations as ink), not to
    scale but in order, at equal scales across and down: equal counts are drawn at equal lengths
    and larger counts longer, so for 784 inputs and 16 neurons W is wide, a^(l-1) as tall as W is
    wide, b and a^(l) short. Returns a Figure.
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

    def side(count):
        """A block's side for ``count`` rows or columns: equal counts get equal lengths, more get longer."""
        return 4.0 * (count / max(n_in, n_out)) ** 0.35

    thin, gap, middle = 0.3, 0.7, 2.1  # a column's width, the room for a symbol, the blocks' center line
    parts = [  # (values as a picture, colormap, limits, width, height, name, shape, the symbol after it)
        (weights, WEIGHT_COLORMAP, (-limit, limit), side(n_in), side(n_out), f"$W^{{({layer})}}$", f"{n_out} x {n_in}", "×"),
        (activations[:, np.newaxis], DIGIT_COLORMAP, (0, 1), thin, side(n_in), f"$a^{{({layer - 1})}}$", f"{n_in} x 1", "+"),
        (biases[:, np.newaxis], WEIGHT_COLORMAP, (-limit, limit), thin, side(n_out), f"$b^{{({layer})}}$", f"{n_out} x 1", ")  ="),
        (output[:, np.newaxis], DIGIT_COLORMAP, (0, 1), thin, side(n_out), f"$a^{{({layer})}}$", f"{n_out} x 1", ""),
    ]
    symbol_widths = [gap * (2 if ")" in symbol else 1) for *_, symbol in parts]
    right = 0.7 + sum(part[3] for part in parts) + sum(symbol_widths)
    tallest = max(part[4] for part in parts)
    line = 1.3 * PLOT_FONT / 72 * right / PLOT_WIDTH  # a line of PLOT_FONT text, in the drawing's units
    bottom, top = middle - tallest / 2 - 3 * line, middle + tallest / 2 + 0.2  # room for the labels
    # Drawn at equal scales across and down, so that equal lengths look equal.
    figure = Figure(figsize=(PLOT_WIDTH, PLOT_WIDTH * (top - bottom) / right), facecolor="white")
    ax = figure.add_axes([0.0, 0.0, 1.0, 1.0])
    ax.text(0.3, middle, "σ(", ha="center", va="center", fontsize=SYMBOL_FONT)
    x0 = 0.6
    for (values, cmap, (low, high), width, height, name, shape, symbol), symbol_width in zip(parts, symbol_widths):
        x1, y0, y1 = x0 + width, middle - height / 2, middle + height / 2
        ax.imshow(values, cmap=cmap, vmin=low, vmax=high, extent=(x0, x1, y0, y1),
                  interpolation="nearest", aspect="auto")
        ax.add_patch(Rectangle((x0, y0), width, height, fill=False, edgecolor=INK, linewidth=0.8))
        # its name over its shape: under a tall column, above the others
        if height > 2.0:
            name_y, shape_y, align = y0 - 0.1, y0 - 0.1 - 1.7 * line, "top"
        else:
            shape_y = max(y1, middle + 0.5) + 0.1
            name_y, align = shape_y + line, "bottom"
        ax.text((x0 + x1) / 2, name_y, name, ha="center", va=align, fontsize=SYMBOL_FONT)
        ax.text((x0 + x1) / 2, shape_y, shape, ha="center", va=align, fontsize=PLOT_FONT)
        ax.text(x1 + symbol_width / 2, middle, symbol, ha="center", va="center", fontsize=SYMBOL_FONT)
        x0 = x1 + symbol_width
    ax.text(x0, bottom + 0.1, "blocks not to scale", ha="right", va="bottom", fontsize=PLOT_FONT, color=INK)
    ax.set_xlim(0, right)
    ax.set_ylim(bottom, top)
    ax.axis("off")
    return figure


def _matrix_shapes():
    network, digit = book_network_and_digit()
    return layer_shapes(network.weights[0], network.biases[0], digit)


# The book's figures from this page, by file name under figures/ in the built site.
BOOK_FIGURES = {
    "matrix-shapes.svg": _matrix_shapes,
}
