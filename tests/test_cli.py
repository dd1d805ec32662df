"""The command line: python -m nnbook data | train | evaluate, its output and exit codes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nnbook import Network, data
from nnbook.cli import main


def _one_line_error(capsys, prefix):
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_data(capsys):
    assert main(["data"]) == 0
    out = capsys.readouterr().out
    assert "60,000 training and 10,000 test digits" in out
    assert os.environ["NNBOOK_DATA_DIR"] in out


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "the following arguments are required"),
        (["frob"], "invalid choice: 'frob'"),
        (["train", "--epochs", "x"], "argument --epochs: expected a whole number >= 1, got 'x'"),
        (["train", "--epochs", "0"], "argument --epochs: expected a whole number >= 1, got 0"),
        (["train", "--batch-size", "-3"], "argument --batch-size: expected a whole number >= 1"),
        (["train", "--optimizer", "lbfgs"], "argument --optimizer: invalid choice: 'lbfgs'"),
        (["train", "--learning-rate", "inf"], "argument --learning-rate: expected a finite number > 0, got inf"),
        (["train", "--sizes"], "argument --sizes: expected at least one argument"),
        (["train", "--sizes", "784"], "sizes must name at least 2 layers"),
        (["train", "--sizes", "784", "0", "10"], "every layer size in [784, 0, 10] must be a whole number >= 1, got 0"),
        (["train", "--sizes", "784", "16", "5"], "an MNIST network has 784 inputs and 10 outputs"),
        (["train", "--learning-rate", "-1"], "argument --learning-rate: expected a finite number > 0, got -1.0"),
        (["train", "--l2", "-0.1"], "argument --l2: expected a finite number >= 0, got -0.1"),
        (["train", "--save", "/no/such/folder/net.npz"], "the folder /no/such/folder does not exist"),
        (["evaluate"], "the following arguments are required: PATH"),
        (["evaluate", "/no/such/net.npz"], "cannot load a network from /no/such/net.npz: no such file"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, argv, message):
    assert main(argv) == 2
    line = _one_line_error(capsys, "nnbook")
    assert "error: " in line and message in line


def test_evaluate_rejects_a_damaged_file(tmp_path, capsys):
    path = tmp_path / "net.npz"
    path.write_bytes(b"not a zip")
    assert main(["evaluate", str(path)]) == 2
    assert "net.npz is not a readable saved network" in _one_line_error(capsys, "nnbook evaluate: error:")


def test_evaluate_rejects_a_network_of_the_wrong_shape(tmp_path, capsys):
    path = Network([784, 3]).save(tmp_path / "three.npz")
    assert main(["evaluate", str(path)]) == 2
    assert "784 inputs and 10 outputs, got sizes [784, 3]" in _one_line_error(capsys, "nnbook evaluate: error:")


def test_data_error_exits_1(monkeypatch, capsys):
    def missing():
        raise data.DataError("no MNIST here. Fix: set NNBOOK_DATA_DIR")

    monkeypatch.setattr(data, "load_mnist", missing)
    assert main(["data"]) == 1
    assert "no MNIST here" in _one_line_error(capsys, "nnbook data:")


def test_divergence_exits_2(capsys):
    assert main(["train", "--sizes", "784", "10", "--epochs", "1", "--learning-rate", "1e38"]) == 2
    assert "diverged in epoch 1" in capsys.readouterr().err


def test_train_save_evaluate(tmp_path, capsys):
    path = tmp_path / "net.npz"
    argv = ["train", "--sizes", "784", "10", "--epochs", "2", "--batch-size", "100", "--optimizer", "adam",
            "--float64", "--save", str(path)]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "training 784-10 (7,850 weights and biases)"
    assert lines[1].startswith("epoch 1/2: cost ") and "test accuracy" in lines[1]
    assert lines[2].startswith("epoch 2/2: ")
    final = float(lines[3].removeprefix("test accuracy: ").removesuffix("%")) / 100
    assert final > 0.85
    assert lines[4] == f"saved to {path}"
    network = Network.load(path)
    assert network.sizes == [784, 10] and network.weights[0].dtype.name == "float64"
    assert main(["evaluate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"test accuracy: {final:.2%} (") and "of 10,000 test digits)" in out


def test_python_m_nnbook_trains_on_real_data():
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "nnbook", "train", "--sizes", "784", "10", "--epochs", "1"],
        capture_output=True, text=True, cwd=root, timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar off a terminal, no warnings
    last = result.stdout.splitlines()[-1]
    assert last.startswith("test accuracy: ") and float(last[15:-1]) > 85
