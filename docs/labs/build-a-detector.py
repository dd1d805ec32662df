# %% [markdown]
# # Lab 1: Build your own detector
#
# Chapter 3 drew neurons by hand: an edge detector is a stroke of positive weights between two
# bands of negative ones, a loop detector a ring of positive weights around a hole of negative
# ones. In this lab you build one yourself, run it on the 10,000 test digits and see which digits
# light it up. Then you change it and look again. It goes with chapters 1 to 4.
#
# Every cell runs in a second or two. Download the lab with the button at the top of the page
# and run it in Jupyter (the home page's
# [A chapter or a lab as a notebook](../index.md#a-chapter-or-a-lab-as-a-notebook) says how to set
# up `nnbook` and the digits), or copy its cells into a Python session.

# %%
import numpy as np

import nnbook
from nnbook import detectors
from nnbook.figures import detector_pictures

# %matplotlib inline

mnist = nnbook.load_mnist()
images, labels = mnist.test_images, mnist.test_labels
print(f"{len(labels):,} test digits of {images.shape[1]} pixels each")

# %% [markdown]
# ## Your detector
#
# `detectors.edge` builds an edge detector from its middle, as (row, column) with row 0 at the
# top, its direction in degrees (0 is horizontal, 90 vertical, 45 rising to the right) and its
# length in pixels. This one is a bar near the bottom of the digit box, where a 2 has its
# foot. **Change it**: move it, turn it, make it longer, or make a loop instead with
# `detectors.loop(center=(14, 14), radius=6)`.

# %% alt="The weights of your detector as a 28 by 28 picture, titled with its name and bias: blue where ink pushes its weighted sum up, red where ink pushes it down, white where it ignores the pixel."
mine = detectors.edge(center=(21, 14), angle_degrees=0, length=10,
                      name="bottom bar")
detector_pictures([mine])

# %% [markdown]
# ## Which digits light it up?
#
# Its response to a digit is the squished weighted sum, `sigmoid(weights · pixels + bias)`.
# Here is its average response to the test digits of each class, drawn as a bar of `#`:

# %%
responses = detectors.respond(mine, images)
means = np.array([responses[labels == d].mean() for d in range(10)])
for digit, mean in enumerate(means):
    print(f"{digit}: {mean:.2f} {'#' * round(mean * 50)}")
print(f"most for {means.argmax()}s, least for {means.argmin()}s")

# %% [markdown]
# Is that the digit you expected? A 2 ends in a flat foot down there, but other digits curve
# through the same rows. Change the detector above and run the cells again: can you build one
# that fires most for 7s? For 4s?
#
# ## The bias decides how much is enough
#
# The weights say *what* the detector looks for, the bias *how much* of it must be there. For
# three biases, the share of each digit's test images that light the detector above 0.5:

# %%
print("bias  " + "".join(f"{digit:>6}" for digit in range(10)))
for bias in (-2, -4, -6):
    lit = detectors.respond(mine.with_bias(bias), images) > 0.5
    shares = [lit[labels == digit].mean() for digit in range(10)]
    print(f"{bias:4}  " + "".join(f"{share:6.0%}" for share in shares))

# %% [markdown]
# ## Many detectors are one layer
#
# Chapter 4 wrote a layer as a matrix: one row of 784 weights per neuron. Stack the book's five
# detectors and yours into a matrix `W` and their biases into a vector `b`, and one matrix
# product computes all six responses for all 10,000 digits at once: the same numbers as
# `detectors.respond`, one detector at a time.

# %%
layer = detectors.book_detectors() + [mine]
# W: one row of 784 weights per detector; b: one bias per detector
W = np.stack([detector.weights.ravel() for detector in layer])
b = np.array([detector.bias for detector in layer])
# one row per digit, one column per detector
activations = nnbook.sigmoid(images @ W.T + b)
print("W:", W.shape, " activations:", activations.shape)
for column, detector in enumerate(layer):
    one_at_a_time = detectors.respond(detector, images)
    assert np.allclose(activations[:, column], one_at_a_time, atol=1e-6)
brightest = activations.argmax(axis=1)
print("how often each detector is the brightest of the six:")
for column, detector in enumerate(layer):
    print(f"  {detector.name:16} {np.mean(brightest == column):6.1%}")

# %% [markdown]
# No single detector names a digit; a next layer would have to weigh them together, and chapter
# 5 lets learning find those weights. **One more change to try:** replace `mine` with
# `detectors.loop(center=(14, 14), radius=6, name="big loop")`. A 0 is a big loop around an empty
# middle; does the big loop fire most for 0s?
