"""Hand-built edge and loop detectors: weight patterns drawn from geometry, not learned (page
``weights-and-biases``).

A detector is what one neuron of the first hidden layer could be: 784 weights, one per pixel,
laid out here as a 28x28 picture, and one bias. Its response to a digit is the squished weighted
sum ``sigmoid(sum(weights * pixels) + bias)``, a number in (0, 1).

Coordinates are (row, column) in pixels, row 0 at the top; they may be fractional. Angles are in
degrees, counter-clockwise from "pointing right" as the reader sees the picture (0 is a
horizontal stroke, 90 a vertical one, 45 rises to the right).

How the weights are scaled, so the numbers mean something:

- The positive weights (the stroke, or the ring) add up to ``gain``. The negative weights (beside
  the stroke, or the hole) add up to ``-gain``. So all the weights add up to zero: a blank picture
  and a picture covered in ink both give a weighted sum of 0. Only ink on the pattern, with empty
  space where the pattern wants it, pushes the sum up.
- A perfect match (full ink on every positive pixel, none on the negative ones) gives a weighted
  sum of exactly ``gain``. The default bias is ``-gain / 2``: the sum must reach half of a perfect
  match before the response passes 0.5. With the default ``gain`` of 8 the response runs from
  sigmoid(-4), about 0.02, for a blank or an all-ink picture, to sigmoid(4), about 0.98, for a
  perfect match: a digit that matches half the pattern sits at 0.5, the middle of the steep part
  of the sigmoid, and the steep part spans the matches between a quarter and three quarters.
"""

from dataclasses import dataclass

import numpy as np

from nnbook import checks
from nnbook.activations import sigmoid
from nnbook.data import SIDE

DEFAULT_GAIN = 8.0
"""The weighted sum of a perfect match (page ``weights-and-biases``; see the module docstring)."""


@dataclass(frozen=True, eq=False)
class Detector:
    """One hand-built neuron (page ``weights-and-biases``): a ``name``, 784 ``weights`` as a (28, 28)
    array, and a ``bias``."""

    name: str
    weights: np.ndarray
    bias: float

    def __post_init__(self):
        weights = np.array(self.weights, dtype=np.float64)
        if weights.shape != (SIDE, SIDE):
            raise ValueError(
                f"a detector's weights must be a 28x28 picture, got shape {weights.shape}; "
                "reshape 784 weights with .reshape(28, 28)"
            )
        checks.finite(weights, "detector's weights")
        weights.setflags(write=False)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "bias", checks.number(self.bias, "bias"))

    def with_bias(self, bias):
        """The same weights with another bias (page ``weights-and-biases``: the bias as a threshold)."""
        return Detector(self.name, self.weights, bias)


def _pixel_grid():
    """Row and column of every pixel centre, each a (28, 28) array."""
    return np.mgrid[0:SIDE, 0:SIDE].astype(np.float64)


def _check_point(name, point):
    try:
        pair = np.asarray(point, dtype=np.float64)
    except (TypeError, ValueError):
        pair = None
    if pair is None or pair.shape != (2,) or not np.all(np.isfinite(pair)):
        raise ValueError(f"{name} must be a (row, column) pair of numbers, got {point!r}")
    return pair


def _check_inside(what, low, high):
    """Raise unless the span [low, high] of rows or columns lies inside the picture."""
    if low < -0.5 or high > SIDE - 0.5:
        raise ValueError(
            f"the {what} reaches outside the 28x28 picture (from {low:.1f} to {high:.1f}, "
            "rows and columns run from 0 to 27); move its center or make it smaller"
        )


def _balanced(positive, negative, gain):
    """Weights: ``positive`` pixels share ``+gain``, ``negative`` pixels share ``-gain``."""
    if not positive.any() or not negative.any():
        raise ValueError(
            "the pattern covers no whole pixel; make it longer, wider or larger"
        )
    weights = np.zeros((SIDE, SIDE))
    weights[positive] = gain / positive.sum()
    weights[negative] = -gain / negative.sum()
    return weights


def edge(center, angle_degrees, length=8.0, width=3.0, name=None, gain=DEFAULT_GAIN, bias=None):
    """An edge detector (page ``weights-and-biases``): a straight stroke of positive weights between
    two bands of negative ones.

    ``center`` is the stroke's middle as (row, column); ``angle_degrees`` its direction (0 is
    horizontal, 90 vertical, 45 rising to the right); ``length`` and ``width`` are in pixels.
    Pixels whose centre lies within ``width / 2`` of the stroke's line (and within ``length / 2``
    of its middle along it) get positive weights; the bands of the same length and width on both
    sides of it get negative weights; every other pixel gets 0. ``gain`` and the default bias
    ``-gain / 2`` are explained in the module docstring.
    """
    row, col = _check_point("center", center)
    angle_degrees = checks.number(angle_degrees, "angle_degrees")
    length = checks.number(length, "length", above=0)
    width = checks.number(width, "width", above=0)
    gain = checks.number(gain, "gain", above=0)
    angle = np.radians(angle_degrees)
    # Direction along the stroke, in (row, column): rows grow downwards, so "up" is -row.
    along_dir = np.array([-np.sin(angle), np.cos(angle)])
    across_dir = np.array([np.cos(angle), np.sin(angle)])
    corners = [
        (row, col) + a * along_dir * length / 2 + b * across_dir * 1.5 * width
        for a in (-1, 1)
        for b in (-1, 1)
    ]
    rows, cols = zip(*corners)
    _check_inside("edge detector (stroke and the bands beside it)", min(rows), max(rows))
    _check_inside("edge detector (stroke and the bands beside it)", min(cols), max(cols))

    grid_rows, grid_cols = _pixel_grid()
    d_row, d_col = grid_rows - row, grid_cols - col
    along = d_row * along_dir[0] + d_col * along_dir[1]
    across = np.abs(d_row * across_dir[0] + d_col * across_dir[1])
    within_length = np.abs(along) <= length / 2
    stroke = within_length & (across < width / 2)
    beside = within_length & (across >= width / 2) & (across < 1.5 * width)
    weights = _balanced(stroke, beside, gain)
    name = name or f"edge at ({row:g}, {col:g}), {angle_degrees:g} degrees"
    return Detector(name, weights, -gain / 2 if bias is None else bias)


def loop(center, radius, width=3.0, name=None, gain=DEFAULT_GAIN, bias=None):
    """A loop detector (page ``weights-and-biases``): a ring of positive weights around a hole of
    negative ones.

    ``center`` is the ring's middle as (row, column); ``radius`` is the distance from it to the
    middle of the ring and ``width`` the ring's thickness, in pixels. Pixels whose centre lies
    within ``width / 2`` of the circle get positive weights, the pixels inside (the hole) get
    negative weights, every pixel outside gets 0. ``gain`` and the default bias ``-gain / 2`` are
    explained in the module docstring.
    """
    row, col = _check_point("center", center)
    radius = checks.number(radius, "radius", above=0)
    width = checks.number(width, "width", above=0)
    gain = checks.number(gain, "gain", above=0)
    if radius - width / 2 < 1:
        raise ValueError(
            f"a loop of radius {radius:g} and width {width:g} leaves no hole; "
            "make the radius at least width / 2 + 1"
        )
    outer = radius + width / 2
    _check_inside("loop detector", row - outer, row + outer)
    _check_inside("loop detector", col - outer, col + outer)

    grid_rows, grid_cols = _pixel_grid()
    distance = np.hypot(grid_rows - row, grid_cols - col)
    ring = np.abs(distance - radius) <= width / 2
    hole = distance < radius - width / 2
    weights = _balanced(ring, hole, gain)
    name = name or f"loop at ({row:g}, {col:g}), radius {radius:g}"
    return Detector(name, weights, -gain / 2 if bias is None else bias)


# The detectors the book uses. Their places come from the average test digits (rows 4 to 24 hold
# a digit's 20x20 box, centred near row and column 14): the bar of a 7 sits around row 8, a 1 runs
# down the middle column, the loop of a 9 sits around row 10, a 6 curls around row 17.


def top_bar():
    """A horizontal edge near the top of the digit box, where a 7 has its bar (page
    ``weights-and-biases``)."""
    return edge((8.0, 14.0), 0, length=10, name="top bar")


def vertical_stroke():
    """A vertical edge down the middle of the digit box, like an upright 1 (page ``weights-and-biases``)."""
    return edge((14.0, 14.0), 90, length=14, name="vertical stroke")


def rising_diagonal():
    """A stroke rising to the right through the middle, like a slanted 1 (page ``weights-and-biases``)."""
    return edge((15.0, 13.5), 60, length=14, name="rising diagonal")


def upper_loop():
    """A loop in the upper half of the digit box, where a 9 or an 8 has one (page ``weights-and-biases``)."""
    return loop((10.5, 13.5), radius=3.5, name="upper loop")


def lower_loop():
    """A loop in the lower half of the digit box, where a 6 or an 8 has one (page ``weights-and-biases``)."""
    return loop((17.5, 13.5), radius=3.5, name="lower loop")


def book_detectors():
    """The hand-built detectors of page ``weights-and-biases``, edges first, then loops."""
    return [top_bar(), vertical_stroke(), rising_diagonal(), upper_loop(), lower_loop()]


def weighted_sum(detector, images):
    """The weighted sum ``sum(weights * pixels)`` (page ``weights-and-biases``), before the bias: a
    float for one image of shape (784,), an array of shape (N,) for a batch of shape (N, 784)."""
    batch, single = checks.images(images, SIDE * SIDE)
    sums = batch @ detector.weights.reshape(SIDE * SIDE)
    return float(sums[0]) if single else sums


def respond(detector, images):
    """The detector's response ``sigmoid(weighted sum + bias)`` (page ``weights-and-biases``), in
    (0, 1): a float for one image of shape (784,), an array of shape (N,) for a batch (N, 784)."""
    responses = sigmoid(np.asarray(weighted_sum(detector, images)) + detector.bias)
    return float(responses) if responses.ndim == 0 else responses
