"""The figures of docs/looking-inside.md (nnbook/figures/looking_inside.py): learned weights beside
the hand-built detectors, and the answers to noise."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import detectors, figures


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
