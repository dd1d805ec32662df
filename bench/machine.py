"""What the benchmark ran on, and how fast the machine multiplies matrices at best."""

import os
import platform
import sys
import time

import numpy as np
import threadpoolctl

from nnbook.blas import BLAS_THREADS, blas_threads


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, or platform.processor() where there is none."""
    try:
        with open("/proc/cpuinfo") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average():
    """The 1-, 5- and 15-minute load averages (how many processes wanted a core), or None."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine_info():
    """CPU, core count, Python, NumPy and the BLAS thread pools: the process's defaults and the
    limit nnbook's training sets (nnbook.blas.BLAS_THREADS)."""
    with blas_threads():
        in_training = threadpoolctl.threadpool_info()
    return {
        "cpu_model": cpu_model(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "threadpool_info": threadpoolctl.threadpool_info(),
        "blas_threads_in_training": BLAS_THREADS,
        "threadpool_info_in_training": in_training,
    }


def peak_matmul(dtype, n=2048, repeats=5):
    """The machine's peak matrix-multiply speed in ``dtype`` under the BLAS thread limit training
    uses: the fastest of ``repeats`` products of two n x n matrices, 2 n^3 FLOPs each.
    Returns a dict with n, seconds (the fastest) and gflop_per_second."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    out = np.empty((n, n), dtype)
    best = float("inf")
    with blas_threads():
        np.matmul(a, b, out=out)  # warm up: page in the memory, start the BLAS
        for _ in range(repeats):
            start = time.perf_counter()
            np.matmul(a, b, out=out)
            best = min(best, time.perf_counter() - start)
    return {"n": n, "seconds": best, "gflop_per_second": 2 * n**3 / best / 1e9}


def products_seconds(sizes, batch_size, dtype, steps, repeats=3):
    """Seconds that ``steps`` mini-batch steps of training a network of ``sizes`` spend in their
    matrix products alone, nothing else: per layer, the forward product, the weight gradient and
    (past the first layer) the error sent back, on random numbers of the same shapes and dtype,
    under the BLAS thread limit training uses. The fastest of ``repeats`` runs."""
    rng = np.random.default_rng(0)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers.append((
            rng.random((batch_size, n_in)).astype(dtype),  # the layer's input activations
            rng.standard_normal((n_out, n_in)).astype(dtype),  # its weights
            rng.standard_normal((batch_size, n_out)).astype(dtype),  # its error, dC/dz
        ))
    best = float("inf")
    with blas_threads():
        for _ in range(repeats):
            start = time.perf_counter()
            for _ in range(steps):
                for layer, (activations, weights, error) in enumerate(layers):
                    activations @ weights.T
                    error.T @ activations
                    if layer > 0:
                        error @ weights
            best = min(best, time.perf_counter() - start)
    return best
