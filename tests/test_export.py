"""nnbook.site.export: the network and test digits the "Draw a digit" page reads."""

import base64
import json

import numpy as np
import pytest

from nnbook import Network, load_mnist
from nnbook.site.export import (
    digits_data,
    digits_from_data,
    draw_page_files,
    first_digits,
    first_misread,
    network_data,
    network_from_data,
)
from nnbook.recipes import recipe, recipe_hash, trained
from nnbook.site import build_cache, export


def small_network(activation="sigmoid", dtype=np.float32):
    network = Network([784, 5, 3, 10], activation=activation, seed=3, dtype=dtype)
    for layer, b in enumerate(network.biases):
        b[:] = np.linspace(-1, 1, len(b)) * (layer + 1)  # biases that are not all zero
    return network


def through_json(data):
    return json.loads(json.dumps(data))


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_a_network_comes_back_exactly_from_its_json(activation):
    network = small_network(activation)
    data = through_json(network_data(network, "some-recipe", "abc123", 0.9))
    assert (data["sizes"], data["activation"], data["recipe"], data["recipe_hash"], data["test_accuracy"]) == (
        [784, 5, 3, 10], activation, "some-recipe", "abc123", 0.9)
    back = network_from_data(data)
    assert back.sizes == network.sizes and back.activation == activation and back.dtype == np.float32
    for original, read in zip(network.weights + network.biases, back.weights + back.biases):
        assert read.dtype == np.float32 and read.shape == original.shape
        assert np.array_equal(read, original)  # the same float32 numbers, bit for bit
    image = load_mnist().test_images[0]
    assert np.array_equal(back.feedforward(image), network.feedforward(image))


def test_weights_are_stored_row_by_row_as_little_endian_float32():
    network = small_network()
    data = network_data(network, "r", "h", 0.5)
    raw = base64.b64decode(data["biases"][0])
    assert np.array_equal(np.frombuffer(raw, "<f4"), network.biases[0])
    first_row = np.frombuffer(base64.b64decode(data["weights"][1]), "<f4")[:5]
    assert np.array_equal(first_row, network.weights[1][0])  # neuron 0 of layer 2, its 5 weights


def test_a_float64_network_is_stored_as_float32():
    network = small_network(dtype=np.float64)
    back = network_from_data(through_json(network_data(network, "r", "h", 0.5)))
    assert np.array_equal(back.weights[0], network.weights[0].astype(np.float32))


def test_the_book_network_round_trips():
    network, history = trained("book")
    data = through_json(network_data(network, "book", recipe_hash(recipe("book")), history.test_accuracy[-1]))
    back = network_from_data(data)
    assert all(np.array_equal(a, b) for a, b in zip(back.weights + back.biases, network.weights + network.biases))
    assert back.parameter_count() == 13_002


def test_digits_come_back_exactly_with_their_labels_and_places():
    mnist = load_mnist()
    indices = first_digits(mnist.test_labels, 2)
    data = through_json(digits_data(mnist.test_images[indices], mnist.test_labels[indices], indices))
    images, labels, places = digits_from_data(data)
    assert images.dtype == np.float32 and images.shape == (20, 784)
    assert np.array_equal(images, mnist.test_images[indices])  # MNIST's pixels are whole numbers / 255
    assert np.array_equal(labels, mnist.test_labels[indices]) and np.array_equal(places, indices)
    assert sorted(labels.tolist()) == sorted(list(range(10)) * 2)


def test_first_digits_are_the_first_of_each_digit_in_order():
    labels = np.array([3, 1, 3, 0, 2, 1, 4, 5, 6, 7, 8, 9, 0, 2, 4, 5, 6, 7, 8, 9, 9])
    chosen = first_digits(labels, 2)
    assert chosen.tolist() == sorted(chosen.tolist())
    assert [labels[chosen].tolist().count(d) for d in range(10)] == [2] * 10
    assert 20 not in chosen  # the third 9 is left out
    with pytest.raises(ValueError, match=r"fewer than 3 examples of the digits \[0, 1, 2"):
        first_digits(labels, 3)


def test_first_misread_are_the_first_wrong_answers_clear_of_a_tie():
    """A network whose answer is always the digit 3 (its output biases: 3's highest), on digits
    labelled 3, 5, 3, 7, 0: it misreads the second, fourth and fifth. With the 5's output raised
    to within the margin of the 3's, a 5 is a near tie and not counted as misread."""
    network = Network([784, 2, 10], seed=0)
    network.weights[1][:] = 0
    network.biases[1][:] = -4
    network.biases[1][3] = 4
    images = np.zeros((5, 784), np.float32)
    labels = [3, 5, 3, 7, 0]
    assert first_misread(network, images, labels).tolist() == [1, 3, 4]
    assert first_misread(network, images, labels, count=2).tolist() == [1, 3]
    network.biases[1][5] = 4 - 1e-3  # its output 0.00002 below the 3's: a near tie
    assert first_misread(network, images, labels, margin=0.01).tolist() == [3, 4]
    assert first_misread(network, images, labels, margin=0).tolist() == [1, 3, 4]
    with pytest.raises(ValueError, match="expected 5 labels"):
        first_misread(network, images, labels[:4])
    with pytest.raises(ValueError, match="expected a nnbook Network"):
        first_misread("network", images, labels)


def test_draw_page_files_hold_the_book_network_thirty_digits_and_thirty_mistakes():
    files = draw_page_files()
    assert sorted(files) == ["draw/digits.json", "draw/mistakes.json", "draw/network.json"]
    network_json = json.loads(files["draw/network.json"])
    assert network_json["recipe"] == "book"
    assert network_json["recipe_hash"] == recipe_hash(recipe("book"))
    assert network_json["test_accuracy"] == trained("book")[1].test_accuracy[-1]
    _, labels, _ = digits_from_data(json.loads(files["draw/digits.json"]))
    assert np.bincount(labels, minlength=10).tolist() == [3] * 10
    assert len(files["draw/network.json"]) < 100_000  # small enough to load at once on a phone

    # the mistakes: test digits the exported network misreads, each with its own label
    network, mnist = network_from_data(network_json), load_mnist()
    images, labels, indices = digits_from_data(json.loads(files["draw/mistakes.json"]))
    assert len(indices) == 30 and indices.tolist() == sorted(indices.tolist())
    assert np.array_equal(labels, mnist.test_labels[indices])
    assert np.all(network.predict(images) != labels)
    assert indices.tolist() == first_misread(trained("book")[0], mnist.test_images, mnist.test_labels).tolist()


def test_draw_page_files_are_made_once_until_nnbook_changes(tmp_path, monkeypatch):
    """A warm build takes the Draw a digit page's files from the build cache: it neither loads the
    network nor reads MNIST. A change to nnbook's source (or to what they are made from) makes them again."""
    monkeypatch.setattr(build_cache, "cache_folder", lambda kind: tmp_path / kind)
    made = []

    def make(recipe, per_label, mistakes):
        made.append(recipe)
        return {"draw/x.json": {"recipe": recipe}}

    monkeypatch.setattr(export, "_draw_page_data", make)
    assert draw_page_files() == draw_page_files() == {"draw/x.json": b'{"recipe":"book"}'}
    assert made == ["book"] and [path.parent.name for path in tmp_path.rglob("*.json")] == ["exports"]
    monkeypatch.setattr(build_cache, "LOADED_SOURCE_HASH", "f" * 64)  # as after an edit of nnbook
    draw_page_files()
    draw_page_files(per_label=2)
    assert len(made) == 3


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(format="something-else"), "expected format 'nnbook-network'"),
        (lambda d: d.update(version=2), "this nnbook reads version 1"),
        (lambda d: d.pop("biases"), "missing biases"),
        (lambda d: d.update(sizes=[784, 5, 10]), "should be a list of 2 layers"),
        (lambda d: d.update(sizes=[784, 0, 3, 10]), r"every layer size in \[784, 0, 3, 10\] must be a whole number >= 1"),
        (lambda d: d.update(activation="tanh"), "activation must be one of"),
        (lambda d: d["weights"].__setitem__(1, "not base64!"), "weights of layer 2 are not valid base64"),
        (lambda d: d["biases"].__setitem__(0, d["biases"][1]), r"expected 5 numbers for the biases of layer 1, got 3"),
        (lambda d: d["biases"].__setitem__(2, _nan_biases()), "the biases of layer 3 contain NaN or infinity"),
    ],
)
def test_a_bad_network_file_names_its_problem(change, message):
    data = through_json(network_data(small_network(), "r", "h", 0.5))
    change(data)
    with pytest.raises(ValueError, match=message):
        network_from_data(data)


def _nan_biases():
    return base64.b64encode(np.array([1, np.nan, 0] * 3 + [0], "<f4").tobytes()).decode()


def test_not_a_dict_is_refused():
    with pytest.raises(ValueError, match="expected a dict"):
        network_from_data([1, 2])


@pytest.mark.parametrize(
    "images, labels, indices, message",
    [
        (np.zeros((2, 28, 28)), [1, 2], [0, 1], r"expected a batch of shape \(N, 784\), got shape \(2, 28, 28\); flatten"),
        (np.zeros((0, 784)), [], [], "expected at least one image, got an empty batch"),
        (np.full((2, 784), 1.5), [1, 2], [0, 1], r"between 0 \(background\) and 1 \(full ink\), got values from 1.5 to 1.5"),
        (np.full((2, 784), np.nan), [1, 2], [0, 1], "the images contain NaN or infinity"),
        (np.zeros((2, 784)), [1], [0, 1], r"expected 2 labels, shape \(2,\), got shape \(1,\)"),
        (np.zeros((2, 784)), [1, 10], [0, 1], "labels must be between 0 and 9"),
        (np.zeros((2, 784)), [1, 2], [0.5, 1], "indices must be whole numbers, got fractions"),
        (np.zeros((2, 784)), [1, 2], [-1, 10_000], r"indices must be between 0 and 9999 \(places in MNIST's test set\)"),
    ],
)
def test_bad_digits_are_refused_with_the_reason(images, labels, indices, message):
    with pytest.raises(ValueError, match=message):
        digits_data(images, labels, indices)


def test_a_digits_file_with_the_wrong_number_of_pixels_is_refused():
    data = through_json(digits_data(np.zeros((2, 784)), [1, 2], [5, 6]))
    data["count"] = 3
    with pytest.raises(ValueError, match=r"expected 3 labels, shape \(3,\), got shape \(2,\)"):
        digits_from_data(data)
    data["count"] = 0
    with pytest.raises(ValueError, match="count must be a whole number >= 1, got 0"):
        digits_from_data(data)
    data = through_json(digits_data(np.zeros((2, 784)), [1, 2], [5, 6]))
    data["pixels"] = data["pixels"][:8]
    with pytest.raises(ValueError, match="expected 1568 numbers for the pixels"):
        digits_from_data(data)
