"""nnbook.claims: a claim holds or fails with a message that names it, and is logged for make robust."""

import json
import subprocess
import sys

import pytest

from nnbook import claims
from nnbook.claims import ClaimError, claim


def test_a_claim_inside_its_bounds_returns_the_value():
    assert claim("two is between one and three", 2, above=1, below=3) == 2
    assert claim("a true claim", True) is True


@pytest.mark.parametrize(
    ("value", "bounds", "message"),
    [
        (0.5, {"above": 2}, "the measured value is 0.5, it must be above 2"),
        (7, {"below": 5}, "the measured value is 7.0, it must be below 5"),
        (0.6, {"above": 0.1, "below": 0.5}, "it must be between 0.1 and 0.5"),
        (2, {"above": 2}, "it must be above 2"),  # strictly
        (float("nan"), {"above": 0}, "the measured value is nan"),
        (False, {}, "the measured value is False, it must be true"),
    ],
)
def test_a_claim_outside_its_bounds_fails_and_says_why(value, bounds, message):
    with pytest.raises(ClaimError, match="claim 'the claim' does not hold: " + ".*" + message.replace("(", r"\(")):
        claim("the claim", value, **bounds)


@pytest.mark.parametrize(("page", "where"), [
    ("docs/book-network.md", "`make page PAGE=book-network` (this page) or `make robust` (the whole book)"),
    ("tests/test_claims.py", "under other BLAS kernels and seeds: `make robust` (the whole book)"),
])
def test_a_failing_claim_says_where_to_see_its_values_elsewhere(page, where, monkeypatch):
    monkeypatch.setattr(claims, "page", page)
    with pytest.raises(ClaimError) as error:
        claim("the claim", 0.5, above=2)
    assert str(error.value).endswith(where)


def test_a_claim_of_something_that_is_not_a_number_is_a_clear_error():
    with pytest.raises(ClaimError, match=r"claim 'x': expected a number to compare, got 'many'"):
        claim("x", "many", above=1)


def test_claims_are_checked_even_where_python_drops_asserts():
    """A failing claim fails its code block like an assert, also under ``python -O``, which skips
    assert statements."""
    script = "from nnbook.claims import claim; claim('one is above two', 1, above=2)"
    result = subprocess.run([sys.executable, "-O", "-c", script], capture_output=True, text=True)
    assert result.returncode == 1 and "AssertionError" not in result.stderr.splitlines()[-1]
    assert "ClaimError: claim 'one is above two' does not hold" in result.stderr


def test_claims_are_logged_one_json_line_each(tmp_path, monkeypatch):
    log = tmp_path / "claims.jsonl"
    monkeypatch.setenv("NNBOOK_CLAIMS_LOG", str(log))
    monkeypatch.setattr(claims, "page", "docs/learning.md")
    claim("first", 0.97, above=0.96)
    with pytest.raises(ClaimError):
        claim("second", 3, below=2)
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert entries == [
        {"page": "docs/learning.md", "claim": "first", "value": 0.97, "above": 0.96, "below": None, "holds": True},
        {"page": "docs/learning.md", "claim": "second", "value": 3.0, "above": None, "below": 2, "holds": False},
    ]


def test_nothing_is_logged_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("NNBOOK_CLAIMS_LOG", raising=False)
    monkeypatch.chdir(tmp_path)
    claim("quiet", 1, above=0)
    assert list(tmp_path.iterdir()) == []
