"""The figures of docs/weights-and-biases.md (nnbook/figures/weights_and_biases.py): weights as
pictures, a weighted sum pixel by pixel, the sigmoid, the hand-built detectors and their responses."""

import numpy as np
import pytest

from nnbook import detectors, figures
from nnbook.figures import drawing


def test_weight_pictures_share_limits_symmetric_around_zero():
    weights = np.zeros((2, 784))
    weights[0, 5], weights[1, 9] = 0.5, -2.0
    figure = figures.weight_pictures(weights, ["a", "b"])
    drawn = [ax for ax in figure.axes if ax.images]
    assert [ax.get_title() for ax in drawn] == ["a", "b"]
    for ax in drawn:
        assert ax.images[0].get_clim() == (-2.0, 2.0)
        assert ax.images[0].get_cmap().name == drawing.WEIGHT_COLORMAP


def test_weighted_sum_parts_states_the_weighted_sum(digits):
    images, _ = digits
    weights = np.random.default_rng(2).standard_normal(784)
    figure = figures.weighted_sum_parts(weights, images[0])
    total = float(np.dot(weights, images[0].astype(np.float64)))
    assert f"add up to {total:.2f}" in " ".join(figure.axes[2].get_title().split())  # over lines
    np.testing.assert_allclose(figure.axes[2].images[0].get_array(),
                               (weights * images[0]).reshape(28, 28), rtol=1e-6)


def test_sigmoid_curve_draws_the_sigmoid():
    figure = figures.sigmoid_curve(-4, 4)
    z, y = figure.axes[0].lines[-2].get_data()  # the curve, then the point at z = 0
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-z)))
    assert z[0] == -4 and z[-1] == 4
    assert figure.axes[0].get_xlabel().startswith("z, the weighted sum")  # z as in chapters 3-5


def test_detector_pictures_show_each_detector_named():
    found = [detectors.top_bar(), detectors.upper_loop()]
    figure = figures.detector_pictures(found)
    titles = [ax.get_title() for ax in figure.axes if ax.images]
    assert titles == ["top bar\nbias -4", "upper loop\nbias -4"]


def test_detector_class_means_writes_the_mean_response_of_each_digit(digits):
    images, labels = digits
    detector = detectors.vertical_stroke()
    figure = figures.detector_class_means([detector], images, labels)
    cells = figure.axes[0].images[0].get_array()
    expected = [detectors.respond(detector, images[labels == k]).mean() for k in range(10)]
    np.testing.assert_allclose(cells[0], expected)
    assert [text.get_text() for text in figure.axes[0].texts] == [f"{m:.2f}" for m in expected]


def test_detector_extremes_shows_the_highest_responses_then_its_best_digits_lowest(digits):
    images, labels = digits
    detector = detectors.upper_loop()
    figure = figures.detector_extremes([detector], images, labels, count=3)
    responses = detectors.respond(detector, images)
    best = max(range(10), key=lambda digit: responses[labels == digit].mean())
    of_best = np.flatnonzero(labels == best)
    chosen = list(np.argsort(responses)[::-1][:3]) + list(of_best[np.argsort(responses[of_best])[:3]])
    assert [ax.get_title() for ax in figure.axes[1:]] == [f"{labels[i]}: {responses[i]:.2f}" for i in chosen]
    assert [int(title.split(":")[0]) for title in [ax.get_title() for ax in figure.axes[4:]]] == [best] * 3


def test_detector_extremes_draws_a_loops_faint_ring_in_full_color():
    """A loop's ring weights are many and small, its hole's few and strong: at one limit for both,
    the ring of the small picture would be nearly white."""
    loop = detectors.upper_loop()
    digits = np.zeros((4, 784))
    figure = figures.detector_extremes([loop], digits, np.array([0, 0, 1, 1]), count=1)
    shown = figure.axes[0].images[0]
    colors = shown.to_rgba(shown.get_array())[..., :3]
    ring, hole = loop.weights > 0, loop.weights < 0
    assert colors[ring].min(axis=1).mean() < 0.5  # a saturated blue, far from white (1, 1, 1)
    assert colors[hole].min(axis=1).mean() < 0.5  # and a saturated red


def test_detector_extremes_shows_four_of_each_by_default(digits):
    images, labels = (np.concatenate([array, array]) for array in digits)  # six of each digit
    figure = figures.detector_extremes([detectors.top_bar(), detectors.lower_loop()], images, labels)
    assert len(figure.axes) == 2 * (1 + 4 + 4)  # per detector: its weights, the most, the least


def test_detector_extremes_for_a_phone_write_names_and_headings_on_two_lines(digits):
    images, labels = digits
    figure = figures.detector_extremes([detectors.vertical_stroke()], images, labels, count=2, width=drawing.PHONE_WIDTH)
    assert figure.get_figwidth() == drawing.PHONE_WIDTH and len(figure.axes) == 1 + 2 + 2
    assert figure.axes[0].get_title() == "vertical\nstroke"
    assert "lights it most\n(label: response)" in [text.get_text() for text in figure.texts]


@pytest.mark.parametrize(
    "draw, message",
    [
        (lambda: figures.weight_pictures(np.zeros(783)), r"got shape \(783,\)"),
        (lambda: figures.weight_pictures(np.zeros((2, 784)), ["one title"]), "expected 2 titles"),
        (lambda: figures.weight_pictures(np.full(784, np.nan)), "NaN"),
        (lambda: figures.weighted_sum_parts(np.zeros((2, 784)), np.zeros(784)), "one neuron"),
        (lambda: figures.sigmoid_curve(3, -3), "low < high"),
        (lambda: figures.detector_pictures([]), "list of Detector"),
        (lambda: figures.detector_pictures([np.zeros((28, 28))]), "list of Detector"),
        (lambda: figures.detector_class_means([detectors.top_bar()], np.zeros((5, 784)), np.arange(5)),
         "needs at least one image"),
        (lambda: figures.detector_extremes([detectors.top_bar()], np.zeros((4, 784)), np.arange(4), count=3),
         "count must be between 1 and half"),
    ],
)
def test_bad_input_is_a_clear_value_error(draw, message):
    with pytest.raises(ValueError, match=message):
        draw()
