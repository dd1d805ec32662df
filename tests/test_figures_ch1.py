"""Chapter 1's figures: digit grids, one digit as numbers, many ways of one digit, average digits."""

import io

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import figures

CHAPTER_1_FIGURES = ["first-test-digits.svg", "digit-as-numbers.svg", "many-fours.svg", "average-digits.svg"]


@pytest.fixture
def digits():
    """Twenty small random 'digits' (values in [0, 1]) labeled 0-9 twice over."""
    rng = np.random.default_rng(0)
    return rng.random((20, 784)).astype(np.float32), np.arange(20) % 10


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
    figure = figures.digit_pixels(image, top=0, left=0, size=4)
    assert len(figure.axes) == 2
    texts = [text.get_text() for text in figure.axes[1].texts]
    assert len(texts) == 16
    assert texts[0] == "0"  # exact background is written as a plain 0
    assert texts[1] == f"{image[1]:.1f}"


def test_digit_pixels_accepts_a_28_by_28_picture(digits):
    images, _ = digits
    assert len(figures.digit_pixels(images[0].reshape(28, 28)).axes) == 2


def test_digit_variants_draws_only_the_chosen_digit(digits):
    images, labels = digits
    figure = figures.digit_variants(images, labels, digit=3, count=40)
    assert len(figure.axes) == 2  # the fixture has two 3s
    drawn = figure.axes[1].images[0].get_array()
    np.testing.assert_allclose(drawn, images[13].reshape(28, 28))


def test_average_digits_draws_the_mean_of_each_class(digits):
    images, labels = digits
    figure = figures.average_digits(images, labels)
    assert len(figure.axes) == 10
    drawn_seven = figure.axes[7].images[0].get_array()
    np.testing.assert_allclose(drawn_seven, (images[7] + images[17]).reshape(28, 28) / 2, rtol=1e-6)


@pytest.mark.parametrize(
    "draw",
    [
        lambda: figures.digit_grid(np.zeros((5, 28, 28))),
        lambda: figures.digit_grid(np.zeros((5, 784)), labels=[1, 2]),
        lambda: figures.digit_grid(np.zeros((0, 784))),
        lambda: figures.digit_pixels(np.zeros(783)),
        lambda: figures.digit_pixels(np.zeros((2, 784))),
        lambda: figures.digit_pixels(np.zeros(784), top=25, size=10),
        lambda: figures.digit_variants(np.zeros((5, 784)), np.zeros(5, dtype=int), digit=7),
        lambda: figures.average_digits(np.zeros((5, 784)), np.arange(5)),
    ],
    ids=["grid-3d", "grid-label-count", "grid-empty", "pixels-783", "pixels-two-digits", "pixels-crop-outside",
         "variants-missing-digit", "averages-missing-classes"],
)
def test_bad_input_is_a_clear_value_error(draw):
    with pytest.raises(ValueError, match=r"expected|must|no image|needs"):
        draw()


def test_wrong_shape_error_names_the_shape_and_the_fix():
    with pytest.raises(ValueError, match=r"\(5, 28, 28\).*reshape\(-1, 784\)"):
        figures.digit_grid(np.zeros((5, 28, 28)))


@pytest.mark.parametrize("name", CHAPTER_1_FIGURES)
def test_book_figure_is_registered_and_draws_a_small_svg(name):
    """Needs MNIST (NNBOOK_DATA_DIR or the cache), like every chapter."""
    assert name in figures.BOOK_FIGURES
    figure = figures.BOOK_FIGURES[name]()
    assert isinstance(figure, Figure)
    svg = io.BytesIO()
    figure.savefig(svg, format="svg")
    assert 10_000 < svg.tell() < 300_000
