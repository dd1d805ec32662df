"""``make bench``: time nnbook's training and write bench/results.json.

Measures, in one run (a few minutes on the 2-core build machine):
  1. seconds per epoch of 60,000 digits for 784-16-16-10 and 784-30-10 at mini-batches of 10 and
     128, float32 and float64, plain gradient descent, against the per-example baseline
     (bench.per_example) doing the same arithmetic;
  2. the achieved GFLOP/s of those (and of some wider networks at mini-batches of 128) against the
     machine's peak matrix-multiply speed measured under the same BLAS thread limit, and the
     time the same matrix products take alone (the rest is per-step work outside them);
  3. the test accuracy of the best recipe found for a 60-second training budget (bench.budget);
  4. when PyTorch is installed (``pip install -e '.[bench]'``), its seconds per epoch for the same
     float32 networks and mini-batches (bench.pytorch); the run says so when it is not;
  5. the seconds of a cold and a warm ``mkdocs build`` of a fresh copy of the book (bench.build);
  6. how fast the page "Train it yourself" trains in headless Chromium: its epoch, the seconds to
     90% on its test digits, its main thread's longest task, its redraws (bench.learn; the
     built site, which ``make bench`` builds first).
Long measurements run on part of an epoch and are scaled to 60,000 digits; the JSON says where.
The book's "Performance" page (docs/performance.md) shows the tables.
"""

import datetime
import json
import sys
import time
from pathlib import Path

import numpy as np

from bench import budget, build, flops, learn, machine, pytorch
from bench.per_example import PerExampleNetwork, columns
from nnbook.data import load_mnist
from nnbook.files import write_atomically
from nnbook.network import Network

RESULTS = Path(__file__).resolve().parent / "results.json"
SCHEMA_VERSION = 1

EPOCH = 60_000  # training digits: every per-epoch figure is for this many
NETWORKS = ([784, 16, 16, 10], [784, 30, 10])  # the book's network and Nielsen's 784-30-10
BATCH_SIZES = (10, 128)
DTYPES = (np.float32, np.float64)
# Wider networks, timed at mini-batches of 128 only: how close to the peak a larger product gets.
WIDE_NETWORKS = ([784, 100, 10], [784, 800, 10], [784, 512, 512, 10])

ACTIVATION = "sigmoid"  # hidden layers of every timed network (the book's network)
LEARNING_RATE = 0.5  # plain gradient descent, nnbook's default rate for the cross-entropy cost
EPOCHS_TIMED = 5  # nnbook's time per epoch is the fastest of these (the least disturbed; bench/log.md)
WIDE_IMAGES = 12_000  # wide networks train on this many digits per timed epoch, scaled to EPOCH
BASELINE_IMAGES = 6_000  # the per-example baseline trains on this many digits, scaled to EPOCH
BASELINE_REPEATS = 5  # ... this many times; the fastest counts (fewer were too noisy: bench/log.md)
PRODUCTS_IMAGES = 6_000  # the products alone are timed for this many digits' steps, scaled

SPEEDUP_GOAL = 8.0
PYTORCH_GOAL = 2.5  # nnbook's epoch at least this many times faster than PyTorch's (float32)
PEAK_FRACTION_GOAL = 0.5
PRODUCTS_RATIO_GOAL = 1.5  # at mini-batches of 128, an epoch at most this many times its products alone
ACCURACY_GOAL = 0.985
BUDGET_SECONDS = 60.0
COLD_BUILD_GOAL = 45.0  # seconds of `mkdocs build` with nothing cached
WARM_BUILD_GOAL = 8.0  # ... and again with nothing changed


def time_nnbook(mnist, sizes, batch_size, dtype, images):
    """nnbook's seconds per epoch of EPOCH digits: the fastest of EPOCHS_TIMED epochs on the first
    ``images`` training digits (History.seconds, the mini-batch steps only), scaled."""
    network = Network(sizes, activation=ACTIVATION, seed=0, dtype=dtype)
    history = network.train(
        mnist.train_images[:images],
        mnist.train_labels[:images],
        epochs=EPOCHS_TIMED,
        batch_size=batch_size,
        learning_rate=LEARNING_RATE,
        optimizer="sgd",
        progress=False,
    )
    return min(history.seconds) * EPOCH / images, history.seconds


def time_per_example(mnist, sizes, batch_size, dtype):
    """The per-example baseline's seconds per epoch of EPOCH digits: the fastest of
    BASELINE_REPEATS passes over the first BASELINE_IMAGES digits, scaled."""
    network = PerExampleNetwork(Network(sizes, activation=ACTIVATION, seed=0, dtype=dtype))
    images, labels = mnist.train_images[:BASELINE_IMAGES], mnist.train_labels[:BASELINE_IMAGES]
    examples = columns(images, labels, dtype)
    times = []
    for repeat in range(BASELINE_REPEATS):
        start = time.perf_counter()
        network.train_examples(examples, batch_size, LEARNING_RATE, seed=repeat)
        times.append(time.perf_counter() - start)
    return min(times) * EPOCH / BASELINE_IMAGES


def time_pytorch(mnist, sizes, batch_size, dtype, images):
    """PyTorch's seconds per epoch of EPOCH digits, timed as ``time_nnbook`` times nnbook; None
    when PyTorch is not installed or for float64 (it is compared in float32 only)."""
    if dtype != np.float32 or not pytorch.available():
        return None
    seconds = pytorch.epoch_seconds(mnist.train_images[:images], mnist.train_labels[:images], sizes,
                                    batch_size, LEARNING_RATE, EPOCHS_TIMED)
    return min(seconds) * EPOCH / images


def measure_training(mnist, sizes, batch_size, dtype, peak, images):
    """One row of the table: nnbook, the baseline and PyTorch (when installed) on one network,
    mini-batch size and dtype."""
    seconds, measured = time_nnbook(mnist, sizes, batch_size, dtype, images)
    torch_seconds = time_pytorch(mnist, sizes, batch_size, dtype, images)
    baseline = time_per_example(mnist, sizes, batch_size, dtype)
    work = flops.training_flops_per_epoch(sizes, EPOCH)
    achieved = work / seconds / 1e9
    steps = PRODUCTS_IMAGES // batch_size
    products = machine.products_seconds(sizes, batch_size, dtype, steps)
    products *= EPOCH / (steps * batch_size)
    peak_speed = peak[np.dtype(dtype).name]["gflop_per_second"]
    row = {
        "sizes": sizes,
        "batch_size": batch_size,
        "dtype": np.dtype(dtype).name,
        "images_timed": images,
        "epoch_seconds_measured": measured,
        "seconds_per_epoch": seconds,
        "flops_per_epoch": work,
        "gflop_per_second": achieved,
        "fraction_of_peak": achieved / peak_speed,
        "products_seconds_per_epoch": products,
        "products_fraction_of_peak": work / products / 1e9 / peak_speed,
        "per_example_seconds_per_epoch": baseline,
        "speedup": baseline / seconds,
        "pytorch_seconds_per_epoch": torch_seconds,
        "speedup_over_pytorch": None if torch_seconds is None else torch_seconds / seconds,
    }
    print(
        f"  {'-'.join(map(str, sizes)):>15} batch {batch_size:>3} {row['dtype']}: "
        f"{seconds:7.3f} s/epoch, {achieved:6.1f} GFLOP/s ({row['fraction_of_peak']:.0%} of peak, "
        f"products alone {row['products_fraction_of_peak']:.0%}), "
        f"per-example {baseline:7.2f} s ({row['speedup']:.1f}x)"
        + (f", PyTorch {torch_seconds:6.3f} s ({row['speedup_over_pytorch']:.1f}x)" if torch_seconds else ""),
        flush=True,
    )
    return row


def goals(training, best, builds):
    """Each goal: the figure aimed for, the measured figure, and whether it is met (None: not measured,
    such as the comparison with PyTorch when it is not installed), and both in words for the
    Performance page: ``aim`` and ``measured``. A function of the measurements alone, so it can
    be computed again from a results.json."""
    spec = [row for row in training if row["sizes"] in NETWORKS]
    against_torch = [row for row in spec if row.get("speedup_over_pytorch") is not None]
    slowest = min(spec, key=lambda row: row["speedup"])
    at_128 = [row for row in training if row["batch_size"] == 128]
    at_half = [row for row in at_128 if row["fraction_of_peak"] >= PEAK_FRACTION_GOAL]
    spec_128 = [row for row in at_128 if row["sizes"] in NETWORKS]
    budget_seconds = best["train_seconds"] + best["augment_seconds"]
    return {
        "speedup_over_per_example": {
            "aim": f"training {SPEEDUP_GOAL:g} times as fast as one example at a time",
            "measured": f"{slowest['speedup']:.1f} times at the least ({_words(slowest)})",
            "goal": SPEEDUP_GOAL,
            "smallest": slowest["speedup"],
            "smallest_at": _name(slowest),
            "configurations_meeting_goal": sum(row["speedup"] >= SPEEDUP_GOAL for row in spec),
            "configurations": len(spec),
            "met": all(row["speedup"] >= SPEEDUP_GOAL for row in spec),
        },
        "fraction_of_peak_at_batch_128": {
            "aim": f"the book's networks at {PEAK_FRACTION_GOAL:.0%} of the machine's peak, mini-batches of 128",
            "measured": _spread([row["fraction_of_peak"] for row in spec_128], "{:.0%}")
            + (f" (wider networks: {_spread([row['fraction_of_peak'] for row in at_half], '{:.0%}')})" if at_half else ""),
            "goal": PEAK_FRACTION_GOAL,
            "book_networks": {_name(row): row["fraction_of_peak"] for row in spec_128},
            "met_by_book_networks": all(row in at_half for row in spec_128),
            "met_by": [_name(row) for row in at_half],
            "met": all(row in at_half for row in spec_128),
        },
        "accuracy_within_60_seconds": {
            "aim": f"{ACCURACY_GOAL:.1%} of the test digits right within {BUDGET_SECONDS:.0f} seconds of training",
            "measured": f"{best['test_accuracy']:.2%} in {budget_seconds:.0f} seconds",
            "goal": ACCURACY_GOAL,
            "budget_seconds": BUDGET_SECONDS,
            "test_accuracy": best["test_accuracy"],
            "seconds": budget_seconds,
            "met": best["test_accuracy"] >= ACCURACY_GOAL and budget_seconds <= BUDGET_SECONDS,
        },
        "speedup_over_pytorch": {
            "aim": f"training {PYTORCH_GOAL:g} times as fast as PyTorch",
            "measured": "; ".join(
                _spread([row["speedup_over_pytorch"] for row in against_torch if row["batch_size"] == size], "{:.1f}")
                + f" times at mini-batches of {size}" for size in BATCH_SIZES) if against_torch else "PyTorch was not installed",
            "goal": PYTORCH_GOAL,
            "book_networks": {_name(row): row["speedup_over_pytorch"] for row in against_torch},
            "met": all(row["speedup_over_pytorch"] >= PYTORCH_GOAL for row in against_torch)
            if against_torch else None,
        },
        "epoch_within_products_ratio_at_batch_128": {
            "aim": f"an epoch within {PRODUCTS_RATIO_GOAL:g} times its matrix products alone, mini-batches of 128",
            "measured": _spread([_products_ratio(row) for row in spec_128], "{:.1f}") + " times",
            "goal": PRODUCTS_RATIO_GOAL,
            "book_networks": {_name(row): _products_ratio(row) for row in spec_128},
            "met": all(_products_ratio(row) <= PRODUCTS_RATIO_GOAL for row in spec_128),
        },
        "cold_build_seconds": {
            "aim": f"building the book from nothing within {COLD_BUILD_GOAL:.0f} seconds",
            "measured": f"{builds['cold_seconds']:.0f} seconds",
            "goal": COLD_BUILD_GOAL,
            "seconds": builds["cold_seconds"],
            "met": builds["cold_seconds"] <= COLD_BUILD_GOAL,
        },
        "warm_build_seconds": {
            "aim": f"building it again, nothing changed, within {WARM_BUILD_GOAL:.0f} seconds",
            "measured": f"{builds['warm_seconds']:.1f} seconds",
            "goal": WARM_BUILD_GOAL,
            "seconds": builds["warm_seconds"],
            "met": builds["warm_seconds"] <= WARM_BUILD_GOAL,
        },
    }


def _spread(values, form):
    """The lowest and the highest of ``values`` written with ``form``: "27% to 43%", or one figure."""
    low, high = form.format(min(values)), form.format(max(values))
    return low if low == high else f"{low} to {high}"


def _words(row):
    """A training row in words: "784-16-16-10, mini-batches of 10, float64"."""
    return f"{'-'.join(map(str, row['sizes']))}, mini-batches of {row['batch_size']}, {row['dtype']}"


def _products_ratio(row):
    """How many times its matrix products alone the whole epoch takes."""
    return row["seconds_per_epoch"] / row["products_seconds_per_epoch"]


def _name(row):
    return f"{'-'.join(map(str, row['sizes']))} batch {row['batch_size']} {row['dtype']}"


def main():
    started = time.perf_counter()
    mnist = load_mnist()
    results = {
        "schema_version": SCHEMA_VERSION,
        "measured_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "load_average_before": machine.load_average(),
        "machine": machine.machine_info(),
        "settings": {
            "epoch_images": EPOCH,
            "activation": ACTIVATION,
            "optimizer": "sgd",
            "learning_rate": LEARNING_RATE,
            "cost": "cross_entropy",
            "epochs_timed": EPOCHS_TIMED,
            "epoch_statistic": "fastest of the timed epochs, scaled to epoch_images",
            "wide_networks_images_timed": WIDE_IMAGES,
            "per_example_images_timed": BASELINE_IMAGES,
            "per_example_repeats": BASELINE_REPEATS,
            "products_images_timed": PRODUCTS_IMAGES,
            "flops_counted": "matrix products only (forward, weight gradients, errors sent back "
            "past the first layer), 2 FLOPs per multiply-add; see bench/flops.py",
        },
        "units": {
            "seconds_per_epoch": "seconds per epoch of epoch_images digits (mini-batch steps only; "
            "rows with images_timed < epoch_images are scaled by epoch_images / images_timed)",
            "flops_per_epoch": "floating-point operations of the matrix products in one epoch",
            "gflop_per_second": "1e9 floating-point operations per second",
            "fraction_of_peak": "gflop_per_second / peak_matmul[dtype].gflop_per_second",
            "products_seconds_per_epoch": "seconds per epoch of the matrix products alone "
            "(bench.machine.products_seconds); the rest of seconds_per_epoch is per-step work",
            "products_fraction_of_peak": "the products alone, as a fraction of the peak",
            "per_example_seconds_per_epoch": "the per-example baseline's fastest pass over "
            "per_example_images_timed digits, times epoch_images / per_example_images_timed",
            "speedup": "per_example_seconds_per_epoch / seconds_per_epoch",
            "pytorch_seconds_per_epoch": "PyTorch's fastest timed epoch, as seconds_per_epoch "
            "(float32 rows only; null when PyTorch is not installed)",
            "speedup_over_pytorch": "pytorch_seconds_per_epoch / seconds_per_epoch",
            "train_seconds": "wall-clock seconds of nnbook's train()",
            "augment_seconds": "seconds making the shifted copies (counted in the budget)",
            "test_accuracy": "fraction of the 10,000 test digits classified correctly",
            "cold_seconds": "wall-clock seconds of `mkdocs build --strict` of a fresh copy of the "
            "book with nothing cached (bench.build)",
            "warm_seconds": "the same build again with nothing changed",
        },
    }
    if pytorch.available():
        results["pytorch"] = pytorch.version()
        print(f"PyTorch {results['pytorch']} is installed: timing it too (float32, one thread)", flush=True)
    else:
        results["pytorch"] = None
        print("PyTorch is not installed: not timing it (pip install -e '.[bench]' to compare)", flush=True)
    print("peak matrix-multiply speed", flush=True)
    peak = {np.dtype(dtype).name: machine.peak_matmul(dtype) for dtype in DTYPES}
    for name, figures in peak.items():
        print(f"  {name}: {figures['gflop_per_second']:.1f} GFLOP/s", flush=True)
    results["peak_matmul"] = peak

    print("training, per epoch of 60,000 digits", flush=True)
    training = []
    for sizes in NETWORKS:
        for batch_size in BATCH_SIZES:
            for dtype in DTYPES:
                training.append(measure_training(mnist, sizes, batch_size, dtype, peak, EPOCH))
    for sizes in WIDE_NETWORKS:
        for dtype in DTYPES:
            training.append(measure_training(mnist, sizes, 128, dtype, peak, WIDE_IMAGES))
    results["training"] = training

    print(f"best accuracy within {BUDGET_SECONDS:.0f} seconds", flush=True)
    best = budget.train_within_budget(mnist)
    print(
        f"  {best['test_accuracy']:.2%} on the test digits, train() {best['train_seconds']:.1f} s"
        f" (+ {best['augment_seconds']:.1f} s making shifted copies)",
        flush=True,
    )
    results["budget"] = best

    print("building the book from a fresh copy: cold (nothing cached), then warm", flush=True)
    builds = build.build_seconds()
    print(f"  cold {builds['cold_seconds']:.1f} s, warm {builds['warm_seconds']:.1f} s", flush=True)
    results["build"] = builds

    print("training in the browser: the page Train it yourself in headless Chromium", flush=True)
    browser = learn.measure()
    print("\n".join(learn.report(browser)), flush=True)
    results["browser_training"] = browser
    results["goals"] = {**goals(training, best, builds), **learn.goals(browser)}
    results["load_average_after"] = machine.load_average()
    results["duration_seconds"] = time.perf_counter() - started
    text = json.dumps(results, indent=1) + "\n"
    write_atomically(RESULTS, lambda file: file.write(text.encode()))
    for name, goal in results["goals"].items():
        print(f"goal {name}: {'not measured' if goal['met'] is None else 'reached' if goal['met'] else 'missed'}")
    print(f"wrote {RESULTS} in {results['duration_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
