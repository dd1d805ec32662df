"""The figures of docs/backpropagation-calculus.md (nnbook/figures/backpropagation_calculus.py): the
paths by which one weight's nudge reaches the cost."""

import matplotlib.colors
import pytest
from matplotlib.figure import Figure

from nnbook import figures
from nnbook.figures.backpropagation_calculus import PATH_COLORS
from nnbook.figures.drawing import ACCENT


def line_colors(figure):
    """The color of every line drawn thick (a path or the nudged weight), as '#rrggbb'."""
    return [matplotlib.colors.to_hex(line.get_color()) for line in figure.axes[0].lines if line.get_linewidth() > 2]


def test_the_books_network_has_one_path_through_each_output_neuron():
    figure = figures.weight_paths()
    assert isinstance(figure, Figure)
    colors = line_colors(figure)
    assert colors.count(ACCENT) == 1  # the nudged weight
    # Each path: from the hidden neuron to its output neuron, then on to the cost.
    assert colors.count(PATH_COLORS[0]) == 2 and colors.count(PATH_COLORS[1]) == 2
    texts = [text.get_text() for text in figure.axes[0].texts]
    assert "$w^{(1)}_{00}$" in texts and "$C$" in texts and "$a^{(2)}_1$" in texts


def test_a_deeper_network_shares_the_stretches_before_the_output_layer():
    figure = figures.weight_paths((3, 3, 2, 3), neuron=1, pixel=2)
    colors = line_colors(figure)
    assert "$w^{(1)}_{12}$" in [text.get_text() for text in figure.axes[0].texts]
    # Hidden neuron 1 feeds both neurons of the next hidden layer: two shared stretches, drawn
    # dark; each of those feeds the 3 outputs, and each output the cost.
    assert len(colors) == 1 + 2 + 2 * 3 + 3
    assert all(colors.count(color) == 2 + 1 for color in PATH_COLORS)


@pytest.mark.parametrize("sizes, neuron, pixel, message", [
    ((2, 2), 0, 0, "3 or 4 layers"),
    ((2, 5, 2), 0, 0, "1 to 4 neurons"),
    ((2, 2, 4), 0, 0, "at most 3 outputs"),
    ((2, 2, 2), 2, 0, "neuron=2"),
    ((2, 2, 2), 0, -1, "pixel=-1"),
])
def test_weight_paths_rejects_what_it_cannot_draw(sizes, neuron, pixel, message):
    with pytest.raises(ValueError, match=message):
        figures.weight_paths(sizes, neuron=neuron, pixel=pixel)
