"""The benchmark's pieces (bench/): the per-example baseline against nnbook's backpropagation,
the FLOP count and the keys of bench/results.json. No timing assertions."""

import json
from pathlib import Path

import numpy as np
import pytest

from bench import flops
from bench.per_example import PerExampleNetwork, columns
from bench.run import RESULTS
from nnbook import Network


def _tiny_network(activation, dtype=np.float64):
    net = Network([6, 5, 4, 3], activation=activation, seed=1, dtype=dtype)
    rng = np.random.default_rng(2)
    net.biases = [rng.normal(size=b.shape).astype(dtype) for b in net.biases]
    return net


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_per_example_gradients_equal_nnbook_backprop(activation):
    net = _tiny_network(activation)
    rng = np.random.default_rng(3)
    images, labels = rng.random((7, 6)), np.array([0, 1, 2, 2, 1, 0, 1])
    weight_gradients, bias_gradients = net.backprop(images, labels)
    loop_weights, loop_biases = PerExampleNetwork(net).mini_batch_gradients(
        columns(images, labels, np.float64, outputs=3)
    )
    for expected, got in zip(weight_gradients, loop_weights):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    for expected, got in zip(bias_gradients, loop_biases):
        np.testing.assert_allclose(got[:, 0], expected, rtol=1e-12, atol=1e-15)
    assert max(np.abs(g).max() for g in weight_gradients) > 1e-3  # not trivially zero


def test_per_example_epoch_takes_the_same_steps_as_nnbook_sgd():
    net = _tiny_network("sigmoid")
    rng = np.random.default_rng(4)
    images, labels = rng.random((23, 6)), rng.integers(0, 3, 23)
    loop = PerExampleNetwork(net)
    loop.train_examples(columns(images, labels, np.float64, outputs=3), 5, 0.5, seed=7)
    net.train(images, labels, epochs=1, batch_size=5, learning_rate=0.5, optimizer="sgd", seed=7)
    for expected, got in zip(net.weights, loop.weights):
        np.testing.assert_allclose(got, expected, rtol=1e-10)
    for expected, got in zip(net.biases, loop.biases):
        np.testing.assert_allclose(got[:, 0], expected, rtol=1e-10)
    assert not np.allclose(net.weights[0], _tiny_network("sigmoid").weights[0])  # it did learn


def test_flop_count_of_a_small_network():
    # 3-4-2: forward 3*4 + 4*2 = 20 multiply-adds, weight gradients 20, the error sent back
    # through the second layer only 8: 48 multiply-adds, 96 FLOPs per example.
    assert flops.multiply_adds([3, 4, 2]) == 20
    assert flops.training_flops_per_example([3, 4, 2]) == 96
    assert flops.training_flops_per_epoch([3, 4, 2], examples=10) == 960
    # The book's network: one multiply-add per weight, 12,960 of them.
    assert flops.multiply_adds([784, 16, 16, 10]) == 12_960
    assert flops.training_flops_per_example([784, 16, 16, 10]) == 2 * (3 * 12_960 - 784 * 16)


def test_results_file_has_the_documented_keys():
    if not RESULTS.is_file():
        pytest.skip("no bench/results.json yet: run `make bench`")
    results = json.loads(Path(RESULTS).read_text())
    assert {"measured_at", "machine", "settings", "units", "peak_matmul", "training", "budget",
            "targets", "load_average_before", "duration_seconds"} <= set(results)
    machine = {"cpu_model", "cpu_count", "numpy", "threadpool_info", "blas_threads_in_training"}
    assert machine <= set(results["machine"])
    assert set(results["peak_matmul"]) == {"float32", "float64"}
    for row in results["training"]:
        assert {"sizes", "batch_size", "dtype", "seconds_per_epoch", "flops_per_epoch",
                "gflop_per_second", "fraction_of_peak", "per_example_seconds_per_epoch",
                "speedup", "products_seconds_per_epoch", "products_fraction_of_peak"} <= set(row)
    assert {"recipe", "train_seconds", "test_accuracy"} <= set(results["budget"])
    for target in results["targets"].values():
        assert {"goal", "met"} <= set(target) and isinstance(target["met"], bool)
