"""Checking what a reader passes in, so that bad input gets a clear error instead of a deep NumPy
traceback: every function here returns the checked value or raises a ValueError that names the
problem and, where there is one, the fix. The rest of nnbook checks numbers, names, images,
labels and layer sizes only through these; what only one module takes (a saved file's format, a
point of a detector) it checks itself.

- ``number``: one number, such as epochs, a learning rate, a seed or a detector's width;
- ``choice``: one of a few names, such as "sigmoid" or "relu";
- ``images``: one image of 784 pixels or a batch of them, one image per row; ``batch``: a batch
  of at least one; ``pixels``: such a batch with every pixel between 0 and 1;
- ``labels`` and ``examples``: the digits that go with a batch of images; ``pair``: an
  (images, labels) pair such as ``test=``; ``whole_numbers``: labels' check for other counts,
  such as places in the test set;
- ``finite``: an array of numbers with no NaN or infinity;
- ``sizes`` and ``dtype``: a network's layer sizes and number type.
"""

import math
import numbers

import numpy as np


def number(value, name=None, whole=False, at_least=None, above=None):
    """``value`` as an int (when ``whole``) or a float, or a ValueError such as "epochs must be a
    whole number >= 1, got 0" (with no ``name``: "expected a whole number >= 1, got 0").

    A number is an int or a float (NumPy's too), never a bool or a string; a float must be
    finite; ``at_least`` and ``above`` are the bounds it must meet (>= and >).
    """
    expected = "a whole number" if whole else "a finite number"
    if at_least is not None:
        expected += f" >= {at_least:g}"
    if above is not None:
        expected += f" > {above:g}"
    kind = numbers.Integral if whole else numbers.Real
    if (
        isinstance(value, bool)
        or not isinstance(value, kind)
        or not math.isfinite(value)
        or (at_least is not None and value < at_least)
        or (above is not None and value <= above)
    ):
        problem = f"{name} must be {expected}" if name else f"expected {expected}"
        raise ValueError(f"{problem}, got {value!r}")
    return int(value) if whole else float(value)


def choice(value, name, choices):
    """``value`` if it is one of ``choices`` (a collection of names), or a ValueError listing them."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return value


def pair(value, name):
    """``value`` as a pair (images, labels), or a ValueError naming it ``name``."""
    try:
        first, second = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (images, labels), such as (mnist.test_images, mnist.test_labels)") from None
    return first, second


def images(x, inputs=784, one=True):
    """``x`` as a batch of images, a 2-D array of numbers with one image of ``inputs`` pixels per
    row, and whether ``x`` was a single image of shape (inputs,) (accepted when ``one``).

    The numbers keep their dtype; every pixel must be finite. An image of the wrong shape is
    refused with both shapes, and with how to flatten it when its pixels are all there
    (a 28x28 picture, or a batch of them).
    """
    array = _numbers(x, "images")
    if array.ndim == 2 and array.shape[1] == inputs:
        single = False
    elif one and array.shape == (inputs,):
        single = True
    else:
        expected = f"an image of {inputs} numbers or a batch of shape (N, {inputs})" if one else (
            f"a batch of shape (N, {inputs})"
        )
        raise ValueError(f"expected {expected}, got shape {array.shape}{_flatten_hint(array.shape, inputs)}")
    return np.atleast_2d(finite(array, "images")), single


def batch(x, inputs=784):
    """``x`` checked as by ``images`` as a batch of at least one image (not a single image): a
    2-D array with one image of ``inputs`` pixels per row."""
    array, _ = images(x, inputs, one=False)
    if len(array) == 0:
        raise ValueError("expected at least one image, got an empty batch")
    return array


def pixels(x, inputs=784):
    """``x`` checked as by ``batch``, with every pixel between 0 (background) and 1 (full ink), as
    in MNIST's images."""
    array = batch(x, inputs)
    if array.min() < 0 or array.max() > 1:
        raise ValueError(
            "every pixel must be a number between 0 (background) and 1 (full ink), "
            f"got values from {array.min():g} to {array.max():g}; divide pixel values of 0 to 255 by 255"
        )
    return array


def labels(values, count, outputs=10):
    """``values`` as an int64 array of ``count`` whole numbers from 0 to outputs - 1 (for MNIST
    the digits 0-9, one per output neuron)."""
    return whole_numbers(values, count, "labels", outputs, "one per output neuron")


def whole_numbers(values, count, name, below, meaning):
    """``values`` as an int64 array of ``count`` whole numbers from 0 to below - 1, or a ValueError
    calling them ``name`` and saying what they are (``meaning``, such as "places in the test set")."""
    array = finite(_numbers(values, name), name)
    if array.shape != (count,):
        raise ValueError(f"expected {count} {name}, shape ({count},), got shape {array.shape}")
    if array.dtype.kind == "f" and not np.all(array == np.round(array)):
        raise ValueError(f"{name} must be whole numbers, got fractions")
    array = array.astype(np.int64)
    if count and (array.min() < 0 or array.max() >= below):
        raise ValueError(
            f"{name} must be between 0 and {below - 1} ({meaning}), "
            f"got values from {array.min()} to {array.max()}"
        )
    return array


def examples(pictures, digits, inputs=784, outputs=10):
    """Labeled examples: ``pictures`` checked as by ``batch`` and their ``digits`` as by ``labels``;
    returns the two arrays."""
    checked = batch(pictures, inputs)
    return checked, labels(digits, len(checked), outputs)


def finite(array, name):
    """``array`` (a NumPy array of numbers) if none of its numbers is NaN or infinite, or a
    ValueError naming it ``name``, such as "weights of layer 2"."""
    if not np.all(np.isfinite(array)):
        raise ValueError(f"the {name} contain NaN or infinity; they must be finite numbers")
    return array


def sizes(layer_sizes):
    """A network's layer sizes, such as [784, 16, 16, 10], as a list of at least two ints >= 1."""
    try:
        layer_sizes = list(layer_sizes)
    except TypeError:
        raise ValueError(
            f"sizes must be a list of layer sizes such as [784, 16, 16, 10], got {layer_sizes!r}"
        ) from None
    if len(layer_sizes) < 2:
        raise ValueError(
            "sizes must name at least 2 layers (input and output), such as [784, 16, 16, 10]; "
            f"got {layer_sizes}"
        )
    return [number(size, f"every layer size in {layer_sizes}", whole=True, at_least=1) for size in layer_sizes]


def dtype(value):
    """``value`` as np.float32 or np.float64 (a name such as "float32" works too)."""
    try:
        checked = np.dtype(value).type
    except TypeError:
        checked = None
    if checked not in (np.float32, np.float64):
        raise ValueError(f"dtype must be np.float32 or np.float64, got {value!r}")
    return checked


def _numbers(x, what):
    """``x`` as a NumPy array of real numbers (bool, int or float), or a ValueError."""
    try:
        array = np.asarray(x)
    except (ValueError, TypeError) as error:
        raise ValueError(f"the {what} must be an array of numbers: {error}") from None
    if array.dtype.kind not in "biuf":
        raise ValueError(f"the {what} must be numbers, got an array of {array.dtype}")
    return array


def _flatten_hint(shape, inputs):
    """How to fix input of the wrong shape, when its pixels could be flattened."""
    if len(shape) == 2 and shape[0] * shape[1] == inputs:
        return f"; flatten it with image.reshape({inputs})"
    if len(shape) == 3 and shape[1] * shape[2] == inputs:
        return f"; flatten them with images.reshape(len(images), {inputs})"
    return ""
