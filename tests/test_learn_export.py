"""nnbook.site.learn_export: the MNIST digits the "Train it yourself" page trains on."""

import gzip
import json

import numpy as np
import pytest

from nnbook.site import build_cache, learn_export
from nnbook.site.learn_export import learn_page_files, subset_file, subset_from_file


def test_the_pages_file_holds_the_first_digits_of_mnist_exactly(mnist):
    """The file the build writes: the first 12,000 training and 2,000 test digits, every pixel and
    label equal to nnbook's arrays, in at most 3 MB."""
    files = learn_page_files()
    assert list(files) == ["learn/digits.gz"]
    data = files["learn/digits.gz"]
    assert len(data) <= 3_000_000, f"{len(data):,} bytes: too many for a phone to fetch"
    train_images, train_labels, test_images, test_labels = subset_from_file(data)
    assert train_images.dtype == np.float32 and train_images.shape == (12_000, 784)
    assert np.array_equal(train_images, mnist.train_images[:12_000])
    assert np.array_equal(train_labels, mnist.train_labels[:12_000])
    assert np.array_equal(test_images, mnist.test_images[:2_000])
    assert np.array_equal(test_labels, mnist.test_labels[:2_000])


def test_the_layout_is_a_header_line_then_bytes(digits):
    images, labels = digits
    images = np.rint(images * 255) / 255  # whole numbers / 255, as MNIST's pixels are
    payload = gzip.decompress(subset_file(images[:20], labels[:20], images[20:], labels[20:]))
    line, rest = payload.split(b"\n", 1)
    assert json.loads(line) == {"format": "nnbook-mnist-subset", "version": 1, "train": 20, "test": 10, "pixels": 784}
    assert len(rest) == 30 * 785
    assert rest[20 * 784 : 20 * 785] == bytes(labels[:20].tolist())  # the training labels after their pixels
    assert rest[0] == round(images[0, 0] * 255)


def test_the_same_digits_give_the_same_bytes(digits):
    images, labels = digits
    assert subset_file(images, labels, images, labels) == subset_file(images, labels, images, labels)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda data: data[:1000], "not a complete gzip file"),
        (lambda data: gzip.compress(b"no header"), "does not start with a nnbook-mnist-subset header"),
        (lambda data: gzip.compress(b'{"format": "something"}\n'), "does not start with a nnbook-mnist-subset header"),
        (lambda data: _with_header(data, version=2), "is version 2 of nnbook-mnist-subset; this nnbook reads version 1"),
        (lambda data: _with_header(data, train=21), "not the 21 training and 10 test digits its header promises"),
        (lambda data: _with_header(data, test=0), "the header's test must be a whole number >= 1, got 0"),
    ],
)
def test_a_damaged_file_names_its_problem(digits, change, message):
    images, labels = digits
    with pytest.raises(ValueError, match=message):
        subset_from_file(change(subset_file(images[:20], labels[:20], images[20:], labels[20:])))


def _with_header(data, **changes):
    line, rest = gzip.decompress(data).split(b"\n", 1)
    return gzip.compress(json.dumps({**json.loads(line), **changes}).encode() + b"\n" + rest)


def test_bad_digits_are_refused(digits):
    images, labels = digits
    with pytest.raises(ValueError, match="between 0 \\(background\\) and 1"):
        subset_file(images * 255, labels, images, labels)
    with pytest.raises(ValueError, match="labels must be between 0 and 9"):
        subset_file(images, labels + 1, images, labels)


def test_the_file_is_made_once_until_nnbook_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(build_cache, "cache_folder", lambda kind: tmp_path / kind)
    made = []

    def make(train, test):
        made.append((train, test))
        return b"\x1f\x8b some bytes"

    monkeypatch.setattr(learn_export, "_learn_page_file", make)
    assert learn_page_files() == learn_page_files() == {"learn/digits.gz": b"\x1f\x8b some bytes"}
    assert made == [(12_000, 2_000)]
    monkeypatch.setattr(build_cache, "LOADED_SOURCE_HASH", "f" * 64)  # as after an edit of nnbook
    learn_page_files()
    learn_page_files(train=100)
    assert made == [(12_000, 2_000), (12_000, 2_000), (100, 2_000)]
