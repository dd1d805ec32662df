"""The figures of docs/handwritten-digits.md (nnbook/figures/handwritten_digits.py): digit grids,
one digit as numbers, many ways of one digit, average digits."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import figures
from nnbook.figures.drawing import PHONE_WIDTH


def test_digit_grid_has_one_axes_per_digit_with_its_label(digits):
    images, labels = digits
    figure = figures.digit_grid(images[:13], labels[:13], columns=5)
    assert isinstance(figure, Figure)
    assert len(figure.axes) == 13
    assert [ax.get_title() for ax in figure.axes] == [str(label) for label in labels[:13]]


def test_digit_grid_without_labels_has_no_titles(digits):
    images, _ = digits
    figure = figures.digit_grid(images[:4])
    assert len(figure.axes) == 4
    assert all(ax.get_title() == "" for ax in figure.axes)


def test_digit_pixels_writes_each_value_of_the_crop(digits):
    images, _ = digits
    image = images[0].copy()
    image[0] = 0.0
    image[2] = 1 / 255  # the faintest ink MNIST has
    figure = figures.digit_pixels(image, top=0, left=0, size=4)
    assert len(figure.axes) == 2
    texts = [text.get_text() for text in figure.axes[1].texts]
    assert len(texts) == 16
    assert texts[0] == "0"  # exact background is written as a plain 0
    assert texts[1] == f"{image[1]:.2f}"
    assert texts[2] == "<0.01"  # ink, however faint, never reads as background


def test_digit_pixels_stacked_puts_the_close_up_under_the_digit_as_wide_as_a_phone(digits):
    images, _ = digits
    figure = figures.digit_pixels(images[0], stacked=True)
    whole, close_up = figure.axes
    assert figure.get_figwidth() == PHONE_WIDTH
    assert whole.get_position().y0 > close_up.get_position().y1  # above it
    assert close_up.get_position().width > 2 * whole.get_position().width
    assert len(close_up.texts) == 100


def test_average_digits_draw_at_the_width_asked(digits):
    images, labels = digits
    assert figures.average_digits(images, labels, width=PHONE_WIDTH).get_figwidth() == PHONE_WIDTH


def test_digit_pixels_accepts_a_28_by_28_picture(digits):
    images, _ = digits
    assert len(figures.digit_pixels(images[0].reshape(28, 28)).axes) == 2


def test_digit_variants_draws_only_the_chosen_digit(digits):
    images, labels = digits
    figure = figures.digit_variants(images, labels, digit=3, count=40)
    assert len(figure.axes) == 3  # the digits have three 3s: 3, 13 and 23
    drawn = figure.axes[1].images[0].get_array()
    np.testing.assert_allclose(drawn, images[13].reshape(28, 28))


def test_average_digits_draws_the_mean_of_each_class(digits):
    images, labels = digits
    figure = figures.average_digits(images, labels)
    assert len(figure.axes) == 10
    drawn_seven = figure.axes[7].images[0].get_array()
    np.testing.assert_allclose(drawn_seven, (images[7] + images[17] + images[27]).reshape(28, 28) / 3, rtol=1e-6)


@pytest.mark.parametrize(
    "draw, message",
    [
        (lambda: figures.digit_grid(np.zeros((5, 28, 28))),
         r"expected a batch of shape \(N, 784\), got shape \(5, 28, 28\); flatten them with images.reshape"),
        (lambda: figures.digit_grid(np.zeros((5, 784)), labels=[1, 2]), r"expected 5 labels, shape \(5,\), got shape \(2,\)"),
        (lambda: figures.digit_grid(np.zeros((0, 784))), "expected at least one image, got an empty batch"),
        (lambda: figures.digit_pixels(np.zeros(783)), r"got shape \(783,\)$"),
        (lambda: figures.digit_pixels(np.zeros((2, 784))), r"expected one digit .* got shape \(2, 784\)"),
        (lambda: figures.digit_pixels(np.zeros(784), top=25, size=10), "must lie inside the 28x28 picture"),
        (lambda: figures.digit_variants(np.zeros((5, 784)), np.zeros(5, dtype=int), digit=7), "no image is labeled 7"),
        (lambda: figures.average_digits(np.zeros((5, 784)), np.arange(5)), r"none for \[5, 6, 7, 8, 9\]"),
    ],
    ids=["grid-3d", "grid-label-count", "grid-empty", "pixels-783", "pixels-two-digits", "pixels-crop-outside",
         "variants-missing-digit", "averages-missing-classes"],
)
def test_bad_input_is_a_clear_value_error(draw, message):
    with pytest.raises(ValueError, match=message):
        draw()
