"""The book's trained networks: the book network's promise, and the cache behind trained()."""

import json
import os
import threading

import numpy as np
import pytest

from nnbook import files, recipes
from nnbook.recipes import RECIPES, recipe_hash, trained
from nnbook.settings import Settings

TINY = Settings(sizes=(784, 10), epochs=2, batch_size=100, optimizer="adam", learning_rate=0.01)


def test_book_network_reaches_96_percent(mnist):
    """The book's promise: 784-16-16-10 reaches at least 96% on the 10,000 test digits
    (trained once, about 15 seconds, then loaded from the cache). Its training digits include
    one shifted copy of each."""
    network, history = trained("book")
    assert network.sizes == [784, 16, 16, 10] and network.activation == "sigmoid"
    assert history.epochs == RECIPES["book"].epochs
    assert history.test_accuracy[-1] >= 0.96
    assert network.accuracy(mnist.test_images, mnist.test_labels) == history.test_accuracy[-1]


def test_every_recipe_is_a_settings_and_trains_a_network_for_mnist():
    for name, settings in RECIPES.items():
        assert isinstance(settings, Settings), name
        assert (settings.sizes[0], settings.sizes[-1]) == (784, 10), name



def changed(before, after):
    return {field for field in Settings.fields() if getattr(RECIPES[before], field) != getattr(RECIPES[after], field)}


def test_each_row_of_the_ablation_adds_one_refinement_to_the_row_above():
    """Page book-network's table: plain gradient descent, then Adam, the cosine schedule, L2 and
    shifted copies, the last row being the book's network; and the same plain gradient descent
    with mini-batches of 10 instead of 128, for 10 epochs."""
    rows = ["plain-sgd", "plus-adam", "plus-cosine", "plus-l2", "book"]
    steps = [changed(before, after) for before, after in zip(rows, rows[1:])]
    assert steps == [{"optimizer", "learning_rate"}, {"schedule"}, {"l2"}, {"shifted_copies", "max_shift", "measure_training"}]
    assert changed("plain-sgd", "plain-sgd-batch-10") == {"batch_size", "learning_rate", "epochs"}
    assert {RECIPES[name].epochs for name in rows} == {30} and RECIPES["plain-sgd-batch-10"].epochs == 10
    assert (RECIPES["plain-sgd"].optimizer, RECIPES["plain-sgd"].schedule, RECIPES["plain-sgd"].l2) == ("sgd", "constant", 0)
    assert (RECIPES["plain-sgd"].batch_size, RECIPES["plain-sgd-batch-10"].batch_size) == (128, 10)


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """A two-epoch recipe "tiny", an empty cache in tmp_path, and a count of trainings."""
    # MNIST stays where it was found (the download cache is under XDG_CACHE_HOME too)
    monkeypatch.setenv("NNBOOK_DATA_DIR", os.environ.get("NNBOOK_DATA_DIR") or str(files.cache_folder("mnist")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setitem(RECIPES, "tiny", TINY)
    trained.cache_clear()
    trainings = []
    real_train = recipes.train

    def counting_train(network, images, labels, settings, *arguments, **keywords):
        trainings.append(settings)
        return real_train(network, images, labels, settings, *arguments, **keywords)

    monkeypatch.setattr(recipes, "train", counting_train)
    yield trainings
    trained.cache_clear()


def test_trains_once_then_loads(tiny, tmp_path):
    network, history = trained("tiny")
    assert len(tiny) == 1 and history.epochs == 2 and history.test_accuracy[-1] > 0.85
    folder = tmp_path / "nnbook" / "networks"
    key = recipe_hash(recipes.recipe("tiny"))
    assert sorted(p.name for p in folder.iterdir()) == [f"tiny-{key[:16]}.{kind}" for kind in ("json", "lock", "npz")]
    assert all(p.stat().st_mode & 0o044 for p in folder.iterdir())  # ordinary files, not private temporaries
    saved = json.loads((folder / f"tiny-{key[:16]}.json").read_text())
    assert saved["settings"] == recipes.recipe("tiny").as_dict() and saved["test_accuracy"] == history.test_accuracy

    again, again_history = trained("tiny")  # in-process cache
    trained.cache_clear()
    loaded, loaded_history = trained("tiny")  # from the files
    assert len(tiny) == 1
    for other, other_history in ((again, again_history), (loaded, loaded_history)):
        assert all(np.array_equal(a, b) for a, b in zip(other.weights + other.biases, network.weights + network.biases))
        assert other_history == history


def test_shifted_copies_join_the_training_digits(tiny, monkeypatch):
    seen = []
    real_train = recipes.train

    def recording_train(network, images, labels, settings, **keywords):
        seen.append((images.shape, labels.shape, np.array_equal(labels[:60_000], labels[60_000:])))
        return real_train(network, images, labels, settings, **keywords)

    monkeypatch.setattr(recipes, "train", recording_train)
    monkeypatch.setitem(RECIPES, "tiny", TINY.replace(shifted_copies=1, max_shift=1, epochs=1))
    trained("tiny")
    assert seen == [((120_000, 784), (120_000,), True)]
    images, labels = recipes.training_digits("tiny")
    assert images.shape == (120_000, 784) and labels.shape == (120_000,)
    assert not np.array_equal(images[:60_000], images[60_000:])  # the copies moved


def test_each_call_returns_an_independent_copy(tiny):
    first, _ = trained("tiny")
    first.weights[0][:] = 0
    second, _ = trained("tiny")
    assert second.weights[0].any()


def test_changed_settings_train_again_and_replace_the_old_entry(tiny, tmp_path):
    trained("tiny")
    folder = tmp_path / "nnbook" / "networks"
    (folder / "tiny-wide-0123456789abcdef.npz").write_bytes(b"another recipe's")
    RECIPES["tiny"] = TINY.replace(epochs=1)
    _, history = trained("tiny")
    assert len(tiny) == 2 and history.epochs == 1
    key = recipe_hash(recipes.recipe("tiny"))[:16]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["tiny-wide-0123456789abcdef.npz", f"tiny-{key}.json", f"tiny-{key}.lock", f"tiny-{key}.npz"])


def test_a_network_being_trained_elsewhere_is_waited_for_not_trained_twice(tiny):
    """Two builders at once (the cold build's worker processes, or ``make serve`` beside ``make
    test``): one trains, the other waits for its lock and loads the result."""
    results = []
    builders = [threading.Thread(target=lambda: results.append(trained("tiny"))) for _ in range(2)]
    for builder in builders:
        builder.start()
    for builder in builders:
        builder.join()
    assert len(tiny) == 1 and len(results) == 2
    (first, _), (second, _) = results
    assert all(np.array_equal(a, b) for a, b in zip(first.weights, second.weights))


def test_damaged_cache_trains_again(tiny, tmp_path):
    trained("tiny")
    trained.cache_clear()
    for path in (tmp_path / "nnbook" / "networks").glob("*.npz"):
        path.write_bytes(b"damaged")
    network, _ = trained("tiny")
    assert len(tiny) == 2 and network.sizes == [784, 10]


def test_hash_depends_on_settings_and_the_source_that_trains(tmp_path, monkeypatch):
    key = recipe_hash(TINY)
    assert len(key) == 64 and key == recipe_hash(Settings(**TINY.as_dict()))
    assert recipe_hash(TINY.replace(learning_rate=0.02)) != key
    # A package of three modules: recipes imports network (as "from nnbook import network"),
    # network imports maths; figures is imported by neither.
    package = tmp_path / "nnbook"
    (package / "figures").mkdir(parents=True)
    sources = {"__init__.py": "", "recipes.py": "from nnbook import network\n",
               "network.py": "import nnbook.maths\n", "maths.py": "x = 1\n", "figures/__init__.py": "x = 1\n"}
    for name, text in sources.items():
        (package / name).write_text(text)
    monkeypatch.setattr(files, "PACKAGE", package)
    assert [path.name for path in files.imported_source("nnbook.recipes")] == [
        "__init__.py", "maths.py", "network.py", "recipes.py"]
    hashes = [recipe_hash(TINY)]
    (package / "figures" / "__init__.py").write_text("x = 2\n")  # presentation only: the same networks
    (package / "figures" / "new_page.py").write_text("x = 1\n")
    assert recipe_hash(TINY) == hashes[0]
    (package / "maths.py").write_text("x = 2\n")  # imported through network.py
    hashes.append(recipe_hash(TINY))
    (package / "augment.py").write_text("x = 1\n")
    (package / "network.py").write_text("import nnbook.maths\nfrom nnbook.augment import x\n")  # a new module counts
    hashes.append(recipe_hash(TINY))
    (package / "augment.py").write_text("x = 2\n")
    hashes.append(recipe_hash(TINY))
    assert len(set(hashes)) == 4


def test_unknown_recipe():
    with pytest.raises(ValueError, match=r"no recipe named 'chapter99'; the recipes are \[.*'book'"):
        trained("chapter99")


def test_seed_offset_moves_every_recipe_seed_and_trains_another_network(tiny, tmp_path, monkeypatch):
    network, _ = trained("tiny")
    monkeypatch.setenv("NNBOOK_SEED_OFFSET", "3")
    assert recipes.recipe("tiny").seed == TINY.seed + 3
    assert RECIPES["tiny"].seed == TINY.seed  # the recipe itself is unchanged
    shifted, _ = trained("tiny")
    assert len(tiny) == 2 and tiny[-1].seed == 3
    assert not np.array_equal(shifted.weights[0], network.weights[0])


@pytest.mark.parametrize("text", ["-1", "one", "1.5"])
def test_a_bad_seed_offset_is_a_clear_error(monkeypatch, text):
    monkeypatch.setenv("NNBOOK_SEED_OFFSET", text)
    with pytest.raises(ValueError, match=rf"NNBOOK_SEED_OFFSET must be a whole number >= 0, got '{text}'; unset it"):
        recipes.recipe("book")


def test_the_ablation_rows_measure_10000_training_digits_and_the_book_all(tiny, tmp_path):
    """The ablation rows of page book-network measure the test digits after every epoch but only the
    first 10,000 training digits (cheaper cold builds); the other recipes measure all of them."""
    rows = {"plain-sgd", "plain-sgd-batch-10", "plus-adam", "plus-cosine", "plus-l2"}
    assert {name for name, settings in RECIPES.items() if settings.measure_training == 10_000} == rows
    assert all(RECIPES[name].measure_training is None for name in set(RECIPES) - rows - {"tiny"})
    RECIPES["tiny"] = TINY.replace(measure_training=1_000)
    _, history = trained("tiny")
    assert len(history.test_accuracy) == 2
    key = recipe_hash(recipes.recipe("tiny"))
    saved = json.loads((tmp_path / "nnbook" / "networks" / f"tiny-{key[:16]}.json").read_text())
    assert saved["settings"]["measure_training"] == 1_000


def test_at_a_constant_rate_the_first_epochs_of_a_run_are_a_shorter_run(tiny, monkeypatch):
    """Page book-network compares mini-batches of 10, trained for 10 epochs, with plain-sgd's first
    10 epochs of 30: without a schedule, those are exactly what a 10-epoch run would give."""
    plain = TINY.replace(optimizer="sgd", learning_rate=0.5)
    monkeypatch.setitem(RECIPES, "tiny", plain)
    _, longer_history = trained("tiny")
    monkeypatch.setitem(RECIPES, "tiny", plain.replace(epochs=1))
    _, shorter_history = trained("tiny")
    assert len(tiny) == 2 and shorter_history.epochs == 1
    assert shorter_history.test_accuracy == longer_history.test_accuracy[:1]
    assert shorter_history.cost == longer_history.cost[:1]


def test_same_recipe_same_machine_same_network_and_figure(tiny, tmp_path, monkeypatch):
    """Determinism where it is true: trained twice from scratch on this machine, a recipe gives
    the same weights bit for bit, and the same learning-curve figure byte for byte."""
    from nnbook.figures import learning_curves
    from nnbook.site.svg import figure_svg

    results = []
    for attempt in ("first", "second"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / attempt))
        trained.cache_clear()
        network, history = trained("tiny")
        results.append((network, figure_svg(learning_curves(history))))
    assert len(tiny) == 2
    (first, first_svg), (second, second_svg) = results
    assert all(np.array_equal(a, b) for a, b in zip(first.weights + first.biases, second.weights + second.biases))
    assert first_svg == second_svg
