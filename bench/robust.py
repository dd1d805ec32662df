"""``make robust``: do the book's claims hold on other machines and for other seeds?

A network trained on another CPU differs in the last bits of every product (NumPy's OpenBLAS picks
kernels by CPU), and so does every network trained after it, as if from another seed. This check
tries what other machines will compute. It runs every chapter's code blocks (or one page's, with
``--pages``: ``make page``), each configuration in a process of its own with its own cache of
trained networks, kept in ``$XDG_CACHE_HOME/nnbook/robust/`` like the book's own (keyed on the
training code, so a change to it trains them again; a page trains only the networks it uses):

  - under OpenBLAS kernels this CPU can run (``OPENBLAS_CORETYPE``: the default one, Haswell,
    Sandybridge, ...), which the unit tests also run under;
  - with every recipe's seed moved by ``NNBOOK_SEED_OFFSET`` (1, 2, ...), under the default kernel.

The default kernel with the book's own seeds uses the book's own cache (the networks the build
trained), unless the environment sets another kernel or seed offset. Every ``nnbook.claims.claim``
a page checks is logged; the table gives each claim's bounds, its value in every configuration
and the smallest margin. It is printed and, for the whole book, written to bench/robust.md with
the date and machine. The check fails if any configuration fails. Each configuration's output
goes to a temporary folder, removed at the end unless the check failed or ``--keep`` is given.

    python -m bench.robust                       # the configurations below
    python -m bench.robust --kernels Haswell --offsets 1   # a quicker look
    python -m bench.robust --pages docs/learning.md --no-unit-tests   # one page (make page)
"""

import argparse
import collections
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import machine

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "bench" / "robust.md"
KERNELS = ("default", "Haswell", "Sandybridge")
OFFSETS = (1, 2)
CODE_BLOCK_PATHS = ("docs", "README.md", "CONTRIBUTING.md", "templates")  # as `make codeblocks` runs them


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.robust", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kernels", nargs="+", default=KERNELS, help="OpenBLAS core types ('default': none set)")
    parser.add_argument("--offsets", nargs="+", type=int, default=OFFSETS, help="seed offsets, default kernel")
    parser.add_argument("--jobs", type=int, default=2, help="configurations run at once")
    parser.add_argument("--no-unit-tests", action="store_true", help="run only the chapters' code blocks")
    parser.add_argument("--pages", nargs="+", default=CODE_BLOCK_PATHS,
                        help="the Markdown files (or folders) whose code blocks run; default: all, as make codeblocks")
    parser.add_argument("--output", type=Path, help="where the table is written (default: bench/robust.md, "
                        "for all pages only)")
    parser.add_argument("--keep", action="store_true", help="keep each configuration's output (removed when all pass)")
    arguments = parser.parse_args(argv)
    output = arguments.output or (TABLE if tuple(arguments.pages) == CODE_BLOCK_PATHS else None)

    configurations = [(kernel, 0) for kernel in arguments.kernels]
    configurations += [("default", offset) for offset in arguments.offsets if offset]
    workspace = Path(tempfile.mkdtemp(prefix="nnbook-robust-"))
    environment = data_environment()
    started = time.perf_counter()
    runs = _run_all(configurations, workspace, environment, arguments)
    minutes = (time.perf_counter() - started) / 60
    table = _table(runs, minutes)
    print(table)
    if output:
        output.write_text(table)
        print(f"written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    failed = [run["name"] for run in runs if run["failed"]]
    if failed or arguments.keep:
        print(f"each configuration's output is in {workspace}", file=sys.stderr)
    else:
        shutil.rmtree(workspace)
    if failed:
        print(f"FAILED under: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def data_environment():
    """The environment every run starts from: MNIST found once (downloaded if need be) and then
    read by every run from the same folder, so no run downloads anything (bench.build uses it too)."""
    environment = dict(os.environ)
    environment.pop("OPENBLAS_CORETYPE", None)
    environment.pop("NNBOOK_SEED_OFFSET", None)
    if not environment.get("NNBOOK_DATA_DIR"):
        from nnbook.data import load_mnist
        from nnbook.files import cache_folder

        load_mnist()
        environment["NNBOOK_DATA_DIR"] = str(cache_folder("mnist"))
    return environment


def _commands(kernel, offset, folder, arguments):
    """What one configuration runs, each command with the variables it adds: the code blocks
    always, logging their claims; the unit tests under each kernel (their claims are not the
    book's, so they are not logged)."""
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    commands = [(pytest + ["--codeblocks", *arguments.pages], {"NNBOOK_CLAIMS_LOG": str(folder / "claims.jsonl")})]
    if offset == 0 and not arguments.no_unit_tests:
        commands.append((pytest + ["tests", "-m", "not browser"], {}))
    return commands


def _run_all(configurations, workspace, environment, arguments):
    """Run the configurations, ``--jobs`` at a time; one dict per configuration."""
    pending = collections.deque(configurations)
    running, finished = [], []
    while pending or running:
        while pending and len(running) < arguments.jobs:
            kernel, offset = pending.popleft()
            running.append(_start(kernel, offset, workspace, environment, arguments))
        time.sleep(1)
        for run in [run for run in running if run["process"].poll() is not None]:
            running.remove(run)
            if run["process"].returncode == 0 and run["commands"]:
                run["process"] = _next_command(run)
                running.append(run)
                continue
            run["failed"] = run["process"].returncode != 0
            run["seconds"] = time.perf_counter() - run["started"]
            print(f"{run['name']}: {'FAILED' if run['failed'] else 'passed'} in {run['seconds']:.0f} s", flush=True)
            finished.append(run)
    order = {f"{kernel}, seed +{offset}": i for i, (kernel, offset) in enumerate(configurations)}
    return sorted(finished, key=lambda run: order[run["name"]])


def _start(kernel, offset, workspace, environment, arguments):
    name = f"{kernel}, seed +{offset}"
    folder = workspace / f"{kernel}-{offset}"
    folder.mkdir()
    environment = {
        **{key: value for key, value in environment.items() if key != "NNBOOK_CLAIMS_LOG"},
        "XDG_CACHE_HOME": str(cache_home(kernel, offset)),  # networks trained under this kernel and seed only
        "NNBOOK_SEED_OFFSET": str(offset),
        "MPLBACKEND": "Agg",
    }
    if kernel != "default":
        environment["OPENBLAS_CORETYPE"] = kernel
    run = {
        "name": name,
        "kernel": _kernel_in_use(environment),
        "folder": folder,
        "environment": environment,
        "commands": _commands(kernel, offset, folder, arguments),
        "started": time.perf_counter(),
        "failed": False,
    }
    print(f"{name}: starting (OpenBLAS {run['kernel']})", flush=True)
    run["process"] = _next_command(run)
    return run


def cache_home(kernel, offset, variables=os.environ):
    """The XDG_CACHE_HOME of one configuration, kept between runs: the book's own for the default
    kernel and the book's seeds, when ``variables`` set neither another kernel nor an offset (its
    networks are the build's); else a folder of its own under $XDG_CACHE_HOME/nnbook/robust/."""
    from nnbook import environment
    from nnbook.files import cache_folder

    own = (kernel, offset) == ("default", 0) and not any(variables.get(name) for name in environment.RESULTS)
    return environment.cache_home().parent if own else cache_folder("robust") / f"{kernel}-seed-{offset}"


def _next_command(run):
    command, variables = run["commands"].pop(0)
    log = open(run["folder"] / "output.log", "a")
    log.write(f"$ {' '.join(command)}\n")
    log.flush()
    environment = {**run["environment"], **variables}
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)


def _kernel_in_use(environment):
    """The OpenBLAS kernel NumPy picks in a process with this environment."""
    script = "import numpy, threadpoolctl; print(threadpoolctl.threadpool_info()[0].get('architecture', '?'))"
    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True)
    return result.stdout.strip() or "?"


def _claims(run):
    """{(page, claim): entry} of one run (the last entry when a claim is checked twice)."""
    path = run["folder"] / "claims.jsonl"
    entries = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    return {(entry["page"], entry["claim"]): entry for entry in entries}


def _margin(entry):
    """How far the value is inside its bounds (negative: outside); None for a true/false claim."""
    if entry["above"] is None and entry["below"] is None:
        return None
    gaps = []
    if entry["above"] is not None:
        gaps.append(entry["value"] - entry["above"])
    if entry["below"] is not None:
        gaps.append(entry["below"] - entry["value"])
    return min(gaps)


def _number(value):
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if value == 0 or 0.001 <= abs(value) < 10_000:
        return f"{value:.4g}"
    return f"{value:.2e}"


def _bounds(entry):
    above, below = entry["above"], entry["below"]
    if above is None and below is None:
        return "true"
    if above is not None and below is not None:
        return f"({_number(above)}, {_number(below)})"
    return f"> {_number(above)}" if above is not None else f"< {_number(below)}"


def _table(runs, minutes):
    claims = [_claims(run) for run in runs]
    keys = list(dict.fromkeys(key for run_claims in claims for key in run_claims))
    lines = [
        "# make robust: the book's claims under other BLAS kernels and seeds",
        "",
        f"Measured {datetime.date.today().isoformat()} on {machine.cpu_model()} ({os.cpu_count()} cores), "
        f"Python {platform.python_version()}; the whole check took {minutes:.0f} minutes.",
        "Each column is one configuration: the OpenBLAS kernel in use and the offset added to every",
        "recipe's seed. Margin: the smallest distance, over all configurations, between a value and",
        "its bound (in the value's own units). `-`: the claim was not reached in that configuration.",
        "",
        "| configuration | " + " | ".join(f"{run['kernel']}, seed +{run['environment']['NNBOOK_SEED_OFFSET']}" for run in runs) + " |",
        "| --- | " + " | ".join("---" for _ in runs) + " |",
        "| result | " + " | ".join(f"{'FAILED' if run['failed'] else 'passed'} ({run['seconds']:.0f} s)" for run in runs) + " |",
        "",
        "| page | claim | bounds | " + " | ".join(f"#{i + 1}" for i in range(len(runs))) + " | margin |",
        "| --- | --- | --- | " + " | ".join("---:" for _ in runs) + " | ---: |",
    ]
    for key in keys:
        entries = [run_claims.get(key) for run_claims in claims]
        reached = [entry for entry in entries if entry]
        margins = [_margin(entry) for entry in reached]
        margin = "" if None in margins else _number(min(margins))
        values = [_number(entry["value"]) + ("" if entry["holds"] else " FAILS") if entry else "-" for entry in entries]
        page, text = key
        lines.append(f"| {Path(page).name} | {text} | {_bounds(reached[0])} | " + " | ".join(values) + f" | {margin} |")
    lines += ["", "Columns: " + "; ".join(f"#{i + 1} = {run['name']} (OpenBLAS {run['kernel']})" for i, run in enumerate(runs)), ""]
    return "\n".join(lines)



if __name__ == "__main__":
    sys.exit(main())
