"""The figures of the page ``book-network`` ("The book's network"): the ablation table, learning
curves, the confusion matrix and the digits the network gets wrong."""

import math
from typing import NamedTuple

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nnbook.data import load_mnist
from nnbook.figures.drawing import (
    FIGURE_WIDTH,
    LINE_COLORS,
    PHONE_WIDTH,
    PLOT_FONT,
    PLOT_WIDTH,
    as_digit_images,
    as_labels,
    draw_digit,
    picture_grid,
)
from nnbook.recipes import recipe, trained


class AblationRow(NamedTuple):
    """One trained recipe as a row of the ablation table (page ``book-network``): its ``name``, the
    settings that ``changed`` from the row above (a dict, empty in the first row), the
    ``test_accuracy`` of its last epoch, the ``seconds`` its mini-batch steps took (the sum of
    History.seconds), its ``epochs``, the ``digits`` it trains on in each epoch and its ``steps``
    in all."""

    name: str
    changed: dict
    test_accuracy: float
    seconds: float
    epochs: int
    digits: int
    steps: int


def ablation_row(name, settings, history, previous=None, training_digits=60_000):
    """The AblationRow of the recipe ``name`` (page ``book-network``), trained as ``settings`` say
    into ``history``; ``previous`` are the settings of the row above (None for the first row) and
    ``training_digits`` the number of digits before any shifted copies."""
    if not history.test_accuracy:
        raise ValueError(f"the history of {name!r} has no test accuracy: train with test=(images, labels)")
    changed = {} if previous is None else {  # what is trained, not how much of it is measured
        field: value for field, value in settings.as_dict().items()
        if value != previous.as_dict()[field] and field != "measure_training"}
    digits = training_digits * (settings.shifted_copies + 1)
    return AblationRow(name, changed, history.test_accuracy[-1], sum(history.seconds), history.epochs,
                       digits, history.epochs * math.ceil(digits / settings.batch_size))


def ablation_rows(names):
    """The rows of the ablation table (page ``book-network``): one AblationRow for each recipe of
    ``names``, in order, each trained (or loaded) by ``trained`` and compared with the one before."""
    training_digits = len(load_mnist().train_labels)
    rows, previous = [], None
    for name in names:
        settings = recipe(name)
        rows.append(ablation_row(name, settings, trained(name)[1], previous, training_digits))
        previous = settings
    return rows


def ablation_table(rows):
    """The ``rows`` (AblationRow) as a plain text table, one line each (page ``book-network``):
    name, the settings changed from the row above as field=value, digits per epoch, test accuracy
    and seconds of training."""
    changes = [" ".join(f"{field}={value}" for field, value in row.changed.items()) or "-" for row in rows]
    name_width = max(len(row.name) for row in rows)
    change_width = max(len("changed from the row above"), *(len(text) for text in changes))
    lines = [f"{'':{name_width}}  {'changed from the row above':{change_width}}   digits    test  seconds"]
    for row, text in zip(rows, changes):
        lines.append(f"{row.name:{name_width}}  {text:{change_width}}  {row.digits:7,}  {row.test_accuracy:6.2%}"
                     f"  {row.seconds:7.1f}")
    return "\n".join(lines)


def _as_history_dict(histories):
    """One History, or a dict of label -> History, as a dict (the learning curves of the pages
    ``book-network`` and ``beyond-sigmoid``)."""
    if isinstance(histories, dict):
        if not histories:
            raise ValueError("learning_curves needs at least one History; got an empty dict")
        return histories
    return {"": histories}


def learning_curves(histories):
    """Accuracy per epoch on the test digits (solid) and the training digits (dashed), from one
    ``History`` or a dict of label -> ``History`` drawn on the same axes (pages ``book-network`` and
    ``beyond-sigmoid``). Each history needs ``test_accuracy`` (train with ``test=``)."""
    histories = _as_history_dict(histories)
    figure = Figure(figsize=(PLOT_WIDTH, 3.2), layout="constrained")
    ax = figure.add_subplot()
    for (label, history), color in zip(histories.items(), LINE_COLORS * len(histories)):
        test = getattr(history, "test_accuracy", None)
        if test is None or len(test) == 0 or any(a is None for a in test):
            raise ValueError(f"history {label!r} has no test accuracy per epoch: train with test=(images, labels)")
        epochs = np.arange(1, len(test) + 1)
        name = f"{label}: " if label else ""
        marker = "o" if len(test) <= 20 else None  # dots only while they stay apart
        ax.plot(epochs, 100 * np.asarray(test), "-", marker=marker, color=color, markersize=4,
                label=f"{name}test digits")
        train = getattr(history, "accuracy", None)
        if train is not None and len(train) == len(test) and all(a is not None for a in train):
            ax.plot(epochs, 100 * np.asarray(train), "--", color=color, label=f"{name}training digits")
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy (%)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    return figure


def confusion_matrix(labels, predictions, classes=10):
    """Counts of (true digit, answer) pairs (page ``book-network``): a (classes, classes) int array whose
    row is the true digit and column the network's answer, so the diagonal holds the right answers."""
    labels, predictions = np.asarray(labels), np.asarray(predictions)
    if labels.shape != predictions.shape or labels.ndim != 1:
        raise ValueError(f"labels and predictions must be 1-D and the same length; got {labels.shape} and {predictions.shape}")
    for name, values in (("labels", labels), ("predictions", predictions)):
        if values.size and (values.min() < 0 or values.max() >= classes):
            raise ValueError(f"{name} must be digits 0..{classes - 1}; got values from {values.min()} to {values.max()}")
    counts = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(counts, (labels, predictions), 1)
    return counts


def confusion_figure(labels, predictions):
    """The confusion matrix of ``labels`` against ``predictions`` (page ``book-network``) as a 10 x 10 grid
    with the count in each cell; color on a log scale (of count + 1, so empty cells are white) so the
    few mistakes show beside the many right answers, with a color bar labeled in counts."""
    counts = confusion_matrix(labels, predictions)
    figure = Figure(figsize=(PLOT_WIDTH, 4.6), layout="constrained")
    ax = figure.add_subplot()
    shown = ax.imshow(counts + 1, cmap="Blues", norm=LogNorm(1, counts.max() + 1))
    bar = figure.colorbar(shown, ax=ax, shrink=0.8, pad=0.02)
    ticks = [n for n in (0, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000) if n <= counts.max()]
    bar.set_ticks([n + 1 for n in ticks], labels=[str(n) for n in ticks])
    bar.minorticks_off()
    bar.set_label("test digits (log scale)")
    dark = np.sqrt(counts.max() + 1)
    for (true, answer), n in np.ndenumerate(counts):
        if n:
            ax.text(answer, true, str(n), ha="center", va="center", fontsize=PLOT_FONT,
                    color="white" if n + 1 > dark else "black")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel("the network's answer")
    ax.set_ylabel("true digit")
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    return figure


def misclassified_gallery(images, labels, predictions, count=24, columns=8, width=FIGURE_WIDTH):
    """The first ``count`` digits the network gets wrong (page ``book-network``), each titled with its true
    label and the network's answer, in rows of ``columns``, ``width`` inches wide. ``images`` is
    (N, 784); ``labels`` and ``predictions`` have length N."""
    pictures = as_digit_images(images)
    labels, predictions = as_labels(labels, len(pictures)), as_labels(predictions, len(pictures))
    wrong = np.flatnonzero(labels != predictions)[:count]
    if len(wrong) == 0:
        raise ValueError("every prediction is right: there are no misclassified digits to show")
    figure, axes = picture_grid(len(wrong), columns, width=width)
    for ax, i in zip(axes, wrong):
        draw_digit(ax, pictures[i])
        ax.set_title(f"{labels[i]}, said {predictions[i]}", fontsize=9)
    return figure


def _learning_curve_book():
    return learning_curves(trained("book")[1])


def _confusion_matrix_book():
    network, mnist = trained("book")[0], load_mnist()
    return confusion_figure(mnist.test_labels, network.predict(mnist.test_images))


def _misclassified_book(columns=8, width=FIGURE_WIDTH):
    network, mnist = trained("book")[0], load_mnist()
    return misclassified_gallery(mnist.test_images, mnist.test_labels, network.predict(mnist.test_images),
                                 columns=columns, width=width)


def _misclassified_book_phone():
    return _misclassified_book(columns=4, width=PHONE_WIDTH)


# The book's figures from this page, by file name under figures/ in the built site; the mistakes
# with a phone layout (<name>-phone.svg), four to a row.
BOOK_FIGURES = {
    "learning-curve-book.svg": _learning_curve_book,
    "confusion-matrix-book.svg": _confusion_matrix_book,
    "misclassified-book.svg": _misclassified_book,
    "misclassified-book-phone.svg": _misclassified_book_phone,
}
