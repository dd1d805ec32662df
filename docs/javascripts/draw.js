/* The "Draw a digit" page (docs/draw.md): the reader draws, the book's network answers.

   Everything runs here, in the reader's browser. The build writes two files next to the page
   (nnbook/site/export.py): draw/network.json, the trained network's sizes, weights and biases, and
   draw/digits.json, a few real test digits. This script
   - turns the strokes drawn on the canvas into 784 numbers the way MNIST's digits were made
     (toNetworkInput): crop to the ink, scale the longer side to 20 pixels keeping the aspect
     ratio, anti-alias, and place the ink's centre of mass at the centre of a 28x28 field;
   - runs the feedforward of chapter 4, a' = sigmoid(W a + b), layer by layer (feedforward),
     with the reader's edits to single neurons (a bias shifted, weights scaled, switched off);
   - draws the network as chapter 2 does, with every activation lit, and opens any neuron as
     chapter 3 does: its weights as a picture, what they find in the input, the weighted sum,
     the bias and the activation.
   The build checks what it writes (nnbook.site.export); this script checks only each file's
   format and version. */
(function () {
  "use strict";

  const SCRIPT_URL = document.currentScript.src;
  const SIDE = 28; // MNIST's pictures are 28x28 pixels
  const INK_BOX = 20; // MNIST scaled each digit's ink so that its longer side is 20 pixels
  // The pen, in pixels of the 28x28 picture: full ink up to FULL_INK from the stroke's middle,
  // fading to none at NO_INK. Strokes traced along real MNIST digits and drawn with this pen have
  // about the same ink, and as many lit pixels, as the digits themselves (a stroke about 2.4
  // pixels wide).
  const FULL_INK = 0.7;
  const NO_INK = 1.7;
  const PEN_WIDTH = 0.05; // the pen on the drawing canvas, as a fraction of its width
  const STRONGEST = 24; // connections drawn between two layers: the largest |weight x activation|
  const VERSION = 1; // of the files' format: nnbook.site.export.VERSION

  const app = document.getElementById("draw-app");
  if (!app) return;
  const $ = (id) => document.getElementById(id);
  const SVG_NS = "http://www.w3.org/2000/svg";

  // ------------------------------------------------------------------------------------------
  // Reading the files the build wrote

  function decodeBase64(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /** Little-endian float32 numbers in base64, as nnbook.site.export writes them. */
  function decodeFloats(text) {
    const bytes = decodeBase64(text);
    const view = new DataView(bytes.buffer);
    const numbers = new Float32Array(bytes.length / 4);
    for (let i = 0; i < numbers.length; i++) numbers[i] = view.getFloat32(4 * i, true);
    return numbers;
  }

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

  function readNetwork(data) {
    return {
      sizes: data.sizes,
      activation: data.activation,
      testAccuracy: data.test_accuracy,
      // weights[l] holds one row of sizes[l] weights for each neuron of layer l + 1
      weights: data.weights.map(decodeFloats),
      biases: data.biases.map(decodeFloats),
    };
  }

  function readDigits(data) {
    const bytes = decodeBase64(data.pixels);
    const pixels = [];
    for (let k = 0; k < data.count; k++) {
      // Float32Array, like nnbook's images: pixel values between 0 and 1 in float32
      pixels.push(Float32Array.from(bytes.subarray(784 * k, 784 * (k + 1)), (v) => v / 255));
    }
    return { labels: data.labels, indices: data.indices, pixels };
  }

  // ------------------------------------------------------------------------------------------
  // The feedforward (chapter 4), with the reader's edits

  const sigmoid = (z) => 1 / (1 + Math.exp(-z));
  const SQUISH = { sigmoid, relu: (z) => Math.max(0, z) };

  /** No edits: for each layer after the input, every neuron's bias shift 0, weight scale 1, on. */
  function noEdits(sizes) {
    return sizes.slice(1).map((n) => ({
      shift: new Float64Array(n),
      scale: new Float64Array(n).fill(1),
      off: new Uint8Array(n),
    }));
  }

  function isEdited(edit, j) {
    return edit.shift[j] !== 0 || edit.scale[j] !== 1 || edit.off[j] === 1;
  }

  /** Every layer's numbers for one input of 784 pixel values: sums[l][j] is neuron j's weighted
      sum of the previous layer's activations (with its own weights, unscaled), zs[l][j] that sum
      times the neuron's weight scale plus its bias and bias shift, and activations[l + 1][j] the
      squish of zs[l][j] (0 for a neuron switched off). activations[0] is the input. The hidden
      layers use the network's activation, the output layer the sigmoid, as in nnbook. */
  function feedforward(network, edits, input) {
    const sums = [], zs = [], activations = [input];
    const last = network.weights.length - 1;
    network.weights.forEach((w, l) => {
      const a = activations[l], nIn = a.length, nOut = network.biases[l].length;
      const b = network.biases[l], edit = edits[l];
      const squish = l === last ? sigmoid : SQUISH[network.activation];
      const sum = new Float64Array(nOut), z = new Float64Array(nOut), next = new Float64Array(nOut);
      for (let j = 0; j < nOut; j++) {
        let s = 0;
        for (let i = 0, row = j * nIn; i < nIn; i++) s += w[row + i] * a[i];
        sum[j] = s;
        z[j] = edit.scale[j] * s + b[j] + edit.shift[j];
        next[j] = edit.off[j] ? 0 : squish(z[j]);
      }
      sums.push(sum); zs.push(z); activations.push(next);
    });
    return { sums, zs, activations };
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
  // Colours from the Material theme (light or dark), as numbers a canvas can use

  const colours = {};
  function readColours() {
    const style = getComputedStyle(app);
    const probe = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
    const rgb = (name) => {
      probe.clearRect(0, 0, 1, 1);
      probe.fillStyle = style.getPropertyValue(name).trim() || "#888";
      probe.fillRect(0, 0, 1, 1);
      return [...probe.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    };
    const ink = rgb("--md-default-fg-color");
    Object.assign(colours, {
      ink,
      inkCss: `rgb(${ink.join(", ")})`, // opaque: where strokes cross, the ink does not darken
      positive: rgb("--draw-positive"),
      negative: rgb("--draw-negative"),
    });
  }

  /** Paint ``values`` (row by row, ``width`` wide) on a canvas of that many pixels, over the
      canvas's CSS background. As ink (``limit`` 0): the theme's text colour, as opaque as the
      value (0 to 1). As weights (``limit`` > 0): blue for positive values and red for negative
      ones, as opaque as |value| / limit. */
  function paint(canvas, values, width, limit = 0) {
    const height = values.length / width;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width; canvas.height = height;
    }
    const context = canvas.getContext("2d");
    const image = context.createImageData(width, height);
    const data = image.data;
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      const [r, g, b] = limit === 0 ? colours.ink : value >= 0 ? colours.positive : colours.negative;
      const alpha = limit === 0 ? value : Math.abs(value) / limit;
      data[4 * k] = r; data[4 * k + 1] = g; data[4 * k + 2] = b;
      data[4 * k + 3] = Math.round(255 * Math.min(1, Math.max(0, alpha)));
    }
    context.putImageData(image, 0, 0);
  }

  // ------------------------------------------------------------------------------------------
  // The network drawn as chapter 2 draws it: the input as its picture, every other neuron a circle

  const LAYER_NAMES = (sizes) => sizes.map((n, l) =>
    l === 0 ? "input layer" : l === sizes.length - 1 ? "output layer" : `hidden layer ${l}`);

  /** Where everything goes, in the SVG's units: across (layers as columns) on wide screens,
      down (layers as rows) on narrow ones. */
  function layout(sizes, across) {
    const layers = sizes.slice(1);
    if (across) {
      const width = 760, height = 400, top = 44, bottom = height - 16;
      const picture = { x: 8, y: 120, size: 176 };
      const columns = layers.map((_, l) => 330 + (l * 320) / Math.max(1, layers.length - 1));
      const spacing = Math.min(30, (bottom - top) / Math.max(...layers));
      const neurons = layers.map((n, l) => Array.from({ length: n }, (_, j) => ({
        x: columns[l], y: (top + bottom) / 2 + spacing * (j - (n - 1) / 2),
      })));
      const labels = [{ x: picture.x + picture.size / 2, y: picture.y - 14 }, ...columns.map((x) => ({ x, y: 20 }))];
      return { width, height, picture, neurons, radius: Math.min(9, spacing * 0.42), labels, across };
    }
    const width = 360, rowGap = 84, top = 176;
    const picture = { x: 120, y: 22, size: 120 };
    const spacing = Math.min(34, (width - 16) / Math.max(...layers));
    const neurons = layers.map((n, l) => Array.from({ length: n }, (_, j) => ({
      x: width / 2 + spacing * (j - (n - 1) / 2), y: top + rowGap * l,
    })));
    const labels = [{ x: width / 2, y: 14 }, ...layers.map((_, l) => ({ x: width / 2, y: top + rowGap * l - 18 }))];
    return { width, height: top + rowGap * (layers.length - 1) + 44, picture, neurons, radius: Math.min(9, spacing * 0.42), labels, across };
  }

  // What each element was last given by show(): an attribute set again to the same value still
  // costs the browser work, so only changes are written. Values are strings made ahead of time
  // where possible (turning numbers into text, many times a frame, is slow).
  const shownAttributes = new WeakMap();

  function show(element, name, text) {
    let shown = shownAttributes.get(element);
    if (!shown) shownAttributes.set(element, (shown = {}));
    if (shown[name] !== text) { shown[name] = text; element.setAttribute(name, text); }
  }

  function showText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }

  const TENTHS = Array.from({ length: 11 }, (_, k) => k / 10); // a connection's share of the strongest
  const OPACITIES = TENTHS.map((share) => (0.25 + 0.75 * share).toFixed(2));
  const WIDTHS = TENTHS.map((share) => (0.6 + 2 * share).toFixed(1));

  function svgElement(name, attributes, parent) {
    const element = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (parent) parent.appendChild(element);
    return element;
  }

  // ------------------------------------------------------------------------------------------
  // The page

  const state = {
    network: null, digits: null, edits: null,
    strokes: [], pointer: null, example: null, nextExample: 0,
    result: null, selected: null, view: null, frame: 0, padSize: 0,
  };

  const pad = $("draw-canvas");
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
      paint(tile, state.digits.pixels[state.example], SIDE);
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

  function currentInput() {
    if (state.example !== null) return state.digits.pixels[state.example];
    return toNetworkInput(state.strokes);
  }

  /** Draw the strokes, prepare the input, run the feedforward and redraw every layer. While the
      reader draws this runs once per animation frame (``inFrame``). */
  function update(inFrame) {
    cancelAnimationFrame(state.frame);
    state.frame = 0;
    drawPad();
    const input = currentInput();
    state.result = input ? feedforward(state.network, state.edits, input) : null;
    showResult(inFrame !== true);
  }

  function updateSoon() {
    if (!state.frame) state.frame = requestAnimationFrame(() => update(true));
  }

  function showResult(settled) {
    const result = state.result;
    const empty = new Float32Array(SIDE * SIDE);
    const input = result ? result.activations[0] : empty;
    paint($("draw-input"), input, SIDE);
    paint(state.view.picture, input, SIDE);
    const outputs = result ? result.activations[result.activations.length - 1] : null;
    let best = -1;
    if (outputs) outputs.forEach((value, d) => { if (best < 0 || value > outputs[best]) best = d; });
    showText(answer, best < 0 ? "" : String(best));
    state.view.bars.forEach(({ row, bar, value }, d) => {
      const activation = outputs ? outputs[d] : 0;
      show(bar, "style", `width: ${(100 * activation).toFixed(1)}%`);
      showText(value, outputs ? activation.toFixed(2) : "");
      row.classList.toggle("draw-best", d === best);
    });
    showNetwork(best, settled);
    showInspector();
    const caption = $("draw-caption");
    if (state.example !== null) {
      const k = state.example;
      showText(caption, `Test digit number ${state.digits.indices[k].toLocaleString("en")} of 10,000, labelled ${state.digits.labels[k]}.`);
    } else {
      showText(caption, state.strokes.length ? "" : "Draw a digit from 0 to 9 in the box.");
    }
    const edited = state.edits.reduce((count, edit) => count + edit.off.reduce((n, _, j) => n + isEdited(edit, j), 0), 0);
    $("draw-edited").hidden = edited === 0;
    showText($("draw-edited-count"), edited === 1 ? "1 neuron is edited" : `${edited} neurons are edited`);
  }

  /** Light the neurons and draw the strongest connections. ``settled``: the reader is not in
      the middle of a stroke, so the neurons' labels for screen readers are brought up to date too. */
  function showNetwork(best, settled) {
    const { view, network, result, edits } = state;
    const layers = network.sizes.length - 1;
    const names = LAYER_NAMES(network.sizes);
    for (let l = 0; l < layers; l++) {
      const values = result ? result.activations[l + 1] : null;
      view.neurons[l].forEach((neuron, j) => {
        const value = values ? values[j] : 0;
        show(neuron.body, "fill-opacity", value.toFixed(2));
        neuron.group.classList.toggle("draw-edited", isEdited(edits[l], j));
        neuron.group.classList.toggle("draw-off", edits[l].off[j] === 1);
        if (settled) {
          const what = l === layers - 1 ? `${names[l + 1]}, neuron for digit ${j}` : `${names[l + 1]}, neuron ${j + 1}`;
          show(neuron.group, "aria-label", values ? `${what}, activation ${value.toFixed(2)}` : what);
        }
        if (neuron.value) showText(neuron.value, values ? value.toFixed(2) : "");
      });
    }
    const target = best >= 0 ? view.neurons[layers - 1][best] : null;
    show(view.ring, "visibility", target ? "visible" : "hidden");
    if (target) { show(view.ring, "cx", target.cx); show(view.ring, "cy", target.cy); }
    showConnections();
  }

  /** For each pair of layers, the STRONGEST connections for the current input: the largest
      |weight x activation| (with the neuron's weight scale), blue when it pushes the weighted
      sum up, red when it pulls it down. */
  function showConnections() {
    const { view, network, result, edits } = state;
    // the strongest so far, largest first: their |strength|, strength, and neurons i -> j
    const sizes = new Float64Array(STRONGEST), strengths = new Float64Array(STRONGEST);
    const froms = new Int32Array(STRONGEST), tos = new Int32Array(STRONGEST);
    network.weights.forEach((w, l) => {
      let count = 0;
      if (result) {
        const a = result.activations[l], nIn = a.length, nOut = network.biases[l].length;
        for (let j = 0; j < nOut; j++) {
          const scale = edits[l].off[j] ? 0 : edits[l].scale[j];
          for (let i = 0, row = j * nIn; i < nIn; i++) {
            const strength = w[row + i] * a[i] * scale;
            const size = Math.abs(strength);
            if (size === 0 || (count === STRONGEST && size <= sizes[STRONGEST - 1])) continue;
            let k = count < STRONGEST ? count++ : STRONGEST - 1;
            for (; k > 0 && sizes[k - 1] < size; k--) {
              sizes[k] = sizes[k - 1]; strengths[k] = strengths[k - 1]; froms[k] = froms[k - 1]; tos[k] = tos[k - 1];
            }
            sizes[k] = size; strengths[k] = strength; froms[k] = i; tos[k] = j;
          }
        }
      }
      view.lines[l].forEach((line, k) => {
        if (k >= count) { show(line, "visibility", "hidden"); return; }
        const from = l === 0 ? view.pixels[froms[k]] : view.neurons[l - 1][froms[k]];
        const to = view.neurons[l][tos[k]];
        const tenths = Math.round((10 * sizes[k]) / sizes[0]);
        show(line, "x1", from.cx); show(line, "y1", from.cy);
        show(line, "x2", to.cx); show(line, "y2", to.cy);
        show(line, "class", strengths[k] > 0 ? "draw-positive" : "draw-negative");
        show(line, "stroke-opacity", OPACITIES[tenths]);
        show(line, "stroke-width", WIDTHS[tenths]);
        show(line, "visibility", "visible");
      });
    });
  }

  /** Build the drawing of the network for the page's width (rebuilt when it changes a lot). */
  function buildNetworkView() {
    const figure = $("draw-network");
    const across = figure.getBoundingClientRect().width >= 600;
    if (state.view && state.view.layout && state.view.layout.across === across) return;
    const sizes = state.network.sizes;
    const place = layout(sizes, across);
    figure.replaceChildren();
    const picture = document.createElement("canvas");
    picture.className = "draw-network-input";
    picture.setAttribute("aria-hidden", "true");
    Object.assign(picture.style, {
      left: `${(100 * place.picture.x) / place.width}%`, top: `${(100 * place.picture.y) / place.height}%`,
      width: `${(100 * place.picture.size) / place.width}%`,
    });
    figure.appendChild(picture);
    const svg = svgElement("svg", { viewBox: `0 0 ${place.width} ${place.height}`, role: "group", "aria-label": "The network: choose a neuron to open it" }, figure);
    svgElement("rect", { x: place.picture.x, y: place.picture.y, width: place.picture.size, height: place.picture.size, class: "draw-frame" }, svg);
    const connections = svgElement("g", { class: "draw-connections" }, svg);
    const lines = sizes.slice(1).map(() => Array.from({ length: STRONGEST }, () => svgElement("line", { visibility: "hidden" }, connections)));
    const names = LAYER_NAMES(sizes);
    place.labels.forEach(({ x, y }, l) => {
      const label = svgElement("text", { x, y, class: "draw-layer-label", "text-anchor": "middle" }, svg);
      label.textContent = `${names[l]} · ${sizes[l]}`;
    });
    const last = sizes.length - 2;
    const neurons = place.neurons.map((column, l) => column.map(({ x, y }, j) => {
      const group = svgElement("g", { class: "draw-neuron", tabindex: "0", role: "button", "data-layer": l + 1, "data-neuron": j }, svg);
      svgElement("circle", { cx: x, cy: y, r: place.radius * 1.6, class: "draw-hit" }, group);
      svgElement("circle", { cx: x, cy: y, r: place.radius, class: "draw-paper" }, group);
      const body = svgElement("circle", { cx: x, cy: y, r: place.radius, class: "draw-body" }, group);
      svgElement("line", { x1: x - place.radius, y1: y + place.radius, x2: x + place.radius, y2: y - place.radius, class: "draw-cross" }, group);
      const neuron = { group, body, x, y, cx: x.toFixed(1), cy: y.toFixed(1), value: null };
      if (l === last) {
        const digit = svgElement("text", place.across
          ? { x: x + place.radius + 7, y: y + 4, class: "draw-digit" }
          : { x, y: y + place.radius + 15, class: "draw-digit", "text-anchor": "middle" }, group);
        digit.textContent = j;
        if (place.across) neuron.value = svgElement("text", { x: x + place.radius + 22, y: y + 4, class: "draw-value" }, group);
      }
      group.addEventListener("click", () => select(l, j));
      group.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(l, j); }
      });
      return neuron;
    }));
    const ring = svgElement("circle", { r: place.radius * 1.5, class: "draw-ring", visibility: "hidden" }, svg);
    // the middle of each pixel of the input picture, where its connections start
    const cell = place.picture.size / SIDE;
    const pixels = Array.from({ length: SIDE * SIDE }, (_, k) => ({
      cx: (place.picture.x + cell * ((k % SIDE) + 0.5)).toFixed(1),
      cy: (place.picture.y + cell * (Math.floor(k / SIDE) + 0.5)).toFixed(1),
    }));
    state.view = { ...(state.view || {}), layout: place, picture, pixels, neurons, lines, ring };
    if (state.selected) markSelected();
  }

  function buildBars() {
    const list = $("draw-bars");
    state.view = { ...(state.view || {}), bars: [] };
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
    $("draw-inspector").hidden = false;
    markSelected();
    showInspector();
    $("draw-inspector").scrollIntoView({ block: "nearest" });
  }

  function markSelected() {
    const { layer, neuron } = state.selected || {};
    state.view.neurons.forEach((column, l) => column.forEach((n, j) => {
      const chosen = l === layer && j === neuron;
      n.group.classList.toggle("draw-selected", chosen);
      n.group.setAttribute("aria-pressed", chosen ? "true" : "false");
    }));
  }

  /** The chosen neuron, opened: its weights as a picture (what it looks for), each weight times
      the activation it meets (what it finds), and the numbers from weighted sum to activation. */
  function showInspector() {
    if (!state.selected) return;
    const { layer: l, neuron: j } = state.selected;
    const { network, edits, result } = state;
    const sizes = network.sizes, nIn = sizes[l], edit = edits[l];
    const last = l === sizes.length - 2;
    showText($("draw-inspector-title"), last ? `Output neuron for digit ${j}` : `Hidden layer ${l + 1}, neuron ${j + 1} of ${sizes[l + 1]}`);
    const weights = network.weights[l].subarray(j * nIn, (j + 1) * nIn);
    const scaled = Float64Array.from(weights, (w) => w * edit.scale[j]);
    const limit = Math.max(...weights.map(Math.abs)) * Math.max(1, Math.abs(edit.scale[j])) || 1;
    const width = nIn === SIDE * SIDE ? SIDE : nIn; // a 28x28 picture, or one row of cells
    const previous = result ? result.activations[l] : null;
    const found = Float64Array.from(scaled, (w, i) => (previous ? w * previous[i] : 0));
    for (const [id, values] of [["draw-looks-for", scaled], ["draw-finds", found]]) {
      paint($(id), values, width, limit);
      $(id).classList.toggle("draw-strip", width !== SIDE);
    }
    showText($("draw-looks-for-caption"), l === 0
      ? "What it looks for: its 784 weights as a picture"
      : `What it looks for: its ${nIn} weights, one per neuron of ${LAYER_NAMES(sizes)[l]}`);
    show($("draw-looks-for"), "aria-label", `the weights of this neuron, one per ${l === 0 ? "pixel" : `neuron of hidden layer ${l}`}; blue positive, red negative`);
    show($("draw-finds"), "aria-label", "each weight times its input's activation; they add up to the weighted sum");
    const number = (x, digits = 2) => (x < 0 ? "−" : "") + Math.abs(x).toFixed(digits);
    const signed = (x, digits = 2) => (x < 0 ? "− " : "+ ") + Math.abs(x).toFixed(digits);
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
  // Drawing with a mouse, a finger or a pen

  function pointOf(event) {
    const box = pad.getBoundingClientRect();
    const clamp = (v) => Math.min(1, Math.max(0, v));
    return [clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height)];
  }

  function listenToThePen() {
    pad.addEventListener("pointerdown", (event) => {
      if (state.pointer !== null || (event.pointerType === "mouse" && event.button !== 0)) return;
      event.preventDefault();
      if (state.example !== null) { state.example = null; state.strokes = []; }
      state.pointer = event.pointerId;
      pad.setPointerCapture(event.pointerId);
      state.strokes.push([pointOf(event)]);
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
    $("draw-clear").addEventListener("click", () => {
      state.strokes = []; state.example = null; update();
    });
    $("draw-example").addEventListener("click", () => {
      state.strokes = [];
      state.example = state.nextExample;
      state.nextExample = (state.nextExample + 1) % state.digits.pixels.length;
      update();
    });
    $("draw-bias").addEventListener("input", (event) => editSelected((edit, j) => { edit.shift[j] = Number(event.target.value); }));
    $("draw-scale").addEventListener("input", (event) => editSelected((edit, j) => { edit.scale[j] = Number(event.target.value); }));
    $("draw-off").addEventListener("change", (event) => editSelected((edit, j) => { edit.off[j] = event.target.checked ? 1 : 0; }));
    $("draw-reset-neuron").addEventListener("click", () => editSelected((edit, j) => {
      edit.shift[j] = 0; edit.scale[j] = 1; edit.off[j] = 0;
    }));
    const resetAll = () => { state.edits = noEdits(state.network.sizes); update(); };
    $("draw-reset-all").addEventListener("click", resetAll);
    $("draw-edited-reset").addEventListener("click", resetAll);
    $("draw-inspector-close").addEventListener("click", () => {
      const { layer, neuron } = state.selected;
      state.selected = null;
      $("draw-inspector").hidden = true;
      markSelected();
      state.view.neurons[layer][neuron].group.focus();
    });
  }

  function followThemeAndSize() {
    const repaint = () => { readColours(); if (state.network) update(); };
    new MutationObserver(repaint).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"] });
    new ResizeObserver(() => {
      if (!state.network) return;
      state.padSize = pad.getBoundingClientRect().width;
      buildNetworkView();
      markSelected();
      update();
    }).observe(app);
  }

  async function start() {
    const status = $("draw-status");
    try {
      const [networkData, digitsData] = await Promise.all([readJSON("network.json", "nnbook-network"), readJSON("digits.json", "nnbook-digits")]);
      state.network = readNetwork(networkData);
      state.digits = readDigits(digitsData);
    } catch (error) {
      status.textContent = `The network could not be loaded: ${error.message}`;
      status.classList.add("draw-error");
      console.error("nnbook draw:", error);
      throw error;
    }
    state.edits = noEdits(state.network.sizes);
    const { sizes, testAccuracy } = state.network;
    const knobs = sizes.slice(1).reduce((n, size, l) => n + size * (sizes[l] + 1), 0);
    status.textContent = `The network here is the book's (chapter 8), trained when this copy of the book was built: ${sizes.join("-")}, ` +
      `${knobs.toLocaleString("en")} weights and biases, right on ${(100 * testAccuracy).toFixed(2)}% of the 10,000 test digits.`;
    readColours();
    state.padSize = pad.getBoundingClientRect().width;
    buildBars();
    buildNetworkView();
    listenToThePen();
    listenToTheButtons();
    followThemeAndSize();
    update();
  }

  start().catch(() => {}); // shown on the page and in the console above

  // For the book's browser tests (tests/test_draw.py), which set window.NNBOOK_DEBUG before this
  // script runs: every layer's activations for what the page shows (the input first), or null.
  if (window.NNBOOK_DEBUG) {
    window.nnbookDraw = { activations: () => (state.result ? state.result.activations.map((a) => Array.from(a)) : null) };
  }
})();
