"""The figures of docs/gradient-descent.md (nnbook/figures/gradient_descent.py): gradient descent
on a two-knob cost."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import figures


def test_descent_path_goes_downhill_and_too_large_a_rate_climbs():
    path = figures.descent_path(figures.bowl_gradient, start=(-2, 1.5), learning_rate=0.3, steps=25)
    assert path.shape == (26, 2)
    costs = figures.bowl_cost(path[:, 0], path[:, 1])
    assert np.all(np.diff(costs) < 0)
    assert np.allclose(path[-1], [1, -0.5], atol=0.01)
    climbing = figures.descent_path(figures.bowl_gradient, start=(-2, 1.5), learning_rate=0.6, steps=25)
    assert figures.bowl_cost(*climbing[-1]) > figures.bowl_cost(*climbing[0])


def test_bowl_gradient_matches_the_slope_of_the_cost():
    point, h = np.array([0.3, 0.7]), 1e-6
    nudged = [(figures.bowl_cost(*(point + h * e)) - figures.bowl_cost(*(point - h * e))) / (2 * h)
              for e in np.eye(2)]
    assert np.allclose(figures.bowl_gradient(*point), nudged, atol=1e-6)


def test_descent_path_rejects_bad_settings():
    with pytest.raises(ValueError, match="learning_rate"):
        figures.descent_path(figures.bowl_gradient, (0, 0), learning_rate=0, steps=5)
    with pytest.raises(ValueError, match="start must be two numbers"):
        figures.descent_path(figures.bowl_gradient, (0, 0, 0), learning_rate=0.1, steps=5)


def test_descent_figure_draws_and_rejects_a_bad_path():
    path = figures.descent_path(figures.bowl_gradient, (-2, 1.5), 0.3, 10)
    assert isinstance(figures.descent_figure(figures.bowl_cost, path), Figure)
    with pytest.raises(ValueError, match=r"\(steps \+ 1, 2\)"):
        figures.descent_figure(figures.bowl_cost, np.zeros((5, 3)))
