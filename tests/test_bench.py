"""The benchmark's pieces (bench/): the per-example baseline against nnbook's backpropagation,
the FLOP count, the goals' arithmetic and the 60-second budget's training. No timing assertions."""

import numpy as np
import pytest

from bench import budget, flops, learn, run
from bench.per_example import PerExampleNetwork, columns
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


def _row(sizes, batch_size, speedup, fraction_of_peak, over_pytorch=None, seconds=1.0, products=0.8):
    return {"sizes": sizes, "batch_size": batch_size, "dtype": "float32", "speedup": speedup,
            "fraction_of_peak": fraction_of_peak, "speedup_over_pytorch": over_pytorch,
            "seconds_per_epoch": seconds, "products_seconds_per_epoch": products}


BUILDS = {"cold_seconds": 44.0, "warm_seconds": 7.0}


def test_goals_are_met_only_when_every_configuration_meets_them():
    training = [
        _row([784, 16, 16, 10], 10, 9.0, 0.10),
        _row([784, 16, 16, 10], 128, 30.0, 0.40),
        _row([784, 30, 10], 10, 12.0, 0.10),
        _row([784, 30, 10], 128, 40.0, 0.45),
        _row([784, 800, 10], 128, 0.0, 0.70),  # a wide network: not one of the book's two
    ]
    best = {"test_accuracy": 0.986, "train_seconds": 50.0, "augment_seconds": 5.0}
    goals = run.goals(training, best, BUILDS)
    speedup, peak, accuracy = (goals[name] for name in (
        "speedup_over_per_example", "fraction_of_peak_at_batch_128", "accuracy_within_60_seconds"))
    assert speedup["met"] and speedup["smallest"] == 9.0 and speedup["smallest_at"] == "784-16-16-10 batch 10 float32"
    assert speedup["configurations"] == 4  # the wide network does not count
    assert not peak["met"] and peak["met_by"] == ["784-800-10 batch 128 float32"]
    assert accuracy["met"] and accuracy["seconds"] == 55.0
    assert goals["speedup_over_pytorch"]["met"] is None  # PyTorch not timed: not measured
    assert goals["epoch_within_products_ratio_at_batch_128"]["met"]  # 1.25 times, both networks
    assert goals["cold_build_seconds"]["met"] and goals["warm_build_seconds"]["met"]
    training[0]["speedup"] = 7.9
    training[3]["seconds_per_epoch"] = 1.3  # 1.625 times its products alone
    best["augment_seconds"] = 10.5  # 60.5 seconds in all
    goals = run.goals(training, best, {"cold_seconds": 46.0, "warm_seconds": 8.5})
    assert not goals["speedup_over_per_example"]["met"]
    assert not goals["accuracy_within_60_seconds"]["met"]
    ratio = goals["epoch_within_products_ratio_at_batch_128"]
    assert not ratio["met"] and ratio["book_networks"]["784-30-10 batch 128 float32"] == 1.3 / 0.8
    assert not goals["cold_build_seconds"]["met"] and not goals["warm_build_seconds"]["met"]


def test_goals_say_in_words_what_was_aimed_for_and_measured():
    training = [_row([784, 16, 16, 10], 10, 9.04, 0.10, over_pytorch=5.8),
                _row([784, 16, 16, 10], 128, 30.0, 0.27, over_pytorch=2.4),
                _row([784, 30, 10], 128, 40.0, 0.43, over_pytorch=2.1),
                _row([784, 800, 10], 128, 28.0, 0.81)]
    best = {"test_accuracy": 0.988, "train_seconds": 33.6, "augment_seconds": 6.6}
    words = {name: (goal["aim"], goal["measured"]) for name, goal in run.goals(training, best, BUILDS).items()}
    assert words["speedup_over_per_example"] == (
        "training 8 times as fast as one example at a time", "9.0 times at the least (784-16-16-10, mini-batches of 10, float32)")
    assert words["fraction_of_peak_at_batch_128"][1] == "27% to 43% (wider networks: 81%)"
    assert words["speedup_over_pytorch"][1] == "5.8 times at mini-batches of 10; 2.1 to 2.4 times at mini-batches of 128"
    assert words["accuracy_within_60_seconds"] == ("98.5% of the test digits right within 60 seconds of training", "98.80% in 40 seconds")
    assert words["warm_build_seconds"][1] == "7.0 seconds"


def test_budget_trains_its_recipe_through_nnbook_and_measures_the_test_digits(mnist):
    tiny = budget.RECIPE.replace(sizes=(784, 10), epochs=1, shifted_copies=1, learning_rate=0.01)
    result = budget.train_within_budget(mnist, tiny)
    assert result["recipe"] == tiny.as_dict() and result["images_per_epoch"] == 120_000
    assert result["training_images_measured"] == budget.TRAINING_MEASURED < 120_000
    assert len(result["epoch_seconds"]) == 1 and result["train_seconds"] >= result["epoch_seconds"][0]
    assert result["test_accuracy"] > 0.85 and result["training_accuracy"] > 0.85


def test_pytorch_goal_counts_the_book_networks_when_pytorch_was_timed():
    training = [_row([784, 16, 16, 10], 10, 9.0, 0.1, over_pytorch=2.6),
                _row([784, 30, 10], 128, 9.0, 0.5, over_pytorch=1.1),
                _row([784, 800, 10], 128, 9.0, 0.7, over_pytorch=0.5)]
    best = {"test_accuracy": 0.986, "train_seconds": 50.0, "augment_seconds": 5.0}
    goal = run.goals(training, best, BUILDS)["speedup_over_pytorch"]
    assert goal["met"] is False and set(goal["book_networks"]) == {
        "784-16-16-10 batch 10 float32", "784-30-10 batch 128 float32"}
    training[1]["speedup_over_pytorch"] = 2.5
    assert run.goals(training, best, BUILDS)["speedup_over_pytorch"]["met"] is True


def test_pytorch_is_timed_in_float32_only_and_only_when_installed(mnist, monkeypatch):
    assert run.time_pytorch(mnist, [784, 10], 10, np.float64, 100) is None
    monkeypatch.setattr(run.pytorch, "available", lambda: False)
    assert run.time_pytorch(mnist, [784, 10], 10, np.float32, 100) is None


def test_pytorch_epoch_seconds_when_installed(mnist):
    pytest.importorskip("torch")
    seconds = run.time_pytorch(mnist, [784, 16, 10], 10, np.float32, 200)
    assert seconds > 0


def _seen(pressed=1_000.0):
    """What the page "Train it yourself" records for bench.learn: times in milliseconds."""
    epochs = [{"wall": wall, "steps": wall / 2} for wall in (0.9, 0.5, 0.4, 0.45, 0.6, 0.5)]
    points = [{"testAccuracy": accuracy, "shown": shown}
              for accuracy, shown in ((0.1, 900.0), (0.85, 2_000.0), (0.9, 4_500.0), (0.91, 5_000.0))]
    snapshot = {"epochSeconds": epochs, "sizes": [784, 16, 16, 10], "activation": "sigmoid", "learningRate": 0.5,
                "batchSize": 10, "shift": True, "count": 12_000, "testCount": 2_000}
    bench = {"pressed": pressed, "longTasks": [[500.0, 80.0], [1_500.0, 60.0]], "frames": [900.0, 1_016.0, 1_100.0, 1_400.0],
             "shown": [[2_100.0, "85.0%"], [4_600.0, "90.0%"]]}
    state = {"snapshot": snapshot, "points": points, "redrawn": [800.0, 1_250.0, 1_500.0, 1_900.0]}
    return {"bench": bench, "state": state}


def test_the_browser_figures_count_from_pressing_the_button():
    measured = learn.figures(_seen(), at_load=700_000, transferred={"http://h/learn/digits.gz": 2_300_000}, seconds=9.0)
    assert measured["epoch_seconds"] == [0.9, 0.5, 0.4, 0.45, 0.6]  # the first five
    assert measured["median_epoch_seconds"] == 0.5
    assert measured["seconds_to_accuracy"] == 3.5 and measured["seconds_to_accuracy_in_text"] == 3.6
    assert measured["long_tasks_ms"] == [60.0]  # the one before the press does not count
    assert measured["longest_frame_gap_ms"] == 300.0  # frames after the press only
    assert measured["longest_redraw_gap_seconds"] == 0.4 and measured["redraws_per_second"] == 2 / 0.65
    assert measured["digits_bytes"] == 2_300_000 and measured["bytes_at_load"] == 700_000


def test_the_browser_goals():
    measured = learn.figures(_seen(), at_load=700_000, transferred={}, seconds=9.0)
    targets = learn.goals(measured)
    assert [name for name, target in targets.items() if not target["met"]] == ["browser_longest_main_thread_task_ms"]
    measured.update(long_tasks_ms=[], seconds_to_accuracy=None, median_epoch_seconds=2.5, longest_redraw_gap_seconds=0.6)
    targets = learn.goals(measured)
    assert targets["browser_longest_main_thread_task_ms"]["met"] and targets["browser_longest_main_thread_task_ms"]["milliseconds"] == 0
    assert not any(targets[name]["met"] for name in ("browser_epoch_seconds", "browser_seconds_to_90_percent",
                                                      "browser_longest_gap_between_redraws"))
    assert learn.percent_shown("91.4%") == 91.4 and learn.percent_shown("–") == 0
