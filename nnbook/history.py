"""What training records and shows: the ``History`` of a run, epoch by epoch, and its progress bar
(the page ``book-network`` draws the history as learning curves).
"""

import contextlib
import sys
from dataclasses import asdict, dataclass, field

from tqdm import tqdm


@dataclass
class History:
    """What happened in each epoch of training (page ``gradient-descent``), one entry per epoch: ``cost`` and
    ``accuracy`` on the training images (the first ``measure_training`` of them when Network.train
    is given it), ``test_cost`` and ``test_accuracy`` on the test images (empty lists when
    training had no test images), and ``seconds``, the time the epoch's mini-batch steps took
    (measuring cost and accuracy is not counted). Costs are the mean over the images, without the
    L2 penalty; accuracies are fractions between 0 and 1."""

    cost: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    test_cost: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    seconds: list = field(default_factory=list)

    @property
    def epochs(self):
        return len(self.cost)

    def record(self, seconds, measured, test_measured=None):
        """Add an epoch: its ``seconds``, and (cost, accuracy) on the training and test images."""
        self.seconds.append(seconds)
        self.cost.append(measured[0])
        self.accuracy.append(measured[1])
        if test_measured:
            self.test_cost.append(test_measured[0])
            self.test_accuracy.append(test_measured[1])

    def summary(self):
        """The last epoch in a few words, such as "cost 0.2170, accuracy 93.52%, test 93.10%"."""
        text = f"cost {self.cost[-1]:.4f}, accuracy {self.accuracy[-1]:.2%}"
        if self.test_accuracy:
            text += f", test {self.test_accuracy[-1]:.2%}"
        return text

    def to_dict(self):
        """The history as a dict of lists of numbers (for JSON)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(**{name: [float(x) for x in data[name]] for name in cls.__dataclass_fields__})


@contextlib.contextmanager
def progress_shown(epochs, progress):
    """Training's progress over ``epochs``, shown as ``progress`` asks (``nnbook.training.train``'s
    argument): None shows a progress bar on stderr when it is a terminal, True or False forces it,
    a function is called with (epoch, history). Yields what to call after each epoch."""
    shown = not callable(progress) and (sys.stderr.isatty() if progress is None else bool(progress))
    with tqdm(total=epochs, unit="epoch", desc="training", disable=not shown) as bar:

        def epoch_done(epoch, history):
            bar.update(1)
            bar.set_postfix_str(history.summary(), refresh=False)
            if callable(progress):
                progress(epoch, history)

        yield epoch_done
