"""The hand-built detectors of chapter 3: their geometry, their responses, their errors."""

import numpy as np
import pytest

from nnbook import detectors
from nnbook.activations import sigmoid
from nnbook.detectors import Detector, edge, loop, respond, weighted_sum


def test_horizontal_edge_is_positive_on_the_stroke_and_negative_beside_it():
    w = edge((14, 14), 0, length=8, width=3).weights
    assert (w[13:16, 10:19] > 0).all()  # the stroke: rows 13-15, columns 10-18
    assert (w[10:13, 10:19] < 0).all()  # the band above
    assert (w[16:19, 10:19] < 0).all()  # the band below
    assert (w[:10] == 0).all() and (w[19:] == 0).all()
    assert (w[:, :10] == 0).all() and (w[:, 19:] == 0).all()


def test_vertical_edge_is_the_horizontal_one_turned():
    horizontal = edge((14, 14), 0, length=8, width=3).weights
    vertical = edge((14, 14), 90, length=8, width=3).weights
    np.testing.assert_allclose(vertical, horizontal.T)


def test_diagonal_edge_follows_its_angle():
    w = edge((14, 14), 45, length=10, width=3).weights
    assert w[11, 17] > 0 and w[17, 11] > 0  # on the line rising to the right
    assert w[11, 11] < 0 and w[16, 16] < 0  # beside it, across the line
    assert w[14, 2] == 0 and w[2, 14] == 0 and w[3, 25] == 0  # far away


@pytest.mark.parametrize("make", [lambda: edge((10, 12), 30, length=9), lambda: loop((14, 14), 5)])
def test_weights_are_balanced(make):
    w = make().weights
    assert w[w > 0].sum() == pytest.approx(detectors.DEFAULT_GAIN)
    assert w.sum() == pytest.approx(0, abs=1e-9)


def test_loop_has_a_positive_ring_and_a_negative_hole():
    w = loop((14, 14), radius=5, width=2).weights
    for row, col in [(9, 14), (19, 14), (14, 9), (14, 19)]:  # on the ring
        assert w[row, col] > 0
    assert (w[12:17, 12:17] < 0).all()  # the hole
    assert w[14, 21] == 0 and w[2, 2] == 0 and w[14, 2] == 0  # outside the ring


def test_upper_loop_lies_in_the_upper_half_and_lower_loop_in_the_lower_half():
    rows = np.arange(28)[:, np.newaxis] * np.ones((1, 28))
    upper, lower = detectors.upper_loop().weights, detectors.lower_loop().weights
    assert rows[upper < 0].max() < 14 and rows[lower < 0].min() > 14  # the holes
    assert np.average(rows, weights=upper > 0) < 13.5 < np.average(rows, weights=lower > 0)


def test_book_detectors_are_distinct_and_named():
    found = detectors.book_detectors()
    assert [d.name for d in found] == [
        "top bar", "vertical stroke", "rising diagonal", "upper loop", "lower loop"
    ]
    for d in found:
        assert d.weights.shape == (28, 28) and d.bias == -detectors.DEFAULT_GAIN / 2
    for a, b in zip(found, found[1:]):
        assert not np.array_equal(a.weights, b.weights)


def test_detector_weights_are_read_only():
    with pytest.raises(ValueError):
        detectors.top_bar().weights[0, 0] = 1.0


def digits(n, seed=0):
    return np.random.default_rng(seed).random((n, 784), dtype=np.float32)


def test_respond_on_one_image_equals_its_row_in_a_batch():
    images = digits(5)
    for detector in detectors.book_detectors():
        batch = respond(detector, images)
        assert batch.shape == (5,)
        assert isinstance(respond(detector, images[3]), float)
        assert respond(detector, images[3]) == pytest.approx(batch[3])
        assert ((batch > 0) & (batch < 1)).all()


def test_respond_is_the_squished_weighted_sum_plus_bias():
    detector, image = detectors.upper_loop(), digits(1)[0]
    expected = sigmoid(np.dot(detector.weights.ravel(), image) + detector.bias)
    assert weighted_sum(detector, image) == pytest.approx(np.dot(detector.weights.ravel(), image))
    assert respond(detector, image) == pytest.approx(expected)


def test_default_bias_puts_half_a_perfect_match_at_one_half():
    detector = detectors.vertical_stroke()
    perfect = (detector.weights > 0).astype(np.float32).ravel()
    gain = detectors.DEFAULT_GAIN
    assert respond(detector, perfect) == pytest.approx(sigmoid(gain / 2))
    assert respond(detector, perfect / 2) == pytest.approx(0.5)
    assert respond(detector, np.zeros(784)) == pytest.approx(sigmoid(-gain / 2))
    assert respond(detector, np.ones(784)) == pytest.approx(sigmoid(-gain / 2))


def test_a_higher_bias_gives_a_higher_response():
    detector, image = detectors.top_bar(), digits(1)[0]
    assert respond(detector.with_bias(2.0), image) > respond(detector.with_bias(-2.0), image)
    np.testing.assert_array_equal(detector.with_bias(2.0).weights, detector.weights)


@pytest.mark.parametrize("shape", [(28, 28), (783,), (3, 28, 28), (2, 10)])
def test_respond_rejects_images_of_the_wrong_shape(shape):
    with pytest.raises(ValueError, match=r"expected an image of 784 numbers or a batch of shape \(N, 784\), got shape"):
        respond(detectors.top_bar(), np.zeros(shape))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: edge((14, 14), 0, length=-3), "length must be a finite number > 0, got -3"),
        (lambda: edge((14, 14), float("nan")), "angle_degrees must be a finite number"),
        (lambda: edge((14,), 0), r"center must be a \(row, column\) pair"),
        (lambda: edge((2, 14), 0, length=8, width=3), "reaches outside the 28x28 picture"),
        (lambda: edge((14, 26), 0, length=8), "reaches outside the 28x28 picture"),
        (lambda: edge((14, 14), 0, length=0.2, width=0.2), "covers no whole pixel"),
        (lambda: loop((14, 14), radius=1.5, width=3), "leaves no hole"),
        (lambda: loop((5, 14), radius=6), "reaches outside the 28x28 picture"),
        (lambda: loop((14, 14), radius="big"), "radius must be a finite number"),
        (lambda: Detector("x", np.zeros(784), 0.0), "must be a 28x28 picture"),
        (lambda: Detector("x", np.zeros((28, 28)), float("inf")), "bias must be a finite number"),
    ],
)
def test_bad_geometry_is_refused_with_a_clear_message(make, message):
    with pytest.raises(ValueError, match=message):
        make()
