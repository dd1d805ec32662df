"""Placeholder until the data helper lands the real loader: reads $NNBOOK_DATA_DIR only."""
import gzip
import os
from pathlib import Path
from typing import NamedTuple

import numpy as np


class DataError(Exception):
    pass


class MNIST(NamedTuple):
    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray


def _read(path, offset):
    return np.frombuffer(gzip.decompress(Path(path).read_bytes()), np.uint8, offset=offset)


def load_mnist(data_dir=None):
    d = Path(data_dir or os.environ["NNBOOK_DATA_DIR"])
    img = lambda n: (_read(d / f"{n}-images-idx3-ubyte.gz", 16).reshape(-1, 784) / 255).astype(np.float32)
    lab = lambda n: _read(d / f"{n}-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return MNIST(img("train"), lab("train"), img("t10k"), lab("t10k"))
