"""Where a copy of the book came from, shown to its readers: the commit and the date of the build
(every page's footer, the PDF's cover) and, for the book's network that the page ``draw`` runs,
its recipe, seed offset, test accuracy and the SHA-256 of its exported weights.

- ``build_info(folder)``: the commit checked out in ``folder`` (None outside a git checkout),
  whether the files differ from it, and today's date (UTC);
- ``network_provenance(network_json)``: what draw/network.json (nnbook.site.export) says about its
  network, with its recipe's settings in words;
- ``provenance_markdown(build, network)``: both as a section for a page (front matter
  ``network_provenance: true``; the mkdocs hook appends it).
"""

import datetime
import json
import subprocess

from nnbook import recipes


def build_info(folder):
    """{"commit": full hash or None, "short": its first 7 characters or None, "modified": whether
    tracked files differ from the commit, "date": "YYYY-MM-DD" (UTC)} for a build of ``folder``."""
    date = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    commit = _git(folder, "rev-parse", "HEAD")
    modified = bool(commit and _git(folder, "status", "--porcelain", "--untracked-files=no"))
    return {"commit": commit, "short": commit[:7] if commit else None, "modified": modified, "date": date}


def _git(folder, *arguments):
    """git's output in ``folder``, stripped, or None where git or the checkout is missing."""
    try:
        done = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def network_provenance(network_json):
    """What ``network_json`` (draw/network.json's bytes, nnbook.site.export.network_data) says
    about its network: {"recipe", "settings" (the recipe's settings in words, its seed moved by the
    seed offset), "seed_offset", "test_accuracy" (a fraction), "weights_sha256", "sizes"}."""
    data = json.loads(network_json)
    settings = recipes.RECIPES[data["recipe"]].replace(seed=recipes.RECIPES[data["recipe"]].seed + data["seed_offset"])
    return {
        "recipe": data["recipe"],
        "settings": settings_in_words(settings),
        "seed_offset": data["seed_offset"],
        "test_accuracy": data["test_accuracy"],
        "weights_sha256": data["weights_sha256"],
        "sizes": data["sizes"],
    }


OPTIMIZER_NAMES = {"sgd": "plain gradient descent", "momentum": "momentum", "adam": "Adam"}


def settings_in_words(settings):
    """A Settings (nnbook.settings) as one line for a reader: "784-16-16-10, sigmoid, Adam at
    learning rate 0.02, cosine schedule, L2 0.0001, 30 epochs of mini-batches of 128, 1 shifted
    copy of the training digits, seed 0"."""
    words = ["-".join(map(str, settings.sizes)), settings.activation,
             f"{OPTIMIZER_NAMES[settings.optimizer]} at learning rate {settings.learning_rate:g}"]
    if settings.schedule != "constant":
        words.append(f"{settings.schedule} schedule")
    if settings.l2:
        words.append(f"L2 {settings.l2:g}")
    words.append(f"{settings.epochs} epochs of mini-batches of {settings.batch_size}")
    if settings.shifted_copies:
        copies = "copy" if settings.shifted_copies == 1 else "copies"
        words.append(f"{settings.shifted_copies} shifted {copies} of the training digits")
    words.append(f"seed {settings.seed}")
    return ", ".join(words)


def commit_in_words(build):
    """The commit of ``build`` (``build_info``) for a reader: "abc1234", "abc1234 with uncommitted
    changes", or "no git commit" for a build outside a git checkout."""
    if not build["commit"]:
        return "no git commit (built outside a git checkout)"
    return build["short"] + (" with uncommitted changes" if build["modified"] else "")


def provenance_markdown(build, network):
    """A page's section "Where this network came from": the ``build`` (``build_info``) and the
    ``network`` (``network_provenance``), in Markdown."""
    commit = f"`{build['commit']}`" + (" with uncommitted changes" if build["modified"] else "") if build["commit"] \
        else commit_in_words(build)
    return f"""
## Where this network came from

The network on this page was trained and exported when this copy of the book was built:

- **Commit**: {commit}
- **Built on**: {build['date']}
- **Recipe**: `{network['recipe']}` in `nnbook.recipes` ({network['settings']})
- **Seed offset**: {network['seed_offset']} (`NNBOOK_SEED_OFFSET`; 0 is the book's own seeds)
- **Test accuracy**: {100 * network['test_accuracy']:.2f}% of the 10,000 test digits
- **SHA-256 of the exported weights**: `{network['weights_sha256']}`

The hash is of the weights and biases as `draw/network.json` stores them, little-endian float32
numbers, layer by layer (each layer's weights, then its biases): a copy of the book built
elsewhere has another network, and another hash, unless it was trained bit for bit the same.
"""
