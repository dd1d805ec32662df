"""Tests for nnbook.data: the real MNIST files, the download path against a local HTTP server,
and every kind of bad input, built from small synthetic IDX files so they run fast."""

import functools
import gzip
import hashlib
import http.server
import io
import os
import socket
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from nnbook import data
from nnbook.data import DataError, load_mnist, shifted_copies

REAL = Path(os.environ.get("NNBOOK_DATA_DIR") or Path(__file__).parents[1].parent / "shared/data/mnist")
needs_real = pytest.mark.skipif(
    not all((REAL / f"{name}.gz").is_file() for name in data.SHA256),
    reason=f"the real MNIST files are not in {REAL} (set NNBOOK_DATA_DIR to a folder that has them)",
)
NAMES = list(data.SHA256)  # train-images, train-labels, t10k-images, t10k-labels


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every test starts with an empty in-process cache, no NNBOOK_DATA_DIR, a fresh download
    cache under tmp_path, and mirrors that refuse connections (never the real internet)."""
    monkeypatch.delenv("NNBOOK_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"http://127.0.0.1:{closed_port()}/")
    load_mnist.cache_clear()
    yield
    load_mnist.cache_clear()


def closed_port() -> int:
    """A local port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cache(tmp_path) -> Path:
    return tmp_path / "xdg" / "nnbook" / "mnist"


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---- synthetic IDX files ---------------------------------------------------------------------

def idx(magic: int, dims: tuple, values) -> bytes:
    """The bytes of an IDX file: big-endian magic and dimensions, then the uint8 values."""
    return np.array([magic, *dims], ">u4").tobytes() + np.asarray(values, np.uint8).tobytes()


def images(count: int, rows: int = 28, cols: int = 28) -> bytes:
    return idx(2051, (count, rows, cols), np.arange(count * rows * cols) % 256)


def labels(*digits: int) -> bytes:
    return idx(2049, (len(digits),), digits)


@pytest.fixture
def put(monkeypatch):
    """put(folder, name, payload, gz=True, trust=True) writes one IDX file; with trust, the
    loader's expected SHA-256 for name is patched to match the payload."""
    def put(folder, name, payload, gz=True, trust=True, filename=None):
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (filename or (f"{name}.gz" if gz else name))
        path.write_bytes(gzip.compress(payload) if gz else payload)
        if trust:
            monkeypatch.setitem(data.SHA256, name, hashlib.sha256(payload).hexdigest())
        return path
    return put


@pytest.fixture
def synthetic(tmp_path, put):
    """A folder of four small, valid, gzipped MNIST-like files: 3 training and 2 test digits."""
    folder = tmp_path / "mine"
    for name, payload in zip(NAMES, [images(3), labels(5, 0, 4), images(2), labels(7, 2)]):
        put(folder, name, payload)
    return folder


# ---- a local mirror server -------------------------------------------------------------------

class Mirrors(http.server.SimpleHTTPRequestHandler):
    """Three mirrors on one server: /good/ serves the folder, /missing/ answers 404, and
    /corrupt/ serves each file with its last 100 bytes cut off."""

    def do_GET(self):
        self.server.requests.append(self.path)
        mirror, _, name = self.path.lstrip("/").partition("/")
        if mirror == "good":
            self.path = "/" + name
            return super().do_GET()
        if mirror == "corrupt" and (Path(self.directory) / name).is_file():
            body = (Path(self.directory) / name).read_bytes()[:-100]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        self.send_error(404)
        return None

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """serve(folder) -> (base URL, list of requested paths), served until the test ends."""
    servers = []

    def serve(folder):
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Mirrors, directory=str(folder)))
        server.requests = []
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}", server.requests

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


# ---- the real data ---------------------------------------------------------------------------

@needs_real
def test_real_mnist_from_nnbook_data_dir(monkeypatch):
    monkeypatch.setenv("NNBOOK_DATA_DIR", str(REAL))
    mnist = load_mnist()
    assert [a.shape for a in mnist] == [(60000, 784), (60000,), (10000, 784), (10000,)]
    assert [a.dtype for a in mnist] == [np.float32, np.int64, np.float32, np.int64]
    for pixels in (mnist.train_images, mnist.test_images):
        assert pixels.min() == 0.0 and pixels.max() == 1.0
    assert mnist.train_labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert mnist.test_labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(mnist.train_labels).tolist() == [
        5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(mnist.test_labels).tolist() == [
        980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert round(float(mnist.train_images.mean(dtype=np.float64)), 4) == 0.1307
    assert round(float(mnist.train_images.std(dtype=np.float64)), 4) == 0.3081
    for array in mnist:
        assert not array.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        mnist.train_images[0, 0] = 0.5
    assert load_mnist() is mnist  # cached in-process
    load_mnist.cache_clear()
    assert load_mnist() is not mnist


@needs_real
def test_uncompressed_files_load_like_gzipped_ones(tmp_path):
    for name in NAMES:
        (tmp_path / name).write_bytes(gzip.decompress((REAL / f"{name}.gz").read_bytes()))
    plain, zipped = load_mnist(tmp_path), load_mnist(REAL)
    for a, b in zip(plain, zipped):
        assert a.dtype == b.dtype and np.array_equal(a, b)


@needs_real
def test_download_skips_missing_and_corrupt_mirrors_and_caches(tmp_path, monkeypatch, serve):
    base, requests = serve(REAL)
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"{base}/missing/,{base}/corrupt/,{base}/good/")
    mnist = load_mnist()
    assert mnist.train_labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert mnist.test_labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert requests == [f"/{mirror}/{name}.gz" for name in NAMES
                        for mirror in ("missing", "corrupt", "good")]
    # Only the four verified files are left: no temporary or corrupt file.
    assert files_in(cache(tmp_path)) == sorted(f"{name}.gz" for name in NAMES)
    for name in NAMES:
        payload = gzip.decompress((cache(tmp_path) / f"{name}.gz").read_bytes())
        assert hashlib.sha256(payload).hexdigest() == data.SHA256[name]
    # A second load, even after forgetting the in-process cache, never touches the server.
    load_mnist.cache_clear()
    again = load_mnist()
    assert len(requests) == 12
    assert np.array_equal(again.train_images, mnist.train_images)


# ---- downloads, synthetic --------------------------------------------------------------------

def test_offline_says_where_it_looked_and_what_to_do(tmp_path, monkeypatch):
    port = closed_port()
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"http://127.0.0.1:{port}/a/, http://127.0.0.1:{port}/b/")
    with pytest.raises(DataError) as caught:
        load_mnist()
    message = str(caught.value)
    assert "train-images-idx3-ubyte" in message
    assert str(cache(tmp_path).resolve()) in message
    assert "NNBOOK_DATA_DIR (not set)" in message
    assert "set NNBOOK_DATA_DIR to a folder with the four MNIST files, or connect to the internet" in message
    for mirror in ("a", "b"):
        assert f"http://127.0.0.1:{port}/{mirror}/train-images-idx3-ubyte.gz: <urlopen error" in message
    assert "refused" in message
    assert files_in(cache(tmp_path)) == []


def test_every_mirror_failing_lists_each_error(tmp_path, monkeypatch, synthetic, serve):
    base, requests = serve(synthetic)
    monkeypatch.setitem(data.SHA256, "train-images-idx3-ubyte", "0" * 64)
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"{base}/missing/,{base}/corrupt/,{base}/good/")
    with pytest.raises(DataError) as caught:
        load_mnist()
    message = str(caught.value)
    url = "/train-images-idx3-ubyte.gz: "
    assert f"{base}/missing{url}HTTP Error 404" in message
    assert f"{base}/corrupt{url}the gzip data is truncated or corrupt" in message
    assert f"{base}/good{url}SHA-256 mismatch of the decompressed bytes: expected {'0' * 64}" in message
    assert "connect to the internet" in message
    assert len(requests) == 3
    assert files_in(cache(tmp_path)) == []  # the cache folder is created, but holds nothing


def test_synthetic_download_then_cache(tmp_path, monkeypatch, synthetic, serve):
    base, requests = serve(synthetic)
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"{base}/good/")
    assert load_mnist().train_labels.tolist() == [5, 0, 4]
    assert files_in(cache(tmp_path)) == sorted(f"{name}.gz" for name in NAMES)
    assert load_mnist() is load_mnist()
    assert len(requests) == 4


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_bar_only_on_a_terminal(monkeypatch, synthetic, serve, terminal):
    base, _ = serve(synthetic)
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"{base}/good/")
    stderr = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    load_mnist()
    if terminal:
        for name in NAMES:  # one bar per file, in bytes
            assert f"{name}:   0%|" in stderr.getvalue()
        assert "B/s]" in stderr.getvalue()
    else:
        assert stderr.getvalue() == ""


# ---- the user's own folder -------------------------------------------------------------------

def test_synthetic_values_scaled_and_read_only(synthetic):
    mnist = load_mnist(synthetic)
    assert mnist.train_images.shape == (3, 784) and mnist.test_images.shape == (2, 784)
    assert np.allclose(mnist.train_images[0, :3], [0, 1 / 255, 2 / 255])
    assert mnist.train_labels.tolist() == [5, 0, 4] and mnist.test_labels.tolist() == [7, 2]
    assert not any(a.flags.writeable for a in mnist)
    assert load_mnist(str(synthetic)) is mnist


def test_gzip_is_detected_by_magic_bytes_not_name(tmp_path, put):
    folder = tmp_path / "mixed"
    put(folder, NAMES[0], images(3), gz=True, filename=NAMES[0])  # gzipped, no .gz
    put(folder, NAMES[1], labels(5, 0, 4), gz=False, filename=f"{NAMES[1]}.gz")  # plain, .gz
    put(folder, NAMES[2], images(2), gz=False)
    put(folder, NAMES[3], labels(7, 2), gz=True)
    mnist = load_mnist(folder)
    assert mnist.train_labels.tolist() == [5, 0, 4] and mnist.test_labels.tolist() == [7, 2]


def test_missing_folder_named_by_data_dir_or_environment(tmp_path, monkeypatch, serve):
    base, requests = serve(tmp_path)
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"{base}/good/")
    nowhere = tmp_path / "nowhere"
    with pytest.raises(DataError, match=r"nowhere \(from data_dir\) does not exist.*Fix: point data_dir"):
        load_mnist(nowhere)
    monkeypatch.setenv("NNBOOK_DATA_DIR", str(nowhere))
    with pytest.raises(DataError, match=r"nowhere \(from NNBOOK_DATA_DIR\) does not exist"):
        load_mnist()
    assert requests == []  # a folder named explicitly is never topped up from the internet


def test_missing_file_is_named_and_not_downloaded(synthetic, monkeypatch, serve):
    base, requests = serve(synthetic)
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"{base}/good/")
    (synthetic / "t10k-labels-idx1-ubyte.gz").unlink()
    monkeypatch.setenv("NNBOOK_DATA_DIR", str(synthetic))
    with pytest.raises(DataError) as caught:
        load_mnist()
    assert str(caught.value) == (
        f"{synthetic} (from NNBOOK_DATA_DIR) has no t10k-labels-idx1-ubyte.gz or "
        "t10k-labels-idx1-ubyte. Fix: put the four MNIST files there (gzipped or not), "
        "or point NNBOOK_DATA_DIR at a folder that has them.")
    assert requests == []


BAD_FILES = {
    # name of the bad file: (its bytes, written raw; the words the message must hold)
    "truncated gzip": ("train-images-idx3-ubyte", gzip.compress(images(3))[:-20],
                       "the gzip data is truncated or corrupt"),
    "truncated payload": ("train-images-idx3-ubyte", images(3)[:-5],
                          "the IDX payload is truncated: the header promises 3 images (2368 bytes) "
                          "but the file holds 2363 bytes"),
    "truncated header": ("train-labels-idx1-ubyte", labels(5)[:6],
                         "the IDX header is truncated: 6 bytes, expected 8"),
    "wrong magic": ("t10k-labels-idx1-ubyte", idx(2051, (2,), [7, 2]),
                    "the IDX magic number is 2051, expected 2049 for a file of labels"),
    "wrong shape": ("t10k-images-idx3-ubyte", images(2, rows=27),
                    "the images are 27x28 pixels, expected 28x28"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_in_own_folder_is_named_and_left_alone(synthetic, case):
    name, raw, problem = BAD_FILES[case]
    path = synthetic / f"{name}.gz"
    path.write_bytes(raw)
    with pytest.raises(DataError) as caught:
        load_mnist(synthetic)
    assert str(caught.value).startswith(f"{path}: {problem}")
    assert "Fix: replace it with a good copy" in str(caught.value)
    assert path.read_bytes() == raw


def test_checksum_mismatch_in_own_folder(synthetic, monkeypatch):
    monkeypatch.setitem(data.SHA256, "train-labels-idx1-ubyte", "f" * 64)
    actual = hashlib.sha256(labels(5, 0, 4)).hexdigest()
    with pytest.raises(DataError) as caught:
        load_mnist(synthetic)
    assert str(caught.value) == (
        f"{synthetic / 'train-labels-idx1-ubyte.gz'}: SHA-256 mismatch of the decompressed bytes: "
        f"expected {'f' * 64}, got {actual}. Fix: replace it with a good copy "
        f"(for example {data.MIRRORS[0]}train-labels-idx1-ubyte.gz).")
    assert files_in(synthetic) == sorted(f"{name}.gz" for name in NAMES)


@needs_real
def test_corrupt_real_copy_is_caught_by_checksum(tmp_path):
    for name in NAMES:
        (tmp_path / f"{name}.gz").symlink_to(REAL / f"{name}.gz")
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    payload = bytearray(gzip.decompress((REAL / "t10k-labels-idx1-ubyte.gz").read_bytes()))
    payload[8] = 3  # the first test digit is a 7; call it a 3
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(payload)
    with pytest.raises(DataError, match=f"t10k-labels-idx1-ubyte: SHA-256 mismatch.*expected "
                                        f"{data.SHA256['t10k-labels-idx1-ubyte']}, got "
                                        f"{hashlib.sha256(payload).hexdigest()}"):
        load_mnist(tmp_path)


def test_image_and_label_counts_must_match(synthetic, put):
    put(synthetic, "train-labels-idx1-ubyte", labels(5, 0))
    with pytest.raises(DataError) as caught:
        load_mnist(synthetic)
    assert str(caught.value) == (
        f"{synthetic}: train-images-idx3-ubyte holds 3 images but train-labels-idx1-ubyte holds "
        "2 labels. Fix: replace both with the matching MNIST files.")


# ---- a bad file in the download cache --------------------------------------------------------

@pytest.mark.parametrize("case", ["checksum", "truncated gzip"])
def test_bad_cache_file_is_moved_aside_then_downloaded_afresh(tmp_path, monkeypatch, synthetic,
                                                              serve, case):
    for name in NAMES:
        put_in_cache = cache(tmp_path) / f"{name}.gz"
        put_in_cache.parent.mkdir(parents=True, exist_ok=True)
        put_in_cache.write_bytes((synthetic / f"{name}.gz").read_bytes())
    bad = cache(tmp_path) / "t10k-images-idx3-ubyte.gz"
    if case == "checksum":
        bad.write_bytes(gzip.compress(images(2)[:-1] + b"\x07"))
        problem = "SHA-256 mismatch of the decompressed bytes: expected "
    else:
        bad.write_bytes(bad.read_bytes()[:-20])
        problem = "the gzip data is truncated or corrupt"
    base, requests = serve(synthetic)
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"{base}/good/")
    with pytest.raises(DataError) as caught:
        load_mnist()
    message = str(caught.value)
    assert message.startswith(f"{bad.resolve()}: {problem}")
    assert message.endswith("Fix: it was moved aside to t10k-images-idx3-ubyte.gz.corrupt; "
                            "call load_mnist() again to download a fresh copy.")
    assert not bad.exists() and bad.with_name(bad.name + ".corrupt").exists()
    assert requests == []
    # The next call downloads a good copy rather than reusing the bad one.
    assert load_mnist().test_labels.tolist() == [7, 2]
    assert requests == ["/good/t10k-images-idx3-ubyte.gz"]


def test_data_error_is_public():
    assert issubclass(DataError, Exception)
    assert {"DataError", "MNIST", "load_mnist"} <= set(data.__all__)


def test_shifted_copies_move_each_digit_within_the_frame():
    images = np.zeros((50, 784), np.float32)
    images[:, 14 * 28 + 14] = 1  # one ink pixel in the middle
    result = shifted_copies(images, copies=2, max_shift=2, seed=0)
    assert result.shape == (150, 784) and result.dtype == np.float32
    np.testing.assert_array_equal(result[:50], images)
    rows, cols = np.divmod(result.argmax(axis=1), 28)
    assert np.all(result.sum(axis=1) == 1)  # the pixel moved, nothing lost or added
    assert set(np.unique(rows - 14)) == set(range(-2, 3)) == set(np.unique(cols - 14))


def test_shifted_copies_equal_each_picture_rolled_by_hand():
    """Against a reference written another way: roll each picture by its move (the seed's draws,
    copy after copy) and blank the rows and columns that wrapped around the frame's edge."""
    images = np.random.default_rng(3).random((40, 784)).astype(np.float32)
    result = shifted_copies(images, copies=2, max_shift=2, seed=4)
    rng = np.random.default_rng(4)
    for copy in (1, 2):
        for i, (down, across) in enumerate(rng.integers(-2, 3, size=(40, 2))):
            expected = np.roll(images[i].reshape(28, 28), (down, across), axis=(0, 1))
            if down > 0:
                expected[:down] = 0
            if down < 0:
                expected[down:] = 0
            if across > 0:
                expected[:, :across] = 0
            if across < 0:
                expected[:, across:] = 0
            np.testing.assert_array_equal(result[copy * 40 + i].reshape(28, 28), expected, f"copy {copy}, image {i}")


@pytest.mark.parametrize(
    "images, copies, max_shift, message",
    [
        (np.zeros((5, 28, 28)), 1, 1, r"expected a batch of shape \(N, 784\), got shape \(5, 28, 28\)"),
        (np.zeros((5, 784)), -1, 1, r"copies must be a whole number >= 0, got -1"),
        (np.zeros((5, 784)), 1.5, 1, r"copies must be a whole number >= 0, got 1.5"),
        (np.zeros((5, 784)), 1, -1, r"max_shift must be a whole number >= 0, got -1"),
        (np.zeros((5, 784)), 1, 28, r"max_shift must be below 28"),
    ],
)
def test_shifted_copies_bad_input(images, copies, max_shift, message):
    with pytest.raises(ValueError, match=message):
        shifted_copies(images, copies, max_shift)
