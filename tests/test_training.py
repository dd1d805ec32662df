"""Learning: backpropagation against finite differences, training on real digits, divergence,
and the checks on training's arguments."""

import json
import types

import numpy as np
import pytest

from nnbook import Network, Settings
from nnbook.history import History
from nnbook.training import ADAM_BETAS, ADAM_EPSILON, COSTS, MOMENTUM, OPTIMIZERS, TrainingError, learning_rate_at


def _finite_difference_gradients(net, x, labels, cost, h=1e-6):
    """The slope of the mean cost for every weight and bias by central differences."""
    slopes = []
    for array in net.weights + net.biases:
        slope = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            kept = array[index]
            array[index] = kept + h
            up = net.cost(x, labels, cost)
            array[index] = kept - h
            down = net.cost(x, labels, cost)
            array[index] = kept
            slope[index] = (up - down) / (2 * h)
        slopes.append(slope)
    return slopes


@pytest.mark.parametrize("cost", sorted(COSTS))
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_backprop_agrees_with_finite_differences(cost, activation):
    net = Network([5, 4, 3, 2], activation=activation, seed=3, dtype=np.float64)
    rng = np.random.default_rng(4)
    net.biases = [rng.normal(size=b.shape) for b in net.biases]
    x = rng.random((6, 5))
    labels = np.array([0, 1, 1, 0, 1, 0])
    if activation == "relu":  # no weighted sum near the kink at 0, where the slope jumps
        layers = net.activations(x)
        zs = [a @ w.T + b for a, w, b in zip(layers, net.weights, net.biases)]
        assert min(np.abs(z).min() for z in zs[:-1]) > 1e-3
    weight_gradients, bias_gradients = net.backprop(x, labels, cost)
    assert [g.shape for g in weight_gradients] == [w.shape for w in net.weights]
    assert [g.shape for g in bias_gradients] == [b.shape for b in net.biases]
    expected = _finite_difference_gradients(net, x, labels, cost)
    for got, want in zip(weight_gradients + bias_gradients, expected):
        relative_error = np.linalg.norm(got - want) / (np.linalg.norm(got) + np.linalg.norm(want))
        assert relative_error < 1e-6


def test_a_mini_batch_gradient_is_the_mean_of_its_images_gradients():
    net = Network([5, 4, 2], seed=1, dtype=np.float64)
    rng = np.random.default_rng(5)
    images, labels = rng.random((6, 5)), np.array([0, 1, 1, 0, 1, 1])
    batch = net.backprop(images, labels)
    alone = [net.backprop(image, label) for image, label in zip(images, labels)]
    for kind in (0, 1):  # weights, then biases
        for layer, gradient in enumerate(batch[kind]):
            mean = np.mean([gradients[kind][layer] for gradients in alone], axis=0)
            np.testing.assert_allclose(gradient, mean, rtol=1e-12, atol=1e-15)
    assert np.abs(batch[0][0]).max() > 1e-3  # not trivially zero


def test_costs_known_values():
    net = Network([3, 2], dtype=np.float64)
    net.weights[0][:] = 0
    net.biases[0][:] = [0.0, np.log(3.0)]  # outputs 0.5 and 0.75
    x = np.zeros((1, 3))
    assert net.cost(x, [1], "quadratic") == pytest.approx(0.5 * (0.5**2 + 0.25**2))
    assert net.cost(x, [1], "cross_entropy") == pytest.approx(-np.log(0.5) - np.log(0.75))
    # far-off outputs: the cross-entropy stays finite even where the sigmoid rounds to exactly 1
    net.biases[0][:] = [200.0, -200.0]
    assert net.cost(x, [1], "cross_entropy") == pytest.approx(400.0)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_training_on_real_digits_learns(mnist, optimizer):
    images, labels = mnist.train_images[:2000], mnist.train_labels[:2000]
    test = (mnist.test_images[:1000], mnist.test_labels[:1000])
    net = Network([784, 16, 16, 10])
    before = net.accuracy(*test)
    history = net.train(images, labels, epochs=5, test=test, optimizer=optimizer)  # default rates
    assert isinstance(history, History) and history.epochs == 5
    for series in (history.cost, history.accuracy, history.test_cost, history.test_accuracy, history.seconds):
        assert len(series) == 5
    assert before < 0.2 and history.test_accuracy[-1] > 0.75
    assert history.cost[-1] < history.cost[0]
    assert history.test_accuracy[-1] == net.accuracy(*test)
    assert history.test_cost[-1] == pytest.approx(net.cost(*test))
    assert all(w.dtype == np.float32 for w in net.weights + net.biases)


def test_training_is_deterministic_and_runs_in_float64(mnist):
    images, labels = mnist.train_images[:500], mnist.train_labels[:500]
    runs = []
    for _ in range(2):
        net = Network([784, 16, 10], dtype=np.float64)
        history = net.train(images, labels, epochs=1, optimizer="adam", l2=1e-4, schedule="cosine")
        runs.append((net, history))
    assert runs[0][1].cost == runs[1][1].cost and runs[0][1].test_cost == []
    assert np.array_equal(runs[0][0].weights[0], runs[1][0].weights[0])
    assert runs[0][0].weights[0].dtype == np.float64
    other = Network([784, 16, 10], dtype=np.float64)
    other.train(images, labels, epochs=1, optimizer="adam", l2=1e-4, schedule="cosine", seed=1)
    assert not np.array_equal(other.weights[0], runs[0][0].weights[0])


def test_progress_function_is_called_every_epoch(mnist):
    calls = []
    net = Network([784, 10])
    net.train(mnist.train_images[:100], mnist.train_labels[:100], epochs=2,
              progress=lambda epoch, history: calls.append((epoch, history.epochs)))
    assert calls == [(1, 1), (2, 2)]


def test_training_figures_can_come_from_the_first_training_images_only(mnist):
    images, labels = mnist.train_images[:300], mnist.train_labels[:300]
    net = Network([784, 16, 10])
    history = net.train(images, labels, epochs=2, measure_training=100)
    assert history.accuracy[-1] == net.accuracy(images[:100], labels[:100])
    assert history.cost[-1] == pytest.approx(net.cost(images[:100], labels[:100]))
    assert history.cost[-1] != pytest.approx(net.cost(images, labels))  # not all 300 of them


def test_divergence_is_a_clear_error(mnist):
    net = Network([784, 16, 10])
    with pytest.raises(TrainingError, match=r"diverged in epoch 1: the cost became nan.*try a smaller one"):
        net.train(mnist.train_images[:200], mnist.train_labels[:200], epochs=3, learning_rate=1e38)


def test_cosine_schedule():
    assert learning_rate_at("cosine", 0.1, 0, 100) == 0.1
    assert learning_rate_at("cosine", 0.1, 50, 100) == pytest.approx(0.05)
    assert learning_rate_at("cosine", 0.1, 99, 100) < 0.0001
    assert learning_rate_at("constant", 0.1, 99, 100) == 0.1


# -- the optimizers against their published formulas, by hand for three steps -----------------------

# One weight matrix and one bias vector, and the slopes three mini-batches give them (made up).
START = [np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([0.1, -0.3])]
SLOPES = [
    [np.array([[0.2, -0.4], [0.1, 0.8]]), np.array([0.5, -0.05])],
    [np.array([[-0.3, -0.2], [0.6, 0.1]]), np.array([0.25, 0.4])],
    [np.array([[0.1, 0.9], [-0.7, 0.3]]), np.array([-0.6, 0.2])],
]


def _steps(optimizer, learning_rate, schedule="constant", l2=0.0):
    """The knobs after each of three steps of nnbook's ``optimizer`` from START with SLOPES."""
    network = types.SimpleNamespace(weights=[START[0].copy()], biases=[START[1].copy()])
    settings = Settings(sizes=(2, 2), optimizer=optimizer, learning_rate=learning_rate, schedule=schedule, l2=l2,
                        dtype="float64")
    stepper = OPTIMIZERS[optimizer](network, settings, steps=len(SLOPES))
    after = []
    for weight_slope, bias_slope in SLOPES:
        stepper.step([weight_slope], [bias_slope])
        after.append([network.weights[0].copy(), network.biases[0].copy()])
    return after


def _assert_steps(after, expected):
    for step, (knobs, by_hand) in enumerate(zip(after, expected), start=1):
        for knob, value in zip(knobs, by_hand):
            np.testing.assert_allclose(knob, value, rtol=1e-6, atol=1e-12, err_msg=f"after step {step}")


def test_sgd_moves_each_knob_by_the_rate_times_its_slope_plus_the_l2_slope():
    rate, l2 = 0.5, 0.01
    w, b, expected = START[0], START[1], []
    for weight_slope, bias_slope in SLOPES:
        w, b = w - rate * (weight_slope + l2 * w), b - rate * bias_slope  # the L2 slope l2 * w is the weights' only
        expected.append([w, b])
    _assert_steps(_steps("sgd", rate, l2=l2), expected)


def test_momentum_follows_its_velocity():
    """v <- 0.9 v - rate * slope; knob <- knob + v (v starts at 0)."""
    rate, expected = 0.1, []
    knobs, velocities = list(START), [np.zeros((2, 2)), np.zeros(2)]
    for slopes in SLOPES:
        velocities = [MOMENTUM * v - rate * g for v, g in zip(velocities, slopes)]
        knobs = [p + v for p, v in zip(knobs, velocities)]
        expected.append(knobs)
    assert MOMENTUM == 0.9
    _assert_steps(_steps("momentum", rate), expected)


def test_adam_is_kingma_and_bas_algorithm_1():
    """Kingma and Ba (2015), Algorithm 1: m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g^2,
    m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t), knob <- knob - rate * m_hat / (sqrt(v_hat) + eps).
    nnbook folds the two corrections into the rate (the paper's section 2), which moves epsilon by
    a factor sqrt(1 - b2^t): a difference far below the tolerance for slopes this size."""
    rate, (b1, b2), expected = 0.01, ADAM_BETAS, []
    assert (b1, b2, ADAM_EPSILON) == (0.9, 0.999, 1e-8)
    knobs, means, squares = list(START), [np.zeros((2, 2)), np.zeros(2)], [np.zeros((2, 2)), np.zeros(2)]
    for t, slopes in enumerate(SLOPES, start=1):
        means = [b1 * m + (1 - b1) * g for m, g in zip(means, slopes)]
        squares = [b2 * v + (1 - b2) * g**2 for v, g in zip(squares, slopes)]
        knobs = [p - rate * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + ADAM_EPSILON)
                 for p, m, v in zip(knobs, means, squares)]
        expected.append(knobs)
    _assert_steps(_steps("adam", rate), expected)
    # The first step moves every knob by the rate (m_hat / sqrt(v_hat) = g / |g|, up to epsilon), whatever its slope.
    first = _steps("adam", rate)[0]
    np.testing.assert_allclose(np.abs(first[0] - START[0]), rate, rtol=1e-5)


def test_the_cosine_schedule_lowers_each_steps_rate_along_half_a_cosine():
    """Three steps of plain gradient descent: rates r, r (1 + cos(pi/3)) / 2 = 0.75 r and
    r (1 + cos(2 pi/3)) / 2 = 0.25 r."""
    rate, expected = 0.4, []
    knobs = list(START)
    for factor, slopes in zip((1.0, 0.75, 0.25), SLOPES):
        knobs = [p - factor * rate * g for p, g in zip(knobs, slopes)]
        expected.append(knobs)
    _assert_steps(_steps("sgd", rate, schedule="cosine"), expected)


def test_history_records_epochs_and_survives_json():
    history = History()
    history.record(0.25, (0.5, 0.875), (0.625, 0.75))
    history.record(0.5, (0.25, 0.9375))  # an epoch measured on no test images
    assert history.epochs == 2 and history.seconds == [0.25, 0.5]
    assert history.cost == [0.5, 0.25] and history.accuracy == [0.875, 0.9375]
    assert history.test_cost == [0.625] and history.test_accuracy == [0.75]
    assert history.summary() == "cost 0.2500, accuracy 93.75%, test 75.00%"
    assert History.from_dict(json.loads(json.dumps(history.to_dict()))) == history


@pytest.mark.parametrize(
    "settings, message",
    [
        (dict(epochs=0), "epochs must be a whole number >= 1, got 0"),
        (dict(epochs=1.5), "epochs must be a whole number >= 1, got 1.5"),
        (dict(epochs=1, batch_size=0), "batch_size must be a whole number >= 1"),
        (dict(epochs=1, cost="hinge"), r"cost must be one of \['cross_entropy', 'quadratic'\], got 'hinge'"),
        (dict(epochs=1, optimizer="rmsprop"), r"optimizer must be one of \['adam', 'momentum', 'sgd'\]"),
        (dict(epochs=1, schedule="step"), r"schedule must be one of \['constant', 'cosine'\]"),
        (dict(epochs=1, learning_rate=0), "learning_rate must be a finite number > 0, got 0"),
        (dict(epochs=1, learning_rate=float("nan")), "learning_rate must be a finite number > 0, got nan"),
        (dict(epochs=1, learning_rate="fast"), "learning_rate must be a finite number > 0, got 'fast'"),
        (dict(epochs=1, l2=-1), "l2 must be a finite number >= 0"),
        (dict(epochs=1, seed=-2), "seed must be a whole number >= 0"),
        (dict(epochs=1, test=[1, 2, 3]), "test must be a pair"),
        (dict(epochs=1, measure_training=0), "measure_training must be a whole number >= 1, got 0"),
        (dict(epochs=1, test=(np.zeros((2, 784)), [1])), r"expected 2 labels, shape \(2,\), got shape \(1,\)"),
    ],
)
def test_bad_training_arguments(settings, message):
    net = Network([784, 10])
    before = net.weights[0].copy()
    with pytest.raises(ValueError, match=message):
        net.train(np.zeros((4, 784)), [0, 1, 2, 3], **settings)
    assert np.array_equal(net.weights[0], before)  # nothing trained


def test_bad_training_data():
    net = Network([784, 10])
    with pytest.raises(ValueError, match=r"expected 4 labels, shape \(4,\), got shape \(3,\)"):
        net.train(np.zeros((4, 784)), [0, 1, 2], epochs=1)
    with pytest.raises(ValueError, match="between 0 and 9 .* got values from 0 to 12"):
        net.train(np.zeros((4, 784)), [0, 1, 2, 12], epochs=1)
    with pytest.raises(ValueError, match=r"got shape \(4, 28, 28\)"):
        net.train(np.zeros((4, 28, 28)), [0, 1, 2, 3], epochs=1)
    with pytest.raises(ValueError, match="at least one image"):
        net.train(np.zeros((0, 784)), [], epochs=1)


def test_progress_bar_only_when_asked_or_on_a_terminal(mnist, capsys):
    images, labels = mnist.train_images[:100], mnist.train_labels[:100]
    Network([784, 10]).train(images, labels, epochs=1)  # stderr is not a terminal here
    assert capsys.readouterr().err == ""
    Network([784, 10]).train(images, labels, epochs=2, progress=True)
    assert "training: 100%" in capsys.readouterr().err
