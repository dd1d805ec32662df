"""The figures of docs/neurons-and-layers.md (nnbook/figures/neurons_and_layers.py): the network
with its activations lit by a digit."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import figures
from nnbook.network import Network


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


@pytest.mark.parametrize(
    "draw, message",
    [
        (lambda: figures.network_activations(Network([784, 100, 10]), np.zeros(784)), "at most 32 neurons"),
        (lambda: figures.network_activations(Network([50, 10]), np.zeros(784)), "784 neurons"),
        (lambda: figures.network_activations("net", np.zeros(784)), "784 neurons"),
        (lambda: figures.network_activations(Network([784, 10]), np.zeros(783)), r"shape \(783,\)"),
    ],
)
def test_bad_input_is_a_clear_value_error(draw, message):
    with pytest.raises(ValueError, match=message):
        draw()


def test_the_pages_draw_one_untrained_network_and_the_first_test_digit(mnist):
    """The network and digit of the pages neurons-and-layers to matrix-form: the same at every call."""
    network, digit = figures.book_network_and_digit()
    again, _ = figures.book_network_and_digit()
    assert network.sizes == [784, 16, 16, 10]
    assert all(np.array_equal(first, second) for first, second in zip(network.weights, again.weights))
    assert np.array_equal(digit, mnist.test_images[0])
