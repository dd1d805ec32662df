"""Activation functions: the squish a neuron applies to its weighted sum.

The page ``weights-and-biases`` introduces the sigmoid, ``beyond-sigmoid`` ReLU; the ``*_prime``
functions are their slopes, for backpropagation (``backpropagation-calculus``). Each takes a
number or an array and returns the same shape, float32 as float32, float64 and integers as
float64. ``ACTIVATIONS`` holds them as the network computes them on its own float arrays.
"""

import functools
from typing import NamedTuple

import numpy as np


class Activation(NamedTuple):
    """A squish as the network uses it (``backpropagation-calculus``): ``sigma(z)`` of a float array,
    and its slope sigma'(z) from the activation a = sigma(z), ``sigma_prime(a)`` (the forward pass
    has a at hand). Neither converts nor silences a warning: it runs in ``blas.arithmetic``."""

    sigma: object
    sigma_prime: object


ACTIVATIONS = {
    "sigmoid": Activation(sigma=lambda z: 1 / (1 + np.exp(-z)), sigma_prime=lambda a: a * (1 - a)),
    "relu": Activation(sigma=lambda z: np.maximum(z, 0), sigma_prime=lambda a: (a > 0).astype(a.dtype)),
}


def _elementwise(function):
    """``function`` of a number or array, as floats (float32 and float64 kept, else float64), silent
    when e^-z overflows on its way to an exact 0 or 1; a number in gives a number out."""

    @functools.wraps(function)
    def elementwise(z):
        z = np.asarray(z)
        z = z if z.dtype in (np.float32, np.float64) else z.astype(np.float64)
        with np.errstate(over="ignore", under="ignore"):
            value = function(z)
        return value[()] if z.ndim == 0 else value

    return elementwise


@_elementwise
def sigmoid(z):
    """The sigmoid, 1 / (1 + e^-z): squishes any number into (0, 1) (page ``weights-and-biases``).
    Below z = -709 (-88 in float32) e^-z overflows and the result is exactly 0, the right answer;
    elsewhere it is accurate to the last bit or two."""
    return ACTIVATIONS["sigmoid"].sigma(z)


@_elementwise
def sigmoid_prime(z):
    """The slope of the sigmoid at z (``backpropagation-calculus``): sigmoid(z) * (1 - sigmoid(z)),
    computed as e / (1 + e)^2 with e = e^-|z| (symmetric about 0). Largest, 1/4, at z = 0."""
    e = np.exp(-np.abs(z))
    return e / (1 + e) ** 2


@_elementwise
def relu(z):
    """The rectified linear unit, max(0, z) (page ``beyond-sigmoid``)."""
    return ACTIVATIONS["relu"].sigma(z)


@_elementwise
def relu_prime(z):
    """The slope of ReLU (page ``beyond-sigmoid``): 1 where z > 0, else 0 (0 at the kink z = 0)."""
    return (z > 0).astype(z.dtype)
