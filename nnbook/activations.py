"""Activation functions: the squish a neuron applies to its weighted sum.

Chapter 3 introduces the sigmoid, which squishes any number into (0, 1), chapter 7 ReLU, max(0, z);
the ``*_prime`` functions are their slopes, which backpropagation needs (chapter 5). ``ACTIVATIONS``
names the squishes a network's hidden layers can use. Each function takes a number or an array and
returns the same shape, float32 as float32, float64 and integers as float64. The sigmoid gives
sigmoid(-1000) = 0 and sigmoid(1000) = 1 without a warning.
"""

from typing import NamedTuple

import numpy as np


def _as_float(z):
    """``z`` as a float array (float32 and float64 kept, anything else as float64)."""
    z = np.asarray(z)
    if z.dtype in (np.float32, np.float64):
        return z
    return z.astype(np.float64)


def _result(value, like):
    """A 0-d array back as a NumPy scalar, so a number in gives a number out."""
    return value[()] if np.ndim(like) == 0 else value


def sigmoid(z):
    """The sigmoid, 1 / (1 + e^-z): squishes any number into the range (0, 1) (chapter 3).

    For z below about -709 (-88 in float32), e^-z overflows to infinity and 1 / (1 + inf) is
    exactly 0, the right answer; for large z it underflows to 0, giving exactly 1. Both are
    expected, so neither raises a warning. Elsewhere 1 / (1 + e^-z) is accurate to the last bit
    or two, however close to 0 or 1 the result.
    """
    z = _as_float(z)
    with np.errstate(over="ignore", under="ignore"):
        return _result(sigmoid_of_floats(z), z)


def sigmoid_of_floats(z):
    """``sigmoid`` of a float32 or float64 array, as a new array of the same dtype: the same
    arithmetic without the conversions and the warning control, because the network runs it for
    every layer of every mini-batch. The network holds ``np.errstate(over="ignore")`` once around
    its feedforward, so the overflow of e^-z for very negative z (a result of exactly 0) is silent.
    """
    denominator = np.exp(-z)
    denominator += 1
    return 1 / denominator


def sigmoid_prime(z):
    """The slope of the sigmoid at z: sigmoid(z) * (1 - sigmoid(z)), the same as e / (1 + e)^2
    with e = e^-|z| (the slope is symmetric about 0). Largest, 1/4, at z = 0. Backpropagation
    (chapter 5) multiplies by it."""
    z = _as_float(z)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
    return _result(e / (1 + e) ** 2, z)


def sigmoid_slope_from_activation(a):
    """sigmoid'(z) from the activation a = sigmoid(z): a * (1 - a). Backpropagation uses this
    form because the forward pass has already computed a (chapter 5)."""
    return a * (1 - a)


def relu(z):
    """The rectified linear unit, max(0, z) (chapter 7)."""
    z = _as_float(z)
    return _result(relu_of_floats(z), z)


def relu_of_floats(z):
    """``relu`` of a float array, without the conversions (as ``sigmoid_of_floats``)."""
    return np.maximum(z, 0)


def relu_prime(z):
    """The slope of ReLU (chapter 7): 1 where z > 0 and 0 elsewhere (we take 0 at the kink z = 0)."""
    z = _as_float(z)
    return _result((z > 0).astype(z.dtype), z)


def relu_slope_from_activation(a):
    """relu'(z) from the activation a = max(0, z): 1 where a > 0 (that is, z > 0), else 0."""
    return (a > 0).astype(a.dtype)


class Activation(NamedTuple):
    """A hidden layer's squish: ``function(z)``, its slope ``slope(z)``, and the same slope
    computed from the activation a = function(z), ``slope_from_activation(a)``, which
    backpropagation uses because the forward pass has a at hand. ``of_floats`` is ``function``
    for the network's own float arrays (see ``sigmoid_of_floats``)."""

    function: object
    slope: object
    slope_from_activation: object
    of_floats: object


ACTIVATIONS = {
    "sigmoid": Activation(sigmoid, sigmoid_prime, sigmoid_slope_from_activation, sigmoid_of_floats),
    "relu": Activation(relu, relu_prime, relu_slope_from_activation, relu_of_floats),
}
