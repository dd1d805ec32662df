"""The book's trained networks: each page that needs one asks for it by name.

``RECIPES`` maps a name to the ``Settings`` that train it. ``trained(name)`` returns the network and
its training ``History``: the first time, it trains on the 60,000 training digits and any shifted
copies the recipe asks for (``training_digits(name)``), measuring the 10,000 test digits after
every epoch, and saves both to a cache; after that it loads them. The cache file's name holds a
hash of the settings and of the source code that trains them (``recipe_hash``), so changing either
trains again instead of showing a stale network. Older entries of the same recipe are deleted
when a new one is written.

The cache folder is ``$XDG_CACHE_HOME/nnbook/networks`` (``~/.cache/nnbook/networks`` when
XDG_CACHE_HOME is not set). To add a network, add a Settings to RECIPES.

``$NNBOOK_SEED_OFFSET`` (a whole number, 0 when unset) moves every recipe's seed: ``make robust``
sets it to check that the book's claims hold for networks trained from other seeds. ``recipe(name)``
gives the settings with it applied; nothing else should read RECIPES' seeds.
"""

import hashlib
import json
import re

import numpy as np

from nnbook import environment
from nnbook.data import load_mnist, shifted_copies
from nnbook.files import cache_folder, imported_source, locked, source_hash, write_atomically
from nnbook.history import History
from nnbook.network import Network
from nnbook.settings import Settings
from nnbook.training import train

# The budget the page beyond-sigmoid gives a sigmoid and a ReLU network alike; only the activation differs.
_DEEP_BUDGET = Settings(sizes=(784, 32, 32, 32, 32, 10), epochs=3, batch_size=10, optimizer="sgd", learning_rate=0.1)

# The book's 784-16-16-10 sigmoid network (pages book-network and looking-inside, Draw a digit),
# trained with cross-entropy; the book promises at least 96% on the test digits. Adam with a
# cosine-decayed rate and light L2, on the training digits and one copy of them shifted by up
# to a pixel (120,000 digits). How these settings were chosen: bench/log.md.
_BOOK = Settings(sizes=(784, 16, 16, 10), activation="sigmoid", epochs=30, batch_size=128, optimizer="adam",
                 learning_rate=0.02, l2=0.0001, schedule="cosine", shifted_copies=1, max_shift=1)

# The ablation of page book-network: the book's recipe with its refinements taken away one at a time,
# last first, so each row differs from the next in one refinement only (same sizes, seed, 30 epochs,
# mini-batches of 128). Plain gradient descent's rate, and that of mini-batches of 10: bench/log.md.
# Their History measures the first 10,000 training digits after each epoch (the test digits all):
# measuring all 60,000 was 40% of their cost in the cold build, and the page reads test accuracy.
_PLUS_L2 = _BOOK.replace(shifted_copies=0, max_shift=0, measure_training=10_000)
_PLUS_COSINE = _PLUS_L2.replace(l2=0.0)
_PLUS_ADAM = _PLUS_COSINE.replace(schedule="constant")
_PLAIN_SGD = _PLUS_ADAM.replace(optimizer="sgd", learning_rate=0.5)

RECIPES = {
    "book": _BOOK,
    # Page book-network: mini-batches of 10 against 128, plain gradient descent for 10 epochs, compared
    # with plain-sgd's first 10 (at a constant rate, exactly a 10-epoch run); 10, not 30, for the cold build.
    "plain-sgd-batch-10": _PLAIN_SGD.replace(batch_size=10, learning_rate=0.05, epochs=10),
    # Page book-network's ablation table, in its order (the book's network is its last row).
    "plain-sgd": _PLAIN_SGD,
    "plus-adam": _PLUS_ADAM,
    "plus-cosine": _PLUS_COSINE,
    "plus-l2": _PLUS_L2,
    # Page beyond-sigmoid: a deeper network with sigmoid and then ReLU hidden layers, the same
    # budget for both (3 epochs of plain gradient descent, mini-batches of 10, the same learning rate).
    "deep-sigmoid": _DEEP_BUDGET.replace(activation="sigmoid"),
    "deep-relu": _DEEP_BUDGET.replace(activation="relu"),
    # Page beyond-sigmoid: a wider ReLU network trained with Adam and a cosine schedule, about 98%.
    "wide": Settings(sizes=(784, 128, 64, 10), activation="relu", epochs=8, batch_size=64, optimizer="adam",
                     learning_rate=0.002, schedule="cosine"),
}
"""The book's trained networks by name, each the Settings that train it (page ``book-network``
introduces them; ``looking-inside`` and ``beyond-sigmoid`` use them too). ``trained(name)`` trains
or loads one."""

_trained = {}  # name -> (hash, network, history): networks already trained or loaded in this process


def trained(name):
    """The network RECIPES[name] describes, trained, and its History: (network, history) (page
    ``book-network``).

    Trains once (the book's network takes about 15 seconds), then loads from the cache. Each call
    returns a fresh copy, so a page may change its network without touching another's.
    ``trained.cache_clear()`` forgets the networks held in this process (not the cache folder)."""
    settings = recipe(name)
    key = recipe_hash(settings)
    if name not in _trained or _trained[name][0] != key:
        _trained[name] = (key, *_load_or_train(name, settings, key))
    _, network, history = _trained[name]
    return network.copy(), History.from_dict(history.to_dict())


trained.cache_clear = _trained.clear


def recipe(name):
    """The Settings that train RECIPES[name] (page ``book-network``), its seed moved by
    $NNBOOK_SEED_OFFSET."""
    if name not in RECIPES:
        raise ValueError(f"no recipe named {name!r}; the recipes are {sorted(RECIPES)}")
    return RECIPES[name].replace(seed=RECIPES[name].seed + environment.seed_offset())


def recipe_hash(settings):
    """The cache key of a book network (page ``book-network``): a sha256 hex digest of the Settings and
    of the source of every nnbook module this one imports, directly or not (``imported_source``):
    change either and the cached networks are trained again. The figures, the site build, the
    command line and the claims are not imported here, so editing them retrains nothing."""
    text = json.dumps(settings.as_dict(), sort_keys=True) + source_hash(imported_source(__name__))
    return hashlib.sha256(text.encode()).hexdigest()


def is_cached(name):
    """Whether RECIPES[name]'s network, as the current settings and source train it, is in the
    cache folder, so that ``trained(name)`` loads it instead of training (page ``book-network``)."""
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
    history = train(network, *training_digits(settings), settings, test=(mnist.test_images, mnist.test_labels))
    network.save(network_path)
    text = json.dumps({"recipe": name, "settings": settings.as_dict(), **history.to_dict()}, indent=1)
    write_atomically(history_path, lambda file: file.write(text.encode()))
    older = re.compile(rf"{re.escape(name)}-[0-9a-f]{{16}}\.(npz|json|lock)")
    for path in folder.iterdir():
        if older.fullmatch(path.name) and path.stem != network_path.stem:
            path.unlink(missing_ok=True)  # an older version of this recipe
    return network, history


def training_digits(settings):
    """The images and labels ``settings`` (a Settings, or the name of a recipe) train on (page
    ``book-network``): the 60,000 training digits followed by their shifted copies (see
    ``nnbook.data.shifted_copies``), shapes ((copies + 1) * 60,000, 784) and ((copies + 1) * 60,000,)."""
    settings = recipe(settings) if isinstance(settings, str) else settings
    mnist = load_mnist()
    copies = settings.shifted_copies
    images = shifted_copies(mnist.train_images, copies, settings.max_shift, settings.seed)
    return images, np.tile(mnist.train_labels, copies + 1)


def untrained(settings):
    """The network ``settings`` (a Settings, page ``book-network``) start from: their sizes,
    activation, seed and dtype, before any training."""
    return Network(settings.sizes, activation=settings.activation, seed=settings.seed, dtype=settings.dtype)
