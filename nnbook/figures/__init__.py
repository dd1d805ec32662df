"""The book's figures, drawn at build time from code (never committed).

Each figure function takes data and returns a matplotlib ``Figure``, so a reader can call it on
their own digits. One module per page of the book, named after the page: the figures of
``docs/<slug>.md`` are in ``nnbook/figures/<slug with underscores>.py`` (such as handwritten_digits.py
for docs/handwritten-digits.md) and tested in ``tests/test_figures_<slug with underscores>.py``;
``drawing`` holds what they share.

Each page module ends with ``BOOK_FIGURES``, which maps a file name under ``figures/`` in the built
site to a function of no arguments that draws that figure from the book's own data; the build
(nnbook.site) draws every one listed below. A page shows one with
``![alt text that says what the figure shows](figures/<name>.svg)``. To add a figure, write its
function in its page's module and add the book's drawing to that module's BOOK_FIGURES. A figure
listed with a phone layout, ``<name>-phone.svg``, brings it along into the page, which shows it on
a narrow screen (``drawing`` says when a figure needs one).
"""

from nnbook.figures import (
    backpropagation,
    backpropagation_calculus,
    beyond_sigmoid,
    book_network,
    gradient_descent,
    handwritten_digits,
    looking_inside,
    matrix_form,
    neurons_and_layers,
    weights_and_biases,
)
from nnbook.figures.backpropagation import hidden_wishes_figure, output_wishes_figure, weight_wishes_figure
from nnbook.figures.backpropagation_calculus import weight_paths
from nnbook.figures.beyond_sigmoid import activation_curves
from nnbook.figures.handwritten_digits import average_digits, digit_grid, digit_pixels, digit_variants
from nnbook.figures.book_network import (
    AblationRow,
    ablation_row,
    ablation_rows,
    ablation_table,
    confusion_figure,
    confusion_matrix,
    learning_curves,
    misclassified_gallery,
)
from nnbook.figures.gradient_descent import bowl_cost, bowl_gradient, descent_figure, descent_path
from nnbook.figures.looking_inside import (
    learned_and_handbuilt,
    noise_answers,
    second_layer_digits,
    second_layer_inputs,
)
from nnbook.figures.matrix_form import layer_shapes
from nnbook.figures.neurons_and_layers import network_activations
from nnbook.figures.weights_and_biases import (
    detector_class_means,
    detector_extremes,
    detector_pictures,
    sigmoid_curve,
    weight_pictures,
    weighted_sum_parts,
)

# Every figure of the book, page by page in the book's order.
BOOK_FIGURES = {
    **handwritten_digits.BOOK_FIGURES,
    **neurons_and_layers.BOOK_FIGURES,
    **weights_and_biases.BOOK_FIGURES,
    **matrix_form.BOOK_FIGURES,
    **gradient_descent.BOOK_FIGURES,
    **backpropagation.BOOK_FIGURES,
    **backpropagation_calculus.BOOK_FIGURES,
    **book_network.BOOK_FIGURES,
    **looking_inside.BOOK_FIGURES,
    **beyond_sigmoid.BOOK_FIGURES,
}
"""The figures of the pages ``handwritten-digits`` to ``beyond-sigmoid``, in book order: file name
under ``figures/`` -> a no-argument function that draws it. The build draws each one
(nnbook/site/svg.py)."""

__all__ = [
    "AblationRow",
    "BOOK_FIGURES",
    "ablation_row",
    "ablation_rows",
    "ablation_table",
    "activation_curves",
    "average_digits",
    "bowl_cost",
    "bowl_gradient",
    "confusion_figure",
    "confusion_matrix",
    "descent_figure",
    "descent_path",
    "detector_class_means",
    "detector_extremes",
    "detector_pictures",
    "digit_grid",
    "digit_pixels",
    "digit_variants",
    "hidden_wishes_figure",
    "layer_shapes",
    "learned_and_handbuilt",
    "learning_curves",
    "misclassified_gallery",
    "network_activations",
    "noise_answers",
    "output_wishes_figure",
    "second_layer_digits",
    "second_layer_inputs",
    "sigmoid_curve",
    "weight_paths",
    "weight_pictures",
    "weight_wishes_figure",
    "weighted_sum_parts",
]
