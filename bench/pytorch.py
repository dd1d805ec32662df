"""PyTorch on the CPU, training the same network the same way, for comparison.

Optional: ``pip install -e '.[bench]'`` installs PyTorch (the CPU build, about 900 MB); without it
``available()`` is False and ``make bench`` says so. Nothing else in the project needs it.

The network and the training are nnbook's: ``sizes`` with sigmoid hidden and output layers,
float32, the cross-entropy cost summed over the 10 outputs and averaged over the mini-batch (what
``nnbook.training.COSTS["cross_entropy"]`` computes), plain gradient descent with a constant
learning rate, a new shuffle each epoch. PyTorch runs on one thread, as nnbook runs its BLAS.
"""

import time

import numpy as np


def available():
    """Whether PyTorch can be imported."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def version():
    import torch

    return torch.__version__


def epoch_seconds(images, labels, sizes, batch_size, learning_rate, epochs, seed=0):
    """Seconds of each of ``epochs`` epochs of mini-batch training on ``images`` (N, 784) float32
    and ``labels`` (N,), the mini-batch steps only (like nnbook's History.seconds)."""
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.Sigmoid()]
    model = torch.nn.Sequential(*layers[:-1])  # the last sigmoid is inside the cost
    cost = torch.nn.BCEWithLogitsLoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    x = torch.from_numpy(np.array(images, dtype=np.float32))  # copies: torch wants arrays it may write
    y = torch.nn.functional.one_hot(torch.from_numpy(np.array(labels, dtype=np.int64)), sizes[-1]).float()
    generator = torch.Generator().manual_seed(seed)
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(len(x), generator=generator)
        for first in range(0, len(x), batch_size):
            chosen = order[first : first + batch_size]
            optimizer.zero_grad(set_to_none=True)
            loss = cost(model(x[chosen]), y[chosen]) / len(chosen)
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    return seconds
