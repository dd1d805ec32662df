"""The figures of docs/beyond-sigmoid.md (nnbook/figures/beyond_sigmoid.py): sigmoid against ReLU."""

import numpy as np
import pytest

from nnbook import figures


def test_activation_curves_draw_both_functions_and_slopes():
    figure = figures.activation_curves(np.linspace(-3, 3, 61))
    values, slopes = figure.axes[:2]
    assert [line.get_label() for line in values.lines] == ["sigmoid", "ReLU"]
    assert np.isclose(max(slopes.lines[0].get_ydata()), 0.25)  # the sigmoid's slope peaks at 1/4
    with pytest.raises(ValueError, match="1-D array"):
        figures.activation_curves(np.zeros((2, 2)))
