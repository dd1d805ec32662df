"""The built book in a real browser, as its readers see it: every page on a laptop (1280x800) and
on a phone (390x844) in light mode, and on the laptop in dark mode too. Each page loads with its
figures and math, fits its screen (every figure and equation fits its column, with its text large
enough to read; wide tables scroll inside their own box on a phone, never the page), passes
axe-core's accessibility checks, stays under the page-weight budget, and asks no host but the
book's own.

Run after the build and ``npm ci`` (``make browser`` does both). Set NNBOOK_SITE_DIR to test
another build folder, and NNBOOK_SCREENSHOTS to a folder to keep a full-page screenshot of every
page, screen and scheme for looking at. The fixtures (the site served locally, Chromium, ``visit``)
are in tests/conftest.py.
"""

import json
import os
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from nnbook.figures.drawing import SMALLEST_TEXT_LAPTOP, SMALLEST_TEXT_PHONE

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = os.environ.get("NNBOOK_SCREENSHOTS")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # package.json pins it; `npm ci` installs it
SCREENS = {"laptop": (1280, 800), "phone": (390, 844)}  # CSS pixels; the phone is an iPhone 12 to 15

# Every byte a page transfers when opened with nothing cached, uncompressed as the test's server
# sends it: its HTML with the figures inline, the theme's CSS and JavaScript (about 270 kB), the
# search index (about 310 kB) and its worker. Measured: about 0.66 MB for the pages without
# figures, 1.07 MB for the heaviest chapter (chapter 1, whose four digit figures each come with a
# phone layout: nnbook/site/svg.py). GitHub Pages sends it gzip-compressed, chapter 1 in about
# 0.3 MB: a second or two on a phone's 3G connection (1.6 Mbit/s). The budget leaves room for one
# more figure like chapter 1's grid with its phone layout, and fails a page that doubles its
# figures or embeds a large bitmap.
PAGE_WEIGHT_BUDGET = 1_200_000
# A lab page also carries mkdocs-jupyter's notebook styles, inlined in every lab (about 575 kB,
# 40 kB gzip-compressed): measured 1.27 MB for the heavier lab, 155 kB of it compressed HTML, about
# chapter 1's. Its budget is the page budget plus those styles.
LAB_PAGE_WEIGHT_BUDGET = PAGE_WEIGHT_BUDGET + 600_000

# A chapter is read in one sitting: at most this tall on the laptop, and the code and its output,
# which the prose explains, at most this share of it (the checks behind the claims stay folded).
CHAPTER_HEIGHT_LIMIT = 10_000
CHAPTER_CODE_SHARE_LIMIT = 0.4
CHAPTERS = [next(iter(entry.values())).removesuffix(".md") + "/" for entry in next(
    item["Chapters"] for item in yaml_load((ROOT / "mkdocs.yml").read_text())["nav"] if "Chapters" in item)]
HEIGHT_AND_CODE = """[document.documentElement.scrollHeight,
    [...document.querySelectorAll('article div.highlight')].filter(block => !block.closest('details'))
        .reduce((total, block) => total + block.getBoundingClientRect().height, 0)]"""
IMAGES = "[...document.images].map(image => ({src: image.src, alt: image.getAttribute('alt'), width: image.naturalWidth}))"
MATH_BOXES = "[...document.querySelectorAll('article math')].map(math => {const box = math.getBoundingClientRect(); return [box.width, box.height]})"
# Every figure's SVG, those of the layout a figure has for the other screen too (not shown:
# nnbook/site/svg.py, PHONE_LAYOUT).
FIGURES = """[...document.querySelectorAll('article .nnbook-figure svg')].map(svg => ({
    id: svg.id, role: svg.getAttribute('role'), label: svg.getAttribute('aria-label'),
    shown: svg.getClientRects().length > 0, width: svg.getBoundingClientRect().width,
    labels: svg.querySelectorAll('text').length,
    textInPageColor: [...svg.querySelectorAll('text')].some(text => getComputedStyle(text).fill === getComputedStyle(svg).color),
}))"""
PAGE_OVERFLOW = """[document.documentElement, document.body].filter(element => element.scrollWidth > element.clientWidth)
    .map(element => `${element.tagName.toLowerCase()}: ${element.scrollWidth} px of content in ${element.clientWidth} px`)"""
# Anything in the article that reaches past the screen's edges with no box of its own to scroll it
# there, or that starts left of the box that scrolls it (a reader cannot scroll there). On a phone
# Material lets code blocks reach the screen's edges, past the article's margins, on purpose.
CLIPPED = """(() => {
    const article = document.querySelector('article');
    const edges = {left: 0, right: document.documentElement.clientWidth};
    const scrolls = element => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX);
    const name = element => element.tagName.toLowerCase() + (element.className && element.className.baseVal === undefined ? '.' + element.className.split(' ')[0] : '');
    const clipped = [];
    for (const element of article.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        let scroller = element.parentElement;
        while (scroller !== article && !scrolls(scroller)) scroller = scroller.parentElement;
        const limits = scroller === article ? edges : scroller.getBoundingClientRect();
        const past = scroller === article ? box.right > limits.right + 1 || box.left < limits.left - 1 : box.left < limits.left - 1;
        if (past) clipped.push(`${name(element)} "${element.textContent.trim().slice(0, 40)}": ${Math.round(box.left)} to ${Math.round(box.right)} px, the screen 0 to ${edges.right} px`);
    }
    return clipped.slice(0, 10);
})()"""
# Boxes that must not scroll sideways (scroll: their content is wider than they are): on both
# screens an equation's box, whose equations wrap and shrink to fit (javascripts/math.js), and on
# the laptop a table's too; a phone's column may be narrower than a wide table.
SCROLLING_BOXES = """selector => [...document.querySelectorAll(selector)]
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => `${box.className}: ${box.scrollWidth} px in ${box.clientWidth} px: "${box.textContent.trim().slice(0, 40)}"`)"""
FITTED_BOXES = {"laptop": "article .nnbook-math, article .md-typeset__scrollwrap", "phone": "article .nnbook-math"}
# Every figure shown (a chapter's inline SVG, in the layout it has for this screen, or a lab's
# output) lies inside the article's column and in no box that scrolls sideways, and each piece of
# its text (a <text>, or each <tspan> of one, such as a superscript) is at least ``minimum`` CSS
# px tall as rendered: its font size times the figure's scale on screen, the height of its em box
# (getBoundingClientRect's height is a little more: it adds the font's line gap). Text in a lab's
# PNG figure cannot be measured here; nnbook's figure functions draw it as large as a chapter's.
FIGURE_FIT = """minimum => {
    const article = document.querySelector('article'), column = article.getBoundingClientRect();
    const scrolls = element => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX) && element.scrollWidth > element.clientWidth + 1;
    const problems = [];
    const figures = [...article.querySelectorAll('.nnbook-figure svg, .jp-RenderedSVG svg, .jp-RenderedImage img')]
        .filter(figure => figure.getClientRects().length);  // shown: not a figure's layout for the other screen
    for (const figure of figures) {
        const name = figure.id || (figure.getAttribute('alt') || figure.src || '').slice(0, 50);
        const box = figure.getBoundingClientRect();
        if (box.left < column.left - 1 || box.right > column.right + 1)
            problems.push(`figure ${name}: ${Math.round(box.left)} to ${Math.round(box.right)} px, wider than its column, ${Math.round(column.left)} to ${Math.round(column.right)} px`);
        for (let box = figure.parentElement; box !== article; box = box.parentElement)
            if (scrolls(box)) problems.push(`figure ${name} scrolls sideways in its box, ${box.scrollWidth} px in ${box.clientWidth} px`);
        const sizes = [...figure.querySelectorAll('text')].filter(text => text.textContent.trim()).flatMap(text => {
            const scale = Math.hypot(text.getScreenCTM().a, text.getScreenCTM().b);
            const pieces = text.querySelector('tspan') ? [...text.querySelectorAll('tspan')] : [text];
            return pieces.map(piece => [parseFloat(getComputedStyle(piece).fontSize) * scale, piece.textContent.trim()]);
        });
        const [smallest, words] = sizes.reduce((least, size) => size[0] < least[0] ? size : least, [Infinity, '']);
        if (smallest < minimum)
            problems.push(`figure ${name}: its text "${words}" is ${smallest.toFixed(1)} CSS px tall, under ${minimum}`);
    }
    return problems;
}"""
SMALLEST_FIGURE_TEXT = {"laptop": SMALLEST_TEXT_LAPTOP, "phone": SMALLEST_TEXT_PHONE}
# Figures that show none of their layouts, or more than one.
NOT_ONE_LAYOUT = """[...document.querySelectorAll('article .nnbook-figure')]
    .map(box => [...box.querySelectorAll(':scope > svg')].filter(svg => svg.getClientRects().length).map(svg => svg.id))
    .filter(shown => shown.length !== 1).map(shown => shown.join(', ') || 'none')"""
UNBOXED_MATH = "document.querySelectorAll('article math[display=block]:not(.nnbook-math > math)').length"
# axe-core's serious and critical violations, one line each: of every rule, of the color contrast
# alone (AXE_CONTRAST: the one rule a change of color scheme can change), or of every rule but it
# (AXE_BUT_CONTRAST: on the phone, whose colors are the laptop's).
AXE_RUN = """options => axe.run(document, options).then(results => results.violations
    .filter(violation => ['serious', 'critical'].includes(violation.impact))
    .map(violation => `${violation.id} (${violation.impact}): ${violation.help}; ${violation.nodes.length} elements, such as ${violation.nodes.slice(0, 3).map(node => node.target.join(' ')).join(', ')}`))"""
AXE_SERIOUS = {"resultTypes": ["violations"]}
AXE_CONTRAST = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["color-contrast"]}}
AXE_BUT_CONTRAST = {"resultTypes": ["violations"], "rules": {"color-contrast": {"enabled": False}}}
SCHEME = "document.body.getAttribute('data-md-color-scheme')"
# What a chapter's code block or a lab's cell printed, without the "Output" label over it.
UNLABELED_OUTPUT = """[...document.querySelectorAll('article .output pre, article .jp-OutputArea-output[data-mime-type="text/plain"] > pre')]
    .filter(pre => getComputedStyle(pre, '::before').content !== '"Output"').map(pre => pre.textContent.trim().slice(0, 40))"""
# The border colors of the boxes "How this is checked" (CONTRIBUTING.md) and of a solution's box,
# Material's green success: the checks must not look like success banners.
CHECK_BORDERS = """[[...document.querySelectorAll('article details.check')].map(box => getComputedStyle(box).borderLeftColor),
    [...document.querySelectorAll('article details.success')].map(box => getComputedStyle(box).borderLeftColor)]"""


def axe_violations(page, options=AXE_SERIOUS):
    """axe-core's serious and critical violations on ``page`` (run with ``options``), one line each."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in {ROOT} (make browser does)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN, options)


@pytest.mark.parametrize("screen", SCREENS)
def test_page_reads_well(visit, site_url, site_page, screen):
    """One load per page and screen, read in light mode. On the laptop the page is then switched
    to dark with the header's toggle, as a reader does (a reader whose system prefers dark gets it
    on first load: test below), and the checks that depend on color run again. Colors depend on
    the scheme alone, never on the screen's width (tests/test_site.py checks the book's
    stylesheets for that), so the phone is read in light mode only, and its contrast is the
    laptop's."""
    path = site_page
    visited = visit(site_url + path, "light", viewport=SCREENS[screen])
    page = visited.page
    assert visited.response.status == 200, f"/{path}: HTTP {visited.response.status}"
    axe_rules = AXE_SERIOUS if screen == "laptop" else AXE_BUT_CONTRAST  # the laptop checked the colors
    problems = [f"light mode: {line}" for line in layout_problems(page, screen) + color_problems(page, axe_rules)]

    weight = sum(visited.transferred.values())
    budget = LAB_PAGE_WEIGHT_BUDGET if path.startswith("labs/") else PAGE_WEIGHT_BUDGET
    if weight > budget:
        heaviest = sorted(visited.transferred.items(), key=lambda item: -item[1])[:3]
        problems.append(f"weighs {weight:,} bytes, over the budget of {budget:,}; heaviest: {heaviest}")
    problems += [f"request to another host: {url}" for url in visited.foreign_requests()]
    screenshot(page, path, screen, "light")

    if screen == "laptop" or SCREENSHOTS:
        page.click("label[title='Switch to dark mode']")
        assert page.evaluate(SCHEME) == "slate", f"/{path}: the toggle did not switch to dark mode"
        if screen == "laptop":
            problems += [f"dark mode: {line}" for line in color_problems(page, AXE_CONTRAST)]
        screenshot(page, path, screen, "dark")

    problems += [f"console error: {error}" for error in visited.console_errors]
    problems += [f"page error: {error}" for error in visited.page_errors]
    print(f"/{path} {screen}: {weight:,} bytes")
    assert not problems, f"/{path} on a {screen}:\n" + "\n".join(problems)


def layout_problems(page, screen):
    """What is missing, unrendered or does not fit the screen on ``page``, one line each."""
    problems = []
    images = page.evaluate(IMAGES)
    problems += [f"image did not load: {image['src']}" for image in images if image["width"] == 0]
    problems += [f"image without alt text: {image['src']}" for image in images if not (image["alt"] or "").strip()]
    for figure in page.evaluate(FIGURES):
        if figure["role"] != "img" or not (figure["label"] or "").strip():
            problems.append(f"figure {figure['id']} has no role=img and alt text")
        if figure["shown"] and figure["width"] == 0:
            problems.append(f"figure {figure['id']} draws as nothing")
    problems += [f"a figure shows not one of its layouts but {shown}" for shown in page.evaluate(NOT_ONE_LAYOUT)]

    boxes = page.evaluate(MATH_BOXES)
    if boxes and not any(width > 0 and height > 0 for width, height in boxes):
        problems.append("its math draws as nothing")
    article = page.inner_text("article")
    if "\\(" in article or "\\[" in article or page.locator(".arithmatex").count():
        problems.append("LaTeX left unrendered")
    if unboxed := page.evaluate(UNBOXED_MATH):
        problems.append(f"{unboxed} display equations outside a box of their own")

    problems += [f"printed output without the label 'Output': {text!r}" for text in page.evaluate(UNLABELED_OUTPUT)]
    problems += [f"the page scrolls sideways: {line}" for line in page.evaluate(PAGE_OVERFLOW)]
    problems += [f"cut off: {line}" for line in page.evaluate(CLIPPED)]
    problems += [f"does not fit the column: {line}" for line in page.evaluate(SCROLLING_BOXES, FITTED_BOXES[screen])]
    problems += page.evaluate(FIGURE_FIT, SMALLEST_FIGURE_TEXT[screen])
    if screen == "laptop":
        problems += chapter_length_problems(page)
    return problems


def chapter_length_problems(page):
    """A chapter taller than CHAPTER_HEIGHT_LIMIT on the laptop, or more than
    CHAPTER_CODE_SHARE_LIMIT of it code and output."""
    if not any(page.url.endswith("/" + chapter) for chapter in CHAPTERS):
        return []
    height, code = page.evaluate(HEIGHT_AND_CODE)
    problems = [f"{height:,} px tall, over {CHAPTER_HEIGHT_LIMIT:,}"] if height > CHAPTER_HEIGHT_LIMIT else []
    if code / height > CHAPTER_CODE_SHARE_LIMIT:
        problems.append(f"code and output are {code / height:.0%} of the page, over {CHAPTER_CODE_SHARE_LIMIT:.0%}")
    return problems


def color_problems(page, axe_check):
    """Figures whose labels are not in the page's text color, and axe-core's serious and critical
    violations (``axe_check``: AXE_SERIOUS, AXE_CONTRAST or AXE_BUT_CONTRAST), one line each."""
    problems = [f"figure {figure['id']}: no label in the page's text color"
                for figure in page.evaluate(FIGURES) if figure["labels"] and not figure["textInPageColor"]]
    checks, successes = page.evaluate(CHECK_BORDERS)
    problems += [f"a box 'How this is checked' has a success banner's border, {color}"
                 for color in checks if color in successes or color == "rgb(0, 200, 83)"]
    return problems + [f"axe: {line}" for line in axe_violations(page, axe_check)]


def screenshot(page, path, screen, scheme):
    """With NNBOOK_SCREENSHOTS set, keep a full-page screenshot there."""
    if SCREENSHOTS:
        name = path.strip("/").replace("/", "_") or "index"
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{screen}-{scheme}.png", full_page=True)


# Draw a digit: where its answer is on the screen, in CSS pixels of the viewport, and what covers
# the top of the screen as the page scrolls (the theme's header).
DRAW_IN_VIEW = """(() => {
    const inside = element => { const box = element.getBoundingClientRect();
        return box.height > 0 && box.top >= document.querySelector('.md-header').getBoundingClientRect().bottom - 1
            && box.bottom <= innerHeight + 1 && box.left >= 0 && box.right <= innerWidth + 1; };
    return {answer: inside(document.getElementById('draw-answer')),
            bars: [...document.querySelectorAll('#draw-bars li')].every(inside)};
})()"""
# Each layer's name in the drawing of the network, and every connection drawn that passes through
# the box of its text (in the drawing's own units): a name must not sit under the lines.
DRAW_LABELS_UNDER_LINES = """(() => {
    const lines = [...document.querySelectorAll('#draw-network line')].filter(line => line.getAttribute('visibility') === 'visible')
        .map(line => ['x1', 'y1', 'x2', 'y2'].map(name => Number(line.getAttribute(name))));
    const crosses = ([x1, y1, x2, y2], box) => {  // Liang-Barsky: does the segment enter the box?
        let low = 0, high = 1;
        for (const [p, q] of [[x1 - x2, x1 - box.x], [x2 - x1, box.x + box.width - x1], [y1 - y2, y1 - box.y], [y2 - y1, box.y + box.height - y1]]) {
            if (p === 0) { if (q < 0) return false; continue; }
            const t = q / p;
            if (p < 0) low = Math.max(low, t); else high = Math.min(high, t);
        }
        return low <= high;
    };
    return {lines: lines.length, crossed: [...document.querySelectorAll('#draw-network .draw-layer-label')]
        .map(label => [label.textContent, lines.filter(line => crosses(line, label.getBBox())).length])
        .filter(([, count]) => count > 0)};
})()"""


@pytest.mark.parametrize("screen", SCREENS)
def test_draw_a_digit_keeps_its_answer_in_view(visit, site_url, screen):
    """On Draw a digit, with a real test digit shown, a neuron of each layer opened in turn keeps the
    answer and the ten bars on the screen; the layers' names are clear of the connections; the
    page's words about "unsure" are its script's numbers; and axe-core finds nothing serious with
    the inspector open, in light and in dark mode."""
    visited = visit(site_url + "draw/", viewport=SCREENS[screen], init_script="window.NNBOOK_DEBUG = true")
    page = visited.page
    page.wait_for_function("!document.getElementById('draw-status').textContent.startsWith('Loading')")
    page.click("#draw-example")
    labels = page.evaluate(DRAW_LABELS_UNDER_LINES)
    assert labels["lines"] > 0 and labels["crossed"] == [], f"layer names under connections: {labels['crossed']}"
    for layer, neuron in ((1, 3), (2, 5), (3, 0)):
        page.click(f'.draw-neuron[data-layer="{layer}"][data-neuron="{neuron}"]')
        assert page.locator("#draw-inspector").is_visible()
        assert page.locator("#draw-inspector").bounding_box()["y"] < SCREENS[screen][1], "the inspector is off the screen"
        shown = page.evaluate(DRAW_IN_VIEW)
        assert shown == {"answer": True, "bars": True}, f"layer {layer}, neuron {neuron} opened: {shown}"
    unsure = page.evaluate("window.nnbookDraw.unsure")
    words = " ".join(page.inner_text("article").split())
    assert f"below {unsure['below']}, or when another output is within {unsure['within']} of it" in words

    problems = [f"light mode: {line}" for line in axe_violations(page)]
    page.click("label[title='Switch to dark mode']")
    problems += [f"dark mode: {line}" for line in axe_violations(page, AXE_CONTRAST)]
    problems += visited.console_errors + visited.page_errors
    assert not problems, f"/draw/ on a {screen}, a neuron opened:\n" + "\n".join(problems)


def test_the_checks_above_see_what_does_not_fit(visit, site_url):
    """The fit checks are not vacuous. On a phone, chapter 1 shows each figure's phone layout and
    everything fits; a figure made to keep its natural width in a box that scrolls, a figure shrunk
    until its text is too small, and an equation too wide for its box are each found, and the
    equation's box can then be reached with the keyboard. On a laptop the wide layouts show."""
    phone = visit(site_url + "handwritten-digits/", viewport=SCREENS["phone"]).page
    shown = phone.evaluate("[...document.querySelectorAll('.nnbook-figure svg')].filter(svg => svg.getClientRects().length).map(svg => svg.id)")
    assert len(shown) == 4 and all(name.endswith("-phone") for name in shown), shown
    assert phone.evaluate(FIGURE_FIT, SMALLEST_TEXT_PHONE) == []
    assert phone.evaluate(SCROLLING_BOXES, FITTED_BOXES["phone"]) == []
    phone.evaluate("""() => {
        const wide = document.getElementById('figure-first-test-digits-phone');
        wide.style.maxWidth = 'none';
        wide.setAttribute('width', '600px');
        wide.parentElement.style.overflowX = 'auto';
        document.getElementById('figure-average-digits-phone').style.maxWidth = '150px';
        document.querySelector('.nnbook-math > math').style.minWidth = '600px';  // wider than math.js can shrink
        window.dispatchEvent(new Event('resize'));  // math.js and accessibility.js look again
    }""")
    found = phone.evaluate(FIGURE_FIT, SMALLEST_TEXT_PHONE)
    assert any("figure figure-first-test-digits-phone: " in line and "wider than its column" in line for line in found), found
    assert any("figure figure-first-test-digits-phone scrolls sideways" in line for line in found), found
    assert any("figure figure-average-digits-phone: its text" in line for line in found), found
    assert [line.split(":")[0] for line in phone.evaluate(SCROLLING_BOXES, FITTED_BOXES["phone"])] == ["nnbook-math"]
    assert phone.locator(".nnbook-math").first.get_attribute("tabindex") == "0"
    laptop = visit(site_url + "handwritten-digits/", viewport=SCREENS["laptop"]).page
    shown = laptop.evaluate("[...document.querySelectorAll('.nnbook-figure svg')].filter(svg => svg.getClientRects().length).map(svg => svg.id)")
    assert len(shown) == 4 and not any(name.endswith("-phone") for name in shown), shown


def test_code_output_is_shown_under_code(visit, site_url, site_pages):
    """Some page shows what a code block printed, in an output block right after the code."""
    for path in site_pages:
        page = visit(site_url + path).page
        if page.locator("article .output").count():
            follows_code = page.evaluate(
                "[...document.querySelectorAll('article .output')].every(output => "
                "output.previousElementSibling && output.previousElementSibling.matches('.language-python'))"
            )
            assert follows_code, f"/{path}: an output block that does not follow a python block"
            return
    pytest.fail("no page shows any code output")


def test_a_reader_whose_system_prefers_dark_gets_dark_mode(visit, site_url):
    assert visit(site_url + "handwritten-digits/", color_scheme="dark").page.evaluate(SCHEME) == "slate"


def test_dark_mode_toggle_switches_and_is_remembered(visit, site_url):
    visited = visit(site_url, color_scheme="light")
    page = visited.page
    figure_text = "getComputedStyle(document.querySelector('.nnbook-figure text')).fill"
    assert page.evaluate(SCHEME) == "default"
    page.click("label[title='Switch to dark mode']")
    assert page.evaluate(SCHEME) == "slate"
    page.goto(site_url + "handwritten-digits/")
    assert page.evaluate(SCHEME) == "slate", "the chosen scheme is not remembered on the next page"
    dark_text = page.evaluate(figure_text)
    page.click("label[title='Switch to light mode']")
    assert page.evaluate(SCHEME) == "default"
    assert page.evaluate(figure_text) != dark_text, "the figures' labels keep their color when the scheme changes"
    assert visited.console_errors == [] and visited.page_errors == []


def test_an_exercise_solution_opens_when_clicked(visit, site_url):
    page = visit(site_url + "handwritten-digits/").page
    solution = page.locator("#exercises ~ details.success").first
    assert solution.get_attribute("open") is None
    assert not solution.locator("pre").first.is_visible(), "the solution's code shows before it is opened"
    solution.locator("summary").click()
    assert solution.get_attribute("open") is not None
    assert solution.locator(".language-python").first.is_visible()
    assert solution.locator(".output").first.is_visible()


@pytest.mark.parametrize("path, button", [
    ("gradient-descent/", "text=Run this chapter as a notebook"),
    ("labs/build-a-detector/", "a.nnbook-download"),
])
def test_the_notebook_buttons_download_a_notebook(visit, site_url, path, button):
    page = visit(site_url + path).page
    with page.expect_download() as download:
        page.click(button)
    notebook = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert download.value.suggested_filename.endswith(".ipynb")
    assert notebook["nbformat"] == 4 and any(cell["cell_type"] == "code" for cell in notebook["cells"])
