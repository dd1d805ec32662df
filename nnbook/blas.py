"""How many threads the BLAS library (NumPy's matrix products) may use while nnbook computes.

Feedforward, backpropagation and training run their matrix products on BLAS_THREADS threads: one.
The book's networks are too narrow for a second thread to pay off, and when the other core is
busy OpenBLAS's threads wait for each other and a wide network trains many times slower. The
measurements behind this choice are in bench/log.md.
"""

import functools

from threadpoolctl import ThreadpoolController

BLAS_THREADS = 1


@functools.cache
def _controller():
    """The process's BLAS thread pools (found once: scanning the loaded libraries is slow)."""
    return ThreadpoolController()


def blas_threads():
    """A context manager that runs the BLAS products inside it on BLAS_THREADS threads."""
    return _controller().limit(limits=BLAS_THREADS, user_api="blas")
