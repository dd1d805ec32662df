"""Tests for the figures of chapters 5-7 (learning, looking inside, beyond the sigmoid): each
function draws a Figure from synthetic data, refuses bad input with a clear ValueError, and the
book's versions are registered and draw from the trained networks."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import detectors, figures
from nnbook.training import History

CHAPTER_5_7_FIGURES = [
    "gradient-descent-bowl.svg",
    "learning-curve-chapter5.svg",
    "confusion-matrix-chapter5.svg",
    "misclassified-chapter5.svg",
    "learned-weights-chapter6.svg",
    "noise-answers-chapter6.svg",
    "sigmoid-and-relu.svg",
    "sigmoid-vs-relu-training.svg",
    "wide-network-curve.svg",
]


def made_up_history(epochs=4, start=0.8):
    accuracy = list(np.linspace(start, 0.97, epochs))
    return History(cost=[1.0] * epochs, accuracy=accuracy, test_cost=[1.1] * epochs,
                   test_accuracy=[a - 0.01 for a in accuracy], seconds=[0.5] * epochs)


@pytest.fixture
def digits():
    """200 made-up 'digits' with labels 0..9 and answers right 90% of the time."""
    rng = np.random.default_rng(0)
    labels = np.arange(200) % 10
    answers = np.where(rng.random(200) < 0.9, labels, (labels + 1) % 10)
    return rng.random((200, 784)), labels, answers


# -- chapter 5 ---------------------------------------------------------------------------------


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


def test_learning_curves_draw_one_or_several_histories():
    one = figures.learning_curves(made_up_history())
    assert isinstance(one, Figure)
    assert len(one.axes[0].lines) == 2  # test and training accuracy
    several = figures.learning_curves({"sigmoid": made_up_history(), "ReLU": made_up_history(start=0.9)})
    assert len(several.axes[0].lines) == 4


def test_learning_curves_need_test_accuracy():
    with pytest.raises(ValueError, match="train with test="):
        figures.learning_curves(History(cost=[1.0], accuracy=[0.9], seconds=[1.0]))
    with pytest.raises(ValueError, match="at least one History"):
        figures.learning_curves({})


def test_confusion_matrix_counts_pairs(digits):
    _, labels, answers = digits
    counts = figures.confusion_matrix(labels, answers)
    assert counts.shape == (10, 10) and counts.sum() == 200
    assert np.trace(counts) == np.sum(labels == answers)
    assert figures.confusion_matrix([3, 3, 5], [3, 8, 5])[3, 8] == 1


def test_confusion_figure_writes_every_nonzero_count(digits):
    _, labels, answers = digits
    figure = figures.confusion_figure(labels, answers)
    assert isinstance(figure, Figure)
    written = sorted(int(t.get_text()) for t in figure.axes[0].texts)
    counts = figures.confusion_matrix(labels, answers)
    assert written == sorted(counts[counts > 0].tolist())


def test_confusion_figure_has_a_color_bar_labeled_in_counts(digits):
    _, labels, answers = digits
    figure = figures.confusion_figure(labels, answers)
    bar = figure.axes[1]
    assert "log scale" in bar.get_ylabel()
    ticks = [t.get_text() for t in bar.get_yticklabels()]
    assert ticks[:3] == ["0", "1", "3"]  # counts, though the colors are drawn from count + 1
    assert int(ticks[-1]) <= figures.confusion_matrix(labels, answers).max()


def test_confusion_matrix_rejects_bad_labels():
    with pytest.raises(ValueError, match="same length"):
        figures.confusion_matrix([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="digits 0..9"):
        figures.confusion_matrix([1, 12], [1, 2])


def test_misclassified_gallery_shows_only_mistakes(digits):
    images, labels, answers = digits
    figure = figures.misclassified_gallery(images, labels, answers, count=12)
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert len(titles) == min(12, np.sum(labels != answers))
    for title in titles:
        true, said = title.split(", said ")
        assert true != said


def test_misclassified_gallery_rejects_bad_input(digits):
    images, labels, _ = digits
    with pytest.raises(ValueError, match="no misclassified digits"):
        figures.misclassified_gallery(images, labels, labels)
    with pytest.raises(ValueError, match=r"\(N, 784\)"):
        figures.misclassified_gallery(images.reshape(-1, 28, 28), labels, labels)


# -- chapter 6 ---------------------------------------------------------------------------------


def test_learned_and_handbuilt_draws_both_groups():
    learned = np.random.default_rng(1).normal(size=(16, 784))
    found = detectors.book_detectors()
    figure = figures.learned_and_handbuilt(learned, found)
    assert isinstance(figure, Figure)
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert len(titles) == 16 + len(found)


def test_learned_and_handbuilt_gives_each_group_its_own_color_scale():
    learned = np.random.default_rng(1).normal(size=(16, 784))
    edges = [detectors.top_bar(), detectors.vertical_stroke(), detectors.rising_diagonal()]
    loops = [detectors.upper_loop(), detectors.lower_loop()]
    figure = figures.learned_and_handbuilt(learned, [edges, loops])
    limits = {ax.get_title(): ax.images[0].get_clim() for ax in figure.axes if ax.get_title()}
    # each group on the scale chapter 3's weight_pictures gives it: its largest weight, both signs
    for group in (edges, loops):
        largest = max(np.abs(d.weights).max() for d in group)
        for d in group:
            assert np.allclose(limits[d.name.replace(" ", "\n")], (-largest, largest))
    assert np.allclose(limits["neuron 0"], (-np.abs(learned).max(), np.abs(learned).max()))
    bars = [ax for ax in figure.axes if not ax.get_title() and ax.get_ylabel().startswith("weight")]
    assert len(bars) == 3  # learned, edges, loops


def test_learned_and_handbuilt_rejects_bad_input():
    with pytest.raises(ValueError, match="784 weights"):
        figures.learned_and_handbuilt(np.zeros((16, 100)), detectors.book_detectors())
    with pytest.raises(ValueError, match="Detector"):
        figures.learned_and_handbuilt(np.zeros((16, 784)), [np.zeros((28, 28))])


def test_noise_answers_titles_the_answer_and_top_activation():
    rng = np.random.default_rng(2)
    outputs = rng.random((5, 10))
    figure = figures.noise_answers(rng.random((5, 784)), outputs)
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titles[0] == f"says {outputs[0].argmax()} ({outputs[0].max():.2f})"
    assert len(titles) == 5


def test_noise_answers_rejects_mismatched_outputs():
    with pytest.raises(ValueError, match=r"outputs \(n, 10\)"):
        figures.noise_answers(np.zeros((5, 784)), np.zeros((4, 10)))


# -- chapter 7 ---------------------------------------------------------------------------------


def test_activation_curves_draw_both_functions_and_slopes():
    figure = figures.activation_curves(np.linspace(-3, 3, 61))
    values, slopes = figure.axes[:2]
    assert [line.get_label() for line in values.lines] == ["sigmoid", "ReLU"]
    assert np.isclose(max(slopes.lines[0].get_ydata()), 0.25)  # the sigmoid's slope peaks at 1/4
    with pytest.raises(ValueError, match="1-D array"):
        figures.activation_curves(np.zeros((2, 2)))


# -- the book's versions -----------------------------------------------------------------------


def test_chapter_5_7_figures_are_registered():
    missing = [name for name in CHAPTER_5_7_FIGURES if name not in figures.BOOK_FIGURES]
    assert not missing


def test_book_versions_draw():
    """Draws every registered figure of chapters 5-7 from the trained networks (trained once and
    cached; slow the first time)."""
    for name in CHAPTER_5_7_FIGURES:
        assert isinstance(figures.BOOK_FIGURES[name](), Figure), name
