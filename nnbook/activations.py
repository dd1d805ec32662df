"""Activation functions: the squish a neuron applies to its weighted sum.

The page ``weights-and-biases`` introduces the sigmoid, which squishes any number into (0, 1),
``beyond-sigmoid`` ReLU, max(0, z); the ``*_prime`` functions are their slopes, which
backpropagation needs (``learning``). Each function takes a number or an array and returns the
same shape, float32 as float32, float64 and integers as float64. The sigmoid gives
sigmoid(-1000) = 0 and sigmoid(1000) = 1 without a warning.

``ACTIVATIONS`` names the squishes a network's hidden layers can use, in the form the network
computes them on its own float arrays (nnbook.network).
"""

from typing import NamedTuple

import numpy as np


class Activation(NamedTuple):
    """A squish as the network uses it (page ``learning``): ``sigma(z)`` of a float array, and its
    slope sigma'(z) computed from the activation a = sigma(z), ``sigma_prime(a)``, because the
    forward pass has a at hand. Neither converts or silences anything: the network holds
    ``nnbook.blas.arithmetic`` around its work, so e^-z overflowing on its way to a sigmoid of
    exactly 0 is silent."""

    sigma: object
    sigma_prime: object


ACTIVATIONS = {
    "sigmoid": Activation(sigma=lambda z: 1 / (1 + np.exp(-z)), sigma_prime=lambda a: a * (1 - a)),
    "relu": Activation(sigma=lambda z: np.maximum(z, 0), sigma_prime=lambda a: (a > 0).astype(a.dtype)),
}


def sigmoid(z):
    """The sigmoid, 1 / (1 + e^-z): squishes any number into the range (0, 1) (page
    ``weights-and-biases``).

    For z below about -709 (-88 in float32), e^-z overflows to infinity and 1 / (1 + inf) is
    exactly 0, the right answer; for large z it underflows to 0, giving exactly 1. Both are
    expected, so neither raises a warning. Elsewhere 1 / (1 + e^-z) is accurate to the last bit
    or two, however close to 0 or 1 the result.
    """
    z = _as_float(z)
    with np.errstate(over="ignore", under="ignore"):
        return _result(ACTIVATIONS["sigmoid"].sigma(z), z)


def sigmoid_prime(z):
    """The slope of the sigmoid at z: sigmoid(z) * (1 - sigmoid(z)), the same as e / (1 + e)^2
    with e = e^-|z| (the slope is symmetric about 0). Largest, 1/4, at z = 0. Backpropagation
    (page ``learning``) multiplies by it."""
    z = _as_float(z)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
    return _result(e / (1 + e) ** 2, z)


def relu(z):
    """The rectified linear unit, max(0, z) (page ``beyond-sigmoid``)."""
    z = _as_float(z)
    return _result(ACTIVATIONS["relu"].sigma(z), z)


def relu_prime(z):
    """The slope of ReLU (page ``beyond-sigmoid``): 1 where z > 0 and 0 elsewhere (we take 0 at
    the kink z = 0)."""
    z = _as_float(z)
    return _result((z > 0).astype(z.dtype), z)


def _as_float(z):
    """``z`` as a float array (float32 and float64 kept, anything else as float64)."""
    z = np.asarray(z)
    return z if z.dtype in (np.float32, np.float64) else z.astype(np.float64)


def _result(value, like):
    """A 0-d array back as a NumPy scalar, so a number in gives a number out."""
    return value[()] if np.ndim(like) == 0 else value
