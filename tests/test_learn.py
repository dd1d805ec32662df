"""The "Train it yourself" page (docs/learn.md) in Chromium: its worker learns exactly as nnbook
does, its digits are nnbook's, its controls work from the keyboard, the network it hands to Draw a
digit answers there as it does in the worker, and every reader (a phone, dark mode, a screen
reader, reduced motion) can follow it.

The tests ask the page's worker through ``window.nnbookLearn``, a hook the page's script adds
only when the test sets ``window.NNBOOK_DEBUG`` before it runs: ``ask(what, request)`` runs the
worker's own functions (its slopes, its step, its feedforward) on the weights and digits the test
gives, and ``state()`` is what the page has been shown. No test times anything: the page's speed
is measured by ``make bench`` (bench/learn.py).
"""

import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from nnbook import Network
from nnbook.site import export, learn_export

pytestmark = pytest.mark.browser

DEBUG = "window.NNBOOK_DEBUG = true"
# Every change of the live region, in order (run before the page's script, on every page the test opens).
LISTEN = DEBUG + """;
window.announced = [];
document.addEventListener('DOMContentLoaded', () => {
  const region = document.getElementById('learn-announce');
  if (region) new MutationObserver(() => window.announced.push(region.textContent))
    .observe(region, {childList: true, characterData: true, subtree: true});
});"""
RELATIVE = 1e-5  # the worker's slopes and steps against nnbook's: the largest difference over the largest value
STATE = "window.nnbookLearn.state()"


def open_learn_page(visit, site_url, **options):
    visited = visit(site_url + "learn/", init_script=LISTEN, **options)
    assert not any("digits.gz" in url for url in visited.requests), "the digits were fetched before any button was pressed"
    return visited


def wait_for_steps(page, at_least):
    page.wait_for_function(f"(() => {{ const s = {STATE}.snapshot; return s && s.steps >= {at_least}; }})()", timeout=60_000)
    return page.evaluate(STATE)


def wait_for_new_network(page):
    page.wait_for_function(f"(() => {{ const s = {STATE}.snapshot; return s && s.steps === 0; }})()")


def pause(page):
    """Press Pause and wait until the page shows the network the worker has stopped at."""
    assert page.inner_text("#learn-train") == "Pause"
    page.click("#learn-train")
    # The worker answers in order: this answer comes after the snapshot it sends on pausing.
    page.evaluate("window.nnbookLearn.ask('digests')")
    page.evaluate("new Promise(done => requestAnimationFrame(() => done()))")  # and it is shown
    state = page.evaluate(STATE)
    assert not state["running"]
    return state


def percent(fraction):
    """A fraction as the page writes it, such as "91.4%" (JavaScript's toFixed rounds halves up)."""
    return f"{Decimal(100 * fraction).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def no_errors_and_nothing_foreign(visited):
    assert visited.console_errors == [] and visited.page_errors == []
    assert visited.foreign_requests() == []


def network_with_biases(sizes, activation, seed):
    """A float64 nnbook network with biases that are not all 0, and the same as the JSON the worker gets."""
    network = Network(sizes, activation=activation, seed=seed, dtype=np.float64)
    rng = np.random.default_rng(seed)
    for layer, b in enumerate(network.biases):
        b[:] = rng.normal(0, 0.5, len(b))
    # float32 numbers, as the worker keeps them, held in float64 for nnbook's reference
    network.weights = [w.astype(np.float32).astype(np.float64) for w in network.weights]
    network.biases = [b.astype(np.float32).astype(np.float64) for b in network.biases]
    given = {"sizes": sizes, "activation": activation, "weights": [w.ravel().tolist() for w in network.weights],
             "biases": [b.tolist() for b in network.biases]}
    return network, given


def moved(image, across, down):
    """A digit moved ``across`` and ``down`` pixels, as nnbook.data.shifted_copies moves one: the pixels
    moved out of the frame are lost, those moved in are blank."""
    picture = np.zeros((28 + 2, 28 + 2), image.dtype)
    picture[1 + down : 29 + down, 1 + across : 29 + across] = image.reshape(28, 28)
    return picture[1:29, 1:29].ravel()


def relative_difference(got, expected):
    return np.abs(np.asarray(got) - expected).max() / np.abs(expected).max()


# ---------------------------------------------------------------------------------------------


def test_the_worker_reads_nnbooks_digits_and_learns_as_nnbook_does(visit, site_url, mnist):
    """One step pressed from the keyboard fetches the digits. They are the first 12,000 training
    and 2,000 test digits, byte for byte and as float32 pixels, and in at most 3 MB. On those digits
    and the same weights, the worker's slopes equal nnbook's backprop (sigmoid and ReLU, one and
    two hidden layers, digits shifted as nnbook shifts them) and its step equals one step of
    nnbook's plain gradient descent."""
    visited = open_learn_page(visit, site_url)
    page = visited.page
    page.focus("#learn-step")
    page.keyboard.press("Enter")
    wait_for_steps(page, 1)
    fetched = [url for url in visited.requests if "digits.gz" in url]
    assert len(fetched) == 1 and fetched[0] == site_url + "learn/digits.gz"
    for _ in range(100):  # Playwright reports the response's end a little after the worker has read it
        if fetched[0] in visited.transferred:
            break
        page.wait_for_timeout(100)
    assert visited.transferred[fetched[0]] <= 3_000_000
    assert page.evaluate(STATE)["transferred"] <= 3_000_000

    digests = page.evaluate("window.nnbookLearn.ask('digests')")
    for name, images, labels, count in (("train", mnist.train_images, mnist.train_labels, learn_export.TRAIN_DIGITS),
                                        ("test", mnist.test_images, mnist.test_labels, learn_export.TEST_DIGITS)):
        pixels = np.rint(images[:count] * 255).astype(np.uint8).tobytes()
        assert digests[name] == {"count": count, "pixels": hashlib.sha256(pixels).hexdigest(),
                                 "labels": hashlib.sha256(labels[:count].astype(np.uint8).tobytes()).hexdigest()}, name
    some = [0, 1, 5_000, 11_999]
    seen = np.array(page.evaluate("indices => window.nnbookLearn.ask('images', {set: 'train', indices})", some), np.float32)
    assert np.array_equal(seen, mnist.train_images[some])  # the very float32 numbers nnbook trains on
    seen = np.array(page.evaluate("indices => window.nnbookLearn.ask('images', {set: 'test', indices})", [0, 1_999]), np.float32)
    assert np.array_equal(seen, mnist.test_images[[0, 1_999]])

    rng = np.random.default_rng(20)
    moves = [[across, down] for across in (-1, 0, 1) for down in (-1, 0, 1)] + [[1, 1]]  # 10, one per digit
    for sizes, activation, shift in (([784, 16, 16, 10], "sigmoid", False), ([784, 16, 16, 10], "relu", False),
                                     ([784, 32, 10], "sigmoid", False), ([784, 32, 10], "relu", False),
                                     ([784, 16, 16, 10], "sigmoid", True)):
        network, given = network_with_biases(sizes, activation, seed=len(sizes))
        indices = sorted(rng.choice(learn_export.TRAIN_DIGITS, 10, replace=False).tolist())
        request = {"network": given, "indices": indices, "moves": moves if shift else None}
        slopes = page.evaluate("r => window.nnbookLearn.ask('slopes', r)", request)
        images = np.array([moved(image, *move) for image, move in zip(mnist.train_images[indices], moves)]) if shift \
            else mnist.train_images[indices]
        weights, biases = network.backprop(images, mnist.train_labels[indices])
        for layer, (expected, got) in enumerate(zip(weights + biases, slopes["weights"] + slopes["biases"])):
            difference = relative_difference(np.reshape(got, expected.shape), expected)
            assert difference <= RELATIVE, f"{sizes} {activation} {shift=}: slopes {layer} differ from nnbook's by {difference:.1e}"
        assert min(np.abs(w).max() for w in weights) > 1e-3, "slopes near 0: a test that cannot fail"
    seen = page.evaluate("r => window.nnbookLearn.ask('images', r)", {"set": "train", "indices": list(range(10)), "moves": moves})
    assert np.array_equal(np.array(seen, np.float32), [moved(image, *move) for image, move in zip(mnist.train_images[:10], moves)])
    assert not np.array_equal(np.array(seen[0], np.float32), mnist.train_images[0])

    network, given = network_with_biases([784, 16, 16, 10], "sigmoid", seed=4)
    indices = list(range(100, 107))  # a mini-batch of 7
    stepped = page.evaluate("r => window.nnbookLearn.ask('step', r)", {"network": given, "indices": indices, "learningRate": 0.5})
    before = network.copy()
    network.train(mnist.train_images[indices], mnist.train_labels[indices], epochs=1, batch_size=7, learning_rate=0.5,
                  optimizer="sgd", progress=False)  # one step of plain gradient descent on the same 7 digits
    for layer, (start, expected, got) in enumerate(zip(before.weights + before.biases, network.weights + network.biases,
                                                       stepped["weights"] + stepped["biases"])):
        step = expected - start
        assert np.abs(step).max() > 1e-4, "the step moved nothing: a test that cannot fail"
        difference = np.abs(np.reshape(got, expected.shape) - expected).max() / np.abs(step).max()
        assert difference <= RELATIVE, f"after one step, knobs {layer} differ from nnbook's by {difference:.1e} of the step"
    no_errors_and_nothing_foreign(visited)


def test_pause_step_reset_and_the_settings_from_the_keyboard(visit, site_url):
    """Every control is reached with Tab in the page's order and works with Enter or Space; a
    reset from the same seed gives the same network and the same steps; bad values are refused
    next to their field and change nothing; good ones apply (the rate and mini-batch size at
    once, the rest at the reset). axe-core finds nothing serious once the network has trained."""
    from tests.test_browser import AXE_SERIOUS, axe_violations

    visited = open_learn_page(visit, site_url)
    page = visited.page
    page.focus("#learn-train")
    order = ["learn-train"]
    while order[-1]:
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    assert order == ["learn-train", "learn-step", "learn-reset", "learn-rate", "learn-batch", "learn-shift", "learn-hidden",
                     "learn-activation", "learn-seed", ""], order  # past the curves and the pictures, the settings
    # then out of the app (its HTML has no links: raw ones would break in the offline copy)
    assert page.evaluate("!document.getElementById('learn-app').contains(document.activeElement)")

    def press(control, key="Enter"):
        page.focus(f"#{control}")
        page.keyboard.press(key)

    def first_layer():
        return np.array(page.evaluate("window.nnbookLearn.firstLayer()"))

    press("learn-train")  # fetches the digits, makes a network, trains
    wait_for_steps(page, 300)
    assert page.inner_text("#learn-train") == "Pause"
    state = pause(page)
    assert page.inner_text("#learn-train") == "Go on training"
    assert page.inner_text("#learn-steps") == f"{state['snapshot']['steps']:,}"
    assert page.inner_text("#learn-accuracy") == percent(state["points"][-1]["testAccuracy"])
    assert len(page.locator("#learn-weights canvas").all()) == 16
    assert axe_violations(page, AXE_SERIOUS) == []

    # One step at a time, with Space
    steps = state["snapshot"]["steps"]
    press("learn-step", " ")
    wait_for_steps(page, steps + 1)
    press("learn-step", " ")
    state = wait_for_steps(page, steps + 2)
    assert state["snapshot"]["steps"] == steps + 2 and not state["running"]

    # Reset from a seed: the same network, and the same steps after it
    page.fill("#learn-seed", "7")
    press("learn-reset")
    wait_for_new_network(page)
    start = first_layer()
    for _ in range(3):
        press("learn-step")
    wait_for_steps(page, 3)
    after = first_layer()
    assert not np.array_equal(after, start)
    press("learn-reset")
    wait_for_new_network(page)
    assert np.array_equal(first_layer(), start)
    for _ in range(3):
        press("learn-step")
    wait_for_steps(page, 3)
    assert np.array_equal(first_layer(), after)
    page.fill("#learn-seed", "8")
    press("learn-reset")
    wait_for_new_network(page)
    assert not np.array_equal(first_layer(), start)

    # Bad values are refused next to their field and change nothing
    refused = {
        "learn-rate": (["-1", "0", "abc", ""], "Refused: Give a number above 0 and at most 100, such as 0.5."),
        "learn-batch": (["0", "2.5", "12001"], "Refused: Give a whole number from 1 to 12,000, such as 10."),
        "learn-hidden": (["16 16 16", ""], "Refused: Give one or two hidden layers, such as 16 16."),
        "learn-seed": (["-3", "x"], "Refused: Give a whole number from 0 to 4,294,967,295, such as 0."),
    }
    for field, (values, message) in refused.items():
        for value in values:
            page.fill(f"#{field}", value)
            page.keyboard.press("Enter")
            assert page.inner_text(f"#{field}-message") == message, (field, value)
            assert page.get_attribute(f"#{field}", "aria-invalid") == "true"
    page.fill("#learn-hidden", "16 64")
    page.keyboard.press("Enter")
    assert page.inner_text("#learn-hidden-message") == "Refused: Each hidden layer has from 1 to 32 neurons."
    assert "learning rate 0.5, mini-batches of 10" in page.inner_text("#learn-status")
    press("learn-reset")  # refused: a field is bad, so no new network
    assert page.evaluate("document.activeElement.id") == "learn-rate"
    assert page.evaluate(f"{STATE}.snapshot.sizes") == [784, 16, 16, 10]

    # Good values: the rate and the mini-batch size at once, the rest at the reset
    for field, value in (("learn-rate", "0.1"), ("learn-batch", "32"), ("learn-hidden", "32"), ("learn-seed", "3")):
        page.fill(f"#{field}", value)
        page.keyboard.press("Enter")
        assert page.inner_text(f"#{field}-message") == "" and page.get_attribute(f"#{field}", "aria-invalid") is None
    page.wait_for_function("document.getElementById('learn-status').textContent.includes('learning rate 0.1, mini-batches of 32, shifted')")
    press("learn-shift", " ")  # unticked: at once
    page.wait_for_function(f"{STATE}.snapshot.shift === false")
    assert "learning rate 0.1, mini-batches of 32" in page.inner_text("#learn-status")
    assert "shifted" not in page.inner_text("#learn-status")
    page.focus("#learn-activation")
    page.keyboard.press("ArrowDown")  # ReLU
    assert page.evaluate(f"{STATE}.snapshot.sizes") == [784, 16, 16, 10]
    press("learn-reset")
    page.wait_for_function(f"(() => {{ const s = {STATE}.snapshot; return s && s.sizes.length === 3; }})()")
    snapshot = page.evaluate(f"{STATE}.snapshot")
    assert (snapshot["sizes"], snapshot["activation"], snapshot["learningRate"], snapshot["batchSize"]) == ([784, 32, 10], "relu", 0.1, 32)
    press("learn-step")
    wait_for_steps(page, 1)
    assert len(page.locator("#learn-weights canvas").all()) == 32
    assert "784-32-10 (ReLU)" in page.inner_text("#learn-status")
    no_errors_and_nothing_foreign(visited)


def test_the_network_handed_to_draw_a_digit_answers_there_as_in_the_worker(visit, site_url, built_site, mnist):
    """Trained a little, then handed over: Draw a digit says it runs the reader's network, and on
    each of its real test digits every layer's activations equal the worker's; switching back
    gives the book's network again."""
    visited = open_learn_page(visit, site_url)
    page = visited.page
    page.click("#learn-train")
    wait_for_steps(page, 600)
    pause(page)
    _, labels, indices = export.digits_from_data(json.loads((built_site / "draw" / "digits.json").read_text()))
    assert indices.max() < learn_export.TEST_DIGITS  # the worker has them
    in_worker = page.evaluate("indices => window.nnbookLearn.ask('activations', {set: 'test', indices})", indices.tolist())
    by_image = {mnist.test_images[index].tobytes(): layers for index, layers in zip(indices, in_worker)}
    every_test_digit = page.evaluate("n => window.nnbookLearn.ask('activations', {set: 'test', indices: [...Array(n).keys()]})",
                                     learn_export.TEST_DIGITS)

    page.click("#learn-try")
    page.wait_for_url(site_url + "draw/")
    # ?. : the predicate may run while the new page's document is still empty
    page.wait_for_function("!(document.getElementById('draw-status')?.textContent ?? 'Loading').startsWith('Loading')")
    status = page.inner_text("#draw-status")
    accuracy = page.evaluate("JSON.parse(localStorage.getItem('nnbook-readers-network')).test_accuracy")
    assert status.startswith("The network here is yours, trained on Train it yourself for")
    assert "784-16-16-10 (sigmoid)" in status and f"{percent(accuracy)} of the first 2,000 test digits" in status
    assert accuracy == np.mean(np.argmax([layers[-1] for layers in every_test_digit], axis=1) == mnist.test_labels[:2_000])
    right = 0
    for _ in range(len(indices)):
        page.click("#draw-example")
        layers = page.evaluate("window.nnbookDraw.activations()")
        expected = by_image[np.array(layers[0], np.float32).tobytes()]  # which test digit it shows
        for layer, (got, want) in enumerate(zip(layers[1:], expected), start=1):
            difference = np.abs(np.array(got) - want).max()
            assert difference <= 1e-5, f"layer {layer}: Draw a digit differs from the worker by {difference:.1e}"
        assert page.inner_text("#draw-answer").strip().startswith(str(int(np.argmax(expected[-1]))))
        right += int(np.argmax(expected[-1])) == labels[list(by_image).index(np.array(layers[0], np.float32).tobytes())]
    assert right >= len(indices) // 2, "the handed-over network reads fewer than half its digits: not the trained one"

    page.click("#draw-book-network")
    page.wait_for_function("document.getElementById('draw-status')?.textContent.startsWith(\"The network here is the book's\")")
    assert page.evaluate("localStorage.getItem('nnbook-readers-network')") is None
    no_errors_and_nothing_foreign(visited)


def test_a_phone_in_dark_mode_with_reduced_motion_and_a_screen_reader(visit, site_url):
    """At 390 px with a finger, in dark mode: a tap starts training, nothing is wider than the
    screen, axe-core finds nothing serious; the live region says the accuracy once per epoch, and
    nothing else; with reduced motion the pictures change at most every 2 seconds."""
    from tests.test_browser import AXE_SERIOUS, PAGE_OVERFLOW, axe_violations

    visited = open_learn_page(visit, site_url, color_scheme="dark", viewport=(390, 844), has_touch=True, is_mobile=True,
                              reduced_motion="reduce")
    page = visited.page
    page.tap("#learn-train")
    page.wait_for_function(f"(() => {{ const s = {STATE}.snapshot; return s && s.epoch >= 2 && {STATE}.redrawn.length >= 3; }})()",
                           timeout=120_000)
    redrawn = page.evaluate(f"{STATE}.redrawn")[1:]  # after the new network's: one per snapshot while training
    state = pause(page)
    # every 2 seconds, give or take a busy page's delays (every quarter second without reduced motion)
    assert np.diff(redrawn).min() >= 1_500, "reduced motion: the pictures changed more often than every 2 seconds"
    assert page.evaluate(PAGE_OVERFLOW) == []
    assert axe_violations(page, AXE_SERIOUS) == []
    accuracy_after = {point["epoch"]: point["testAccuracy"] for point in state["points"] if point["epoch"] == int(point["epoch"])}
    announced = page.evaluate("window.announced")
    epochs = [int(text.split(":")[0].removeprefix("After epoch ")) for text in announced]
    assert announced == [f"After epoch {k}: {percent(accuracy_after[k])} of the 2,000 test digits right." for k in epochs]
    assert epochs == sorted(set(epochs)) and 1 <= len(epochs) <= state["snapshot"]["epoch"], "more than once per epoch"

    page.emulate_media(reduced_motion="no-preference")  # the reader changes their mind: faster again
    page.tap("#learn-train")
    done = len(page.evaluate(f"{STATE}.redrawn"))
    page.wait_for_function(f"{STATE}.redrawn.length >= {done + 8}", timeout=60_000)
    gaps = np.diff(page.evaluate(f"{STATE}.redrawn")[done + 1:])
    assert np.median(gaps) < 1_000
    no_errors_and_nothing_foreign(visited)


@pytest.mark.parametrize("answer, message", [
    ({"status": 404}, "The digits could not be loaded: the digits could not be fetched: "),
    ({"status": 200, "body": b"not digits at all"}, "The digits could not be loaded: the digits file is not nnbook's; build the book again."),
])
def test_digits_that_fail_to_load_get_a_clear_message(visit, site_url, answer, message):
    visited = open_learn_page(visit, site_url)
    page = visited.page
    page.context.route("**/learn/digits.gz", lambda route: route.fulfill(**answer))
    page.click("#learn-train")
    page.wait_for_function("document.getElementById('learn-status').classList.contains('learn-error')")
    assert page.inner_text("#learn-status").startswith(message)
    assert page.inner_text("#learn-status").endswith("Reload the page to try again.")
    assert page.inner_text("#learn-announce") == page.inner_text("#learn-status")
    assert page.inner_text("#learn-train") == "Start training"


def test_opened_from_a_file_it_says_why_it_cannot_train(visit, built_site):
    """The offline copy is opened from file://, where no worker can start: the page says so and
    offers no button that would fail."""
    visited = visit((built_site / "learn" / "index.html").resolve().as_uri())
    page = visited.page
    assert page.inner_text("#learn-status").startswith("Opened from a file, as the offline copy is, this page cannot train")
    assert all(page.is_disabled(f"#{button}") for button in ("learn-train", "learn-step", "learn-reset"))
    # (the website's own build opened from a file: Material's search fails there, not this page)
    assert [error for error in visited.page_errors if "search" not in error] == [] and visited.foreign_requests() == []
