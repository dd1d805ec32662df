"""Every environment variable nnbook honours, read here and nowhere else; README.md's table says
what each does. Each function reads its variable when called, so a change made while running
counts: NNBOOK_DATA_DIR, NNBOOK_MNIST_MIRRORS, XDG_CACHE_HOME, NNBOOK_SEED_OFFSET,
NNBOOK_CLAIMS_LOG, NNBOOK_BUILD_CACHE, NNBOOK_GITHUB_REPOSITORY, and OPENBLAS_CORETYPE (read,
never set).
"""

import os
import re
from pathlib import Path

RESULTS = ("NNBOOK_SEED_OFFSET", "OPENBLAS_CORETYPE")
"""The variables that change what the book computes (the site build's cache is keyed on them)."""


def data_dir():
    """$NNBOOK_DATA_DIR as a Path (page ``handwritten-digits``), or None when unset or empty."""
    folder = os.environ.get("NNBOOK_DATA_DIR", "").strip()
    return Path(folder).expanduser() if folder else None


def mirrors():
    """The base URLs in $NNBOOK_MNIST_MIRRORS (page ``handwritten-digits``), in order; [] when unset."""
    return [url.strip() for url in os.environ.get("NNBOOK_MNIST_MIRRORS", "").split(",") if url.strip()]


def cache_home():
    """The folder nnbook's caches go in: $XDG_CACHE_HOME/nnbook (~/.cache/nnbook when unset)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nnbook"


def seed_offset():
    """$NNBOOK_SEED_OFFSET as a whole number (0 when unset), or a ValueError saying how to fix it.
    It moves the seeds of the book's trained networks (page ``book-network``; ``make robust``)."""
    text = os.environ.get("NNBOOK_SEED_OFFSET", "").strip() or "0"
    if not text.isdigit():
        raise ValueError(
            f"NNBOOK_SEED_OFFSET must be a whole number >= 0, got {text!r}; unset it to use the book's own seeds"
        )
    return int(text)


def claims_log():
    """$NNBOOK_CLAIMS_LOG as a Path (nnbook.claims appends to it), or None when unset."""
    log = os.environ.get("NNBOOK_CLAIMS_LOG", "").strip()
    return Path(log) if log else None


def build_cache_enabled():
    """False when $NNBOOK_BUILD_CACHE is "off" (or "0", "no", "false"): the build then reuses
    nothing from earlier builds (``make robust`` needs every page run and every claim checked)."""
    return os.environ.get("NNBOOK_BUILD_CACHE", "").strip().lower() not in ("off", "0", "no", "false")


def github_repository():
    """$NNBOOK_GITHUB_REPOSITORY, "owner/name" of the book's repository on GitHub (the Pages
    workflow sets it): the site's notebooks then install nnbook from there and open in Colab. None
    when unset; a ValueError saying how to fix it when it is not of that form."""
    repository = os.environ.get("NNBOOK_GITHUB_REPOSITORY", "").strip()
    if not repository:
        return None
    if not re.fullmatch(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+", repository):
        raise ValueError(f"NNBOOK_GITHUB_REPOSITORY must be owner/name, as GitHub writes it, got {repository!r}")
    return repository


def results_settings():
    """"NAME=value" for each variable in RESULTS, for a cache key."""
    return [f"{name}={os.environ.get(name, '')}" for name in RESULTS]
