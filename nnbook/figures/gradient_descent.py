"""The figures of the page ``gradient-descent``: gradient descent on a two-knob cost."""

import numpy as np
from matplotlib.figure import Figure

from nnbook.figures.drawing import ACCENT, PLOT_WIDTH


def bowl_cost(w1, w2):
    """The two-knob cost of the page ``gradient-descent``: a stretched, tilted bowl whose lowest point
    (cost 0) is at w1 = 1, w2 = -0.5. Works on numbers or on arrays of the same shape, element by
    element."""
    u, v = w1 - 1.0, w2 + 0.5
    return 0.5 * u**2 + 2.0 * v**2 + 0.8 * u * v


def bowl_gradient(w1, w2):
    """The slope of ``bowl_cost`` (page ``gradient-descent``): (dC/dw1, dC/dw2) at one point, as a length-2 array."""
    u, v = w1 - 1.0, w2 + 0.5
    return np.array([u + 0.8 * v, 4.0 * v + 0.8 * u])


def descent_path(gradient, start, learning_rate, steps):
    """Gradient descent on a two-knob cost: from ``start`` (w1, w2), ``steps`` times take
    w <- w - learning_rate * gradient(w1, w2). Returns the (steps + 1, 2) array of points visited,
    the start first (page ``gradient-descent``)."""
    if steps < 0 or learning_rate <= 0:
        raise ValueError(f"descent_path needs steps >= 0 and learning_rate > 0; got steps={steps}, "
                         f"learning_rate={learning_rate}")
    point = np.asarray(start, dtype=float)
    if point.shape != (2,):
        raise ValueError(f"start must be two numbers (w1, w2); got shape {point.shape}")
    path = [point]
    for _ in range(steps):
        point = point - learning_rate * np.asarray(gradient(*point), dtype=float)
        path.append(point)
    return np.array(path)


def descent_figure(cost, path, margin=0.5):
    """Contours of a two-knob ``cost(w1, w2)`` with the ``path`` gradient descent took
    ((steps + 1, 2) array, as from ``descent_path``) drawn on top (page ``gradient-descent``)."""
    path = np.asarray(path, dtype=float)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) == 0 or not np.isfinite(path).all():
        raise ValueError(f"path must be a non-empty (steps + 1, 2) array of finite points; got shape {path.shape}")
    low, high = path.min(axis=0) - margin, path.max(axis=0) + margin
    side = (high - low).max()
    center = (low + high) / 2
    low, high = center - side / 2, center + side / 2
    w1, w2 = np.meshgrid(np.linspace(low[0], high[0], 100), np.linspace(low[1], high[1], 100))
    figure = Figure(figsize=(PLOT_WIDTH, 4.5), layout="constrained")
    ax = figure.add_subplot()
    filled = ax.contourf(w1, w2, cost(w1, w2), levels=15, cmap="Blues_r")
    # Lines between the bands only: the first and last levels bound the shading and cross no point
    # (they would be empty, invalid <path> elements in the SVG).
    ax.contour(w1, w2, cost(w1, w2), levels=filled.levels[1:-1], colors="white", linewidths=0.5)
    figure.colorbar(filled, ax=ax, label="cost")
    ax.plot(path[:, 0], path[:, 1], "-o", color=ACCENT, markersize=3.5, linewidth=1.5, label="gradient descent")
    ax.plot(*path[0], "s", color="black", markersize=8, label="start")
    ax.plot(*path[-1], "*", color=ACCENT, markeredgecolor="black", markersize=14, label=f"after {len(path) - 1} steps")
    ax.set_xlabel("knob w1")  # as the page's code names them
    ax.set_ylabel("knob w2")
    ax.set_aspect("equal")
    ax.legend(loc="upper right", framealpha=0.9)
    return figure


def _gradient_descent_bowl():
    # The same start, learning rate and steps as the path the page ``gradient-descent`` prints.
    return descent_figure(bowl_cost, descent_path(bowl_gradient, start=(-2, 1.5), learning_rate=0.3, steps=25))


# The book's figures from this page, by file name under figures/ in the built site.
BOOK_FIGURES = {
    "gradient-descent-bowl.svg": _gradient_descent_bowl,
}
