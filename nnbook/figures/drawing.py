"""What every figure module shares: colors and sizes, small helpers that check a figure's inputs
(through nnbook.checks) and draw digits and weights.

The book's figures follow the page's colors, light or dark: the build draws them with
``BOOK_STYLE``, whose text and lines are ``INK`` and whose legend boxes are ``PAPER``, two colors no
figure uses for anything else, and writes them with the page's own colors in their place
(``PAGE_COLORS``, see nnbook.site.svg). Colors that belong to the data (digits as ink on white
paper, weights from red through white to blue) stay as they are.

The book's figures fit every screen (page ``handwritten-digits`` shows the first): a figure shows at
its natural size, 96 CSS px per inch, or shrinks to fit the text column, never wider. Its text is
drawn at ``smallest_font(width)`` or larger, so that it stays ``SMALLEST_TEXT_LAPTOP`` CSS px tall
on a laptop and ``SMALLEST_TEXT_PHONE`` once shrunk to a phone's ``PHONE_COLUMN``. A figure too
dense for that (its pictures or numbers would be too small there) has a phone layout as well, drawn
by the same function ``PHONE_WIDTH`` inches wide, which a narrow screen shows instead (the build
puts both in the page: nnbook.site.svg, PHONE_LAYOUT).
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402  (after choosing the backend)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from nnbook import checks, detectors  # noqa: E402

DIGIT_COLORMAP = "gray_r"  # ink dark on white: 0 (background) is white, 1 (full ink) is black
FIGURE_WIDTH = 7.0  # inches; fits the book's text column on a laptop, 688 CSS px at 1280 px wide
PHONE_COLUMN = 358  # CSS px: the book's text column on a phone 390 px wide
SMALLEST_TEXT_LAPTOP = 11  # CSS px: the smallest text a figure shows on a laptop...
SMALLEST_TEXT_PHONE = 9  # ...and on a phone (tests/test_browser.py measures both)
# A figure PLOT_WIDTH inches wide with its text PLOT_FONT points or larger (matplotlib's default size)
PLOT_WIDTH, PLOT_FONT = 5.2, 10  # 5.4 inches as saved, with its margins: smallest_font(5.4) is 9.8
# Inches: a phone layout this wide (336 CSS px, a little more as saved) shows at its natural size
PHONE_WIDTH = 3.5
# Diverging, centered on zero: positive weights blue, negative red, zero white. ColorBrewer's RdBu
# stays readable for color-blind readers: red and blue differ in lightness as well as in hue.
WEIGHT_COLORMAP = "RdBu"
# Lines and highlights: Okabe and Ito's colors for color-blind readers (blue, vermillion, bluish
# green, reddish purple), each at least 3:1 against the white page and against the dark one.
LINE_COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7")
ACCENT = LINE_COLORS[1]  # the orange (vermillion) that marks an answer or a highlight

INK = "#0a0b0c"  # text, axes and outlines: near black, the page's text color in the book
PAPER = "#fdfdfc"  # behind legends: near white, the page's background in the book
PAGE_COLORS = {INK: "currentColor", PAPER: "var(--md-default-bg-color, #ffffff)"}
BOOK_STYLE = {
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.facecolor": PAPER,
    "legend.edgecolor": "#999999",  # mid gray: visible on white and on the dark page
}


def smallest_font(width, scripts=False):
    """The smallest font size, in points, for text in a figure ``width`` inches wide (as saved) that
    shrinks to fit a phone's column: SMALLEST_TEXT_LAPTOP CSS px at its natural size, and still
    SMALLEST_TEXT_PHONE once shrunk to PHONE_COLUMN. A phone layout, at most PHONE_WIDTH wide, needs
    the laptop's size: 8.25 points. With ``scripts=True``, for mathtext such as "$a^{(1)}_0$", whose
    sub- and superscripts matplotlib draws at 0.7 of its size: large enough for those too."""
    natural = 96 * width  # CSS px
    size = 0.75 * max(SMALLEST_TEXT_LAPTOP, SMALLEST_TEXT_PHONE * natural / PHONE_COLUMN)
    return size / 0.7 if scripts else size


def as_digit_images(images):
    """Check that ``images`` is one row of 784 pixel values per digit, at least one; return them
    as (N, 28, 28)."""
    return checks.batch(images).reshape(-1, 28, 28)


def as_one_digit(image):
    """Check that ``image`` is one digit, 784 values or 28x28; return it as 28x28."""
    image = np.asarray(image)
    batch, one = checks.images(image.reshape(784) if image.shape == (28, 28) else image)
    if not one:
        raise ValueError(
            f"expected one digit as 784 pixel values (shape (784,) or (28, 28)), got shape {image.shape}; "
            f"pass a single row such as mnist.test_images[0]"
        )
    return batch[0].reshape(28, 28)


def as_labels(labels, count):
    """Check that ``labels`` holds one digit 0-9 per image, ``count`` of them."""
    return checks.labels(labels, count)


def draw_digit(ax, picture):
    """Draw one 28x28 picture on ``ax`` as ink on paper, with a thin frame and no ticks."""
    return _draw_picture(ax, picture, cmap=DIGIT_COLORMAP, vmin=0, vmax=1)


def _draw_picture(ax, picture, **colors):
    """``picture`` on ``ax`` in ``colors`` (imshow's cmap, vmin and vmax), framed by a thin gray
    line, no axis. Saved as SVG it is its own pixels, which the browser enlarges sharply: about
    half the bytes of a picture drawn at the figure's resolution, for pages with many of them."""
    shown = ax.imshow(picture, interpolation="none", **colors)
    shown.set_clip_on(False)
    ax.set_axis_off()
    ax.add_patch(Rectangle((-0.5, -0.5), picture.shape[1], picture.shape[0], fill=False, edgecolor="#cccccc",
                           linewidth=0.8, clip_on=False))
    return shown


def as_weight_pictures(weights):
    """Check ``weights`` is one neuron's 784 weights or several; return them as (N, 28, 28)."""
    array = np.asarray(weights, dtype=np.float64)
    if array.shape in ((784,), (28, 28)):
        array = array.reshape(1, 28, 28)
    elif array.ndim == 2 and array.shape[1] == 784 and len(array):
        array = array.reshape(-1, 28, 28)
    elif not (array.ndim == 3 and array.shape[1:] == (28, 28) and len(array)):
        raise ValueError(
            f"expected the 784 weights of one neuron (shape (784,) or (28, 28)) or of several "
            f"(shape (N, 784) or (N, 28, 28)), got shape {array.shape}"
        )
    return checks.finite(array, "weights")


def draw_weights(ax, picture, limit):
    """Draw 28x28 weights on ``ax`` with the diverging colormap, symmetric around zero."""
    return _draw_picture(ax, picture, cmap=WEIGHT_COLORMAP, vmin=-limit, vmax=limit)


def weight_colorbar(figure, shown, axes):
    bar = figure.colorbar(shown, ax=axes, shrink=0.85, pad=0.02)
    bar.set_label("weight (blue +, red -)", fontsize=PLOT_FONT)
    bar.ax.tick_params(labelsize=PLOT_FONT)
    return bar


def as_detectors(found):
    found = list(found)
    if not found or not all(isinstance(d, detectors.Detector) for d in found):
        raise ValueError("expected a non-empty list of Detector objects, such as nnbook.detectors.book_detectors()")
    return found


def picture_grid(count, columns, row_height=1.05, width=FIGURE_WIDTH):
    """A figure with ``count`` picture axes in rows of ``columns`` (empty cells hidden), and those axes."""
    rows = -(-count // columns)
    figure = Figure(figsize=(width, row_height * rows + 0.2), facecolor="white", layout="constrained")
    axes = list(figure.subplots(rows, columns, squeeze=False).flat)
    for ax in axes[count:]:
        ax.axis("off")
    return figure, axes[:count]
