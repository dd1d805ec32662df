/* The "Draw a digit" page (docs/draw.md): the reader draws, the book's network answers.

   Everything runs here, in the reader's browser. The build writes three files next to the page
   (nnbook/site/export.py): draw/network.json, the trained network's sizes, weights and biases, and
   draw/digits.json and draw/mistakes.json, a few real test digits each. This script
   - turns the strokes drawn on the canvas into 784 numbers the way MNIST's digits were made
     (toNetworkInput): crop to the ink, scale the longer side to 20 pixels keeping the aspect
     ratio, anti-alias, and place the ink's centre of mass at the centre of a 28x28 field;
   - runs the feedforward of chapter 4 with the reader's edits to single neurons (a bias shifted,
     weights scaled, switched off), and draws the network as chapter 2 does, with every
     activation lit: both from network-view.js (window.nnbookNetwork), loaded before this script;
   - shows the answer, says when it is unsure (UNSURE_BELOW, UNSURE_WITHIN) and, for a screen
     reader, announces it when it changes (a polite live region, once the answer has settled);
   - shows real test digits, the network's first examples of each digit (draw/digits.json) or its
     mistakes (draw/mistakes.json), each with its label;
   - opens any neuron as chapter 3 does: its weights as a picture, what they find in the input,
     the weighted sum, the bias and the activation.
   The build checks what it writes (nnbook.site.export); this script checks only each file's
   format and version. */
(function () {
  "use strict";

  const SCRIPT_URL = document.currentScript.src;
  const NN = window.nnbookNetwork; // network-view.js
  const { SIDE, show, showText } = NN;
  const INK_BOX = 20; // MNIST scaled each digit's ink so that its longer side is 20 pixels
  // The pen, in pixels of the 28x28 picture: full ink up to FULL_INK from the stroke's middle,
  // fading to none at NO_INK. Strokes traced along real MNIST digits and drawn with this pen have
  // about the same ink, and as many lit pixels, as the digits themselves (a stroke about 2.4
  // pixels wide).
  const FULL_INK = 0.7;
  const NO_INK = 1.7;
  const PEN_WIDTH = 0.05; // the pen on the drawing canvas, as a fraction of its width
  // The page calls its answer unsure when the brightest output is below UNSURE_BELOW, or another
  // output is within UNSURE_WITHIN of it (docs/draw.md says so in words; tests/test_browser.py
  // checks that the words and these numbers agree).
  const UNSURE_BELOW = 0.5;
  const UNSURE_WITHIN = 0.2;
  const ANNOUNCE_AFTER = 800; // ms: the answer is announced once it has not changed for this long
  const UNDO_STEPS = 100; // the drawings Undo can go back to
  const VERSION = 1; // of the files' format: nnbook.site.export.VERSION

  const app = document.getElementById("draw-app");
  if (!app) return;
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------------------------------
  // Reading the files the build wrote

  /** The file draw/``name`` the build wrote, if it is of the ``format`` and VERSION this script reads. */
  async function readJSON(name, format) {
    const url = new URL("../draw/" + name, SCRIPT_URL);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not read ${url} (HTTP ${response.status}); build the book again`);
    const data = await response.json();
    if (data.format !== format || data.version !== VERSION) {
      throw new Error(`draw/${name} is ${data.format} version ${data.version}, this page reads ${format} version ${VERSION}; build the book again`);
    }
    return data;
  }

  function readDigits(data) {
    const bytes = NN.decodeBase64(data.pixels);
    const pixels = [];
    for (let k = 0; k < data.count; k++) {
      // Float32Array, like nnbook's images: pixel values between 0 and 1 in float32
      pixels.push(Float32Array.from(bytes.subarray(784 * k, 784 * (k + 1)), (v) => v / 255));
    }
    return { labels: data.labels, indices: data.indices, pixels };
  }

  // ------------------------------------------------------------------------------------------
  // From strokes to 784 numbers, as MNIST's digits were made

  /** The 28x28 picture of line segments [[x0, y0, x1, y1], ...] given in pixels of the picture
      (a pixel's centre at whole numbers), drawn with the pen FULL_INK / NO_INK: each pixel takes
      the most ink any segment gives it. Row by row, values between 0 and 1. */
  function rasterize(segments) {
    const picture = new Float32Array(SIDE * SIDE);
    for (const [x0, y0, x1, y1] of segments) {
      const dx = x1 - x0, dy = y1 - y0, length2 = dx * dx + dy * dy;
      const left = Math.max(0, Math.floor(Math.min(x0, x1) - NO_INK));
      const right = Math.min(SIDE - 1, Math.ceil(Math.max(x0, x1) + NO_INK));
      const top = Math.max(0, Math.floor(Math.min(y0, y1) - NO_INK));
      const bottom = Math.min(SIDE - 1, Math.ceil(Math.max(y0, y1) + NO_INK));
      for (let row = top; row <= bottom; row++) {
        for (let column = left; column <= right; column++) {
          // the distance from the pixel's centre to the nearest point of the segment
          let t = length2 > 0 ? ((column - x0) * dx + (row - y0) * dy) / length2 : 0;
          t = Math.min(1, Math.max(0, t));
          const ex = column - x0 - t * dx, ey = row - y0 - t * dy;
          const distance = Math.sqrt(ex * ex + ey * ey);
          const ink = Math.min(1, Math.max(0, (NO_INK - distance) / (NO_INK - FULL_INK)));
          const k = row * SIDE + column;
          if (ink > picture[k]) picture[k] = ink;
        }
      }
    }
    return picture;
  }

  /** The network's input for strokes drawn on the canvas, or null when there is no ink.
      ``strokes`` is a list of strokes, each a list of points [x, y] as fractions of the canvas's
      width and height. The ink is cropped and scaled so that its longer side is INK_BOX pixels
      (the aspect ratio kept), then moved so that its centre of mass sits at pixel (14, 14), where
      MNIST put it. The pen's width is the same in the 28x28 picture however large the digit was
      drawn, so a small, a large and an off-centre drawing of a digit give the same picture. */
  function toNetworkInput(strokes) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const stroke of strokes) {
      for (const [x, y] of stroke) {
        minX = Math.min(minX, x); maxX = Math.max(maxX, x);
        minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      }
    }
    if (minX === Infinity) return null;
    // The pen adds NO_INK - 0.5 pixels of ink (at half strength or more) beyond the line's ends.
    const longer = Math.max(maxX - minX, maxY - minY, 1e-3);
    const scale = (INK_BOX - 2 * (NO_INK - 0.5)) / longer;
    const middleX = (minX + maxX) / 2, middleY = (minY + maxY) / 2;
    const place = (shiftX, shiftY) => {
      const segments = [];
      for (const stroke of strokes) {
        const points = stroke.map(([x, y]) => [(x - middleX) * scale + 14 + shiftX, (y - middleY) * scale + 14 + shiftY]);
        if (points.length === 1) points.push(points[0]);
        for (let i = 1; i < points.length; i++) segments.push([...points[i - 1], ...points[i]]);
      }
      return rasterize(segments);
    };
    const centred = place(0, 0);
    let total = 0, sumX = 0, sumY = 0;
    centred.forEach((ink, k) => {
      total += ink; sumX += ink * (k % SIDE); sumY += ink * Math.floor(k / SIDE);
    });
    return place(14 - sumX / total, 14 - sumY / total);
  }

  // ------------------------------------------------------------------------------------------
  // The page

  const state = {
    network: null, edits: null,
    sets: {}, next: { examples: 0, mistakes: 0 }, // the test digits, { labels, indices, pixels } per set
    strokes: [], pointer: null, example: null, // the test digit shown: { set, k }, or null
    history: [], // what Undo goes back to: { strokes, example }, the latest last
    result: null, selected: null, view: {}, frame: 0, padSize: 0,
    announced: "", announceTimer: 0,
  };

  const pad = $("draw-canvas");
  let colours = null; // the theme's, from NN.readColours
  const answer = $("draw-answer");

  function drawPad() {
    // The canvas's size in CSS pixels, measured when the page's layout changes (followThemeAndSize):
    // measuring here would make the browser lay the page out again on every update.
    const scale = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(state.padSize * scale)), height = width;
    if (pad.width !== width || pad.height !== height) { pad.width = width; pad.height = height; }
    const context = pad.getContext("2d");
    context.clearRect(0, 0, width, height);
    if (state.example !== null) {
      // a real test digit: its 28x28 pixels, enlarged
      const tile = document.createElement("canvas");
      NN.paint(tile, exampleDigit().pixels, SIDE, colours);
      context.imageSmoothingEnabled = false;
      context.drawImage(tile, 0, 0, width, height);
      return;
    }
    context.strokeStyle = context.fillStyle = colours.inkCss;
    context.lineWidth = PEN_WIDTH * width;
    context.lineCap = context.lineJoin = "round";
    for (const stroke of state.strokes) {
      context.beginPath();
      stroke.forEach(([x, y], i) => (i ? context.lineTo(x * width, y * height) : context.moveTo(x * width, y * height)));
      if (stroke.length === 1) context.lineTo(stroke[0][0] * width + 0.01, stroke[0][1] * height);
      context.stroke();
    }
  }

  /** The test digit shown: its pixels, label and index in the test set. */
  function exampleDigit() {
    const { set, k } = state.example, digits = state.sets[set];
    return { pixels: digits.pixels[k], label: digits.labels[k], index: digits.indices[k] };
  }

  function currentInput() {
    if (state.example !== null) return exampleDigit().pixels;
    return toNetworkInput(state.strokes);
  }

  /** Draw the strokes, prepare the input, run the feedforward and redraw every layer. While the
      reader draws this runs once per animation frame (``inFrame``). */
  function update(inFrame) {
    cancelAnimationFrame(state.frame);
    state.frame = 0;
    drawPad();
    const input = currentInput();
    state.result = input ? NN.feedforward(state.network, state.edits, input) : null;
    showResult(inFrame !== true);
  }

  function updateSoon() {
    if (!state.frame) state.frame = requestAnimationFrame(() => update(true));
  }

  /** What the output layer says: its brightest output, ``best`` (-1 for none), and whether
      the page calls that answer unsure, with the reason in words. */
  function judge(outputs) {
    const best = NN.brightest(outputs);
    if (best < 0) return { best, unsure: false, words: "" };
    let next = -1;
    outputs.forEach((value, d) => { if (d !== best && (next < 0 || value > outputs[next])) next = d; });
    const value = outputs[best].toFixed(2), nextValue = outputs[next].toFixed(2);
    if (outputs[best] < UNSURE_BELOW) {
      return { best, unsure: true, words: `Unsure: even the brightest output, ${best}'s, is only ${value}, below ${UNSURE_BELOW}.` };
    }
    if (outputs[best] - outputs[next] < UNSURE_WITHIN) {
      return { best, unsure: true, words: `Unsure: ${best}'s output, ${value}, is within ${UNSURE_WITHIN} of ${next}'s, ${nextValue}.` };
    }
    return { best, unsure: false, words: `Sure: ${best}'s output is ${value}; the next brightest, ${next}'s, is ${nextValue}.` };
  }

  function showResult(settled) {
    const result = state.result;
    const input = result ? result.activations[0] : new Float32Array(SIDE * SIDE);
    NN.paint($("draw-input"), input, SIDE, colours);
    const outputs = result ? result.activations[result.activations.length - 1] : null;
    const verdict = judge(outputs);
    const { best } = verdict;
    showText(answer, best < 0 ? "" : String(best));
    $("draw-panel").classList.toggle("draw-unsure", verdict.unsure);
    showText($("draw-sureness"), verdict.words);
    state.view.bars.forEach(({ row, bar, value }, d) => {
      const activation = outputs ? outputs[d] : 0;
      show(bar, "style", `--draw-value: ${activation.toFixed(3)}`);
      showText(value, outputs ? activation.toFixed(2) : "");
      row.classList.toggle("draw-best", d === best);
    });
    showText($("draw-bars-sum"), outputs ? `; these add up to ${outputs.reduce((a, b) => a + b, 0).toFixed(2)}` : "");
    state.view.network.show({ network: state.network, result, edits: state.edits, colours, settled });
    showInspector();
    const caption = $("draw-caption");
    const misread = state.example !== null && best !== exampleDigit().label;
    caption.classList.toggle("draw-misread", misread);
    if (state.example !== null) {
      const { index, label } = exampleDigit();
      const which = state.example.set === "mistakes" ? `One of the first ${state.sets.mistakes.labels.length} mistakes: test digit` : "Test digit";
      showText(caption, `${which} ${index.toLocaleString("en")} (of 0 to 9,999), labelled ${label}: ` +
        (misread ? `the network misreads it as ${best}.` : "the network reads it right."));
    } else {
      showText(caption, state.strokes.length ? "" : "Draw a digit from 0 to 9 in the box.");
    }
    const edited = state.edits.reduce((count, edit) => count + edit.off.reduce((n, _, j) => n + NN.isEdited(edit, j), 0), 0);
    $("draw-edited").hidden = edited === 0;
    showText($("draw-edited-count"), edited === 1 ? "1 neuron is edited" : `${edited} neurons are edited`);
    announceSoon(verdict);
  }

  /** For a screen reader: the answer in words (with the test digit's label, if one is shown),
      written to the polite live region once it has stayed the same for ANNOUNCE_AFTER ms and
      the pen is up; not again while it does not change. */
  function announceSoon({ best, unsure, words }) {
    clearTimeout(state.announceTimer);
    let text = best < 0 ? "No answer: the drawing is empty." : `The network's answer: ${best}. ${unsure ? words : "Sure."}`;
    if (state.example !== null && best >= 0) {
      const { index, label } = exampleDigit();
      text = `Test digit ${index}, labelled ${label}. ${text}${best === label ? "" : " A mistake."}`;
    }
    if (text === state.announced || state.pointer !== null) return;
    state.announceTimer = setTimeout(() => {
      state.announced = text;
      showText($("draw-announce"), text);
    }, ANNOUNCE_AFTER);
  }

  /** The drawing of the network, for the figure's width (drawn again when it changes a lot). */
  function fitNetworkView() {
    if (!state.view.network) {
      state.view.network = NN.createView($("draw-network"), state.network.sizes, { onChoose: select });
    }
    state.view.network.fit();
  }

  function buildBars() {
    const list = $("draw-bars");
    state.view.bars = [];
    for (let d = 0; d < 10; d++) {
      const row = document.createElement("li");
      row.innerHTML = `<span class="draw-bar-digit">${d}</span><span class="draw-bar"><span></span></span><span class="draw-bar-value"></span>`;
      list.appendChild(row);
      state.view.bars.push({ row, bar: row.querySelector(".draw-bar > span"), value: row.querySelector(".draw-bar-value") });
    }
  }

  // ------------------------------------------------------------------------------------------
  // One neuron, opened (chapter 3): what it looks for, what it finds, and knobs to turn

  function select(layer, neuron) {
    state.selected = { layer, neuron };
    const inspector = $("draw-inspector");
    inspector.hidden = false;
    state.view.network.mark(state.selected);
    showInspector();
    $("draw-inspector-title").focus({ preventScroll: true });
    // Bring the inspector into view below whatever stays on top of the page as it scrolls (the
    // theme's header, and on a narrow screen the answer), unless it is in view already.
    const covered = Math.max(0, ...[document.querySelector(".md-header"), $("draw-panel")]
      .filter((element) => element && getComputedStyle(element).position === "sticky" && overlapsAcross(element, inspector))
      .map((element) => parseFloat(getComputedStyle(element).top) + element.getBoundingClientRect().height));
    const box = inspector.getBoundingClientRect();
    if (box.top < covered || box.bottom > window.innerHeight) {
      window.scrollBy({ top: box.top - covered - 8 });
    }
  }

  /** Whether ``element`` and ``other`` share some of the page's width. */
  function overlapsAcross(element, other) {
    const a = element.getBoundingClientRect(), b = other.getBoundingClientRect();
    return a.left < b.right && b.left < a.right;
  }

  // x with ``digits`` decimals and a proper minus sign (none on a number that rounds to 0)
  const number = (x, digits = 2) => (x < 0 && Number(Math.abs(x).toFixed(digits)) ? "−" : "") + Math.abs(x).toFixed(digits);
  const signed = (x, digits = 2) => (x < 0 ? "− " : "+ ") + Math.abs(x).toFixed(digits);
  const shortNumber = (x) => number(x, Math.abs(x) < 9.995 ? 2 : 1);

  /** ``values`` in the list of cells ``list`` (one per input neuron, numbered from 0): each a
      swatch in the weights' colours and its value. */
  function showCells(list, values, limit) {
    while (list.children.length < values.length) {
      const cell = document.createElement("li");
      cell.innerHTML = `<span class="draw-cell-index">${list.children.length}</span><span class="draw-cell-swatch"></span><span class="draw-cell-value"></span>`;
      list.appendChild(cell);
    }
    while (list.children.length > values.length) list.lastChild.remove();
    values.forEach((value, i) => {
      const cell = list.children[i];
      show(cell.children[1], "style", `background: rgb(${NN.weightColour(value, limit).join(", ")})`);
      showText(cell.children[2], shortNumber(value));
    });
  }

  /** The chosen neuron, opened: its weights (what it looks for), each weight times the activation
      it meets (what it finds), both as a 28x28 picture for the first hidden layer and as a row of
      numbered cells with their values for the layers after it, on one colour scale; and the
      numbers from weighted sum to activation. */
  function showInspector() {
    if (!state.selected) return;
    const { layer: l, neuron: j } = state.selected;
    const { network, edits, result } = state;
    const sizes = network.sizes, nIn = sizes[l], edit = edits[l];
    const last = l === sizes.length - 2;
    const names = NN.layerNames(sizes);
    showText($("draw-inspector-title"), last ? `Output neuron for digit ${j}`
      : `Hidden layer ${l + 1}, neuron ${j} (its neurons are 0 to ${sizes[l + 1] - 1})`);
    const weights = network.weights[l].subarray(j * nIn, (j + 1) * nIn);
    const scaled = Float64Array.from(weights, (w) => w * edit.scale[j]);
    const limit = Math.max(...weights.map(Math.abs)) * Math.max(1, Math.abs(edit.scale[j])) || 1;
    const picture = nIn === SIDE * SIDE; // a 28x28 picture, or cells
    const previous = result ? result.activations[l] : null;
    const found = Float64Array.from(scaled, (w, i) => (previous ? w * previous[i] : 0));
    for (const [id, values] of [["draw-looks-for", scaled], ["draw-finds", found]]) {
      $(id).hidden = !picture;
      $(`${id}-cells`).hidden = picture;
      if (picture) NN.paint($(id), values, SIDE, colours, limit);
      else showCells($(`${id}-cells`), values, limit);
    }
    $("draw-inspector").classList.toggle("draw-inspector-cells", !picture);
    show($("draw-scale-bar"), "style", `background: ${NN.weightScale}`);
    showText($("draw-scale-low"), number(-limit));
    showText($("draw-scale-high"), `+${number(limit)}`);
    showText($("draw-looks-for-caption"), picture
      ? "What it looks for: its 784 weights as a picture"
      : `What it looks for: its ${nIn} weights, one per neuron of ${names[l]}, numbered from 0`);
    show($("draw-looks-for"), "aria-label", "the weights of this neuron, one per pixel; blue positive, red negative");
    show($("draw-finds"), "aria-label", "each weight times its input's activation; they add up to the weighted sum");
    show($("draw-looks-for-cells"), "aria-label", `its weights, one per neuron of ${names[l]}`);
    show($("draw-finds-cells"), "aria-label", `each weight times the activation of that neuron of ${names[l]}`);
    const bias = network.biases[l][j];
    const squish = last || network.activation === "sigmoid" ? "sigmoid" : "ReLU";
    const scaledBy = edit.scale[j] === 1 ? "" : ` (its weights × ${number(edit.scale[j])})`;
    showText($("draw-sum"), result ? number(edit.scale[j] * result.sums[l][j]) + scaledBy : "draw a digit first");
    showText($("draw-bias-value"), edit.shift[j] ? `${number(bias)} ${signed(edit.shift[j], 1)} = ${number(bias + edit.shift[j])}` : number(bias));
    showText($("draw-z"), result ? number(result.zs[l][j]) : "");
    showText($("draw-activation"), !result ? "" : edit.off[j] ? "0 (switched off)"
      : `${squish}(${number(result.zs[l][j])}) = ${number(result.activations[l + 1][j], 3)}`);
    $("draw-bias").value = edit.shift[j];
    showText($("draw-bias-shown"), signed(edit.shift[j], 1));
    $("draw-scale").value = edit.scale[j];
    showText($("draw-scale-shown"), `× ${number(edit.scale[j])}`);
    $("draw-off").checked = edit.off[j] === 1;
  }

  function editSelected(change) {
    if (!state.selected) return;
    const { layer, neuron } = state.selected;
    change(state.edits[layer], neuron);
    update();
  }

  // ------------------------------------------------------------------------------------------
  // Drawing with a mouse, a finger or a pen; test digits; Undo

  /** Keep what is shown now, for Undo, before it changes. */
  function remember() {
    state.history.push({ strokes: state.strokes.slice(), example: state.example });
    if (state.history.length > UNDO_STEPS) state.history.shift();
    $("draw-undo").disabled = false;
  }

  function undo() {
    const previous = state.history.pop();
    if (!previous) return;
    state.strokes = previous.strokes;
    state.example = previous.example;
    $("draw-undo").disabled = state.history.length === 0;
    update();
  }

  /** Show the next test digit of ``set`` ("examples" or "mistakes"), after the last one shown. */
  function showNext(set) {
    remember();
    state.strokes = [];
    state.example = { set, k: state.next[set] };
    state.next[set] = (state.next[set] + 1) % state.sets[set].labels.length;
    update();
  }

  function pointOf(event) {
    const box = pad.getBoundingClientRect();
    const clamp = (v) => Math.min(1, Math.max(0, v));
    return [clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height)];
  }

  function listenToThePen() {
    pad.addEventListener("pointerdown", (event) => {
      if (state.pointer !== null || (event.pointerType === "mouse" && event.button !== 0)) return;
      event.preventDefault();
      remember();
      if (state.example !== null) { state.example = null; state.strokes = []; }
      state.pointer = event.pointerId;
      pad.setPointerCapture(event.pointerId);
      state.strokes = [...state.strokes, [pointOf(event)]];
      updateSoon();
    });
    pad.addEventListener("pointermove", (event) => {
      if (event.pointerId !== state.pointer) return;
      const coalesced = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      const stroke = state.strokes[state.strokes.length - 1];
      for (const each of coalesced.length ? coalesced : [event]) stroke.push(pointOf(each));
      updateSoon();
    });
    const end = (event) => {
      if (event.pointerId !== state.pointer) return;
      state.pointer = null;
      update();
    };
    pad.addEventListener("pointerup", end);
    pad.addEventListener("pointercancel", end);
  }

  function listenToTheButtons() {
    $("draw-undo").addEventListener("click", undo);
    $("draw-clear").addEventListener("click", () => {
      if (!state.strokes.length && state.example === null) return;
      remember();
      state.strokes = []; state.example = null; update();
    });
    $("draw-example").addEventListener("click", () => showNext("examples"));
    $("draw-mistake").addEventListener("click", () => showNext("mistakes"));
    $("draw-bias").addEventListener("input", (event) => editSelected((edit, j) => { edit.shift[j] = Number(event.target.value); }));
    $("draw-scale").addEventListener("input", (event) => editSelected((edit, j) => { edit.scale[j] = Number(event.target.value); }));
    $("draw-off").addEventListener("change", (event) => editSelected((edit, j) => { edit.off[j] = event.target.checked ? 1 : 0; }));
    $("draw-reset-neuron").addEventListener("click", () => editSelected((edit, j) => {
      edit.shift[j] = 0; edit.scale[j] = 1; edit.off[j] = 0;
    }));
    const resetAll = () => { state.edits = NN.noEdits(state.network.sizes); update(); };
    $("draw-reset-all").addEventListener("click", resetAll);
    $("draw-edited-reset").addEventListener("click", resetAll);
    $("draw-inspector-close").addEventListener("click", () => {
      const { layer, neuron } = state.selected;
      state.selected = null;
      $("draw-inspector").hidden = true;
      state.view.network.mark(null);
      state.view.network.neuron(layer, neuron).focus();
    });
  }

  function followThemeAndSize() {
    const repaint = () => { colours = NN.readColours(app); if (state.network) update(); };
    new MutationObserver(repaint).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"] });
    new ResizeObserver(() => {
      if (!state.network) return;
      state.padSize = pad.getBoundingClientRect().width;
      fitNetworkView();
      update();
    }).observe(app);
  }

  // A network the reader trained on "Train it yourself" (learn.js keeps it in this browser, in the
  // format of draw/network.json), or null. Switching back to the book's forgets it.
  const READERS_NETWORK = "nnbook-readers-network";

  function readersNetwork() {
    try {
      const data = JSON.parse(localStorage.getItem(READERS_NETWORK));
      return data && data.format === "nnbook-network" && data.version === VERSION ? data : null;
    } catch (error) {
      return null; // no storage, or not a network: the book's
    }
  }

  function showReadersNetwork(status, data) {
    const { sizes } = state.network;
    status.textContent = `The network here is yours, trained on Train it yourself for ${data.epochs.toFixed(1)} epochs: ${sizes.join("-")} ` +
      `(${data.activation === "relu" ? "ReLU" : "sigmoid"}), right on ${(100 * data.test_accuracy).toFixed(1)}% of the first ` +
      `${data.test_digits.toLocaleString("en")} test digits. `;
    const back = document.createElement("button");
    back.type = "button";
    back.className = "draw-link";
    back.id = "draw-book-network";
    back.textContent = "Switch back to the book's network";
    back.addEventListener("click", () => { localStorage.removeItem(READERS_NETWORK); window.location.reload(); });
    status.appendChild(back);
  }

  async function start() {
    const status = $("draw-status");
    try {
      const [networkData, examples, mistakes] = await Promise.all([
        readJSON("network.json", "nnbook-network"), readJSON("digits.json", "nnbook-digits"), readJSON("mistakes.json", "nnbook-digits")]);
      state.network = NN.readNetwork(networkData);
      state.sets = { examples: readDigits(examples), mistakes: readDigits(mistakes) };
    } catch (error) {
      status.textContent = `The network could not be loaded: ${error.message}`;
      status.classList.add("draw-error");
      console.error("nnbook draw:", error);
      throw error;
    }
    const yours = readersNetwork();
    if (yours) state.network = NN.readNetwork(yours);
    state.edits = NN.noEdits(state.network.sizes);
    const { sizes, testAccuracy } = state.network;
    const knobs = sizes.slice(1).reduce((n, size, l) => n + size * (sizes[l] + 1), 0);
    if (yours) showReadersNetwork(status, yours);
    else status.textContent = `The network here is the book's (chapter 8), trained when this copy of the book was built: ${sizes.join("-")}, ` +
      `${knobs.toLocaleString("en")} weights and biases, right on ${(100 * testAccuracy).toFixed(2)}% of the 10,000 test digits.`;
    colours = NN.readColours(app);
    state.padSize = pad.getBoundingClientRect().width;
    buildBars();
    fitNetworkView();
    listenToThePen();
    listenToTheButtons();
    followThemeAndSize();
    state.announced = "No answer: the drawing is empty."; // what the empty page says: nothing to announce
    update();
  }

  start().catch(() => {}); // shown on the page and in the console above

  // For the book's browser tests (tests/test_draw.py, tests/test_browser.py), which set
  // window.NNBOOK_DEBUG before this script runs: every layer's activations for what the page shows
  // (the input first), or null; and the numbers behind "unsure".
  if (window.NNBOOK_DEBUG) {
    window.nnbookDraw = {
      activations: () => (state.result ? state.result.activations.map((a) => Array.from(a)) : null),
      unsure: { below: UNSURE_BELOW, within: UNSURE_WITHIN },
    };
  }
})();
