"""The network's structure, feedforward, input checking, and save/load."""

import numpy as np
import pytest

from nnbook import Network
from nnbook.activations import relu, sigmoid


@pytest.fixture(scope="module")
def net():
    return Network([784, 16, 16, 10])


def test_shapes_and_parameter_count(net):
    assert [w.shape for w in net.weights] == [(16, 784), (16, 16), (10, 16)]
    assert [b.shape for b in net.biases] == [(16,), (16,), (10,)]
    weights = sum(w.size for w in net.weights)
    biases = sum(b.size for b in net.biases)
    assert (weights, biases) == (12_960, 42)  # the book's count: 784*16 + 16*16 + 16*10 and 16 + 16 + 10
    assert net.parameter_count() == 13_002
    assert all(w.dtype == np.float32 for w in net.weights + net.biases)


def test_initial_weights_are_documented_draws():
    net = Network([5, 4, 3], seed=7, dtype=np.float64)
    rng = np.random.default_rng(7)
    np.testing.assert_array_equal(net.weights[0], rng.standard_normal((4, 5)) / np.sqrt(5))
    np.testing.assert_array_equal(net.weights[1], rng.standard_normal((3, 4)) / np.sqrt(4))
    assert all(not b.any() for b in net.biases)


def test_same_seed_same_network_different_seed_different():
    a, b, c = Network([784, 16, 10], seed=3), Network([784, 16, 10], seed=3), Network([784, 16, 10], seed=4)
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], c.weights[0])
    # float32 is the float64 draw rounded once
    d = Network([784, 16, 10], seed=3, dtype=np.float64)
    assert np.array_equal(a.weights[0], d.weights[0].astype(np.float32))


def test_feedforward_shapes_and_range(net):
    rng = np.random.default_rng(0)
    images = rng.random((5, 784), dtype=np.float32)
    out = net.feedforward(images)
    assert out.shape == (5, 10) and out.dtype == np.float32
    assert np.all((out > 0) & (out < 1))
    assert net.feedforward(images[0]).shape == (10,)
    layers = net.activations(images)
    assert [a.shape for a in layers] == [(5, 784), (5, 16), (5, 16), (5, 10)]
    assert [a.shape for a in net.activations(images[0])] == [(784,), (16,), (16,), (10,)]
    np.testing.assert_array_equal(layers[-1], out)


def test_feedforward_is_the_matrix_form():
    net = Network([6, 4, 3], activation="relu", seed=1, dtype=np.float64)
    net.biases = [np.arange(4.0) - 1, np.array([0.5, -0.5, 0.0])]
    x = np.linspace(0, 1, 6)
    hidden = relu(net.weights[0] @ x + net.biases[0])
    expected = sigmoid(net.weights[1] @ hidden + net.biases[1])  # the output layer is always sigmoid
    np.testing.assert_allclose(net.feedforward(x), expected, rtol=1e-14)
    np.testing.assert_allclose(net.activations(x)[1], hidden, rtol=1e-14)


# A batch and its images one at a time agree up to rounding: BLAS may sum a product in another
# order for another shape, and the order depends on the CPU (never compare them bit for bit).
TOLERANCE = {np.float32: 1e-5, np.float64: 1e-12}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("sizes", [[784, 16, 16, 10], [784, 100, 10]])
def test_batch_equals_one_image_at_a_time(dtype, sizes):
    net = Network(sizes, dtype=dtype)
    images = np.random.default_rng(1).random((150, 784)).astype(dtype)
    batch = net.activations(images)
    for i, image in enumerate(images):
        for alone, layer in zip(net.activations(image), batch):
            np.testing.assert_allclose(alone, layer[i], rtol=0, atol=TOLERANCE[dtype])
    np.testing.assert_allclose(net.feedforward(images[37:41]), batch[-1][37:41], rtol=0, atol=TOLERANCE[dtype])
    # the outputs of random pictures are far from ties, so the answers are the same
    assert np.array_equal(net.predict(images), [net.predict(image) for image in images])


def test_predict_and_accuracy(net):
    images = np.random.default_rng(2).random((20, 784))
    answers = net.predict(images)
    assert answers.shape == (20,) and answers.dtype.kind == "i"
    assert isinstance(net.predict(images[0]), int)
    np.testing.assert_array_equal(answers, net.feedforward(images).argmax(axis=1))
    assert net.accuracy(images, answers) == 1.0
    assert net.accuracy(images, (answers + 1) % 10) == 0.0
    assert net.accuracy(images, np.where(np.arange(20) < 5, answers, (answers + 1) % 10)) == 0.25


def test_empty_batch(net):
    assert net.feedforward(np.zeros((0, 784))).shape == (0, 10)
    with pytest.raises(ValueError, match="at least one image"):
        net.accuracy(np.zeros((0, 784)), np.zeros(0, int))


@pytest.mark.parametrize(
    "sizes, message",
    [
        ([784], "at least 2 layers"),
        ([], "at least 2 layers"),
        ([784, 0, 10], r"every layer size in \[784, 0, 10\] must be a whole number >= 1, got 0"),
        ([784, -3, 10], "whole number >= 1, got -3"),
        ([784, 16.0, 10], "whole number >= 1, got 16.0"),
        ([784, "16", 10], "whole number >= 1, got '16'"),
        ([784, True, 10], "whole number >= 1, got True"),
        (784, "list of layer sizes"),
    ],
)
def test_bad_sizes(sizes, message):
    with pytest.raises(ValueError, match=message):
        Network(sizes)


def test_bad_activation_dtype_seed():
    with pytest.raises(ValueError, match=r"activation must be one of \['relu', 'sigmoid'\], got 'tanh'"):
        Network([4, 2], activation="tanh")
    with pytest.raises(ValueError, match="dtype must be np.float32 or np.float64, got 'int32'"):
        Network([4, 2], dtype="int32")
    with pytest.raises(ValueError, match="seed must be a whole number >= 0, got -1"):
        Network([4, 2], seed=-1)


@pytest.mark.parametrize(
    "x, message",
    [
        (np.zeros((28, 28)), r"expected an image of 784 numbers or a batch of shape \(N, 784\), got shape "
         r"\(28, 28\); flatten it with image.reshape\(784\)"),
        (np.zeros((3, 28, 28)), r"got shape \(3, 28, 28\); flatten them with images.reshape\(len\(images\), 784\)"),
        (np.zeros(783), r"got shape \(783,\)$"),
        (np.zeros((2, 785)), r"got shape \(2, 785\)$"),
        (0.5, r"got shape \(\)"),
        (np.full(784, np.nan), "NaN or infinity"),
        (np.full((2, 784), np.inf), "NaN or infinity"),
        (np.array(["a"] * 784), "must be numbers, got an array of <U1"),
        ([[1, 2], [3]], "must be an array of numbers"),
        (np.zeros(784, complex), "must be numbers, got an array of complex128"),
    ],
)
def test_bad_input(net, x, message):
    with pytest.raises(ValueError, match=message):
        net.feedforward(x)


def test_bad_labels(net):
    images = np.zeros((3, 784))
    with pytest.raises(ValueError, match=r"expected 3 labels, shape \(3,\), got shape \(2,\)"):
        net.accuracy(images, [1, 2])
    with pytest.raises(ValueError, match="between 0 and 9 .* got values from 0 to 10"):
        net.accuracy(images, [0, 1, 10])
    with pytest.raises(ValueError, match="whole numbers"):
        net.accuracy(images, [0.5, 1, 2])
    with pytest.raises(ValueError, match="the labels contain NaN or infinity"):
        net.accuracy(images, [0, 1, np.inf])
    with pytest.raises(ValueError, match=r"expected a batch of shape \(N, 784\), got shape \(784,\)"):
        net.accuracy(images[0], [1])


# -- saving and loading ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_save_load_round_trip(tmp_path, dtype):
    net = Network([784, 12, 10], activation="relu", seed=5, dtype=dtype)
    net.biases[0][:] = np.linspace(-1, 1, 12)
    path = net.save(tmp_path / "net.npz")
    assert path == tmp_path / "net.npz" and [p.name for p in tmp_path.iterdir()] == ["net.npz"]
    loaded = Network.load(path)
    assert (loaded.sizes, loaded.activation, loaded.dtype) == ([784, 12, 10], "relu", dtype)
    assert all(np.array_equal(a, b) and a.dtype == dtype for a, b in
               zip(loaded.weights + loaded.biases, net.weights + net.biases))
    images = np.random.default_rng(0).random((30, 784))
    assert np.array_equal(loaded.feedforward(images), net.feedforward(images))
    with np.load(path, allow_pickle=False) as archive:
        assert int(archive["format_version"]) == 1
        assert sorted(archive.files) == ["activation", "biases_0", "biases_1", "dtype", "format_version",
                                         "sizes", "weights_0", "weights_1"]


def test_copy_is_independent():
    net = Network([4, 3, 2])
    twin = net.copy()
    twin.weights[0][0, 0] += 1
    assert not np.array_equal(net.weights[0], twin.weights[0])
    assert np.array_equal(net.weights[1], twin.weights[1]) and twin.sizes == net.sizes


def test_save_into_missing_folder(tmp_path):
    with pytest.raises(ValueError, match="the folder .*nowhere does not exist"):
        Network([4, 2]).save(tmp_path / "nowhere" / "net.npz")


def test_save_failure_leaves_no_file(tmp_path, monkeypatch):
    path = Network([4, 2]).save(tmp_path / "net.npz")
    before = path.read_bytes()

    def broken_savez(file, **arrays):
        file.write(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(OSError, match="disk full"):
        Network([4, 3]).save(path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def _tampered(tmp_path, **changes):
    """A saved [4, 3, 2] network with some arrays replaced (None removes one)."""
    path = Network([4, 3, 2]).save(tmp_path / "good.npz")
    with np.load(path) as archive:
        arrays = dict(archive)
    arrays.update(changes)
    bad = tmp_path / "bad.npz"
    np.savez(bad, **{key: value for key, value in arrays.items() if value is not None})
    return bad


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(format_version=np.array(2)), "format_version 2, this nnbook reads version 1"),
        (dict(format_version=None), "missing format_version"),
        (dict(weights_1=None), "missing weights_1"),
        (dict(weights_0=np.zeros((3, 5))), r"weights_0 should be floats of shape \(3, 4\) for sizes \[4, 3, 2\], "
         r"got float64 of shape \(3, 5\)"),
        (dict(biases_1=np.array([np.nan, 0.0])), "the numbers in biases_1 contain NaN or infinity"),
        (dict(sizes=np.array([4, 0, 2])), "whole number >= 1, got 0"),
        (dict(sizes=np.array([4.0, 3.0, 2.0])), r"sizes should be a list of whole numbers, got float64 of shape \(3,\)"),
        (dict(activation=np.array("tanh")), "activation must be one of"),
        (dict(dtype=np.array("float16")), "dtype must be np.float32 or np.float64"),
        (dict(biases_0=np.array(["a", "b", "c"])), "biases_0 should be floats"),
    ],
)
def test_load_rejects_tampered_files(tmp_path, changes, message):
    bad = _tampered(tmp_path, **changes)
    with pytest.raises(ValueError, match=f"bad.npz is not a usable saved network: .*{message}"):
        Network.load(bad)


def test_load_rejects_missing_truncated_and_foreign_files(tmp_path):
    with pytest.raises(ValueError, match="cannot load a network from .*absent.npz: no such file"):
        Network.load(tmp_path / "absent.npz")
    good = Network([784, 16, 10]).save(tmp_path / "good.npz")
    data = good.read_bytes()
    for name, content in [("truncated.npz", data[: len(data) // 2]), ("tail.npz", data[:-30]),
                          ("text.npz", b"hello, not a network"), ("empty.npz", b"")]:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ValueError, match=f"{name} is not a readable saved network"):
            Network.load(path)
    corrupted = bytearray(data)
    corrupted[len(data) // 3 : len(data) // 3 + 200] = bytes(200)  # zeros inside weights_0
    (tmp_path / "corrupt.npz").write_bytes(bytes(corrupted))
    with pytest.raises(ValueError, match="corrupt.npz is not a readable saved network"):
        Network.load(tmp_path / "corrupt.npz")
    np.save(tmp_path / "single.npy", np.zeros(3))
    with pytest.raises(ValueError, match="single.npy is not a readable saved network.*single array"):
        Network.load(tmp_path / "single.npy")
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, format_version=np.array(1), sizes=np.array([4, 2]), activation=np.array(["x", {}], dtype=object),
             dtype=np.array("float32"))
    with pytest.raises(ValueError, match="pickled.npz is not a readable saved network.*pickle"):
        Network.load(pickled)
