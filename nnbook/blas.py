"""How nnbook's arithmetic runs: the BLAS library's threads (NumPy's matrix products), and which
floating-point warnings are expected.

Feedforward, backpropagation and training run their matrix products on BLAS_THREADS threads: one.
The book's networks are too narrow for a second thread to pay off, and when the other core is
busy OpenBLAS's threads wait for each other and a wide network trains many times slower. The
measurements behind this choice are in bench/log.md.
"""

import contextlib
import functools

import numpy as np
from threadpoolctl import ThreadpoolController

BLAS_THREADS = 1


@functools.cache
def _controller():
    """The process's BLAS thread pools (found once: scanning the loaded libraries is slow)."""
    return ThreadpoolController()


def blas_threads():
    """A context manager that runs the BLAS products inside it on BLAS_THREADS threads."""
    return _controller().limit(limits=BLAS_THREADS, user_api="blas")


@contextlib.contextmanager
def arithmetic():
    """The network's math runs inside this (page ``matrix-form``): BLAS_THREADS threads, and no
    warning for what is expected. A sigmoid of a very negative z overflows e^-z on its way to
    exactly 0; a learning rate far too large makes inf and NaN, which training reports once, as a
    TrainingError after the epoch (nnbook.training)."""
    with blas_threads(), np.errstate(over="ignore", under="ignore", invalid="ignore"):
        yield
