/* The "Train it yourself" page (docs/learn.md): the reader trains a network on MNIST in the browser.

   The training runs in a Web Worker (learn-worker.js), so the page stays responsive; this script
   is the page around it:
   - the buttons: start and pause, one step, reset (a new network from the seed); nothing is
     fetched until one of them is pressed, then the worker fetches the digits the build wrote
     (learn/digits.gz, nnbook/site/learn_export.py);
   - the settings, each checked when it changes: a bad value is refused with a message next to
     it. The learning rate, the mini-batch size and the shifting apply at once, the rest at the
     next reset;
   - what the worker reports a few times a second (less often for a reader who prefers reduced
     motion): the cost and the accuracy as curves, every first-layer neuron's weights as a 28x28
     picture, the counters, and once per epoch the accuracy for screen readers;
   - the hand-off: the trained network, in the format of draw/network.json, stored in the
     browser (localStorage) for the Draw a digit page, which then runs it.
   The pictures are painted by network-view.js (window.nnbookNetwork), loaded before this script. */
(function () {
  "use strict";

  const app = document.getElementById("learn-app");
  if (!app) return;
  const SCRIPT_URL = document.currentScript.src;
  const $ = (id) => document.getElementById(id);
  const SVG_NS = "http://www.w3.org/2000/svg";
  const NN = window.nnbookNetwork; // network-view.js: the pictures' colours and painting
  // Text and attributes are set only when they change (NN.showText, NN.show): setting them again
  // still makes the browser lay the page out, many times a second while the network trains.
  const { SIDE, show, showText } = NN, PIXELS = SIDE * SIDE;
  const TRAINING_DIGITS = 12000; // nnbook.site.learn_export.TRAIN_DIGITS: the largest mini-batch
  const MOVING = 250; // ms between the pictures' updates ...
  const REDUCED_MOTION = 2000; // ... and for a reader who prefers reduced motion
  // The network handed to Draw a digit: its key in localStorage (draw.js reads it there), and the
  // format of draw/network.json (nnbook.site.export.NETWORK_FORMAT and VERSION), which that page reads.
  const HANDED_OFF = "nnbook-readers-network";
  const NETWORK_FORMAT = "nnbook-network";
  const NETWORK_VERSION = 1;

  const state = {
    worker: null, loaded: null, loading: null, running: false, made: false, snapshot: null, points: [], announced: 0,
    waiting: new Map(), asked: 0, redrawn: [], frame: 0,
  };

  // ------------------------------------------------------------------------------------------
  // The settings, each read from its field and checked

  const FIELDS = {
    learningRate: {
      id: "learn-rate", live: true,
      read(text) {
        const rate = Number(text);
        if (text.trim() === "" || !Number.isFinite(rate) || rate <= 0 || rate > 100) return [null, "Give a number above 0 and at most 100, such as 0.5."];
        return [rate];
      },
    },
    batchSize: {
      id: "learn-batch", live: true,
      read(text) {
        const size = Number(text);
        if (!/^\s*\d+\s*$/.test(text) || size < 1 || size > TRAINING_DIGITS) return [null, `Give a whole number from 1 to ${thousands(TRAINING_DIGITS)}, such as 10.`];
        return [size];
      },
    },
    hidden: {
      id: "learn-hidden",
      read(text) {
        const sizes = text.trim().split(/[\s,]+/).filter(Boolean).map(Number);
        if (sizes.length < 1 || sizes.length > 2) return [null, "Give one or two hidden layers, such as 16 16."];
        if (!sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 32)) return [null, "Each hidden layer has from 1 to 32 neurons."];
        return [sizes];
      },
    },
    shift: {
      id: "learn-shift", live: true,
      read(checked) { return [checked]; },
    },
    activation: {
      id: "learn-activation",
      read(text) { return ["sigmoid", "relu"].includes(text) ? [text] : [null, "Choose the sigmoid or ReLU."]; },
    },
    seed: {
      id: "learn-seed",
      read(text) {
        const seed = Number(text);
        if (!/^\s*\d+\s*$/.test(text) || seed > 4294967295) return [null, "Give a whole number from 0 to 4,294,967,295, such as 0."];
        return [seed];
      },
    },
  };

  /** The value of one field, or null after showing why it is refused next to the field. */
  function readField(name) {
    const field = FIELDS[name], input = $(field.id), message = $(`${field.id}-message`);
    const [value, problem] = field.read(input.type === "checkbox" ? input.checked : input.value);
    if (message) message.textContent = problem ? `Refused: ${problem}` : ""; // a checkbox has none
    if (problem) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    return problem ? null : value;
  }

  /** Every setting, or null when one is refused (its field is then focused). */
  function readSettings() {
    const chosen = {};
    let refused = null;
    for (const name of Object.keys(FIELDS)) {
      chosen[name] = readField(name);
      if (chosen[name] === null && !refused) refused = $(FIELDS[name].id);
    }
    if (refused) { refused.focus(); return null; }
    return chosen;
  }

  /** A field changed: check it; the learning rate and the mini-batch size apply at once. */
  function fieldChanged(name) {
    const value = readField(name);
    if (value !== null && FIELDS[name].live && state.snapshot) state.worker.postMessage({ type: "settings", settings: { [name]: value } });
  }

  // ------------------------------------------------------------------------------------------
  // The worker

  function status(text, problem = false) {
    const line = $("learn-status");
    showText(line, text);
    line.classList.toggle("learn-error", problem);
    if (problem) $("learn-announce").textContent = text;
  }

  /** A whole number with commas between thousands, such as 12,000 (toLocaleString costs tens of
      milliseconds the first time, as the browser loads its locale data). */
  function thousands(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function megabytes(bytes) {
    return (bytes / 1e6).toFixed(1);
  }

  /** The worker, started and its digits loaded (once): a promise. */
  function ready() {
    if (state.loaded) return state.loaded;
    state.loaded = new Promise((resolve, reject) => {
      try {
        state.worker = new Worker(new URL("learn-worker.js", SCRIPT_URL));
      } catch (error) {
        reject(new Error(`this browser could not start the page's worker (${error.message}); open the book from a web server, not from a file`));
        return;
      }
      state.loading = { resolve, reject };
      state.worker.onmessage = (event) => heard(event.data);
      state.worker.onerror = (event) => heard({ type: "error", message: event.message || "the page's worker stopped" });
      state.worker.postMessage({ type: "interval", ms: interval() });
      state.worker.postMessage({ type: "load", url: new URL("../learn/digits.gz", SCRIPT_URL).href });
      status("Fetching the digits…");
    });
    state.loaded.finally(() => { state.loading = null; }).catch(() => {});
    state.loaded.catch((error) => {
      status(`The digits could not be loaded: ${error.message}. Reload the page to try again.`, true);
      state.loaded = null; // the next press tries again
      state.worker?.terminate();
      state.worker = null;
      showButtons();
    });
    return state.loaded;
  }

  function heard(message) {
    switch (message.type) {
      case "progress":
        status(message.total
          ? `Fetching the digits: ${megabytes(message.received)} of ${megabytes(message.total)} MB…`
          : `Fetching the digits: ${megabytes(message.received)} MB…`);
        break;
      case "loaded":
        state.transferred = message.transferred;
        state.loading.resolve();
        break;
      case "snapshot":
        showSnapshot(message);
        break;
      case "error":
        if (state.loading) { state.loading.reject(new Error(message.message)); break; }
        state.running = false;
        status(`Something went wrong: ${message.message}`, true);
        showButtons();
        break;
      default: { // network, debug: the answer to a question (ask)
        const id = message.type === "network" ? "network" : message.id;
        const waiting = state.waiting.get(id);
        state.waiting.delete(id);
        if (waiting) message.message && message.type === "debug" ? waiting.reject(new Error(message.message)) : waiting.resolve(message);
      }
    }
  }

  /** Ask the worker and wait for its answer (the network, or a debug request). */
  function ask(request) {
    const id = request.type === "network" ? "network" : ++state.asked;
    return new Promise((resolve, reject) => {
      state.waiting.set(id, { resolve, reject });
      state.worker.postMessage({ ...request, id });
    });
  }

  /** A new network from the settings, or false when one is refused. */
  function reset() {
    const chosen = readSettings();
    if (!chosen) return false;
    state.made = true;
    state.points = [];
    state.announced = 0;
    state.snapshot = null;
    state.running = false;
    state.worker.postMessage({
      type: "reset",
      settings: {
        sizes: [PIXELS, ...chosen.hidden, 10], activation: chosen.activation, seed: chosen.seed,
        learningRate: chosen.learningRate, batchSize: chosen.batchSize, shift: chosen.shift,
      },
    });
    return true;
  }

  async function pressed(button) {
    const wasRunning = state.running;
    try {
      await ready();
    } catch (error) {
      return; // shown by ready()
    }
    if (button === "reset" || !state.made) {
      if (!reset()) return;
      if (button === "reset") { showStatus(); showButtons(); return; }
    }
    if (button === "train") {
      state.running = !wasRunning;
      state.worker.postMessage({ type: state.running ? "run" : "pause" });
    } else if (button === "step") {
      state.running = false;
      state.worker.postMessage({ type: "step" });
    }
    showStatus();
    showButtons();
  }

  // ------------------------------------------------------------------------------------------
  // What the worker reports

  function showSnapshot(snapshot) {
    state.snapshot = snapshot;
    const now = performance.now();
    for (const point of snapshot.points) point.shown = now; // when it reached the page (bench/learn.py)
    state.points.push(...snapshot.points);
    if (snapshot.diverged) state.running = false; // the worker stopped itself
    // Once per epoch at most (the latest, when several ended since the last snapshot).
    const ended = state.points.findLast((point) => point.epoch === snapshot.epoch);
    if (snapshot.epoch > state.announced && ended) {
      state.announced = snapshot.epoch;
      $("learn-announce").textContent = `After epoch ${snapshot.epoch}: ${percent(ended.testAccuracy)} of the ${thousands(snapshot.testCount)} test digits right.`;
    }
    if (snapshot.diverged) status(snapshot.diverged, true);
    else showStatus();
    showButtons();
    if (!state.frame) state.frame = requestAnimationFrame(redraw);
  }

  function percent(fraction) {
    return `${(100 * fraction).toFixed(1)}%`;
  }

  function showStatus() {
    const snapshot = state.snapshot;
    if (!snapshot || snapshot.diverged) return;
    const what = `${snapshot.sizes.join("-")} (${snapshot.activation === "relu" ? "ReLU" : "sigmoid"}) on ${thousands(snapshot.count)} digits, ` +
      `learning rate ${snapshot.learningRate}, mini-batches of ${snapshot.batchSize}${snapshot.shift ? ", shifted" : ""}`;
    status(state.running ? `Training ${what}.` : snapshot.steps ? `Paused: ${what}.` : `A new network, ${what}: press Start training or One step.`);
  }

  function showButtons() {
    showText($("learn-train"), state.running ? "Pause" : state.snapshot && state.snapshot.steps ? "Go on training" : "Start training");
    if ($("learn-try").disabled !== !state.snapshot) $("learn-try").disabled = !state.snapshot;
  }

  /** The counters, the curves and the pictures, from the latest snapshot (once per frame at most). */
  function redraw() {
    state.frame = 0;
    const snapshot = state.snapshot, points = state.points;
    if (!snapshot) return;
    const latest = points[points.length - 1];
    showText($("learn-epochs"), (snapshot.epoch + snapshot.position / snapshot.count).toFixed(2));
    showText($("learn-steps"), thousands(snapshot.steps));
    showText($("learn-accuracy"), latest ? percent(latest.testAccuracy) : "–");
    curves(points);
    pictures(snapshot.firstLayer, snapshot.sizes[1]);
    state.redrawn.push(performance.now()); // when: for the tests and the benchmark
  }

  // ------------------------------------------------------------------------------------------
  // The curves: one chart for the cost, one for the accuracy, each on the test digits and on the
  // training digits of the mini-batches since the last point

  const CHART = { width: 360, height: 210, left: 44, right: 12, top: 12, bottom: 36 };
  const CHART_POINTS = 400; // more than the chart's width has room for

  function svgElement(name, attributes, parent) {
    const element = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (parent) parent.appendChild(element);
    return element;
  }

  function makeChart(svg) {
    svg.setAttribute("viewBox", `0 0 ${CHART.width} ${CHART.height}`);
    const grid = svgElement("g", { class: "learn-grid" }, svg);
    const train = svgElement("polyline", { class: "learn-line learn-train-line", fill: "none" }, svg);
    const test = svgElement("polyline", { class: "learn-line learn-test-line", fill: "none" }, svg);
    return { svg, grid, train, test, scale: "" };
  }

  const charts = { cost: makeChart($("learn-cost-chart")), accuracy: makeChart($("learn-accuracy-chart")) };

  /** Both charts, for the ``points`` measured so far (none: the empty axes). */
  function curves(points) {
    const latest = points[points.length - 1];
    const epochs = Math.max(1, niceCeiling(latest ? latest.epoch : 1)); // 1, 2, 5, 10, 20...: the axis seldom changes
    let highestCost = 0;
    for (const p of points) highestCost = Math.max(highestCost, p.testCost, p.trainCost ?? 0);
    chart(charts.cost, points, "testCost", "trainCost", 1, epochs, niceCeiling(highestCost),
      (y, digits) => y.toFixed(digits), (y) => y.toFixed(2), "The cost");
    chart(charts.accuracy, points, "testAccuracy", "trainAccuracy", 100, epochs, 100,
      (y) => `${y}%`, (y) => `${y.toFixed(1)}%`, "The accuracy");
  }

  /** A number a little above ``x`` that reads well on an axis: 1, 2 or 5 times a power of 10. */
  function niceCeiling(x) {
    if (!(x > 0)) return 1;
    const power = 10 ** Math.floor(Math.log10(x));
    return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= x * (1 - 1e-12));
  }

  /** How many steps an axis from 0 to ``top`` (from niceCeiling) has, and the decimals its labels
      need: 0, 0.2, ..., 1 or 0, 0.5, ..., 2 or 0, 1, ..., 5. */
  function ticks(top) {
    const power = 10 ** Math.floor(Math.log10(top) + 1e-12), steps = Math.round(top / power) === 2 ? 4 : 5;
    return [steps, Math.max(0, -Math.floor(Math.log10(top / steps) + 1e-12))];
  }

  /** Draw the curves of ``points``' values ``testKey`` and ``trainKey`` times ``times``, on a
      chart of ``epochs`` epochs across and values 0 to ``top`` up; ``tick(value, decimals)``
      writes an axis's label, ``value`` the latest value for the chart's description. */
  function chart(view, points, testKey, trainKey, times, epochs, top, tick, value, name) {
    const { width, height, left, right, bottom } = CHART, plotTop = CHART.top;
    const x = (epoch) => left + ((width - left - right) * epoch) / epochs;
    const y = (v) => height - bottom - ((height - bottom - plotTop) * Math.min(Math.max(v, 0), top)) / top;
    const scale = `${epochs} ${top}`;
    if (view.scale !== scale) { // the axes, drawn again only when their scale changes
      view.scale = scale;
      view.grid.replaceChildren();
      const [steps, digits] = ticks(top);
      for (let k = 0; k <= steps; k++) {
        const level = (top * k) / steps;
        svgElement("line", { x1: left, x2: width - right, y1: y(level), y2: y(level), class: k ? "learn-gridline" : "learn-axis" }, view.grid);
        svgElement("text", { x: left - 6, y: y(level) + 4, "text-anchor": "end" }, view.grid).textContent = tick(level, digits);
      }
      const [columns] = ticks(epochs);
      for (let k = 0; k <= columns; k++) {
        const e = (epochs * k) / columns;
        svgElement("text", { x: x(e), y: height - bottom + 16, "text-anchor": "middle" }, view.grid).textContent = e;
      }
      svgElement("text", { x: (left + width - right) / 2, y: height - 4, "text-anchor": "middle" }, view.grid).textContent = "epochs";
    }
    // At most CHART_POINTS points a curve, evenly spread (and the latest), however long it trains.
    const every = Math.ceil(points.length / CHART_POINTS);
    const line = (key) => {
      let text = "";
      points.forEach((point, k) => {
        const v = point[key];
        if (v !== null && Number.isFinite(v) && (k % every === 0 || k === points.length - 1)) {
          text += `${text ? " " : ""}${x(point.epoch).toFixed(1)},${y(v * times).toFixed(1)}`;
        }
      });
      return text;
    };
    show(view.test, "points", line(testKey));
    show(view.train, "points", line(trainKey));
    const latest = points[points.length - 1];
    show(view.svg, "aria-label", latest
      ? `${name} after ${latest.epoch.toFixed(1)} epochs: ${value(latest[testKey] * times)} on the test digits`
      : `${name}: nothing measured yet`);
  }

  // ------------------------------------------------------------------------------------------
  // The first layer's weights: one 28x28 picture per neuron, blue where a weight is positive and
  // red where it is negative, as strong as its size (one scale for all of them)

  let colours = null; // network-view.js's readColours: the theme's blue and red

  /** One blank 28x28 canvas per neuron of the first hidden layer, in the grid. */
  function pictureCanvases(neurons) {
    $("learn-weights").replaceChildren(...Array.from({ length: neurons }, () => {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = SIDE;
      return canvas;
    }));
  }

  function pictures(weights, neurons) {
    const grid = $("learn-weights");
    if (grid.children.length !== neurons) pictureCanvases(neurons);
    show(grid, "aria-label", `The weights of the first hidden layer's ${neurons} neurons, each as a 28x28 picture: blue where a lit pixel pushes the neuron's weighted sum up, red where it pulls it down.`);
    let limit = 0;
    for (let i = 0; i < weights.length; i++) limit = Math.max(limit, Math.abs(weights[i]));
    [...grid.children].forEach((canvas, j) => NN.paint(canvas, weights.subarray(j * PIXELS, (j + 1) * PIXELS), SIDE, colours, limit || 1));
  }

  // ------------------------------------------------------------------------------------------
  // The hand-off to Draw a digit

  function base64(floats) {
    const bytes = new Uint8Array(floats.length * 4), view = new DataView(bytes.buffer);
    floats.forEach((x, i) => view.setFloat32(4 * i, x, true));
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  async function handOff() {
    const trained = await ask({ type: "network" });
    const network = {
      format: NETWORK_FORMAT, version: NETWORK_VERSION, recipe: "trained on Train it yourself", recipe_hash: "",
      test_accuracy: trained.testAccuracy, test_digits: trained.testDigits, epochs: trained.epoch,
      sizes: trained.sizes, activation: trained.activation, output_activation: "sigmoid", dtype: "float32", byte_order: "little",
      weights: trained.weights.map(base64), biases: trained.biases.map(base64),
    };
    try {
      localStorage.setItem(HANDED_OFF, JSON.stringify(network));
    } catch (error) {
      status(`This browser did not let the page keep your network for Draw a digit (${error.message}).`, true);
      return;
    }
    window.location.href = new URL("../draw/", SCRIPT_URL).href;
  }

  // ------------------------------------------------------------------------------------------

  function interval() {
    return matchMedia("(prefers-reduced-motion: reduce)").matches ? REDUCED_MOTION : MOVING;
  }

  function start() {
    colours = NN.readColours(app);
    curves([]); // the empty charts and pictures of the default network: nothing moves when it starts
    pictureCanvases(16);
    if (location.protocol === "file:") { // the offline copy: no worker can start from a file
      status("Opened from a file, as the offline copy is, this page cannot train: a browser runs no worker from a file. " +
        "Read it on the book's website, or serve this folder (python3 -m http.server) and open it from there.");
      for (const id of ["learn-train", "learn-step", "learn-reset"]) $(id).disabled = true;
      return;
    }
    for (const name of Object.keys(FIELDS)) $(FIELDS[name].id).addEventListener("change", () => fieldChanged(name));
    $("learn-settings").addEventListener("submit", (event) => {
      event.preventDefault();
      Object.keys(FIELDS).forEach(fieldChanged);
    });
    $("learn-train").addEventListener("click", () => pressed("train"));
    $("learn-step").addEventListener("click", () => pressed("step"));
    $("learn-reset").addEventListener("click", () => pressed("reset"));
    $("learn-try").addEventListener("click", () => handOff().catch((error) => status(`Your network could not be handed over: ${error.message}`, true)));
    matchMedia("(prefers-reduced-motion: reduce)").addEventListener("change", () => state.worker?.postMessage({ type: "interval", ms: interval() }));
    // A page the reader has left (another tab, a closed laptop) pauses, rather than keep a core busy.
    document.addEventListener("visibilitychange", () => { if (document.hidden && state.running) pressed("train"); });
    new MutationObserver(() => { colours = NN.readColours(app); if (state.snapshot) redraw(); })
      .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    showButtons();
  }

  start();

  // For the book's tests and benchmark (tests/test_learn.py, bench/learn.py), which set
  // window.NNBOOK_DEBUG before this script runs: questions to the worker, and what the page shows.
  if (window.NNBOOK_DEBUG) {
    window.nnbookLearn = {
      ask: (what, request = {}) => ask({ type: "debug", what, ...request }).then((answer) => answer.result),
      state: () => ({ running: state.running, points: state.points, snapshot: state.snapshot && { ...state.snapshot, firstLayer: undefined, points: undefined }, redrawn: state.redrawn, transferred: state.transferred }),
      firstLayer: () => Array.from(state.snapshot.firstLayer), // the weights of the pictures shown
    };
  }
})();
