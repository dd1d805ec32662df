"""The figures of the page ``handwritten-digits`` ("The handwritten-digit problem"): digits as
pictures and as 784 numbers, each with a phone layout (nnbook.figures.drawing says why)."""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from nnbook.data import load_mnist
from nnbook.figures.drawing import (
    ACCENT,
    FIGURE_WIDTH,
    PHONE_WIDTH,
    as_digit_images,
    as_labels,
    as_one_digit,
    draw_digit,
)


def digit_grid(images, labels=None, columns=10):
    """Draw digits in a grid, each with its label above it (page ``handwritten-digits``).

    ``images`` holds one row of 784 pixel values per digit, ``labels`` one integer per digit
    (or None to leave the pictures unlabeled). Returns a Figure with one axes per digit.
    """
    pictures = as_digit_images(images)
    if labels is not None:
        labels = as_labels(labels, len(pictures))
    if int(columns) < 1:
        raise ValueError(f"columns must be a positive whole number, got {columns}")
    columns = min(int(columns), len(pictures))
    rows = -(-len(pictures) // columns)
    cell = FIGURE_WIDTH / max(columns, 10)
    row_height = cell * (1.2 if labels is not None else 1.0)  # room for the labels
    figure = Figure(figsize=(cell * columns, row_height * rows), facecolor="white")
    for index, picture in enumerate(pictures):
        ax = figure.add_subplot(rows, columns, index + 1)
        draw_digit(ax, picture)
        if labels is not None:
            ax.set_title(str(labels[index]), fontsize=9, pad=2)
    figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.97 if labels is None else 0.95,
                           wspace=0.08, hspace=0.08 if labels is None else 0.3)
    return figure


def digit_pixels(image, top=6, left=12, size=10, stacked=False):
    """Draw one digit beside a close-up of a ``size`` x ``size`` crop, each pixel's value written in it
    (page ``handwritten-digits``).

    ``image`` is one digit as 784 values between 0 and 1 (or 28x28); the crop starts at row ``top``
    and column ``left``, and a frame on the whole digit shows where it is. Exact zeros (background)
    are written "0", anything else with two decimals (the faintest ink "<0.01"), so a trace of ink
    never looks like background. ``stacked=True`` draws the close-up under the digit instead, as
    wide as a phone's column. Returns a Figure with two axes.
    """
    picture = as_one_digit(image)
    if not (0 <= top and 0 <= left and 1 <= size and top + size <= 28 and left + size <= 28):
        raise ValueError(f"the crop (top={top}, left={left}, size={size}) must lie inside the 28x28 picture")
    if stacked:
        figure = Figure(figsize=(PHONE_WIDTH, PHONE_WIDTH * 1.62), facecolor="white")
        whole, close_up = figure.subplots(2, 1, gridspec_kw={"height_ratios": [0.5, 1]})
    else:
        figure = Figure(figsize=(FIGURE_WIDTH, FIGURE_WIDTH * 0.5), facecolor="white")
        whole, close_up = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1]})
    draw_digit(whole, picture)
    whole.add_patch(Rectangle((left - 0.5, top - 0.5), size, size,
                            fill=False, edgecolor=ACCENT, linewidth=2))
    whole.set_title("the whole digit: 28 x 28 pixels", fontsize=9)
    crop = picture[top:top + size, left:left + size]
    draw_digit(close_up, crop)
    close_up.add_patch(Rectangle((-0.5, -0.5), size, size, fill=False, edgecolor=ACCENT, linewidth=2, clip_on=False))
    for (row, column), value in np.ndenumerate(crop):
        text = "0" if value == 0 else f"{value:.2f}" if value >= 0.005 else "<0.01"
        color = "white" if value > 0.5 else ("#333333" if value > 0 else "#aaaaaa")
        close_up.text(column, row, text, ha="center", va="center", fontsize=8.5, color=color)
    close_up.set_title(f"rows {top}-{top + size - 1}, columns {left}-{left + size - 1}:{chr(10) if stacked else ' '}"
                       "one number per pixel", fontsize=9)
    if stacked:
        figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.95, hspace=0.2)
    else:
        figure.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.9, wspace=0.08)
    return figure


def digit_variants(images, labels, digit, count=40, columns=10):
    """Draw the first ``count`` examples of one ``digit``: how differently one digit is written
    (page ``handwritten-digits``).

    ``images`` holds one row of 784 pixel values per digit and ``labels`` their digits.
    Returns a Figure with one axes per example drawn (fewer than ``count`` if there are fewer).
    """
    pictures = as_digit_images(images)
    labels = as_labels(labels, len(pictures))
    examples = pictures[labels == digit][:count]
    if len(examples) == 0:
        raise ValueError(f"no image is labeled {digit!r}; digit must be one of the labels, 0 to 9")
    return digit_grid(examples.reshape(-1, 784), columns=columns)


def average_digits(images, labels, width=FIGURE_WIDTH * 0.9):
    """Draw the average picture of each digit 0-9: the mean of all its images, pixel by pixel
    (page ``handwritten-digits``).

    ``images`` holds one row of 784 pixel values per digit and ``labels`` their digits; every digit
    0 to 9 must appear. Returns a Figure ``width`` inches wide with ten axes, in two rows of five.
    """
    pictures = as_digit_images(images)
    labels = as_labels(labels, len(pictures))
    missing = sorted(set(range(10)) - set(labels.tolist()))
    if missing:
        raise ValueError(f"every digit 0-9 needs at least one image to average; none for {missing}")
    figure = Figure(figsize=(width, width * 0.46), facecolor="white")
    for digit in range(10):
        ax = figure.add_subplot(2, 5, digit + 1)
        draw_digit(ax, pictures[labels == digit].mean(axis=0))
        ax.set_title(f"average {digit}", fontsize=8.5, pad=3)
    figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92, wspace=0.12, hspace=0.2)
    return figure


def _first_test_digits(columns=10):
    mnist = load_mnist()
    return digit_grid(mnist.test_images[:40], mnist.test_labels[:40], columns=columns)


def _first_test_digits_phone():
    return _first_test_digits(columns=5)


def _digit_as_numbers(stacked=False):
    return digit_pixels(load_mnist().test_images[0], stacked=stacked)


def _digit_as_numbers_phone():
    return _digit_as_numbers(stacked=True)


def _many_fours(columns=10):
    mnist = load_mnist()
    return digit_variants(mnist.test_images, mnist.test_labels, digit=4, count=30, columns=columns)


def _many_fours_phone():
    return _many_fours(columns=5)


def _average_digits(width=FIGURE_WIDTH * 0.9):
    mnist = load_mnist()
    return average_digits(mnist.train_images, mnist.train_labels, width=width)


def _average_digits_phone():
    return _average_digits(width=PHONE_WIDTH)


# The book's figures from this page, by file name under figures/ in the built site, each with its
# phone layout (<name>-phone.svg): the digits in five columns, or the close-up under the digit.
BOOK_FIGURES = {
    "first-test-digits.svg": _first_test_digits,
    "first-test-digits-phone.svg": _first_test_digits_phone,
    "digit-as-numbers.svg": _digit_as_numbers,
    "digit-as-numbers-phone.svg": _digit_as_numbers_phone,
    "many-fours.svg": _many_fours,
    "many-fours-phone.svg": _many_fours_phone,
    "average-digits.svg": _average_digits,
    "average-digits-phone.svg": _average_digits_phone,
}
