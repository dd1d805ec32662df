"""nnbook: the package behind the book's chapters.

Every chapter starts with ``import nnbook``. The names below are the public API; each module's
docstring points to the page (by its slug, such as ``gradient-descent``) that introduces its idea. The
figures (``nnbook.figures``), the hand-built detectors (``nnbook.detectors``) and the book's trained
networks (``nnbook.recipes``) are modules of their own.
"""

from nnbook.activations import relu, relu_prime, sigmoid, sigmoid_prime
from nnbook.data import MNIST, DataError, load_mnist, shifted_copies
from nnbook.history import History
from nnbook.network import Network
from nnbook.recipes import RECIPES, trained
from nnbook.settings import Settings
from nnbook.training import TrainingError

__all__ = [
    "MNIST",
    "RECIPES",
    "Settings",
    "DataError",
    "History",
    "Network",
    "TrainingError",
    "load_mnist",
    "relu",
    "relu_prime",
    "sigmoid",
    "shifted_copies",
    "sigmoid_prime",
    "trained",
]
