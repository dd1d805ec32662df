"""What the figure modules share (nnbook/figures/drawing.py): the font sizes that keep a figure's
text readable on a laptop and on a phone."""

import pytest

from nnbook.figures.drawing import PHONE_COLUMN, PLOT_FONT, PLOT_WIDTH, smallest_font


def rendered(points, width):
    """CSS px tall on a phone and on a laptop, text of ``points`` in a figure ``width`` inches wide."""
    natural = points * 96 / 72
    return natural * min(1.0, PHONE_COLUMN / (96 * width)), natural


@pytest.mark.parametrize("width", [2.0, 3.5, 5.4, 7.0, 9.0])
def test_the_smallest_font_is_9_px_on_a_phone_and_11_on_a_laptop(width):
    phone, laptop = rendered(smallest_font(width), width)
    assert phone >= 9 - 1e-9 and laptop >= 11 - 1e-9
    assert phone == pytest.approx(9) or laptop == pytest.approx(11)  # the smallest: no larger than needed
    assert smallest_font(width, scripts=True) * 0.7 == pytest.approx(smallest_font(width))


def test_a_plot_in_matplotlibs_default_size_reads_on_a_phone():
    assert PLOT_FONT >= smallest_font(PLOT_WIDTH + 0.2)  # its margins as saved: 0.1 inch a side
