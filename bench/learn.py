"""How fast the "Train it yourself" page (docs/learn.md) trains in a reader's browser, measured in
headless Chromium on the built site (``make bench`` builds it first).

With the page's default settings (784-16-16-10, sigmoid, learning rate 0.5, mini-batches of 10,
shifted digits), ``measure()`` presses Start training, lets the network train for
``TRAIN_SECONDS`` (and ``EPOCHS`` epochs at least), then reports:

- the seconds of each of the first ``EPOCHS`` epochs over the 12,000 training digits, as the
  page's worker times them: the mini-batch steps alone, and the whole epoch with its ten
  measurements on the 2,000 test digits (the curves' points);
- the seconds from pressing the button to the page showing at least 90% on the test digits,
  fetching and unpacking the digits included: on the accuracy curve, which shows every
  measurement, and in the accuracy's text, which shows the latest at each redraw;
- the longest task on the page's main thread while it trains (the Long Tasks API reports every
  task of 50 ms or more; none means none that long), and the longest gap between two frames;
- how often the pictures are redrawn while it trains: the longest gap between two redraws;
- the bytes transferred: the page when it opens, and the digits when the button is pressed.

``python -m bench.learn`` measures these alone and writes them into bench/results.json under
"browser_training", leaving the rest of the file as it was; ``make bench`` measures them with the rest.
"""

import datetime
import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path

from bench import machine
from nnbook.files import write_atomically

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
RESULTS = Path(__file__).resolve().parent / "results.json"
CHROMIUM = Path("/usr/bin/chromium")

EPOCHS = 5  # epochs timed
ACCURACY = 0.9  # the test accuracy whose arrival is timed
TRAIN_SECONDS = 30  # how long it trains: the main thread and the redraws are watched all along
EPOCH_GOAL = 2.0  # seconds per epoch of 12,000 digits at mini-batches of 10 (the median of EPOCHS)
ACCURACY_GOAL = 30.0  # seconds from pressing the button to 90% on the test digits
LONG_TASK_GOAL = 50.0  # milliseconds: no main-thread task this long while training
REDRAW_GOAL = 0.5  # seconds: the pictures redrawn at least twice a second

# Before the page's script: its debug hook (window.nnbookLearn), the main thread's long tasks, the
# frames, and every change of the accuracy the page shows, each with its time (performance.now()).
WATCH = """
window.NNBOOK_DEBUG = true;
window.bench = {longTasks: [], frames: [], shown: []};
new PerformanceObserver((list) => list.getEntries().forEach((task) => bench.longTasks.push([task.startTime, task.duration])))
  .observe({type: 'longtask', buffered: true});
const frame = (time) => { bench.frames.push(time); requestAnimationFrame(frame); };
requestAnimationFrame(frame);
document.addEventListener('DOMContentLoaded', () => {
  const accuracy = document.getElementById('learn-accuracy');
  new MutationObserver(() => bench.shown.push([performance.now(), accuracy.textContent]))
    .observe(accuracy, {childList: true, characterData: true, subtree: true});
});
"""
PRESS = "() => { bench.pressed = performance.now(); document.getElementById('learn-train').click(); }"
TIMED = f"() => {{ const s = window.nnbookLearn.state().snapshot; return s && s.epoch >= {EPOCHS}; }}"


def served(folder):
    """An HTTP server for ``folder`` on a free port of 127.0.0.1, serving in a thread."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(site=SITE):
    """The page's figures, measured in headless Chromium on the built ``site``."""
    from playwright.sync_api import sync_playwright

    if not (site / "learn" / "index.html").exists():
        raise RuntimeError(f"{site} has no page learn/: run `make build` first")
    load_before = machine.load_average()
    server = served(site)
    url = f"http://127.0.0.1:{server.server_port}/learn/"
    try:
        with sync_playwright() as playwright:
            options = {"executable_path": str(CHROMIUM)} if CHROMIUM.exists() else {}
            browser = playwright.chromium.launch(args=["--headless", "--no-sandbox", "--disable-gpu",
                                                       "--disable-background-networking"], **options)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.add_init_script(WATCH)
            transferred = {}
            page.on("requestfinished", lambda request: transferred.__setitem__(
                request.url, len(request.response().body()) + request.sizes()["responseHeadersSize"]))
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            at_load = sum(transferred.values())
            started = time.perf_counter()
            page.evaluate(PRESS)
            page.wait_for_timeout(TRAIN_SECONDS * 1000)
            page.wait_for_function(TIMED, timeout=TRAIN_SECONDS * 1000, polling=1000)  # a slow machine: longer
            seen = page.evaluate("() => ({bench, state: window.nnbookLearn.state()})")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {
        **figures(seen, at_load, transferred, time.perf_counter() - started),
        "measured_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "load_average_before": load_before, "load_average_after": machine.load_average(),
    }


def figures(seen, at_load, transferred, seconds):
    """The measurements, from what the page recorded (``seen``: its ``bench`` and its debug
    state), the bytes of every response and the seconds the whole run took."""
    bench, state = seen["bench"], seen["state"]
    pressed = bench["pressed"]
    epochs = state["snapshot"]["epochSeconds"][:EPOCHS]
    walls = sorted(epoch["wall"] for epoch in epochs)
    reached = next((point["shown"] for point in state["points"] if point["testAccuracy"] >= ACCURACY), None)
    in_text = next((at for at, text in bench["shown"] if percent_shown(text) >= 100 * ACCURACY), None)
    training = [at for at in state["redrawn"] if at >= pressed]
    frames = [at for at in bench["frames"] if at >= pressed]
    digits = [size for url, size in transferred.items() if url.endswith("/learn/digits.gz")]
    return {
        "sizes": state["snapshot"]["sizes"],
        "activation": state["snapshot"]["activation"],
        "learning_rate": state["snapshot"]["learningRate"],
        "batch_size": state["snapshot"]["batchSize"],
        "shift": state["snapshot"]["shift"],
        "training_digits": state["snapshot"]["count"],
        "test_digits": state["snapshot"]["testCount"],
        "epoch_seconds": [epoch["wall"] for epoch in epochs],
        "epoch_step_seconds": [epoch["steps"] for epoch in epochs],
        "median_epoch_seconds": walls[len(walls) // 2],
        "seconds_to_accuracy": None if reached is None else (reached - pressed) / 1000,
        "seconds_to_accuracy_in_text": None if in_text is None else (in_text - pressed) / 1000,
        "accuracy": ACCURACY,
        "first_shown_seconds": (bench["shown"][0][0] - pressed) / 1000 if bench["shown"] else None,
        "long_tasks_ms": [duration for start, duration in bench["longTasks"] if start >= pressed],
        "long_tasks_at_seconds": [(start - pressed) / 1000 for start, duration in bench["longTasks"] if start >= pressed],
        "longest_frame_gap_ms": max(b - a for a, b in zip(frames, frames[1:])),
        "redraws_per_second": (len(training) - 1) / ((training[-1] - training[0]) / 1000),
        "longest_redraw_gap_seconds": max(b - a for a, b in zip(training, training[1:])) / 1000,
        "bytes_at_load": at_load,
        "digits_bytes": digits[0] if digits else None,
        "run_seconds": seconds,
    }


def percent_shown(text):
    """The number of a percentage the page shows, such as "91.4%", or 0 for none yet ("–")."""
    try:
        return float(text.rstrip("%"))
    except ValueError:
        return 0.0


def goals(measured):
    """Each goal of the page's speed, as bench/run.py's ``goals`` gives the others: the figure aimed
    for and the measured one (``aim`` and ``measured`` in words, for the Performance page) and
    whether it is met."""
    longest_task = max(measured["long_tasks_ms"], default=0.0)
    to_accuracy = measured["seconds_to_accuracy"]
    epoch = measured["median_epoch_seconds"]
    redraw = measured["longest_redraw_gap_seconds"]
    return {
        "browser_epoch_seconds": {
            "aim": f"in the browser, an epoch of 12,000 digits in at most {EPOCH_GOAL:g} s",
            "measured": f"{epoch:.2f} s", "goal": EPOCH_GOAL, "seconds": epoch, "met": epoch <= EPOCH_GOAL,
        },
        "browser_seconds_to_90_percent": {
            "aim": f"in the browser, 90% of the test digits right within {ACCURACY_GOAL:g} s of pressing Start",
            "measured": "not reached" if to_accuracy is None else f"{to_accuracy:.1f} s",
            "goal": ACCURACY_GOAL, "seconds": to_accuracy,
            "met": to_accuracy is not None and to_accuracy <= ACCURACY_GOAL,
        },
        "browser_longest_main_thread_task_ms": {
            "aim": f"the page answering while it trains: no task on its main thread of {LONG_TASK_GOAL:g} ms or more",
            "measured": f"the longest took {longest_task:.0f} ms" if measured["long_tasks_ms"] else "none took that long",
            "goal": LONG_TASK_GOAL,
            "milliseconds": longest_task, "met": longest_task < LONG_TASK_GOAL,
        },
        "browser_longest_gap_between_redraws": {
            "aim": f"the pictures redrawn at least every {REDRAW_GOAL:g} s while it trains",
            "measured": f"the longest gap was {redraw:.2f} s", "goal": REDRAW_GOAL, "seconds": redraw,
            "met": redraw <= REDRAW_GOAL,
        },
    }


def report(measured):
    """The figures as lines of text."""
    longest = max(measured["long_tasks_ms"], default=None)
    return [
        f"  epochs of {measured['training_digits']:,} digits at mini-batches of {measured['batch_size']}: "
        + ", ".join(f"{s:.2f}" for s in measured["epoch_seconds"]) + " s (steps alone: "
        + ", ".join(f"{s:.2f}" for s in measured["epoch_step_seconds"]) + ")",
        f"  {measured['accuracy']:.0%} on the {measured['test_digits']:,} test digits after pressing the button: "
        + ", ".join(f"{where} {'not reached' if seconds is None else f'{seconds:.1f} s'}" for where, seconds in (
            ("on the curve", measured["seconds_to_accuracy"]), ("in the text", measured["seconds_to_accuracy_in_text"]))),
        "  longest main-thread task while training: "
        + (f"{longest:.0f} ms ({len(measured['long_tasks_ms'])} of 50 ms or more, at "
           + ", ".join(f"{at:.1f}" for at in measured["long_tasks_at_seconds"]) + " s)" if longest is not None
           else "none of 50 ms or more")
        + f"; longest gap between frames {measured['longest_frame_gap_ms']:.0f} ms",
        f"  pictures redrawn {measured['redraws_per_second']:.1f} times a second, "
        f"longest gap {measured['longest_redraw_gap_seconds']:.2f} s",
        f"  bytes: {measured['bytes_at_load']:,} when the page opens, {measured['digits_bytes']:,} for the digits",
    ]


def main():
    """Measure the page alone and write its figures and goals into bench/results.json."""
    measured = measure()
    print("\n".join(report(measured)))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["browser_training"] = measured
    results.setdefault("goals", {}).update(goals(measured))
    text = json.dumps(results, indent=1) + "\n"
    write_atomically(RESULTS, lambda file: file.write(text.encode()))
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
