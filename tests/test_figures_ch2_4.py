"""Figures of chapters 2-4: the network with its activations lit, weights as pictures, the
hand-built detectors and what they respond to, the sigmoid."""

import io

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import detectors, figures
from nnbook.network import Network

CHAPTER_2_TO_4_FIGURES = [
    "network-activations.svg",
    "neuron-weights.svg",
    "edge-detectors.svg",
    "loop-detectors.svg",
    "sigmoid.svg",
    "detector-responses.svg",
    "detector-extremes.svg",
    "matrix-shapes.svg",
]


@pytest.fixture
def digits():
    """Thirty random 'digits' (values in [0, 1]) labeled 0-9 three times over."""
    rng = np.random.default_rng(1)
    return rng.random((30, 784)).astype(np.float32), np.arange(30) % 10


def test_network_activations_shades_each_neuron_and_rings_the_answer(digits):
    images, _ = digits
    network = Network([784, 16, 16, 10], seed=0)
    figure = figures.network_activations(network, images[0])
    assert isinstance(figure, Figure)
    ax = figure.axes[0]
    assert len(ax.images) == 1  # the input layer is drawn as the picture, not 784 circles
    assert len(ax.patches) == 1 + 16 + 16 + 10 + 1  # frame, neurons, the ring round the answer
    answer = network.predict(images[0])
    labels = [text.get_text() for text in ax.texts if text.get_text()[:1].isdigit()]
    assert len(labels) == 10
    assert labels[answer].endswith("answer")
    assert sum(label.endswith("answer") for label in labels) == 1
    outputs = network.feedforward(images[0])
    assert labels[3].startswith(f"3   {outputs[3]:.2f}")


def test_network_activations_draws_other_small_networks(digits):
    images, _ = digits
    figure = figures.network_activations(Network([784, 8, 10], seed=3), images[1].reshape(28, 28))
    assert len(figure.axes[0].patches) == 1 + 8 + 10 + 1


def test_weight_pictures_share_limits_symmetric_around_zero():
    weights = np.zeros((2, 784))
    weights[0, 5], weights[1, 9] = 0.5, -2.0
    figure = figures.weight_pictures(weights, ["a", "b"])
    drawn = [ax for ax in figure.axes if ax.images]
    assert [ax.get_title() for ax in drawn] == ["a", "b"]
    for ax in drawn:
        assert ax.images[0].get_clim() == (-2.0, 2.0)
        assert ax.images[0].get_cmap().name == figures.base.WEIGHT_COLORMAP


def test_weighted_sum_parts_states_the_weighted_sum(digits):
    images, _ = digits
    weights = np.random.default_rng(2).standard_normal(784)
    figure = figures.weighted_sum_parts(weights, images[0])
    total = float(np.dot(weights, images[0].astype(np.float64)))
    assert f"add up to {total:.2f}" in figure.axes[2].get_title()
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


def test_detector_extremes_shows_the_highest_and_lowest_responses(digits):
    images, labels = digits
    detector = detectors.upper_loop()
    figure = figures.detector_extremes([detector], images, labels, count=3)
    responses = detectors.respond(detector, images)
    order = np.argsort(responses, kind="stable")
    titles = [ax.get_title() for ax in figure.axes[1:]]
    chosen = list(order[::-1][:3]) + list(order[:3])
    assert titles == [f"{labels[i]}: {responses[i]:.2f}" for i in chosen]


def test_detector_extremes_shows_four_of_each_by_default(digits):
    images, labels = digits
    figure = figures.detector_extremes([detectors.top_bar(), detectors.lower_loop()], images, labels)
    assert len(figure.axes) == 2 * (1 + 4 + 4)  # per detector: its weights, the most, the least


def test_layer_shapes_draws_each_block_with_its_shape(digits):
    images, _ = digits
    network = Network([784, 16, 10], seed=0)
    figure = figures.layer_shapes(network.weights[0], network.biases[0], images[0])
    ax = figure.axes[0]
    assert [image.get_array().shape for image in ax.images] == [(16, 784), (784, 1), (16, 1), (16, 1)]
    np.testing.assert_allclose(ax.images[3].get_array()[:, 0], network.activations(images[0])[1], atol=1e-6)
    labels = [text.get_text() for text in ax.texts]
    assert {"$W^{(1)}$\n16 x 784", "$a^{(0)}$\n784 x 1", "$b^{(1)}$\n16 x 1", "$a^{(1)}$\n16 x 1"} <= set(labels)


def test_layer_shapes_names_the_blocks_after_their_layer(digits):
    images, _ = digits
    network = Network([784, 16, 10], seed=0)
    hidden = network.activations(images[0])[1]
    figure = figures.layer_shapes(network.weights[1], network.biases[1], hidden, layer=2)
    labels = {text.get_text() for text in figure.axes[0].texts}
    assert {"$W^{(2)}$\n10 x 16", "$a^{(1)}$\n16 x 1", "$b^{(2)}$\n10 x 1", "$a^{(2)}$\n10 x 1"} <= labels


@pytest.mark.parametrize(
    "draw, message",
    [
        (lambda: figures.network_activations(Network([784, 100, 10]), np.zeros(784)), "at most 32 neurons"),
        (lambda: figures.network_activations(Network([50, 10]), np.zeros(784)), "784 neurons"),
        (lambda: figures.network_activations("net", np.zeros(784)), "784 neurons"),
        (lambda: figures.network_activations(Network([784, 10]), np.zeros(783)), r"shape \(783,\)"),
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
        (lambda: figures.layer_shapes(np.zeros((16, 784)), np.zeros(10), np.zeros(784)), r"got \(16, 784\), \(10,\)"),
        (lambda: figures.layer_shapes(np.zeros((16, 784)), np.zeros(16), np.zeros(28)), "activations of shape"),
        (lambda: figures.layer_shapes(np.zeros((16, 784)), np.zeros(16), np.zeros(784), layer=0), "layer must be"),
    ],
)
def test_bad_input_is_a_clear_value_error(draw, message):
    with pytest.raises(ValueError, match=message):
        draw()


@pytest.mark.parametrize("name", CHAPTER_2_TO_4_FIGURES)
def test_book_figure_is_registered_and_draws_a_small_svg(name):
    """Needs MNIST (NNBOOK_DATA_DIR or the cache), like every chapter."""
    assert name in figures.BOOK_FIGURES
    figure = figures.BOOK_FIGURES[name]()
    assert isinstance(figure, Figure)
    svg = io.BytesIO()
    figure.savefig(svg, format="svg")
    assert 10_000 < svg.tell() < 300_000
