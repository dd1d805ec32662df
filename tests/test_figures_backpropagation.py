"""The figures of docs/backpropagation.md (nnbook/figures/backpropagation.py): one training
example's wishes for the output layer, for the weights into one output neuron, and for the hidden
layer below."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import Network, figures
from nnbook.figures import backpropagation


def test_output_wishes_figure_writes_each_wish_in_its_direction(digits):
    images, _ = digits
    outputs = np.linspace(0.05, 0.95, 10)
    figure = figures.output_wishes_figure(images[0], outputs, label=3)
    assert isinstance(figure, Figure)
    digit_ax, bars = figure.axes
    assert digit_ax.get_title() == "a 3\ngoes in"
    wishes = [text.get_text() for text in bars.texts if text.get_text()]  # not the arrows
    assert wishes[3] == f"{1 - outputs[3]:+.2f}"  # the label's neuron wants up, to 1
    assert wishes[:3] + wishes[4:] == [f"{-value:+.2f}" for value in np.delete(outputs, 3)]


def test_output_wishes_figure_never_writes_minus_zero(digits):
    images, _ = digits
    outputs = np.full(10, 0.001)
    figure = figures.output_wishes_figure(images[0], outputs, label=0)
    wishes = [text.get_text() for text in figure.axes[1].texts if text.get_text()]
    assert len(wishes) == 10 and "-0.00" not in wishes


def test_output_wishes_figure_rejects_bad_outputs_and_labels(digits):
    images, _ = digits
    with pytest.raises(ValueError, match="10 numbers"):
        figures.output_wishes_figure(images[0], np.full(9, 0.5), label=1)
    with pytest.raises(ValueError, match="between 0 and 1"):
        figures.output_wishes_figure(images[0], np.full(10, 1.5), label=1)
    with pytest.raises(ValueError, match="labels"):
        figures.output_wishes_figure(images[0], np.full(10, 0.5), label=10)
    with pytest.raises(ValueError, match="one digit"):
        figures.output_wishes_figure(images[:2], np.full(10, 0.5), label=1)


def test_weight_wishes_figure_draws_the_line_through_its_dots():
    activations = np.array([0.1, 0.5, 0.9])
    figure = figures.weight_wishes_figure(activations, -0.4 * activations, neuron="the 2's neuron")
    ax = figure.axes[0]
    assert "the 2's neuron" in ax.get_ylabel()
    line, dots = ax.lines[:2]
    assert np.allclose(line.get_ydata(), [0, -0.4])
    assert np.allclose(dots.get_xdata(), activations)
    with pytest.raises(ValueError, match="3 numbers"):
        figures.weight_wishes_figure(activations, [0.1, 0.2])
    with pytest.raises(ValueError, match="NaN"):
        figures.weight_wishes_figure([0.1, np.nan], [0.1, 0.2])


def test_hidden_wishes_figure_marks_the_sum_of_the_two_parts():
    from_label, from_others = np.array([0.5, -0.2, 0.1]), np.array([-0.3, -0.1, 0.4])
    figure = figures.hidden_wishes_figure(from_label, from_others, label=7)
    ax = figure.axes[0]
    assert np.allclose(ax.lines[0].get_ydata(), from_label + from_others)
    assert "from the 7's neuron" in [text.get_text() for text in figure.legends[0].get_texts()]
    with pytest.raises(ValueError, match="3 numbers"):
        figures.hidden_wishes_figure(from_label, from_others[:2], label=7)


def test_the_wishes_passed_back_are_backpropagations_hidden_slopes(mnist):
    """What the page's figures draw adds up as the page says: the 10 output neurons' wishes,
    passed back through the weights and scaled by a(1 - a), are minus backprop's slopes for the
    second hidden layer's biases; and the weights into a neuron wish its wish times their input."""
    network = Network([784, 16, 16, 10], seed=3, dtype=np.float64)
    image, label = mnist.train_images[7], int(mnist.train_labels[7])
    activations = network.activations(image)
    weight_slopes, bias_slopes = network.backprop(image, label, cost="cross_entropy")
    hidden = activations[2]
    passed = backpropagation._passed_back(network, activations, label)
    assert passed.shape == (10, 16)
    assert np.allclose(passed.sum(axis=0) * hidden * (1 - hidden), -bias_slopes[1], atol=1e-12)
    wish = 1 - activations[-1][label]
    assert np.allclose(-weight_slopes[2][label], wish * hidden, atol=1e-12)


def test_the_books_example_is_the_pages_nine(mnist):
    network, image, label = backpropagation._example()
    assert label == 9 and np.array_equal(image, mnist.train_images[4])
    assert network.sizes == [784, 16, 16, 10]
