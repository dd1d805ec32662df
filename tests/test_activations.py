"""The activation functions: known values, slopes, dtypes, and no overflow at |z| = 1000."""

import warnings

import numpy as np
import pytest

from nnbook.activations import ACTIVATIONS, relu, relu_prime, sigmoid, sigmoid_prime


def test_sigmoid_known_values():
    assert sigmoid(0.0) == 0.5
    assert sigmoid(2.0) == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-15)
    assert sigmoid(-2.0) == pytest.approx(1 / (1 + np.exp(2.0)), rel=1e-15)
    # sigmoid(-z) = 1 - sigmoid(z)
    z = np.linspace(-20, 20, 81)
    np.testing.assert_allclose(sigmoid(-z), 1 - sigmoid(z), atol=1e-15)


def test_relu_known_values():
    np.testing.assert_array_equal(relu(np.array([-3.0, -0.0, 0.0, 0.5, 7.0])), [0, 0, 0, 0.5, 7])
    np.testing.assert_array_equal(relu_prime(np.array([-3.0, 0.0, 0.5, 7.0])), [0, 0, 1, 1])


@pytest.mark.parametrize("z", [-1000, -50.0, -3.0, 0.0, 0.7, 50.0, 1000])
def test_no_overflow_and_limits(z):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        s, ds = sigmoid(z), sigmoid_prime(z)
        r, dr = relu(z), relu_prime(z)
    assert 0 <= s <= 1 and 0 <= ds <= 0.25
    assert r == max(z, 0) and dr == (1.0 if z > 0 else 0.0)
    if z == 1000:
        assert s == 1.0 and ds == 0.0
    if z == -1000:
        assert s == 0.0 and ds == 0.0


def test_sigmoid_prime_matches_formula_and_finite_differences():
    z = np.linspace(-8, 8, 33)
    s = sigmoid(z)
    np.testing.assert_allclose(sigmoid_prime(z), s * (1 - s), rtol=1e-12)
    h = 1e-6
    np.testing.assert_allclose(sigmoid_prime(z), (sigmoid(z + h) - sigmoid(z - h)) / (2 * h), atol=1e-9)
    assert sigmoid_prime(0.0) == 0.25


def test_sigmoid_is_accurate_near_0_and_1():
    # Far from 0 the result is tiny or close to 1; both sides keep their relative accuracy.
    z = np.array([-700.0, -40.0, -20.0, -5.0, 5.0, 20.0, 40.0])
    exact = np.exp(-np.logaddexp(0, -z))  # 1 / (1 + e^-z) through logs, never overflowing
    np.testing.assert_allclose(sigmoid(z), exact, rtol=1e-15)
    # float32 reaches down to about 1e-38: sigmoid(-700) is below it and rounds to 0.
    np.testing.assert_allclose(sigmoid(z[1:].astype(np.float32)), exact[1:], rtol=1e-6)
    assert sigmoid(np.float32(-700)) == 0


@pytest.mark.parametrize("name, function, prime", [("sigmoid", sigmoid, sigmoid_prime), ("relu", relu, relu_prime)])
def test_the_networks_squish_and_slope_from_activation_match_the_functions(name, function, prime):
    """ACTIVATIONS[name].sigma is the function itself; its sigma_prime, given a = sigma(z), is the slope at z."""
    z = np.linspace(-8, 8, 41)  # includes 0, where ReLU's slope is taken as 0
    for dtype in (np.float32, np.float64):
        a = ACTIVATIONS[name].sigma(z.astype(dtype))
        np.testing.assert_array_equal(a, function(z.astype(dtype)))
        slope = ACTIVATIONS[name].sigma_prime(a)
        assert slope.dtype == dtype
        rtol = 1e-5 if dtype == np.float32 else 1e-12
        np.testing.assert_allclose(slope, prime(z.astype(dtype)), rtol=rtol, atol=1e-7)


@pytest.mark.parametrize("f", [sigmoid, sigmoid_prime, relu, relu_prime])
def test_shapes_and_dtypes(f):
    for dtype in (np.float32, np.float64):
        z = np.arange(-6, 6, dtype=dtype).reshape(3, 4)
        out = f(z)
        assert out.shape == (3, 4) and out.dtype == dtype
    assert np.ndim(f(1.5)) == 0
    assert f(np.arange(3)).dtype == np.float64  # integers become float64
    assert f(np.float32(2.0)).dtype == np.float32
