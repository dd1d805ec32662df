"""The figures of docs/looking-inside.md (nnbook/figures/looking_inside.py): learned weights beside
the hand-built detectors, what lights and what feeds the second layer, and the answers to noise;
and, in the built site, that the weight pictures are large on a laptop and that the figures drawn
for a phone's width fit it with readable text."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import detectors, figures
from nnbook.figures import looking_inside
from nnbook.figures.drawing import smallest_font


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
    bars = [ax for ax in figure.axes if ax.get_label() == "<colorbar>"]
    assert len(bars) == 3  # learned, edges, loops


def test_learned_and_handbuilt_draws_the_learned_pictures_four_to_a_row_and_largest():
    learned = np.random.default_rng(1).normal(size=(16, 784))
    figure = figures.learned_and_handbuilt(learned, detectors.book_detectors())
    figure.canvas.draw()
    boxes = {ax.get_title(): ax.get_window_extent() for ax in figure.axes if ax.get_title()}
    rows = {round(boxes[f"neuron {k}"].y0) for k in range(16)}
    assert len(rows) == 4
    widths = [boxes[f"neuron {k}"].width for k in range(16)]
    assert max(widths) - min(widths) < 1  # all the same size
    assert min(widths) > max(box.width for title, box in boxes.items() if not title.startswith("neuron"))


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


def means_and_weights():
    rng = np.random.default_rng(3)
    return rng.random((16, 10)), rng.normal(size=(16, 16))


def test_second_layer_digits_draws_a_column_per_neuron_and_a_row_per_digit():
    means, _ = means_and_weights()
    figure = figures.second_layer_digits(means)
    grid = figure.axes[0]
    assert grid.images[0].get_array().shape == (10, 16)  # the transpose of means
    assert np.allclose(grid.images[0].get_array(), means.T)
    assert grid.images[0].get_clim() == (0, 1)  # activations, as the book shades them
    assert [label.get_text() for label in grid.get_xticklabels()] == [str(k) for k in range(16)]
    assert [label.get_text() for label in grid.get_yticklabels()] == [str(d) for d in range(10)]
    assert grid.get_xlabel() == "second-layer neuron" and grid.get_ylabel() == "digit"


def test_second_layer_inputs_draws_weights_on_a_scale_symmetric_around_zero():
    _, weights = means_and_weights()
    figure = figures.second_layer_inputs(weights)
    grid = figure.axes[0]
    assert np.allclose(grid.images[0].get_array(), weights.T)  # rows: the first layer's neurons
    limit = np.abs(weights).max()
    assert np.allclose(grid.images[0].get_clim(), (-limit, limit))
    assert grid.get_ylabel() == "first-layer neuron"


def test_second_layer_figures_reject_bad_input():
    with pytest.raises(ValueError, match=r"means \(k, 10\)"):
        figures.second_layer_digits(np.zeros((16, 9)))
    with pytest.raises(ValueError, match="weight matrix"):
        figures.second_layer_inputs(np.zeros(16))
    with pytest.raises(ValueError, match="finite"):
        figures.second_layer_inputs(np.full((16, 16), np.nan))


@pytest.mark.parametrize("draw", ["learned", "digits", "inputs"])
def test_figures_drawn_wide_have_text_large_enough_for_a_phone(draw):
    """These figures shrink to a phone's column, about 0.55 of their size as saved, so their text
    is drawn at FIT_FONT points, at least smallest_font of their width as saved."""
    means, weights = means_and_weights()
    figure = {
        "learned": lambda: figures.learned_and_handbuilt(weights.repeat(49, axis=1), detectors.book_detectors()),
        "digits": lambda: figures.second_layer_digits(means),
        "inputs": lambda: figures.second_layer_inputs(weights),
    }[draw]()
    assert figure.get_figwidth() == looking_inside.FIT_WIDTH
    assert looking_inside.FIT_FONT >= smallest_font(looking_inside.FIT_WIDTH + 0.2)  # its margins as saved
    figure.canvas.draw()
    sizes = [text.get_fontsize() for text in figure.findobj(lambda artist: hasattr(artist, "get_fontsize"))
             if text.get_visible() and text.get_text()]
    assert sizes and min(sizes) >= looking_inside.FIT_FONT


# -- in the built site -----------------------------------------------------------------------------

PAGE = "looking-inside/"
# The rendered widths of the learned-weights figure's pictures, in CSS px (tests/test_browser.py
# checks every figure's width and text on every page).
PICTURE_WIDTHS = "[...document.getElementById('figure-learned-weights').querySelectorAll('image')].map(image => image.getBoundingClientRect().width)"


@pytest.mark.browser
@pytest.mark.parametrize("page", [PAGE])
def test_learned_weight_pictures_are_large_on_a_laptop(visit, site_url, page):
    """The issue: at 8 to a row the 16 first-layer pictures were about 65 px wide at 1280 px, too
    small to see their haze. Now each is at least 110 CSS px wide there."""
    widths = visit(site_url + page, viewport=(1280, 800)).page.evaluate(PICTURE_WIDTHS)
    pictures = sorted(widths, reverse=True)[:16]  # the learned ones are the largest
    assert len(pictures) == 16 and min(pictures) >= 110, pictures
