"""The book's figures, drawn at build time from code (never committed).

Each figure function takes data and returns a matplotlib ``Figure``, so a reader can call it on
their own digits. ``BOOK_FIGURES`` maps a file name under ``figures/`` in the built site to a
function of no arguments that draws that figure from the book's own data; the mkdocs hook renders
each one and adds it to the build. A chapter shows it with
``![alt text that says what the figure shows](figures/<name>.svg)``.

One module per part of the book: ``digits`` (chapter 1), ``neurons`` (chapters 2-4), ``learning``
(chapter 5) and ``inside`` (chapters 6 and 7); ``base`` holds the registry and what they share.
To add a figure, write its function in its chapter's module and register the book's drawing with
``@book_figure("name.svg")``.
"""

from nnbook.figures.base import BOOK_FIGURES, book_figure
from nnbook.figures.digits import average_digits, digit_grid, digit_pixels, digit_variants
from nnbook.figures.inside import activation_curves, learned_and_handbuilt, noise_answers
from nnbook.figures.learning import (
    bowl_cost,
    bowl_gradient,
    confusion_figure,
    confusion_matrix,
    descent_figure,
    descent_path,
    learning_curves,
    misclassified_gallery,
)
from nnbook.figures.neurons import (
    detector_class_means,
    detector_extremes,
    detector_pictures,
    layer_shapes,
    network_activations,
    sigmoid_curve,
    weight_pictures,
    weighted_sum_parts,
)

__all__ = [
    "BOOK_FIGURES",
    "activation_curves",
    "average_digits",
    "book_figure",
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
    "layer_shapes",
    "learned_and_handbuilt",
    "learning_curves",
    "misclassified_gallery",
    "network_activations",
    "noise_answers",
    "sigmoid_curve",
    "weight_pictures",
    "weighted_sum_parts",
]
