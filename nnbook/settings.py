"""``Settings``: everything that decides how a network is made and trained, in one checked value.

The book's trained networks (nnbook.recipes) are Settings, and so is every other training run:
``Network.train``'s keywords, the command line's options, the benchmark's budget. The page
``book-network`` explains each setting where it is used.
"""

import dataclasses

from nnbook import checks
from nnbook.activations import ACTIVATIONS
from nnbook.training import COSTS, OPTIMIZERS, SCHEDULES

# The learning rate used when none is given. The quadratic cost's slopes carry an extra factor
# sigmoid' <= 1/4, so it takes larger rates; momentum's steps are about 10 times larger, so a tenth;
# Adam's steps do not grow with the slope, so one rate suits both costs (see bench/log.md).
DEFAULT_LEARNING_RATES = {
    "sgd": {"cross_entropy": 0.5, "quadratic": 3.0},
    "momentum": {"cross_entropy": 0.05, "quadratic": 0.3},
    "adam": {"cross_entropy": 0.003, "quadratic": 0.003},
}


@dataclasses.dataclass(frozen=True)
class Settings:
    """How a network is made and trained (page ``book-network``). Every field is checked when a
    Settings is made; a bad one raises a ValueError that names it and what it must be.

    - ``sizes``: neurons per layer, such as (784, 16, 16, 10); ``activation``: the hidden layers'
      squish, "sigmoid" or "relu" (the output layer is always the sigmoid); ``dtype``: "float32"
      or "float64"; ``seed``: the starting weights and the shuffling of the digits.
    - ``cost``: "cross_entropy" or "quadratic"; ``optimizer``: "sgd", "momentum" or "adam";
      ``learning_rate``: the step size (None: DEFAULT_LEARNING_RATES' for the optimizer and cost,
      also after ``replace`` changes them); ``schedule``: "constant" or "cosine"; ``l2``: the
      weight penalty.
    - ``epochs``: passes over the training digits; ``batch_size``: digits per mini-batch.
    - ``shifted_copies`` and ``max_shift``: copies of the training digits moved by up to
      ``max_shift`` pixels, added to the training digits (nnbook.data.shifted_copies).
    - ``measure_training``: how many training digits the History measures after each epoch
      (None: all; fewer is quicker, as the ablation rows of page ``book-network`` do).

    ``settings.replace(epochs=3)`` is a copy with some fields changed, checked again.
    """

    sizes: tuple = (784, 16, 16, 10)
    activation: str = "sigmoid"
    cost: str = "cross_entropy"
    optimizer: str = "sgd"
    learning_rate: float = None
    schedule: str = "constant"
    l2: float = 0.0
    epochs: int = 30
    batch_size: int = 10
    shifted_copies: int = 0
    max_shift: int = 0
    seed: int = 0
    dtype: str = "float32"
    measure_training: int = None
    _default_rate: bool = dataclasses.field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self):
        checked = {
            "sizes": tuple(checks.sizes(self.sizes)),
            "activation": checks.choice(self.activation, "activation", ACTIVATIONS),
            "cost": checks.choice(self.cost, "cost", COSTS),
            "optimizer": checks.choice(self.optimizer, "optimizer", OPTIMIZERS),
            "schedule": checks.choice(self.schedule, "schedule", SCHEDULES),
            "l2": checks.number(self.l2, "l2", at_least=0),
            "epochs": checks.number(self.epochs, "epochs", whole=True, at_least=1),
            "batch_size": checks.number(self.batch_size, "batch_size", whole=True, at_least=1),
            "shifted_copies": checks.number(self.shifted_copies, "shifted_copies", whole=True, at_least=0),
            "max_shift": checks.number(self.max_shift, "max_shift", whole=True, at_least=0),
            "seed": checks.number(self.seed, "seed", whole=True, at_least=0),
            "dtype": checks.dtype(self.dtype).__name__,
        }
        if self.measure_training is not None:
            checked["measure_training"] = checks.number(self.measure_training, "measure_training", whole=True, at_least=1)
        checked["_default_rate"] = self.learning_rate is None  # replace() then picks the new optimizer's own
        rate = self.learning_rate
        if rate is None:
            rate = DEFAULT_LEARNING_RATES[checked["optimizer"]][checked["cost"]]
        checked["learning_rate"] = checks.number(rate, "learning_rate", above=0)
        for name, value in checked.items():
            object.__setattr__(self, name, value)  # frozen: the checked values, set once

    def replace(self, **changes):
        """A copy with ``changes`` (field=value), checked like a new Settings."""
        unknown = sorted(set(changes) - set(self.fields()))
        if unknown:
            raise ValueError(f"Settings has no field {', '.join(unknown)}; its fields are {', '.join(self.fields())}")
        if self._default_rate:
            changes = {"learning_rate": None, **changes}
        return dataclasses.replace(self, **changes)

    @classmethod
    def of(cls, network, **changes):
        """Settings to train ``network`` as it is (``Network.train``): its sizes, activation and
        dtype, and ``changes`` to the other fields."""
        fixed = sorted(set(changes) & {"sizes", "activation", "dtype"})
        if fixed:
            raise ValueError(f"a network's {', '.join(fixed)} cannot change in training; make a new Network")
        return cls(sizes=network.sizes, activation=network.activation, dtype=network.dtype.__name__).replace(**changes)

    @classmethod
    def fields(cls):
        """The names of the settings, in order."""
        return [field.name for field in dataclasses.fields(cls) if field.init]

    def as_dict(self):
        """The settings as a dict of plain values (sizes as a list), for JSON and for printing."""
        return {name: list(self.sizes) if name == "sizes" else getattr(self, name) for name in self.fields()}
