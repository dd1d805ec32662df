"""Placeholder until the network helper lands the real CLI."""
import nnbook


def main(argv=None):
    m = nnbook.load_mnist()
    print(f"MNIST: {len(m.train_labels)} training and {len(m.test_labels)} test digits")
    return 0
