"""Counting the work of training: floating-point operations (FLOPs) per example and per epoch.

Only the matrix products are counted, as a multiply-add is two FLOPs; the biases, activations,
cost and the gradient-descent step are a few operations per neuron or per knob, small beside the
products, and are left out (so the achieved speed reported is a slight underestimate).

For each layer of n_in inputs and n_out neurons, one example costs n_in * n_out multiply-adds in
each of three products (nnbook.network.Network.backprop, chapter 5):
  forward:          z = W a_prev + b
  weight gradient:  dC/dW = error a_prev^T
  error backwards:  error_prev = W^T error, skipped for the first layer (nothing learns from the
                    input layer's error, so nnbook does not compute it)
That is about 3 times the forward pass, a little less when the first layer is the widest.
"""


def multiply_adds(sizes):
    """Multiply-adds of one forward pass of one example through a network of ``sizes``, such as
    [784, 16, 16, 10]: the number of weights (12,960 for 784-16-16-10)."""
    return sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def training_flops_per_example(sizes):
    """FLOPs of the matrix products of one training example: forward, weight gradients, and the
    error sent back through every layer but the first; 2 FLOPs per multiply-add."""
    forward = multiply_adds(sizes)
    weight_gradients = forward
    errors_backwards = forward - sizes[0] * sizes[1]
    return 2 * (forward + weight_gradients + errors_backwards)


def training_flops_per_epoch(sizes, examples=60_000):
    """FLOPs of the matrix products of one epoch over ``examples`` training images."""
    return training_flops_per_example(sizes) * examples
