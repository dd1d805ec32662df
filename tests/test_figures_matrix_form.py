"""The figures of docs/matrix-form.md (nnbook/figures/matrix_form.py): the shapes of one layer's
matrix form."""

import numpy as np
import pytest

from nnbook import figures
from nnbook.network import Network


def test_layer_shapes_draws_each_block_with_its_shape(digits):
    images, _ = digits
    network = Network([784, 16, 10], seed=0)
    figure = figures.layer_shapes(network.weights[0], network.biases[0], images[0])
    ax = figure.axes[0]
    assert [image.get_array().shape for image in ax.images] == [(16, 784), (784, 1), (16, 1), (16, 1)]
    np.testing.assert_allclose(ax.images[3].get_array()[:, 0], network.activations(images[0])[1], atol=1e-6)
    labels = [text.get_text() for text in ax.texts]
    assert {"$W^{(1)}$", "16 x 784", "$a^{(0)}$", "784 x 1", "$b^{(1)}$", "16 x 1", "$a^{(1)}$"} <= set(labels)


def test_layer_shapes_names_the_blocks_after_their_layer(digits):
    images, _ = digits
    network = Network([784, 16, 10], seed=0)
    hidden = network.activations(images[0])[1]
    figure = figures.layer_shapes(network.weights[1], network.biases[1], hidden, layer=2)
    labels = {text.get_text() for text in figure.axes[0].texts}
    assert {"$W^{(2)}$", "10 x 16", "$a^{(1)}$", "16 x 1", "$b^{(2)}$", "10 x 1", "$a^{(2)}$"} <= labels


@pytest.mark.parametrize(
    "draw, message",
    [
        (lambda: figures.layer_shapes(np.zeros((16, 784)), np.zeros(10), np.zeros(784)), r"got \(16, 784\), \(10,\)"),
        (lambda: figures.layer_shapes(np.zeros((16, 784)), np.zeros(16), np.zeros(28)), "activations of shape"),
        (lambda: figures.layer_shapes(np.zeros((16, 784)), np.zeros(16), np.zeros(784), layer=0), "layer must be"),
    ],
)
def test_bad_input_is_a_clear_value_error(draw, message):
    with pytest.raises(ValueError, match=message):
        draw()
