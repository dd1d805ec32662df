/* A network in the reader's browser: its feedforward and its drawing. Used by "Draw a digit"
   (draw.js) and by any page that runs a network of the book's kind: any sizes, such as
   [784, 16, 16, 10] or [784, 32, 10], hidden layers of sigmoid or ReLU neurons, a sigmoid output
   layer. Load it before the page's own script; it defines one global, window.nnbookNetwork:

   The network
   - readNetwork(data): a network from the dict of a nnbook-network file (nnbook.site.export):
     { sizes, activation, testAccuracy, weights, biases }. weights[l] holds, row by row, one row of
     sizes[l] weights for each neuron of layer l + 1; biases[l] one bias per neuron of layer l + 1
     (Float32Arrays). A page that trains its own network passes an object of the same shape, with
     any typed arrays or plain arrays.
   - feedforward(network, edits, input) -> { sums, zs, activations }: chapter 4's a' = sigmoid(W a + b),
     layer by layer, for one input of sizes[0] numbers; activations[0] is the input. ``edits`` (or
     null for none) change single neurons: see noEdits.
   - noEdits(sizes): for each layer after the input, every neuron's bias shift 0, weight scale 1,
     on: { shift, scale, off }, each with one entry per neuron. isEdited(edit, j).
   - brightest(outputs): the index of the largest output, the network's answer (-1 for none).
   - decodeBase64(text), decodeFloats(text): nnbook.site.export's encodings.

   Its drawing (chapter 2's picture: the input as its 28x28 picture, every other neuron a circle
   shaded by its activation, the strongest connections for this input as lines)
   - createView(figure, sizes, { onChoose(layer, neuron), label }): a view drawn inside the
     element ``figure`` (styled by stylesheets/network-view.css). Layers as columns when the
     figure is 600 CSS px wide or more, as rows below that, each row's name in a margin on its
     left where no connection passes. Every neuron after the input is a
     button (click, tap, Enter or Space) that calls onChoose(layer, neuron), where ``layer`` counts
     the layers after the input from 0 (0: the first hidden layer), as network.weights does, and
     ``neuron`` counts from 0. Its SVG group carries data-layer = layer + 1 (the place in
     ``sizes``) and data-neuron = neuron. The view's methods:
       fit()                  draw it again if the figure's width calls for the other layout
                              (call it when the figure is resized); true when it did
       show({ network, result, edits, colours, settled })
                              light it for ``result`` (feedforward's, or null for no input);
                              ``colours`` from readColours; ``settled`` (default true): also bring
                              the neurons' labels for screen readers up to date (pass false
                              while the input changes many times a second)
       mark(chosen)           ring the neuron { layer, neuron } as chosen (null: none)
       neuron(layer, neuron)  that neuron's SVG group (to focus it)
   - layerNames(sizes): "input layer", "hidden layer 1", ..., "output layer".

   Colours and pictures
   - readColours(element): the theme's text colour where ``element`` is, as numbers a canvas can
     use and as CSS: { ink, inkCss } (--md-default-fg-color).
   - paint(canvas, values, width, colours, limit = 0): paint ``values`` (row by row, ``width``
     wide) one value per canvas pixel: as ink (limit 0), or as weights from -limit to limit in
     the book's colours for weights (weightColour).
   - weightColour(value, limit): [r, g, b] of ``value`` in the colour map of the book's weight
     figures (nnbook.figures.drawing.WEIGHT_COLORMAP, ColorBrewer's RdBu): red for -limit, white
     for 0, blue for limit. weightScale: that colour map as a CSS gradient, from left to right.
   - show(element, attribute, text), showText(element, text): set them only when they change. */
(function () {
  "use strict";

  const SIDE = 28; // MNIST's pictures are 28x28 pixels
  const STRONGEST = 24; // connections drawn between two layers: the largest |weight x activation|
  const ACROSS = 600; // CSS pixels: a figure at least this wide draws its layers as columns
  const SVG_NS = "http://www.w3.org/2000/svg";
  // ColorBrewer's RdBu, as matplotlib interpolates it: from the most negative value to the most positive
  const RDBU = ["#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"]
    .map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));

  // ------------------------------------------------------------------------------------------
  // The files the build writes

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

  function readNetwork(data) {
    return {
      sizes: data.sizes,
      activation: data.activation,
      testAccuracy: data.test_accuracy,
      weights: data.weights.map(decodeFloats),
      biases: data.biases.map(decodeFloats),
    };
  }

  // ------------------------------------------------------------------------------------------
  // The feedforward (chapter 4), with a reader's edits

  const sigmoid = (z) => 1 / (1 + Math.exp(-z));
  const SQUISH = { sigmoid, relu: (z) => Math.max(0, z) };

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

  /** Every layer's numbers for one input: sums[l][j] is neuron j's weighted sum of the previous
      layer's activations (with its own weights, unscaled), zs[l][j] that sum times the neuron's
      weight scale plus its bias and bias shift, and activations[l + 1][j] the squish of zs[l][j]
      (0 for a neuron switched off). activations[0] is the input. The hidden layers use the
      network's activation, the output layer the sigmoid, as in nnbook. */
  function feedforward(network, edits, input) {
    edits = edits || noEdits(network.sizes);
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

  function brightest(outputs) {
    let best = -1;
    if (outputs) outputs.forEach((value, d) => { if (best < 0 || value > outputs[best]) best = d; });
    return best;
  }

  // ------------------------------------------------------------------------------------------
  // Colours from the Material theme (light or dark), and pictures painted with them

  function readColours(element) {
    const style = getComputedStyle(element);
    const probe = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
    const rgb = (name) => {
      probe.clearRect(0, 0, 1, 1);
      probe.fillStyle = style.getPropertyValue(name).trim() || "#888";
      probe.fillRect(0, 0, 1, 1);
      return [...probe.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    };
    const ink = rgb("--md-default-fg-color");
    // opaque: where strokes cross, the ink does not darken
    return { ink, inkCss: `rgb(${ink.join(", ")})` };
  }

  function weightColour(value, limit) {
    const place = Math.min(1, Math.max(0, (value / limit + 1) / 2)) * (RDBU.length - 1);
    const k = Math.min(RDBU.length - 2, Math.floor(place)), t = place - k;
    return RDBU[k].map((low, i) => Math.round(low + t * (RDBU[k + 1][i] - low)));
  }

  const weightScale = `linear-gradient(to right, ${RDBU.map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`).join(", ")})`;

  /** Paint ``values`` (row by row, ``width`` wide) on a canvas of that many pixels. As ink
      (``limit`` 0): the theme's text colour, as opaque as the value (0 to 1), over the canvas's
      CSS background. As weights (``limit`` > 0): opaque, in weightColour. */
  function paint(canvas, values, width, colours, limit = 0) {
    const height = values.length / width;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width; canvas.height = height;
    }
    const context = canvas.getContext("2d");
    const image = context.createImageData(width, height);
    const data = image.data;
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      const [r, g, b] = limit === 0 ? colours.ink : weightColour(value, limit);
      const alpha = limit === 0 ? value : 1;
      data[4 * k] = r; data[4 * k + 1] = g; data[4 * k + 2] = b;
      data[4 * k + 3] = Math.round(255 * Math.min(1, Math.max(0, alpha)));
    }
    context.putImageData(image, 0, 0);
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

  // ------------------------------------------------------------------------------------------
  // The network drawn as chapter 2 draws it

  const layerNames = (sizes) => sizes.map((n, l) =>
    l === 0 ? "input layer" : l === sizes.length - 1 ? "output layer" : `hidden layer ${l}`);

  /** Where everything goes, in the SVG's units: across (layers as columns) on wide screens,
      down (layers as rows) on narrow ones. Each layer's neurons as far apart as its own size
      allows, all of them as large as the largest layer allows. */
  function layout(sizes, across) {
    const layers = sizes.slice(1);
    if (across) {
      const width = 760, height = 400, top = 44, bottom = height - 16;
      const picture = { x: 8, y: 120, size: 176 };
      const columns = layers.map((_, l) => 330 + (l * 320) / Math.max(1, layers.length - 1));
      const spacings = layers.map((n) => Math.min(30, (bottom - top) / n));
      const neurons = layers.map((n, l) => Array.from({ length: n }, (_, j) => ({
        x: columns[l], y: (top + bottom) / 2 + spacings[l] * (j - (n - 1) / 2),
      })));
      const names = layerNames(sizes).map((name, l) => [`${name} · ${sizes[l]}`]);
      // the input layer's name at the picture's left, where no line from its ink reaches
      const labels = [{ x: picture.x, y: picture.y - 14, anchor: "start" }, ...columns.map((x) => ({ x, y: 20, anchor: "middle" }))]
        .map((place, l) => ({ ...place, lines: names[l] }));
      return { width, height, picture, neurons, radius: Math.min(9, Math.min(...spacings) * 0.42), labels, across };
    }
    // Down: each row of neurons right of a margin that holds its name.
    const width = 360, rowGap = 84, top = 176, margin = 74, right = 352;
    const spacings = layers.map((n) => Math.min(34, (right - margin - 8) / Math.max(1, n - 1)));
    const middle = (margin + 8 + right) / 2;
    const picture = { x: middle - 60, y: 22, size: 120 };
    const neurons = layers.map((n, l) => Array.from({ length: n }, (_, j) => ({
      x: middle + spacings[l] * (j - (n - 1) / 2), y: top + rowGap * l,
    })));
    const names = layerNames(sizes).map((name) => name.split(" "));
    const labels = [{ x: middle, y: 14, lines: [`input layer · ${sizes[0]}`], anchor: "middle" },
      ...layers.map((n, l) => {
        const [kind, ...rest] = names[l + 1]; // "hidden", "layer", "1" or "output", "layer"
        return { x: 2, y: top + rowGap * l - 10, lines: [kind, `${rest.join(" ")} · ${n}`], anchor: "start" };
      })];
    return { width, height: top + rowGap * (layers.length - 1) + 44, picture, neurons, radius: Math.min(9, Math.min(...spacings) * 0.42), labels, across };
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

  function createView(figure, sizes, { onChoose = () => {}, label = "The network: choose a neuron to open it" } = {}) {
    let drawn = null; // what build() drew: { layout, picture, pixels, neurons, lines, ring }
    let chosen = null;

    /** The drawing for the figure's width. */
    function build(across) {
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
      const svg = svgElement("svg", { viewBox: `0 0 ${place.width} ${place.height}`, role: "group", "aria-label": label }, figure);
      svgElement("rect", { x: place.picture.x, y: place.picture.y, width: place.picture.size, height: place.picture.size, class: "draw-frame" }, svg);
      const connections = svgElement("g", { class: "draw-connections" }, svg);
      const lines = sizes.slice(1).map(() => Array.from({ length: STRONGEST }, () => svgElement("line", { visibility: "hidden" }, connections)));
      for (const { x, y, lines: words, anchor } of place.labels) {
        const text = svgElement("text", { x, y, class: "draw-layer-label", "text-anchor": anchor }, svg);
        words.forEach((line, k) => {
          svgElement("tspan", { x, dy: k ? "1.2em" : "0" }, text).textContent = line;
        });
      }
      const last = sizes.length - 2;
      const words = svgElement("g", { "aria-hidden": "true" }, svg);
      const neurons = place.neurons.map((column, l) => column.map(({ x, y }, j) => {
        const group = svgElement("g", { class: "draw-neuron", tabindex: "0", role: "button", "data-layer": l + 1, "data-neuron": j }, svg);
        svgElement("circle", { cx: x, cy: y, r: place.radius * 1.6, class: "draw-hit" }, group);
        svgElement("circle", { cx: x, cy: y, r: place.radius, class: "draw-paper" }, group);
        const body = svgElement("circle", { cx: x, cy: y, r: place.radius, class: "draw-body" }, group);
        svgElement("line", { x1: x - place.radius, y1: y + place.radius, x2: x + place.radius, y2: y - place.radius, class: "draw-cross" }, group);
        const neuron = { group, body, x, y, cx: x.toFixed(1), cy: y.toFixed(1), value: null };
        if (l === last) {
          // its digit and activation in words beside it, outside the button: its label says both
          const digit = svgElement("text", place.across
            ? { x: x + place.radius + 7, y: y + 4, class: "draw-digit" }
            : { x, y: y + place.radius + 15, class: "draw-digit", "text-anchor": "middle" }, words);
          digit.textContent = j;
          if (place.across) neuron.value = svgElement("text", { x: x + place.radius + 22, y: y + 4, class: "draw-value" }, words);
        }
        group.addEventListener("click", () => onChoose(l, j));
        group.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); onChoose(l, j); }
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
      drawn = { layout: place, picture, pixels, neurons, lines, ring };
      mark(chosen);
    }

    function fit() {
      const across = figure.getBoundingClientRect().width >= ACROSS;
      if (drawn && drawn.layout.across === across) return false;
      build(across);
      return true;
    }

    function mark(neuron) {
      chosen = neuron;
      if (!drawn) return;
      const { layer, neuron: which } = chosen || {};
      drawn.neurons.forEach((column, l) => column.forEach((n, j) => {
        const isChosen = l === layer && j === which;
        n.group.classList.toggle("draw-selected", isChosen);
        n.group.setAttribute("aria-pressed", isChosen ? "true" : "false");
      }));
    }

    /** Light the neurons, ring the answer and draw the strongest connections. */
    function showAll({ network, result, edits, colours, settled = true }) {
      edits = edits || noEdits(sizes);
      const input = result ? result.activations[0] : new Float32Array(SIDE * SIDE);
      paint(drawn.picture, input, SIDE, colours);
      const layers = sizes.length - 1;
      const names = layerNames(sizes);
      for (let l = 0; l < layers; l++) {
        const values = result ? result.activations[l + 1] : null;
        drawn.neurons[l].forEach((neuron, j) => {
          const value = values ? values[j] : 0;
          show(neuron.body, "fill-opacity", value.toFixed(2));
          neuron.group.classList.toggle("draw-edited", isEdited(edits[l], j));
          neuron.group.classList.toggle("draw-off", edits[l].off[j] === 1);
          if (settled) {
            const what = l === layers - 1 ? `${names[l + 1]}, neuron for digit ${j}` : `${names[l + 1]}, neuron ${j}`;
            show(neuron.group, "aria-label", values ? `${what}, activation ${value.toFixed(2)}` : what);
          }
          if (neuron.value) showText(neuron.value, values ? value.toFixed(2) : "");
        });
      }
      const best = brightest(result ? result.activations[layers] : null);
      const target = best >= 0 ? drawn.neurons[layers - 1][best] : null;
      show(drawn.ring, "visibility", target ? "visible" : "hidden");
      if (target) { show(drawn.ring, "cx", target.cx); show(drawn.ring, "cy", target.cy); }
      showConnections(network, result, edits);
    }

    /** For each pair of layers, the STRONGEST connections for the current input: the largest
        |weight x activation| (with the neuron's weight scale), blue when it pushes the weighted
        sum up, red when it pulls it down. */
    function showConnections(network, result, edits) {
      // the strongest so far, largest first: their |strength|, strength, and neurons i -> j
      const strongest = new Float64Array(STRONGEST), strengths = new Float64Array(STRONGEST);
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
              if (size === 0 || (count === STRONGEST && size <= strongest[STRONGEST - 1])) continue;
              let k = count < STRONGEST ? count++ : STRONGEST - 1;
              for (; k > 0 && strongest[k - 1] < size; k--) {
                strongest[k] = strongest[k - 1]; strengths[k] = strengths[k - 1]; froms[k] = froms[k - 1]; tos[k] = tos[k - 1];
              }
              strongest[k] = size; strengths[k] = strength; froms[k] = i; tos[k] = j;
            }
          }
        }
        drawn.lines[l].forEach((line, k) => {
          if (k >= count) { show(line, "visibility", "hidden"); return; }
          const from = l === 0 ? drawn.pixels[froms[k]] : drawn.neurons[l - 1][froms[k]];
          const to = drawn.neurons[l][tos[k]];
          const tenths = Math.round((10 * strongest[k]) / strongest[0]);
          show(line, "x1", from.cx); show(line, "y1", from.cy);
          show(line, "x2", to.cx); show(line, "y2", to.cy);
          show(line, "class", strengths[k] > 0 ? "draw-positive" : "draw-negative");
          show(line, "stroke-opacity", OPACITIES[tenths]);
          show(line, "stroke-width", WIDTHS[tenths]);
          show(line, "visibility", "visible");
        });
      });
    }

    return {
      fit,
      show: showAll,
      mark,
      neuron: (layer, neuron) => drawn.neurons[layer][neuron].group,
    };
  }

  window.nnbookNetwork = {
    SIDE, readNetwork, decodeBase64, decodeFloats,
    sigmoid, feedforward, noEdits, isEdited, brightest,
    readColours, paint, weightColour, weightScale, show, showText,
    layerNames, createView,
  };
})();
