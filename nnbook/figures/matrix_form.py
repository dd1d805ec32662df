"""The figures of docs/matrix-form.md, chapter 4 ("The network as one function"): the shapes of
one layer's matrix form."""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from nnbook.activations import sigmoid as _sigmoid
from nnbook.figures.drawing import DIGIT_COLORMAP, FIGURE_WIDTH, WEIGHT_COLORMAP
from nnbook.figures.neurons_and_layers import book_network_and_digit


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


def _matrix_shapes():
    network, digit = book_network_and_digit()
    return layer_shapes(network.weights[0], network.biases[0], digit)


# The book's figures from this page, by file name under figures/ in the built site.
BOOK_FIGURES = {
    "matrix-shapes.svg": _matrix_shapes,
}
