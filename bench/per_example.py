"""The baseline: mini-batch gradient descent the textbook way, one example at a time.

This is how Michael Nielsen's network.py (Neural Networks and Deep Learning, chapter 1) trains,
with the cross-entropy cost of his chapter 3: every image is a column vector of shape (784, 1),
backpropagation runs once per image, and the gradients are summed over the mini-batch before one
step of gradient descent. nnbook does the same arithmetic with one matrix product per layer for
the whole mini-batch (Network.backprop); bench.run times both, and tests/test_bench.py checks
that they compute the same gradients.
"""

import numpy as np

from nnbook import activations
from nnbook.activations import sigmoid


class PerExampleNetwork:
    """A copy of an nnbook ``Network``'s weights and biases in column form: ``weights[l]`` of shape
    (n_out, n_in) as in nnbook, ``biases[l]`` of shape (n_out, 1). Hidden layers use the network's
    activation, the output layer the sigmoid, the cost is the cross-entropy: the same network."""

    def __init__(self, network):
        self.dtype = network.dtype
        self.weights = [w.copy() for w in network.weights]
        self.biases = [b.reshape(-1, 1).copy() for b in network.biases]
        self.activation = getattr(activations, network.activation)  # nnbook.activations.sigmoid or relu
        self.derivative = getattr(activations, f"{network.activation}_prime")

    def backprop(self, x, y):
        """The cross-entropy cost's gradient for ONE image ``x`` (784, 1) with desired output ``y``
        (10, 1): (weight_gradients, bias_gradients), shaped like weights and biases."""
        activation, activations, zs = x, [x], []
        last = len(self.weights) - 1
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = w @ activation + b
            zs.append(z)
            activation = sigmoid(z) if layer == last else self.activation(z)
            activations.append(activation)
        delta = activations[-1] - y  # the cross-entropy cost's dC/dz at the sigmoid output
        weight_gradients = [None] * len(self.weights)
        bias_gradients = [None] * len(self.weights)
        for layer in reversed(range(len(self.weights))):
            weight_gradients[layer] = delta @ activations[layer].T
            bias_gradients[layer] = delta
            if layer > 0:
                delta = (self.weights[layer].T @ delta) * self.derivative(zs[layer - 1])
        return weight_gradients, bias_gradients

    def mini_batch_gradients(self, examples):
        """The mean gradient over a mini-batch, a list of (x, y) column pairs from ``columns``:
        backprop example by example, summed, divided by the number of examples."""
        weight_sums = [np.zeros_like(w) for w in self.weights]
        bias_sums = [np.zeros_like(b) for b in self.biases]
        for x, y in examples:
            weight_gradients, bias_gradients = self.backprop(x, y)
            for total, gradient in zip(weight_sums + bias_sums, weight_gradients + bias_gradients):
                total += gradient
        return [w / len(examples) for w in weight_sums], [b / len(examples) for b in bias_sums]

    def train_examples(self, examples, batch_size, learning_rate, seed=0):
        """One pass of plain gradient descent over ``examples`` (a list from ``columns``) in a
        random order, ``batch_size`` examples per step: what nnbook's train does in one epoch
        with optimizer="sgd"."""
        order = np.random.default_rng(seed).permutation(len(examples))
        for start in range(0, len(examples), batch_size):
            chosen = [examples[i] for i in order[start : start + batch_size]]
            weight_gradients, bias_gradients = self.mini_batch_gradients(chosen)
            for p, g in zip(self.weights + self.biases, weight_gradients + bias_gradients):
                p -= learning_rate * g


def columns(images, labels, dtype, outputs=10):
    """The examples as the textbook keeps them: a list of (x, y) pairs, x an image as a column of
    shape (784, 1), y the desired output as a column of shape (outputs, 1), 1 at the label. Built
    once, before any timing, as Nielsen's mnist_loader does."""
    examples = []
    for image, label in zip(images, labels):
        y = np.zeros((outputs, 1), dtype)
        y[label] = 1
        examples.append((np.asarray(image, dtype).reshape(-1, 1), y))
    return examples
