"""The "Draw a digit" page (docs/draw.md) in Chromium: the page's feedforward equals nnbook's,
digits drawn with the mouse or a finger get their labels wherever and however large they are
drawn, editing a neuron changes the output exactly as nnbook computes, and nothing fails or asks
any host but the book's own.

The page runs the network the build exported from this machine's cache (nnbook.site.export), so the
expected numbers come from ``trained("book")`` here. That network differs a little from one
machine to the next (another BLAS kernel acts like another seed), so no test counts on one
drawing's answer: the digits drawn are traced along real test digits (the middle line of their
ink), and the ones whose answers are asserted are those nnbook itself reads clearly.

The tests read what the page shows (its answer, its captions) and, for the numbers behind it,
``window.nnbookDraw.activations()``: a hook the page's script adds only when the test sets
``window.NNBOOK_DEBUG`` before it runs, so a reader's page has none.
"""

import json
import re

import numpy as np
import pytest

from nnbook.recipes import recipe, recipe_hash, trained
from nnbook.site import export

pytestmark = pytest.mark.browser

TOLERANCE = 1e-5  # the page computes in float64 from float32 weights, nnbook in float32
CLEAR = 0.3  # a clear answer: the label's output at least this far above every other output
DEBUG = "window.NNBOOK_DEBUG = true"  # run before the page's script: it then adds window.nnbookDraw
# What the page says of a test digit it shows: its place in the test set, its label, and whether
# the network reads it right (the answer shown) or misreads it.
CAPTION = re.compile(r"[Tt]est digit ([\d,]+) \(of 0 to 9,999\), labelled (\d): "
                     r"(?:the network reads it right|the network misreads it as (\d))\.")

# Where a digit is drawn on the canvas: (size, left, top) as fractions of the canvas's side; size
# 1 draws the 28x28 picture over the whole canvas, so its ink is about as large as MNIST's.
PLACES = {
    "as in MNIST": (1.0, 0.0, 0.0),
    "small, top left": (0.3, 0.04, 0.04),
    "large": (1.3, -0.15, -0.15),
    "off-centre, bottom right": (0.45, 0.5, 0.5),
}


@pytest.fixture(scope="module")
def network():
    return trained("book")[0]


@pytest.fixture
def open_draw_page(visit, site_url):
    """open_draw_page(**visit options) -> the VisitedPage of draw/, its network loaded, with the
    page's debug hook ``window.nnbookDraw``."""

    def open_page(**options):
        visited = visit(site_url + "draw/", init_script=DEBUG, **options)
        status = loaded_status(visited.page)
        assert status.startswith("The network here is"), f"the page did not load its network: {status}"
        return visited

    return open_page


def loaded_status(page):
    """The page's status line once it has loaded its network, or failed to."""
    page.wait_for_function("!document.getElementById('draw-status').textContent.startsWith('Loading')")
    return page.inner_text("#draw-status")


def built_file(built_site, name):
    """The JSON file draw/``name`` of the built site: the one the page reads."""
    return json.loads((built_site / "draw" / name).read_text())


def no_errors_and_nothing_foreign(visited):
    assert visited.console_errors == [] and visited.page_errors == []
    assert visited.foreign_requests() == []


# ---------------------------------------------------------------------------------------------
# Strokes along real test digits


def skeleton(image):
    """The middle line of a digit's ink, one pixel wide: Zhang-Suen thinning of the pixels above
    0.5 of ``image`` (784 values). Returns a (28, 28) bool array."""
    ink = np.pad(image.reshape(28, 28) > 0.5, 1).astype(np.uint8)
    while True:
        removed = False
        for step in (0, 1):
            around = [ink[:-2, 1:-1], ink[:-2, 2:], ink[1:-1, 2:], ink[2:, 2:],  # P2 to P9, clockwise from
                      ink[2:, 1:-1], ink[2:, :-2], ink[1:-1, :-2], ink[:-2, :-2]]  # the pixel above
            p2, _, p4, _, p6, _, p8, _ = around
            neighbours = sum(p.astype(int) for p in around)
            rises = sum(((around[i] == 0) & (around[(i + 1) % 8] == 1)).astype(int) for i in range(8))
            if step == 0:
                side = (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
            else:
                side = (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
            remove = (ink[1:-1, 1:-1] == 1) & (neighbours >= 2) & (neighbours <= 6) & (rises == 1) & side
            if remove.any():
                ink[1:-1, 1:-1][remove] = 0
                removed = True
        if not removed:
            return ink[1:-1, 1:-1].astype(bool)


def traced_strokes(image):
    """Strokes along the skeleton of ``image``: lists of (column, row) points, each link between
    neighbouring skeleton pixels drawn once. A stroke keeps every second pixel it passes (and its
    last): half the mouse events, and the straight steps stay within a pixel of the skeleton."""
    pixels = {(int(c), int(r)) for r, c in zip(*np.nonzero(skeleton(image)))}
    links = {}
    for c, r in pixels:
        for dc, dr in ((1, 0), (0, 1), (1, 1), (1, -1)):
            other = (c + dc, r + dr)
            # a diagonal step where a corner pixel already joins the two would draw a triangle
            if other in pixels and not (dc and dr and ((c + dc, r) in pixels or (c, r + dr) in pixels)):
                links.setdefault((c, r), set()).add(other)
                links.setdefault(other, set()).add((c, r))
    strokes = []
    while links:
        ends = [pixel for pixel, others in links.items() if len(others) % 2]
        stroke = [min(ends or links)]
        while stroke[-1] in links:
            here = stroke[-1]
            there = min(links[here])
            for a, b in ((here, there), (there, here)):
                links[a].discard(b)
                if not links[a]:
                    del links[a]
            stroke.append(there)
        strokes.append(stroke[:-1:2] + stroke[-1:])  # every second point: within a pixel of the skeleton
    lonely = pixels - {point for stroke in strokes for point in stroke}
    return strokes + [[pixel] for pixel in sorted(lonely)]


def draw_with_mouse(page, strokes, place):
    """Draw ``strokes`` (points in pixels of a 28x28 picture) on the canvas with the mouse, the
    picture put at ``place``, (size, left, top) as fractions of the canvas."""
    for stroke in canvas_points(page, strokes, place):
        page.mouse.move(*stroke[0])
        page.mouse.down()
        for point in stroke[1:]:
            page.mouse.move(*point)
        page.mouse.up()


def canvas_points(page, strokes, place):
    size, left, top = place
    box = page.locator("#draw-canvas").bounding_box()
    return [[(box["x"] + box["width"] * (left + size * (c + 0.5) / 28), box["y"] + box["height"] * (top + size * (r + 0.5) / 28))
             for c, r in stroke] for stroke in strokes]


def page_layers(page):
    """Every layer's activations behind what the page shows, the input first (None: nothing shown)."""
    layers = page.evaluate("window.nnbookDraw.activations()")
    return None if layers is None else [np.array(layer) for layer in layers]


def page_input(page):
    layers = page_layers(page)
    return None if layers is None else layers[0].astype(np.float32)


def show_next_example(page):
    """Click "Show me a real test digit": (its index in the test set, its label), from the caption."""
    page.click("#draw-example")
    index, label, _ = CAPTION.search(page.inner_text("#draw-caption")).groups()
    return int(index.replace(",", "")), int(label)


def margin(outputs, label):
    """How far the label's output is above the best other output (negative: another digit wins)."""
    return float(outputs[label] - np.delete(outputs, label).max())


def agrees(answer, outputs):
    """Whether the page's ``answer`` is nnbook's brightest output (or ties with it within TOLERANCE)."""
    return answer != "" and outputs.max() - outputs[int(answer)] <= TOLERANCE


def candidates(network, mnist, per_label):
    """The first ``per_label`` test digits of each digit that nnbook answers clearly (margin >= 0.5)."""
    outputs = network.feedforward(mnist.test_images)
    clear = [i for i, (out, label) in enumerate(zip(outputs, mnist.test_labels)) if margin(out, label) >= 0.5]
    return {label: [i for i in clear if mnist.test_labels[i] == label][:per_label] for label in range(10)}


# ---------------------------------------------------------------------------------------------


def test_the_page_runs_this_book_network_and_its_feedforward_equals_nnbook(open_draw_page, built_site, network, mnist):
    """The page runs the book's network, and for each of its real test digits, in the order of
    draw/digits.json, its input and every layer's activations are nnbook's."""
    visited = open_draw_page()
    page = visited.page
    assert built_file(built_site, "network.json")["recipe_hash"] == recipe_hash(recipe("book")), (
        "site/ is older than nnbook's network: run make build")
    assert "784-16-16-10" in page.inner_text("#draw-status")
    _, labels, indices = export.digits_from_data(built_file(built_site, "digits.json"))
    assert len(indices) >= 20
    assert labels.tolist() == mnist.test_labels[indices].tolist()
    for index, label in zip(indices, labels):
        assert show_next_example(page) == (index, label)
        layers = page_layers(page)
        expected = network.activations(mnist.test_images[index])
        misread_as = CAPTION.search(page.inner_text("#draw-caption")).group(3)
        answer = int(np.argmax(expected[3]))
        assert misread_as == (None if answer == label else str(answer)), f"test digit {index}: the caption says {misread_as}"
        assert np.allclose(layers[0], expected[0], rtol=0, atol=1e-7), f"test digit {index}: the input differs"
        for layer in (1, 2, 3):
            difference = np.abs(layers[layer] - expected[layer]).max()
            assert difference <= TOLERANCE, f"test digit {index}, layer {layer}: the page differs from nnbook by {difference:.2e}"
    no_errors_and_nothing_foreign(visited)


def test_a_readers_page_has_no_debug_hook(visit, site_url):
    visited = visit(site_url + "draw/")
    assert loaded_status(visited.page).startswith("The network here is")
    assert visited.page.evaluate("typeof window.nnbookDraw") == "undefined"
    no_errors_and_nothing_foreign(visited)


def test_a_network_file_of_another_version_gets_a_message_not_wrong_numbers(visit, site_url, built_site):
    """The page reads only the files' format and version (nnbook.site.export checks the rest)."""
    data = built_file(built_site, "network.json")
    data["version"] = export.VERSION + 1
    visited = visit(site_url + "draw/")
    page = visited.page
    page.route("**/draw/network.json", lambda route: route.fulfill(json=data))
    page.reload()
    assert loaded_status(page) == (
        f"The network could not be loaded: draw/network.json is nnbook-network version {export.VERSION + 1}, "
        f"this page reads nnbook-network version {export.VERSION}; build the book again")
    assert page.inner_text("#draw-answer") == "" and page.locator(".draw-neuron").count() == 0


def test_digits_drawn_small_large_and_off_centre_get_their_labels(open_draw_page, network, mnist):
    """A test digit of each digit, traced with the mouse as large as MNIST's: most get their
    labels. Those nnbook reads clearly on the page's own input are drawn again, in turn small,
    large and off-centre (each place gets at least two digits; every drawing takes a second of
    mouse events): the page sees nearly the same picture and answers the label."""
    visited = open_draw_page()
    page = visited.page
    right, clear = 0, {}
    for label, (index,) in candidates(network, mnist, 1).items():
        page.click("#draw-clear")
        assert page.inner_text("#draw-answer") == ""
        strokes = traced_strokes(mnist.test_images[index])
        draw_with_mouse(page, strokes, PLACES["as in MNIST"])
        seen = page_input(page)
        answer = page.inner_text("#draw-answer")
        assert agrees(answer, network.feedforward(seen)), f"test digit {index}: the page's answer is not nnbook's"
        right += answer == str(label)
        if margin(network.feedforward(seen), label) >= CLEAR:
            clear[label] = (index, strokes, seen)
    print(f"\ntraced test digits drawn as large as MNIST's: {right} of 10 get their label")
    assert right >= 8
    assert len(clear) >= 8, f"only the digits {sorted(clear)} were drawn clearly enough"

    places = ["small, top left", "large", "off-centre, bottom right"]
    for k, (label, (index, strokes, seen)) in enumerate(clear.items()):
        place_name = places[k % len(places)]
        page.click("#draw-clear")
        draw_with_mouse(page, strokes, PLACES[place_name])
        again = page_input(page)
        assert np.abs(again - seen).mean() < 0.03, f"test digit {index} drawn {place_name}: the page sees another picture"
        answer = page.inner_text("#draw-answer")
        print(f"test digit {index} (a {label}) drawn {place_name}: answered {answer}")
        assert answer == str(label), f"test digit {index} (a {label}) drawn {place_name}: answered {answer}"
    no_errors_and_nothing_foreign(visited)


@pytest.mark.parametrize(
    "label, strokes",
    [
        (1, [[(14, 4), (14, 24)]]),  # one straight stroke down
        (0, [[(14 + 6 * np.sin(t), 14 - 9 * np.cos(t)) for t in np.linspace(0, 2 * np.pi, 40)]]),  # an oval
    ],
)
def test_a_hand_drawn_one_and_zero(open_draw_page, network, label, strokes):
    visited = open_draw_page()
    page = visited.page
    draw_with_mouse(page, strokes, PLACES["as in MNIST"])
    seen = page_input(page)
    assert margin(network.feedforward(seen), label) > CLEAR, "nnbook itself does not read this drawing clearly"
    assert page.inner_text("#draw-answer") == str(label)
    no_errors_and_nothing_foreign(visited)


def test_clear_and_the_real_test_digits(open_draw_page, network, mnist):
    visited = open_draw_page()
    page = visited.page
    assert page.inner_text("#draw-answer") == ""
    for _ in range(3):
        index, label = show_next_example(page)
        assert label == mnist.test_labels[index]
        assert np.allclose(page_input(page), mnist.test_images[index], atol=1e-7)
        assert page.inner_text("#draw-answer") == str(network.predict(mnist.test_images[index]))
    page.click("#draw-clear")
    assert page.inner_text("#draw-answer") == "" and page_input(page) is None
    draw_with_mouse(page, [[(10, 5), (12, 20)]], PLACES["as in MNIST"])
    assert page.inner_text("#draw-answer") != ""
    page.click("#draw-clear")
    assert page.inner_text("#draw-answer") == ""

    # "Show me a mistake": test digits that nnbook misreads too, each with its label, flagged
    mistakes = []
    for _ in range(3):
        page.click("#draw-mistake")
        index, label, misread_as = CAPTION.search(page.inner_text("#draw-caption")).groups()
        index, answer = int(index.replace(",", "")), page.inner_text("#draw-answer")
        assert int(label) == mnist.test_labels[index] != int(answer) == network.predict(mnist.test_images[index])
        assert misread_as == answer and "draw-misread" in page.get_attribute("#draw-caption", "class")
        mistakes.append(index)
    assert len(set(mistakes)) == 3

    # Undo: back to one stroke, then to the mistake the first stroke replaced, then to the one before
    strokes = [[(14, 4), (14, 24)], [(6, 6), (22, 6)]]  # a 1, then a bar across its top: a 7 or so
    draw_with_mouse(page, strokes[:1], PLACES["as in MNIST"])
    one_stroke, one_answer = page_layers(page), page.inner_text("#draw-answer")
    draw_with_mouse(page, strokes[1:], PLACES["as in MNIST"])
    assert np.abs(page_layers(page)[3] - one_stroke[3]).max() > 0.01, "the second stroke changes nothing"
    page.click("#draw-undo")
    assert page.inner_text("#draw-answer") == one_answer
    assert all(np.array_equal(a, b) for a, b in zip(page_layers(page), one_stroke))
    for shown in mistakes[:0:-1]:
        page.click("#draw-undo")
        assert CAPTION.search(page.inner_text("#draw-caption")).group(1).replace(",", "") == f"{shown}"
        assert np.array_equal(page_input(page), mnist.test_images[shown])
    no_errors_and_nothing_foreign(visited)


# Every text the page's live region says from now on, in window.announcements.
COUNT_ANNOUNCEMENTS = """window.announcements = [];
    new MutationObserver(() => window.announcements.push(document.getElementById('draw-announce').textContent))
        .observe(document.getElementById('draw-announce'), {childList: true, characterData: true, subtree: true})"""
# The opened neuron's bias shift from 0 down to -10 in 20 steps of the slider, one input event each.
DRAG_BIAS_DOWN_BY_10 = """(() => { const slider = document.getElementById('draw-bias');
    for (let k = 1; k <= 20; k++) { slider.value = -0.5 * k; slider.dispatchEvent(new Event('input', {bubbles: true})); } })()"""


def assert_same_layers(page, expected, what):
    shown = page_layers(page)
    for layer in (1, 2, 3):
        difference = np.abs(shown[layer] - expected[layer]).max()
        assert difference <= TOLERANCE, f"{what}: layer {layer} differs from nnbook by {difference:.2e}"


def test_editing_a_neuron_changes_the_output_as_nnbook_computes(open_draw_page, network, mnist):
    visited = open_draw_page()
    page = visited.page
    index, label = show_next_example(page)  # the first example
    image = mnist.test_images[index]
    assert_same_layers(page, network.activations(image), "no edits")

    # The first hidden layer's neuron whose absence changes the output most.
    def without(j):
        edited = network.copy()
        edited.weights[1][:, j] = 0  # switched off: activation 0, so nothing reaches layer 2
        return edited

    changes = [np.abs(without(j).feedforward(image) - network.feedforward(image)).max() for j in range(16)]
    j = int(np.argmax(changes))
    assert changes[j] > 0.01, "switching off one neuron changes nothing: a test that cannot fail"
    neuron = page.locator(f'.draw-neuron[data-layer="1"][data-neuron="{j}"]')
    neuron.click()
    assert page.inner_text("#draw-inspector-title") == f"Hidden layer 1, neuron {j} (its neurons are 0 to 15)"
    page.check("#draw-off")
    expected = without(j).activations(image)
    expected[1][j] = 0
    assert_same_layers(page, expected, f"hidden neuron {j} switched off")
    page.uncheck("#draw-off")

    # Its bias moved by +3 with the keyboard (steps of 0.5), then its weights scaled by 0.5.
    edited = network.copy()
    edited.biases[0][j] += 3
    page.focus("#draw-bias")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert page.inner_text("#draw-bias-shown") == "+ 3.0"
    assert_same_layers(page, edited.activations(image), f"hidden neuron {j}, bias + 3")
    edited.weights[0][j] *= 0.5
    page.focus("#draw-scale")
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    assert_same_layers(page, edited.activations(image), f"hidden neuron {j}, bias + 3 and weights x 0.5")
    assert page.locator(".draw-neuron.draw-edited").count() == 1

    page.click("#draw-reset-neuron")
    assert_same_layers(page, network.activations(image), "after the reset")
    assert page.locator(".draw-neuron.draw-edited").count() == 0

    # The output neuron of the answer, opened with the keyboard: its bias moved down by 10 in 20
    # steps (within one task, as fast as a slider dragged), then switched off, which leaves the
    # answer to the next brightest output. Every output is then low: the page says it is unsure,
    # and a screen reader hears so once, when the answer has settled, not at every step.
    answer = network.predict(image)
    page.focus(f'.draw-neuron[data-layer="3"][data-neuron="{answer}"]')
    page.keyboard.press("Enter")
    assert page.inner_text("#draw-inspector-title") == f"Output neuron for digit {answer}"
    assert page.evaluate("document.activeElement.id") == "draw-inspector-title", "the keyboard is not in the opened neuron"
    page.wait_for_timeout(1200)  # any announcement still due has been made
    page.evaluate(COUNT_ANNOUNCEMENTS)
    page.evaluate(DRAG_BIAS_DOWN_BY_10)
    edited = network.copy()
    edited.biases[2][answer] -= 10
    expected = edited.activations(image)
    assert_same_layers(page, expected, f"output {answer}, bias - 10")
    brightest = int(np.argmax(expected[3]))
    assert expected[3].max() < 0.5, "an output is still high: the test of an unsure answer cannot fail"
    assert page.locator("#draw-panel.draw-unsure").count() == 1
    assert page.inner_text("#draw-sureness").startswith("Unsure: even the brightest output")
    page.wait_for_timeout(2000)
    assert page.evaluate("window.announcements") == [
        f"Test digit {index}, labelled {label}. The network's answer: {brightest}. "
        f"Unsure: even the brightest output, {brightest}'s, is only {expected[3].max():.2f}, below 0.5."
        + ("" if brightest == label else " A mistake.")]
    page.check("#draw-off")
    expected[3][answer] = 0
    assert_same_layers(page, expected, f"output {answer} switched off")
    assert page.inner_text("#draw-answer") == str(np.argmax(expected[3])) != str(answer)
    page.click("#draw-reset-all")
    assert page.inner_text("#draw-answer") == str(answer)
    no_errors_and_nothing_foreign(visited)


def test_a_finger_draws_on_a_phone(open_draw_page, network, mnist):
    """At 390x844 with touch: a finger's strokes draw (the page does not scroll), the answer is
    the label of a test digit nnbook reads clearly, a tapped neuron opens, nothing is wider than
    the screen."""
    visited = open_draw_page(viewport=(390, 844), has_touch=True, is_mobile=True)
    page = visited.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # as a reader holds the page to draw: the answer stuck at the top, the drawing and its buttons under it
    page.evaluate("document.getElementById('draw-clear').scrollIntoView({block: 'end'})")
    assert page.evaluate("""(() => { const box = document.getElementById('draw-canvas').getBoundingClientRect();
        return [[box.left + 6, box.top + 6], [box.right - 6, box.bottom - 6]]
            .every(([x, y]) => document.elementFromPoint(x, y).id === 'draw-canvas'); })()"""), "the drawing is covered"
    touch = page.context.new_cdp_session(page)

    def draw_with_finger(strokes):
        for stroke in canvas_points(page, strokes, PLACES["as in MNIST"]):
            for kind, point in [("touchStart", stroke[0])] + [("touchMove", p) for p in stroke[1:]]:
                touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": point[0], "y": point[1]}]})
            touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    scrolled = page.evaluate("window.scrollY")
    drawn = []
    for label, indices in candidates(network, mnist, 2).items():
        for index in indices:
            page.click("#draw-clear")
            draw_with_finger(traced_strokes(mnist.test_images[index]))
            seen = page_input(page)
            assert seen is not None, "the finger drew nothing"
            if margin(network.feedforward(seen), label) >= CLEAR:
                drawn.append(label)
                assert page.inner_text("#draw-answer") == str(label)
                break
        if len(drawn) == 3:
            break
    assert len(drawn) == 3, f"only {drawn} were drawn clearly with a finger"
    assert page.evaluate("window.scrollY") == scrolled, "drawing scrolled the page"

    neuron = page.locator('.draw-neuron[data-layer="2"][data-neuron="0"]')
    neuron.scroll_into_view_if_needed()
    box = neuron.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.inner_text("#draw-inspector-title") == "Hidden layer 2, neuron 0 (its neurons are 0 to 15)"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    no_errors_and_nothing_foreign(visited)
