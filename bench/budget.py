"""The best accuracy within a 60-second training budget.

``train_within_budget`` trains RECIPE (found by a search on the build machine, recorded in
bench/log.md) on the 60,000 training digits and their shifted copies through nnbook's own
``nnbook.training.train``, timing the making of the copies and the whole of training by the wall clock,
and measures the 10,000 test digits afterwards. After each epoch training measures only the first
TRAINING_MEASURED training digits: measuring all 180,000 took about a third of the budget.
"""

import time

from nnbook import recipes
from nnbook.settings import Settings
from nnbook.training import train

TRAINING_MEASURED = 10_000  # training digits measured after each epoch (the History's figures)

RECIPE = Settings(sizes=(784, 512, 512, 10), activation="relu", epochs=3, batch_size=128, optimizer="adam",
                  learning_rate=0.001, schedule="cosine", shifted_copies=2, max_shift=1,
                  measure_training=TRAINING_MEASURED)


def train_within_budget(mnist, recipe=None):
    """Train RECIPE (or ``recipe``, another Settings) on the training digits and their
    shifted copies; measure the test digits. Returns a dict: the recipe, ``augment_seconds``
    (making the shifted copies), ``train_seconds`` (the wall clock of training, which also
    measures TRAINING_MEASURED training digits after every epoch), ``epoch_seconds`` (the
    mini-batch steps of each epoch), ``training_accuracy`` (after the last epoch, on those
    digits) and ``test_accuracy``."""
    recipe = RECIPE if recipe is None else recipe
    start = time.perf_counter()
    images, labels = recipes.training_digits(recipe)
    augment_seconds = time.perf_counter() - start
    network = recipes.untrained(recipe)
    start = time.perf_counter()
    history = train(network, images, labels, recipe, progress=False)
    train_seconds = time.perf_counter() - start
    return {
        "recipe": recipe.as_dict(),
        "images_per_epoch": len(images),
        "training_images_measured": min(recipe.measure_training or len(images), len(images)),
        "augment_seconds": augment_seconds,
        "train_seconds": train_seconds,
        "epoch_seconds": history.seconds,
        "training_accuracy": history.accuracy[-1],
        "test_accuracy": network.accuracy(mnist.test_images, mnist.test_labels),
    }
