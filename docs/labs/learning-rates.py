# %% [markdown]
# # Lab 2: Learning rates and switched-off neurons
#
# Chapter 8 trained the book's network with gradient descent, where the learning rate sets the
# size of each step. In this lab you train small networks with different learning rates and
# compare their learning curves; then you take the book's trained network and switch off its
# hidden neurons one at a time, to see how much each one matters. It goes with chapters 5 to 10.
#
# To stay fast, the networks here train on the first 10,000 training digits only, for a few
# epochs: a few seconds in all. Download the lab with the button at the top of the page and run
# it in Jupyter (the home page's
# [A chapter or a lab as a notebook](../index.md#a-chapter-or-a-lab-as-a-notebook) says how to set
# up `nnbook` and the digits).

# %%
import numpy as np

import nnbook
from nnbook.figures import learning_curves
from nnbook.recipes import trained

# %matplotlib inline

mnist = nnbook.load_mnist()
train_images = mnist.train_images[:10_000]
train_labels = mnist.train_labels[:10_000]
test = (mnist.test_images, mnist.test_labels)

# %% [markdown]
# ## Three learning rates
#
# The same network, from the same random start, trained three times with plain gradient
# descent on mini-batches of 10; only the learning rate differs. **Change the rates** (try
# 0.005, or 20) or the number of epochs and run the cell again.

# %% alt="Learning curves, one color per learning rate: the test accuracy (solid) and the training accuracy (dashed) after each epoch, the numbers printed above."
rates = [0.05, 0.5, 3.0]
epochs = 3
histories = {}
for rate in rates:
    net = nnbook.Network([784, 16, 16, 10], seed=0)
    history = net.train(train_images, train_labels, epochs=epochs,
                        batch_size=10, learning_rate=rate,
                        optimizer="sgd", test=test, progress=False)
    histories[f"rate {rate:g}"] = history
    curve = ", ".join(f"{a:.1%}" for a in history.test_accuracy)
    print(f"rate {rate:>5g}: test accuracy by epoch {curve}")
learning_curves(histories)

# %% [markdown]
# A rate that is too small crawls: every step is tiny. A larger one gets further in the same
# number of steps, up to a point; chapter 5's two-knob bowl showed what happens past it, where
# each step overshoots. Where is that point for this network?
#
# ## Switching off neurons
#
# Now the book's own network, trained in chapter 8. Switching off a neuron of the first hidden
# layer means its activation no longer reaches the next layer: set its column of the next
# layer's weight matrix to zero. Here is the test accuracy with each of the 16 neurons switched
# off, one at a time:

# %%
book, _ = trained("book")
images, labels = test
full = book.accuracy(images, labels)
print(f"all 16 neurons on: {full:.2%}")
losses = []
for neuron in range(16):
    net = book.copy()
    net.weights[1][:, neuron] = 0  # neuron's activation reaches nothing
    losses.append(full - net.accuracy(images, labels))
for neuron in np.argsort(losses)[::-1]:
    print(f"neuron {neuron:2} off: {full - losses[neuron]:.2%}",
          f"({losses[neuron]:.2%} lost)")

# %% [markdown]
# Some neurons matter much more than others. **Change the experiment**: switch off two or three
# of the most important neurons together, or the least important ones, or a neuron of the second
# hidden layer (`net.weights[2][:, neuron] = 0`). How many can go before the network is no
# better than chapter 1's nearest average digit?
#
# Switching off more and more neurons, in a random order:

# %%
order = np.random.default_rng(0).permutation(16)
for count in (0, 2, 4, 8, 12, 16):
    net = book.copy()
    net.weights[1][:, order[:count]] = 0
    accuracy = net.accuracy(images, labels)
    print(f"{count:2} of 16 neurons off: accuracy {accuracy:.1%}")
# All 16 off: the same answer for every digit, right for one digit's share.
assert accuracy < 0.2
