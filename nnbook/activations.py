"""Activation functions: the squish a neuron applies to its weighted sum.

Chapter 3 ("Weights, biases and the squish") introduces the sigmoid, which squishes any number
into (0, 1); chapter 7 ("Beyond the sigmoid") introduces ReLU, max(0, z). The ``*_prime``
functions are their slopes, which backpropagation needs (chapter 5, "What learning really means").

Each function takes a number or an array of any shape and returns the same shape. Float32 input
stays float32 and float64 stays float64; integers become float64. The sigmoid is computed in a
form that never overflows: sigmoid(-1000) is 0 and sigmoid(1000) is 1, without a warning.
"""

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


def _exp_minus_abs(z):
    """e^-|z|, which lies in (0, 1] and so cannot overflow (it may round to 0 for huge |z|)."""
    with np.errstate(under="ignore"):
        return np.exp(-np.abs(z))


def sigmoid(z):
    """The sigmoid, 1 / (1 + e^-z): squishes any number into the range (0, 1).

    Written with e = e^-|z| as 1 / (1 + e) for z >= 0 and e / (1 + e) for z < 0, the two
    equal forms in which nothing can overflow.
    """
    z = _as_float(z)
    e = _exp_minus_abs(z)
    one_over = 1 / (1 + e)
    return _result(np.where(z >= 0, one_over, e * one_over), z)


def sigmoid_prime(z):
    """The slope of the sigmoid at z: sigmoid(z) * (1 - sigmoid(z)), the same as e / (1 + e)^2
    with e = e^-|z| (the slope is symmetric about 0). Largest, 1/4, at z = 0."""
    z = _as_float(z)
    e = _exp_minus_abs(z)
    return _result(e / (1 + e) ** 2, z)


def relu(z):
    """The rectified linear unit, max(0, z) (chapter 7)."""
    z = _as_float(z)
    return _result(np.maximum(z, 0), z)


def relu_prime(z):
    """The slope of ReLU: 1 where z > 0 and 0 elsewhere (we take 0 at the kink z = 0)."""
    z = _as_float(z)
    return _result((z > 0).astype(z.dtype), z)
