"""nnbook: the package behind the book's chapters.

Every chapter starts with ``import nnbook``. The names below are the whole public API;
each module's docstring points to the chapter that introduces its idea.
"""

from nnbook.activations import relu, relu_prime, sigmoid, sigmoid_prime
from nnbook.data import MNIST, DataError, load_mnist
from nnbook.network import Network

__all__ = [
    "MNIST",
    "DataError",
    "Network",
    "load_mnist",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
]
