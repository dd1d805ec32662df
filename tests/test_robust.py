"""bench.robust: the table of every claim of every configuration with the smallest margin, where
each configuration keeps its networks, and what is left behind."""

import json

import pytest

from bench import robust


def _run(tmp_path, name, offset, entries, failed=False):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "claims.jsonl").write_text("".join(json.dumps(entry) + "\n" for entry in entries))
    environment = {"NNBOOK_SEED_OFFSET": str(offset)}
    return {"name": name, "kernel": name, "folder": folder, "environment": environment, "failed": failed, "seconds": 12.0}


def _entry(claim, value, above=None, below=None, holds=True):
    return {"page": "docs/learning.md", "claim": claim, "value": value, "above": above, "below": below, "holds": holds}


def test_table_gives_each_claim_its_values_and_smallest_margin(tmp_path):
    runs = [
        _run(tmp_path, "SkylakeX", 0, [_entry("accuracy", 0.9673, above=0.96), _entry("share", 0.3, 0.1, 0.5)]),
        _run(tmp_path, "Haswell", 0, [_entry("accuracy", 0.9639, above=0.96), _entry("share", 0.62, 0.1, 0.5, holds=False)], failed=True),
        _run(tmp_path, "SkylakeX-1", 1, [_entry("accuracy", 0.9681, above=0.96), _entry("true", True)]),
    ]
    table = robust._table(runs, minutes=3)
    rows = {line.split(" | ")[1]: line for line in table.splitlines() if line.startswith("| learning.md")}
    assert rows["accuracy"] == "| learning.md | accuracy | > 0.96 | 0.9673 | 0.9639 | 0.9681 | 0.0039 |"
    # the failing value is marked and the margin is negative; a run that never reached it shows "-"
    assert rows["share"] == "| learning.md | share | (0.1, 0.5) | 0.3 | 0.62 FAILS | - | -0.12 |"
    assert rows["true"] == "| learning.md | true | true | - | - | yes |  |"
    assert "| result | passed (12 s) | FAILED (12 s) | passed (12 s) |" in table
    assert "took 3 minutes" in table


def test_each_configuration_keeps_its_networks_apart_and_the_default_one_uses_the_books(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert robust.cache_home("default", 0, {}) == tmp_path  # the networks the build trained
    assert robust.cache_home("Haswell", 0, {}) == tmp_path / "nnbook" / "robust" / "Haswell-seed-0"
    assert robust.cache_home("default", 1, {}) == tmp_path / "nnbook" / "robust" / "default-seed-1"
    # a reader who set another kernel trained the book's networks under it: not the default's
    assert robust.cache_home("default", 0, {"OPENBLAS_CORETYPE": "Prescott"}) == tmp_path / "nnbook" / "robust" / "default-seed-0"


@pytest.mark.parametrize(("arguments", "failed", "kept", "written"), [
    ([], False, False, True),  # the whole book: the table is written, the outputs removed
    (["--keep"], False, True, True),
    (["--pages", "docs/learning.md"], True, True, False),  # one page: printed only; a failure keeps its output
])
def test_the_outputs_are_removed_unless_kept_or_failed(arguments, failed, kept, written, monkeypatch, tmp_path, capsys):
    workspaces = []

    def run_all(configurations, workspace, environment, parsed):
        workspaces.append(workspace)
        return [_run(workspace, "default", 0, [_entry("accuracy", 0.97, above=0.96)], failed=failed)]

    monkeypatch.setattr(robust, "_run_all", run_all)
    monkeypatch.setattr(robust, "data_environment", dict)
    monkeypatch.setattr(robust, "TABLE", tmp_path / "robust.md")
    assert robust.main(arguments) == (1 if failed else 0)
    assert workspaces[0].exists() == kept
    assert (tmp_path / "robust.md").exists() == written
    assert "| learning.md | accuracy | > 0.96 | 0.97 |" in capsys.readouterr().out
