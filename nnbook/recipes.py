"""The book's trained networks: each chapter that needs one asks for it by name.

``RECIPES`` maps a name to the settings that train it. ``trained(name)`` returns the network and
its training ``History``: the first time, it trains on the 60,000 training digits and any shifted
copies the recipe asks for (``training_digits(name)``), measuring the 10,000 test digits after
every epoch, and saves both to a cache; after that it loads them. The cache file's name holds a
hash of the settings and of nnbook's source code, so changing either trains again instead of
showing a stale network (recipe_hash says which source counts). Older entries of the same recipe
are deleted when a new one is written.

The cache folder is ``$XDG_CACHE_HOME/nnbook/networks`` (``~/.cache/nnbook/networks`` when
XDG_CACHE_HOME is not set). To add a network, add an entry to RECIPES with the same keys.

``train(network, settings, images, labels)`` is the one place where settings with RECIPES' keys
become a call to ``Network.train``; ``untrained(settings)`` builds the network they start from. The
command line (``python -m nnbook train``) and the benchmark (bench/budget.py) train through them too.

``$NNBOOK_SEED_OFFSET`` (a whole number, 0 when unset) moves every recipe's seed: ``make robust``
sets it to check that the book's claims hold for networks trained from other seeds. ``recipe(name)``
gives the settings with it applied; nothing else should read RECIPES' seeds.
"""

import hashlib
import json
import os
import re

import numpy as np

from nnbook.data import load_mnist, shifted_copies
from nnbook.files import cache_folder, locked, source_hash, write_atomically
from nnbook.history import History
from nnbook.network import Network

# The budget chapter 7 gives a sigmoid and a ReLU network alike; only the activation differs.
_CHAPTER7_BUDGET = {
    "sizes": [784, 32, 32, 32, 32, 10],
    "epochs": 3,
    "batch_size": 10,
    "optimizer": "sgd",
    "learning_rate": 0.1,
    "l2": 0.0,
    "schedule": "constant",
    "cost": "cross_entropy",
    "seed": 0,
    "dtype": "float32",
    "shifted_copies": 0,
    "max_shift": 0,
}

RECIPES = {
    # Chapter 5 (docs/learning.md, and chapter 6, docs/looking-inside.md): the book's 784-16-16-10
    # sigmoid network, trained with cross-entropy; the book promises at least 96% on the test
    # digits. Adam with a cosine-decayed rate and light L2, on the training digits and one copy of
    # them shifted by up to a pixel (120,000 digits). How these settings were chosen: bench/log.md.
    "chapter5": {
        "sizes": [784, 16, 16, 10],
        "activation": "sigmoid",
        "epochs": 30,
        "batch_size": 128,
        "optimizer": "adam",
        "learning_rate": 0.02,
        "l2": 0.0001,
        "schedule": "cosine",
        "cost": "cross_entropy",
        "seed": 0,
        "dtype": "float32",
        "shifted_copies": 1,
        "max_shift": 1,
    },
    # Chapter 7 (docs/beyond-sigmoid.md): a deeper network with sigmoid and then ReLU hidden
    # layers, the same budget for both (3 epochs of plain gradient descent, mini-batches of 10,
    # the same learning rate).
    "chapter7-sigmoid": {**_CHAPTER7_BUDGET, "activation": "sigmoid"},
    "chapter7-relu": {**_CHAPTER7_BUDGET, "activation": "relu"},
    # Chapter 7 (docs/beyond-sigmoid.md): a wider ReLU network trained with Adam and a cosine
    # schedule, about 98%.
    "chapter7-wide": {
        "sizes": [784, 128, 64, 10],
        "activation": "relu",
        "epochs": 8,
        "batch_size": 64,
        "optimizer": "adam",
        "learning_rate": 0.002,
        "l2": 0.0,
        "schedule": "cosine",
        "cost": "cross_entropy",
        "seed": 0,
        "dtype": "float32",
        "shifted_copies": 0,
        "max_shift": 0,
    },
}
"""The book's trained networks by name, the settings that train each one (chapter 5 introduces
them; chapters 6 and 7 use them too). ``trained(name)`` trains or loads one."""

# Modules that only show results: the figures (a package), the site build (a package), the command
# line, the hand-built detectors, the claims. No trained number depends on them, and they change
# often (every new figure), so the hash leaves them out: editing a figure does not retrain every
# network. Every other .py file counts, including any module added later, so a mistake here means
# needless retraining, never a stale network.
PRESENTATION_ONLY = {"figures", "site", "cli.py", "detectors.py", "claims.py", "__main__.py"}
"""What the book's trained networks leave out of their hash (chapters 5 to 7 train them)."""
_trained = {}  # name -> (hash, network, history): networks already trained or loaded in this process


def trained(name):
    """The network RECIPES[name] describes, trained, and its History: (network, history).

    Trains once (the chapter 5 network takes about 15 seconds), then loads from the cache. Each
    call returns a fresh copy, so a chapter may change its network without touching another's.
    ``trained.cache_clear()`` forgets the networks held in this process (not the cache folder)."""
    settings = recipe(name)
    key = recipe_hash(settings)
    if name not in _trained or _trained[name][0] != key:
        _trained[name] = (key, *_load_or_train(name, settings, key))
    _, network, history = _trained[name]
    return network.copy(), History.from_dict(history.to_dict())


trained.cache_clear = _trained.clear


def recipe(name):
    """The settings that train RECIPES[name] (chapters 5 to 7), its seed moved by $NNBOOK_SEED_OFFSET."""
    if name not in RECIPES:
        raise ValueError(f"no recipe named {name!r}; the recipes are {sorted(RECIPES)}")
    settings = dict(RECIPES[name])
    settings["seed"] += seed_offset()
    return settings


def seed_offset():
    """$NNBOOK_SEED_OFFSET as a whole number (0 when unset), or a ValueError saying how to fix it.
    It moves the seeds of the networks of chapters 5 to 7 (``make robust``)."""
    text = os.environ.get("NNBOOK_SEED_OFFSET", "").strip() or "0"
    if not text.isdigit():
        raise ValueError(
            f"NNBOOK_SEED_OFFSET must be a whole number >= 0, got {text!r}; unset it to use the "
            "book's own seeds"
        )
    return int(text)


def recipe_hash(settings):
    """The cache key of a network of chapters 5 to 7: a sha256 hex digest of the settings and of
    nnbook's .py files (all but PRESENTATION_ONLY):
    change either and the cached networks are trained again."""
    text = json.dumps(settings, sort_keys=True) + source_hash(leave_out=PRESENTATION_ONLY)
    return hashlib.sha256(text.encode()).hexdigest()


def is_cached(name):
    """Whether RECIPES[name]'s network (chapters 5 to 7), as the current settings and source train
    it, is in the cache folder, so that ``trained(name)`` loads it instead of training."""
    network_path = _network_path(name, recipe_hash(recipe(name)))
    return network_path.is_file() and network_path.with_suffix(".json").is_file()


def _network_path(name, key):
    return cache_folder("networks") / f"{name}-{key[:16]}.npz"


def _load_or_train(name, settings, key):
    """(network, history) from the cache, or trained and then written to the cache. One process
    at a time: another that needs the same network meanwhile waits, then loads it."""
    network_path = _network_path(name, key)
    with locked(network_path.with_suffix(".lock")):
        return _load_or_train_alone(name, settings, network_path)


def _load_or_train_alone(name, settings, network_path):
    folder = network_path.parent  # made by locked()
    history_path = network_path.with_suffix(".json")
    if network_path.is_file() and history_path.is_file():
        try:
            return Network.load(network_path), History.from_dict(json.loads(history_path.read_text()))
        except (ValueError, KeyError, TypeError):
            pass  # a damaged cache entry: train again and overwrite it
    mnist = load_mnist()
    network = untrained(settings)
    history = train(network, settings, *training_digits(settings), test=(mnist.test_images, mnist.test_labels))
    network.save(network_path)
    text = json.dumps({"recipe": name, "settings": settings, **history.to_dict()}, indent=1)
    write_atomically(history_path, lambda file: file.write(text.encode()))
    older = re.compile(rf"{re.escape(name)}-[0-9a-f]{{16}}\.(npz|json|lock)")
    for path in folder.iterdir():
        if older.fullmatch(path.name) and path.stem != network_path.stem:
            path.unlink(missing_ok=True)  # an older version of this recipe
    return network, history


def training_digits(name):
    """The images and labels RECIPES[name] trains on (chapter 5): the 60,000 training digits followed by the
    recipe's shifted copies of them (see ``nnbook.data.shifted_copies``), shapes
    ((copies + 1) * 60,000, 784) and ((copies + 1) * 60,000,). ``name`` may also be settings with
    the keys of a recipe (as bench/budget.py passes)."""
    settings = recipe(name) if isinstance(name, str) else name
    mnist = load_mnist()
    copies = settings["shifted_copies"]
    images = shifted_copies(mnist.train_images, copies, settings["max_shift"], settings["seed"])
    return images, np.tile(mnist.train_labels, copies + 1)


def untrained(settings):
    """The network ``settings`` (with the keys of a recipe, chapter 5) start from: their sizes, activation,
    seed and dtype, before any training."""
    return Network(settings["sizes"], activation=settings["activation"], seed=settings["seed"],
                   dtype=settings["dtype"])


def train(network, settings, images, labels, test=None, progress=None, measure_training=None):
    """Train ``network`` on ``images`` and ``labels`` as ``settings`` (the keys of a recipe, chapter 5) say:
    their epochs, batch_size, learning_rate, cost, seed, optimizer, l2 and schedule. ``test``,
    ``progress`` and ``measure_training`` are Network.train's. Returns the History."""
    return network.train(
        images,
        labels,
        epochs=settings["epochs"],
        batch_size=settings["batch_size"],
        learning_rate=settings["learning_rate"],
        cost=settings["cost"],
        test=test,
        seed=settings["seed"],
        optimizer=settings["optimizer"],
        l2=settings["l2"],
        schedule=settings["schedule"],
        progress=progress,
        measure_training=measure_training,
    )
