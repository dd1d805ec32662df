"""The figures of docs/book-network.md (nnbook/figures/book_network.py): learning curves, the
confusion matrix, the digits the network gets wrong and the ablation table."""

from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.figure import Figure

from nnbook import figures
from nnbook.figures import book_network
from nnbook.figures.drawing import PHONE_WIDTH
from nnbook.history import History
from nnbook.settings import Settings


def made_up_history(epochs=4, start=0.8):
    accuracy = list(np.linspace(start, 0.97, epochs))
    return History(cost=[1.0] * epochs, accuracy=accuracy, test_cost=[1.1] * epochs,
                   test_accuracy=[a - 0.01 for a in accuracy], seconds=[0.5] * epochs)


@pytest.fixture
def answered():
    """200 made-up 'digits' with labels 0..9 and answers right 90% of the time."""
    rng = np.random.default_rng(0)
    labels = np.arange(200) % 10
    answers = np.where(rng.random(200) < 0.9, labels, (labels + 1) % 10)
    return rng.random((200, 784)), labels, answers


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


def test_confusion_matrix_counts_pairs(answered):
    _, labels, answers = answered
    counts = figures.confusion_matrix(labels, answers)
    assert counts.shape == (10, 10) and counts.sum() == 200
    assert np.trace(counts) == np.sum(labels == answers)
    assert figures.confusion_matrix([3, 3, 5], [3, 8, 5])[3, 8] == 1


def test_confusion_figure_writes_every_nonzero_count(answered):
    _, labels, answers = answered
    figure = figures.confusion_figure(labels, answers)
    assert isinstance(figure, Figure)
    written = sorted(int(t.get_text()) for t in figure.axes[0].texts)
    counts = figures.confusion_matrix(labels, answers)
    assert written == sorted(counts[counts > 0].tolist())


def test_confusion_figure_has_a_color_bar_labeled_in_counts(answered):
    _, labels, answers = answered
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


def test_misclassified_gallery_shows_only_mistakes(answered):
    images, labels, answers = answered
    figure = figures.misclassified_gallery(images, labels, answers, count=12)
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert len(titles) == min(12, np.sum(labels != answers))
    for title in titles:
        true, said = title.split(", said ")
        assert true != said


def test_misclassified_gallery_for_a_phone_is_four_to_a_row(answered):
    images, labels, answers = answered
    figure = figures.misclassified_gallery(images, labels, answers, count=8, columns=4, width=PHONE_WIDTH)
    drawn = [ax for ax in figure.axes if ax.get_title()]
    assert figure.get_figwidth() == PHONE_WIDTH and len(drawn) == min(8, np.sum(labels != answers))
    assert drawn[0].get_subplotspec().get_geometry()[:2] == (-(-len(drawn) // 4), 4)


def test_misclassified_gallery_rejects_bad_input(answered):
    images, labels, _ = answered
    with pytest.raises(ValueError, match="no misclassified digits"):
        figures.misclassified_gallery(images, labels, labels)
    with pytest.raises(ValueError, match=r"\(N, 784\)"):
        figures.misclassified_gallery(images.reshape(-1, 28, 28), labels, labels)


def test_ablation_row_names_what_changed_and_counts_digits_steps_and_seconds():
    plain = Settings(epochs=4, batch_size=128, optimizer="sgd", learning_rate=0.5)
    copies = plain.replace(shifted_copies=1, max_shift=1)
    history = made_up_history(epochs=4)
    first = figures.ablation_row("plain", plain, history)
    assert first == figures.AblationRow("plain", {}, history.test_accuracy[-1], 2.0, 4, 60_000, 4 * 469)
    second = figures.ablation_row("copies", copies, history, previous=plain)
    assert second.changed == {"shifted_copies": 1, "max_shift": 1}
    assert (second.digits, second.steps) == (120_000, 4 * 938)
    assert figures.ablation_row("small", plain, history, training_digits=1_000).steps == 4 * 8
    with pytest.raises(ValueError, match="no test accuracy"):
        figures.ablation_row("plain", plain, History(cost=[1.0], accuracy=[0.9], seconds=[1.0]))


def test_ablation_rows_compare_each_recipe_with_the_one_before(monkeypatch):
    recipes = {"first": Settings(epochs=4), "second": Settings(epochs=4, l2=0.001)}
    monkeypatch.setattr(book_network, "recipe", recipes.__getitem__)
    monkeypatch.setattr(book_network, "trained", lambda name: (None, made_up_history(start=0.5)))
    monkeypatch.setattr(book_network, "load_mnist", lambda: SimpleNamespace(train_labels=np.zeros(600)))
    rows = figures.ablation_rows(["first", "second"])
    assert [row.name for row in rows] == ["first", "second"]
    assert [row.changed for row in rows] == [{}, {"l2": 0.001}]
    assert [row.digits for row in rows] == [600, 600] and rows[0].steps == 4 * 60


def test_ablation_table_prints_one_aligned_line_per_row():
    plain = Settings(epochs=4, batch_size=128, optimizer="sgd", learning_rate=0.5)
    rows = [figures.ablation_row("plain-sgd", plain, made_up_history(start=0.5)),
            figures.ablation_row("plus-adam", plain.replace(optimizer="adam", learning_rate=0.02),
                                 made_up_history(start=0.6), previous=plain)]
    lines = figures.ablation_table(rows).splitlines()
    assert len(lines) == 3 and "changed from the row above" in lines[0]
    assert lines[1].split()[:2] == ["plain-sgd", "-"] and "96.00%" in lines[1]
    assert "optimizer=adam learning_rate=0.02" in lines[2] and "60,000" in lines[2]
    assert len({len(line) for line in lines}) == 1  # every column lines up
    assert max(len(line) for line in lines) <= 76
