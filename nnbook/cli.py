"""``python -m nnbook``: fetch the digits, train a network, evaluate a saved one.

    python -m nnbook data
    python -m nnbook train --sizes 784 16 16 10 --epochs 30 --save net.npz
    python -m nnbook evaluate net.npz

Exit codes: 0 success; 1 the MNIST files are missing or bad (DataError) or a file cannot be
written; 2 bad arguments, a file that is not a usable network, or training that diverged.
Errors are printed on stderr without a traceback (one line, except a DataError's list of
places it looked).
"""

import argparse
import os
import sys

import numpy as np

from nnbook import checks, data, environment, recipes
from nnbook.activations import ACTIVATIONS
from nnbook.files import cache_folder
from nnbook.network import Network
from nnbook.settings import Settings
from nnbook.training import COSTS, OPTIMIZERS, SCHEDULES, train


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: "nnbook train: error: ... (see --help)"."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class _ShowDefaults(argparse.ArgumentDefaultsHelpFormatter):
    """Help that shows each option's default, unless there is none (None or a False flag)."""

    def _get_help_string(self, action):
        if action.default is None or action.default is False:
            return action.help
        return super()._get_help_string(action)


def main(argv=None):
    """Run the command line; return the exit code."""
    parser = _build_parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as done:  # --help (0) or an argparse error (2), already printed
        return done.code
    try:
        return arguments.command(arguments)
    except (data.DataError, OSError) as error:  # missing data, a full disk: not the arguments' fault
        print(f"nnbook {arguments.name}: {error}", file=sys.stderr)
        return 1
    except ValueError as error:  # includes TrainingError: a setting to change
        print(f"nnbook {arguments.name}: error: {error}", file=sys.stderr)
        return 2


def _build_parser():
    parser = _Parser(prog="nnbook", description="The nnbook command line: MNIST digits and small networks.")
    commands = parser.add_subparsers(title="commands", required=True, metavar="{data,train,evaluate}")

    data_parser = commands.add_parser("data", help="find or download MNIST and count the digits")
    data_parser.set_defaults(command=_data, name="data")

    train = commands.add_parser(
        "train",
        help="train a network on the 60,000 training digits",
        formatter_class=_ShowDefaults,
    )
    train.set_defaults(command=_train, name="train")
    add = train.add_argument
    add("--sizes", type=int, nargs="+", default=[784, 16, 16, 10], help="neurons per layer")
    add("--epochs", type=_number(whole=True, at_least=1), default=30, help="passes over the training digits")
    add("--batch-size", type=_number(whole=True, at_least=1), default=10, help="images per mini-batch")
    add("--learning-rate", type=_number(above=0), help="step size (default: the optimizer's own)")
    add("--cost", choices=sorted(COSTS), default="cross_entropy", help="how wrongness is measured")
    add("--optimizer", choices=sorted(OPTIMIZERS), default="sgd", help="how the steps are taken")
    add("--l2", type=_number(at_least=0), default=0.0, help="weight decay")
    add("--schedule", choices=SCHEDULES, default="constant", help="learning rate over time")
    add("--activation", choices=sorted(ACTIVATIONS), default="sigmoid", help="of the hidden layers")
    add("--seed", type=int, default=0, help="starting weights and shuffling")
    add("--float64", action="store_true", help="train in float64 instead of float32")
    add("--save", metavar="PATH", help="write the trained network to PATH (.npz)")

    evaluate = commands.add_parser("evaluate", help="measure a saved network on the 10,000 test digits")
    evaluate.set_defaults(command=_evaluate, name="evaluate")
    evaluate.add_argument("path", metavar="PATH", help="a network written by train --save or Network.save")
    return parser


def _number(whole=False, **bounds):
    """An argparse type: the text as a number that ``checks.number`` accepts with these bounds."""

    def number(text):
        try:
            value = int(text) if whole else float(text)
        except ValueError:
            value = text
        try:
            return checks.number(value, whole=whole, **bounds)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return number


def _data(arguments):
    mnist = data.load_mnist()
    folder = environment.data_dir()
    source = f"$NNBOOK_DATA_DIR ({folder})" if folder else f"the download cache ({cache_folder('mnist')})"
    print(
        f"MNIST from {source}: {len(mnist.train_labels):,} training and "
        f"{len(mnist.test_labels):,} test digits"
    )
    return 0


def _train(arguments):
    settings = Settings(
        sizes=arguments.sizes, activation=arguments.activation, cost=arguments.cost, optimizer=arguments.optimizer,
        learning_rate=arguments.learning_rate, schedule=arguments.schedule, l2=arguments.l2,
        epochs=arguments.epochs, batch_size=arguments.batch_size, seed=arguments.seed,
        dtype="float64" if arguments.float64 else "float32",
    )
    network = recipes.untrained(settings)
    _check_fits_mnist(network, "--sizes")
    if arguments.save:  # fail before training, not after
        _check_folder(arguments.save)
    mnist = data.load_mnist()
    print(f"training {'-'.join(map(str, network.sizes))} ({network.parameter_count():,} weights and biases)")

    def report(epoch, history):
        print(
            f"epoch {epoch}/{arguments.epochs}: cost {history.cost[-1]:.4f}, "
            f"accuracy {history.accuracy[-1]:.2%}, test accuracy {history.test_accuracy[-1]:.2%} "
            f"({history.seconds[-1]:.1f} s)",
            flush=True,
        )

    test = (mnist.test_images, mnist.test_labels)
    history = train(network, mnist.train_images, mnist.train_labels, settings, test, progress=report)
    print(f"test accuracy: {history.test_accuracy[-1]:.2%}")
    if arguments.save:
        print(f"saved to {network.save(arguments.save)}")
    return 0


def _evaluate(arguments):
    network = Network.load(arguments.path)
    _check_fits_mnist(network, arguments.path)
    mnist = data.load_mnist()
    correct = int(np.sum(network.predict(mnist.test_images) == mnist.test_labels))
    print(
        f"test accuracy: {correct / len(mnist.test_labels):.2%} "
        f"({correct:,} of {len(mnist.test_labels):,} test digits)"
    )
    return 0


def _check_fits_mnist(network, where):
    if network.sizes[0] != 784 or network.sizes[-1] != 10:
        raise ValueError(
            f"{where}: an MNIST network has 784 inputs and 10 outputs, got sizes {network.sizes}"
        )


def _check_folder(path):
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ValueError(f"--save {path}: the folder {folder} does not exist")
