/* The Web Worker of the "Train it yourself" page (docs/learn.md; the page's script is learn.js).

   It trains a network on real MNIST digits with mini-batch gradient descent, on a thread of its
   own so that the page stays responsive, exactly as nnbook trains (pages gradient-descent and
   backpropagation-calculus):
   - the digits are the file the build wrote (nnbook/site/learn_export.py): a JSON header line,
     then uint8 pixels and labels, gzip-compressed; this worker fetches it and the browser
     decompresses it (DecompressionStream);
   - a network of ``sizes`` (784, one or two hidden layers, 10) keeps its weights and biases in
     float32 typed arrays, laid out as nnbook's: weights[l] holds one row of sizes[l] weights for
     each neuron of layer l + 1; the hidden layers squish with the sigmoid or ReLU, the output
     layer with the sigmoid;
   - backprop computes the slopes of the book's cross-entropy cost, averaged over the mini-batch,
     and a step moves every weight and bias by -learning rate x its slope (plain gradient descent);
     each training digit may first be moved by a pixel or so at random (``shifted``), as the
     book's network learns from shifted copies;
   - every tenth of an epoch it measures the cost and accuracy on the test digits, and on the
     training digits of the mini-batches since the last measurement.
   A digit's pixels are mostly 0, so each digit is kept as its lit pixels only: the first layer's
   weighted sums and weight slopes skip the pixels that are 0, whose products are 0 anyway.

   Messages from the page: load {url}, reset {settings}, settings {learningRate, batchSize, shift}, run,
   pause, step, interval {ms}, network, and debug {id, what, ...} for the book's tests. Messages
   to the page: progress, loaded, snapshot, network, error, debug. */
"use strict";

const SIDE = 28, PIXELS = SIDE * SIDE; // MNIST's pictures: 28x28 pixels
const FORMAT = "nnbook-mnist-subset"; // nnbook.site.learn_export.FORMAT
const VERSION = 1; // ... and its VERSION
const POINTS_PER_EPOCH = 10; // measurements per epoch: the curves' points
const SLICE_MS = 20; // train this long, then read the page's messages (pause, step, settings)

let data = null; // {train, test}: each {count, labels, start, at, value, bytes} (see lit)
let network = null;
let settings = null; // {learningRate, batchSize, shift}: what may change while it trains
let run = null; // where training is: epoch, order, position, counts since the last point
let running = false;
let interval = 250; // ms between snapshots while running
let lastSnapshot = 0;
let points = []; // measurements not yet sent to the page

// ------------------------------------------------------------------------------------------
// The digits

/** The file at ``url`` as {train, test}, each digit's lit pixels only. */
async function load(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the digits could not be fetched: ${url} answered HTTP ${response.status}`);
  const total = Number(response.headers.get("Content-Length")) || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    postMessage({ type: "progress", received, total });
  }
  let bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  // A server that sends the file with Content-Encoding: gzip has had the browser decompress it.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return { ...read(bytes), transferred: received };
}

/** The header line and the four blocks of bytes of nnbook.site.learn_export. */
function read(bytes) {
  const newline = bytes.indexOf(10);
  let header = null;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline)));
  } catch (error) { /* not a header: said below */ }
  if (newline < 0 || !header || header.format !== FORMAT) throw new Error("the digits file is not nnbook's; build the book again");
  if (header.version !== VERSION) throw new Error(`the digits file is version ${header.version}, this page reads version ${VERSION}; build the book again`);
  const { train, test } = header;
  if (bytes.length - newline - 1 !== (train + test) * (PIXELS + 1)) throw new Error("the digits file is cut short; build the book again");
  let start = newline + 1;
  const block = (count) => {
    const pixels = bytes.subarray(start, start + count * PIXELS);
    const labels = bytes.subarray(start + count * PIXELS, start + count * (PIXELS + 1));
    start += count * (PIXELS + 1);
    return lit(pixels, labels, count);
  };
  return { train: block(train), test: block(test) };
}

/** ``count`` digits as their lit pixels: digit n's are at[k] (0 to 783) with values value[k]
    (between 0 and 1, float32 as nnbook's) for k from start[n] to start[n + 1] - 1. */
function lit(pixels, labels, count) {
  let lighted = 0;
  for (let i = 0; i < pixels.length; i++) if (pixels[i] !== 0) lighted++;
  const start = new Uint32Array(count + 1), at = new Uint16Array(lighted), value = new Float32Array(lighted);
  let k = 0;
  for (let n = 0; n < count; n++) {
    start[n] = k;
    for (let i = 0, offset = n * PIXELS; i < PIXELS; i++) {
      const v = pixels[offset + i];
      if (v !== 0) { at[k] = i; value[k] = v / 255; k++; }
    }
  }
  start[count] = k;
  return { count, labels, start, at, value, bytes: pixels };
}

// ------------------------------------------------------------------------------------------
// The network

/** A random-number generator from a whole-number ``seed``: sfc32, seeded by splitmix32. Returns
    numbers in [0, 1). */
function randomNumbers(seed) {
  let state = seed >>> 0;
  const splitmix = () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A network of ``sizes`` as nnbook starts one: weights standard normal over sqrt(n_in), biases
    0 (the numbers differ from nnbook's, whose generator is NumPy's). */
function newNetwork(sizes, activation, seed) {
  const random = randomNumbers(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const weights = [], biases = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const w = new Float32Array(sizes[l] * sizes[l + 1]), scale = 1 / Math.sqrt(sizes[l]);
    for (let i = 0; i < w.length; i++) w[i] = normal() * scale;
    weights.push(w);
    biases.push(new Float32Array(sizes[l + 1]));
  }
  return withScratch({ sizes, activation, weights, biases });
}

/** A network made from ``weights`` laid out as nnbook's (one row per neuron), its first layer's
    turned pixel by pixel (see ``withScratch``). */
function networkOf(sizes, activation, weights, biases) {
  return withScratch({
    sizes, activation, weights: weights.map((w, l) => (l === 0 ? turned(w, sizes[1], PIXELS) : Float32Array.from(w))),
    biases: biases.map((b) => Float32Array.from(b)),
  });
}

/** ``net``'s weights laid out as nnbook's: weights[l][j * n_in + i] joins neuron i of layer l to
    neuron j of layer l + 1. */
function nnbookWeights(net) {
  return net.weights.map((w, l) => (l === 0 ? turned(w, PIXELS, net.sizes[1]) : w.slice()));
}

/** The ``rows`` x ``columns`` matrix ``w`` (row by row), turned: columns x rows. */
function turned(w, rows, columns) {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = w[r * columns + c];
  return out;
}

/** ``net``, its first layer's weights turned pixel by pixel (weights[0][i * n + j] joins pixel i to
    neuron j of n: a lit pixel's n weights sit side by side), with room for one digit's weighted
    sums, activations and errors (float64), and for the slopes of a mini-batch (float32). The
    first layer's slopes are non-zero only for the pixels lit in the mini-batch, listed in
    ``lit``: the step moves and clears those alone. */
function withScratch(net) {
  const layers = net.sizes.slice(1);
  if (net.sizes.length < 3) throw new Error("a network here has at least one hidden layer");
  net.relu = net.activation === "relu";
  net.z = layers.map((n) => new Float64Array(n));
  net.a = layers.map((n) => new Float64Array(n)); // a[l]: layer l + 1's activations
  net.delta = layers.map((n) => new Float64Array(n));
  net.weightSlopes = net.weights.map((w) => new Float32Array(w.length));
  net.biasSlopes = net.biases.map((b) => new Float32Array(b.length));
  net.isLit = new Uint8Array(PIXELS);
  net.lit = new Uint16Array(PIXELS);
  net.litCount = 0;
  return net;
}

/** ln(1 + e^z), never overflowing. */
function softplus(z) {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Feedforward of digit ``n`` of ``set``: fills net.z and net.a; returns its cross-entropy cost. */
function feedforward(net, set, n) {
  const { weights, biases, z, a, relu } = net;
  const last = weights.length - 1, label = set.labels[n];
  for (let l = 0; l <= last; l++) {
    const w = weights[l], b = biases[l], zl = z[l], al = a[l], nOut = b.length;
    if (l === 0) { // the lit pixels only, four neurons at a time (twice as fast as one)
      const from = set.start[n], to = set.start[n + 1], at = set.at, value = set.value;
      let j = 0;
      for (; j + 4 <= nOut; j += 4) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let k = from; k < to; k++) {
          const v = value[k], i = at[k] * nOut + j;
          s0 += w[i] * v; s1 += w[i + 1] * v; s2 += w[i + 2] * v; s3 += w[i + 3] * v;
        }
        zl[j] = s0; zl[j + 1] = s1; zl[j + 2] = s2; zl[j + 3] = s3;
      }
      for (; j < nOut; j++) {
        let s = 0;
        for (let k = from; k < to; k++) s += w[at[k] * nOut + j] * value[k];
        zl[j] = s;
      }
    } else {
      const input = a[l - 1], nIn = input.length;
      for (let j = 0; j < nOut; j++) {
        let s = 0;
        for (let i = 0, row = j * nIn; i < nIn; i++) s += w[row + i] * input[i];
        zl[j] = s;
      }
    }
    const sigmoid = l === last || !relu;
    for (let j = 0; j < nOut; j++) {
      const zj = (zl[j] += b[j]);
      al[j] = sigmoid ? 1 / (1 + Math.exp(-zj)) : zj > 0 ? zj : 0;
    }
  }
  // the cross-entropy cost, from the weighted sums: -[y ln a + (1 - y) ln(1 - a)] summed
  let cost = 0;
  const zL = z[last];
  for (let j = 0; j < zL.length; j++) cost += j === label ? softplus(-zL[j]) : softplus(zL[j]);
  return cost;
}

/** The answer after ``feedforward``: the brightest output neuron. */
function answer(net) {
  const out = net.a[net.a.length - 1];
  let best = 0;
  for (let j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
  return best;
}

/** Backpropagation of digit ``n`` of ``set`` after its ``feedforward``: adds its slopes of the
    cost to net.weightSlopes and net.biasSlopes (the backward equations of
    backpropagation-calculus). */
function backprop(net, set, n) {
  const { weights, a, delta, weightSlopes, biasSlopes, relu } = net;
  const last = weights.length - 1, label = set.labels[n];
  const out = a[last], dL = delta[last];
  for (let j = 0; j < out.length; j++) dL[j] = out[j] - (j === label ? 1 : 0); // cross-entropy: a - y
  for (let l = last; l > 0; l--) {
    const d = delta[l], gw = weightSlopes[l], gb = biasSlopes[l], nOut = d.length;
    const input = a[l - 1], nIn = input.length, w = weights[l], before = delta[l - 1];
    for (let i = 0; i < nIn; i++) before[i] = 0;
    for (let j = 0; j < nOut; j++) {
      const dj = d[j];
      gb[j] += dj;
      for (let i = 0, row = j * nIn; i < nIn; i++) {
        gw[row + i] += dj * input[i];
        before[i] += w[row + i] * dj;
      }
    }
    // times sigma'(z), from the activation: a (1 - a) for the sigmoid, 1 or 0 for ReLU
    for (let i = 0; i < nIn; i++) before[i] *= relu ? (input[i] > 0 ? 1 : 0) : input[i] * (1 - input[i]);
  }
  const d = delta[0], gw = weightSlopes[0], gb = biasSlopes[0], nOut = d.length;
  for (let j = 0; j < nOut; j++) gb[j] += d[j];
  const to = set.start[n + 1], at = set.at, value = set.value, { isLit, lit } = net;
  for (let k = set.start[n]; k < to; k++) {
    const pixel = at[k], v = value[k];
    if (!isLit[pixel]) { isLit[pixel] = 1; lit[net.litCount++] = pixel; }
    for (let j = 0, i = pixel * nOut; j < nOut; j++) gw[i + j] += d[j] * v;
  }
}

/** The slopes of the cost summed over the digits ``batch`` (their numbers in ``set``), in
    net.weightSlopes and net.biasSlopes (cleared by ``move``); returns [the summed cost, how many
    were answered right]. With ``moveOf``, the k-th digit is first moved by moveOf(k) = [across,
    down] pixels (``shifted``). */
function slopes(net, set, batch, moveOf = null) {
  let cost = 0, right = 0;
  for (let k = 0; k < batch.length; k++) {
    let digits = set, n = batch[k];
    if (moveOf) {
      digits = shifted(set, n, ...moveOf(k));
      n = 0;
    }
    cost += feedforward(net, digits, n);
    right += answer(net) === digits.labels[n] ? 1 : 0;
    backprop(net, digits, n);
  }
  return [cost, right];
}

const moved = { labels: new Uint8Array(1), start: new Uint32Array(2), at: new Uint16Array(PIXELS), value: new Float32Array(PIXELS) };

/** Digit ``n`` of ``set`` moved ``across`` and ``down`` pixels, as a set of one digit: the pixel in
    row r, column c moves to row r + down, column c + across, and pixels moved out of the 28x28
    frame are lost (nnbook.data.shifted_copies, the shifted copies of page book-network). */
function shifted(set, n, across, down) {
  let m = 0;
  for (let k = set.start[n]; k < set.start[n + 1]; k++) {
    const row = Math.floor(set.at[k] / SIDE) + down, column = (set.at[k] % SIDE) + across;
    if (row < 0 || row >= SIDE || column < 0 || column >= SIDE) continue;
    moved.at[m] = row * SIDE + column;
    moved.value[m++] = set.value[k];
  }
  moved.start[1] = m;
  moved.labels[0] = set.labels[n];
  return moved;
}

/** One step of plain gradient descent after ``slopes`` of ``digits`` digits: every weight and
    bias moves by -learningRate x its slope of the mean cost, the summed slope / digits. Clears
    the slopes. */
function move(net, learningRate, digits) {
  const rate = learningRate / digits, { weights, biases, weightSlopes, biasSlopes } = net;
  for (let l = 0; l < weights.length; l++) {
    const b = biases[l], gb = biasSlopes[l];
    for (let j = 0; j < b.length; j++) { b[j] -= rate * gb[j]; gb[j] = 0; }
    const w = weights[l], gw = weightSlopes[l];
    if (l > 0) {
      for (let i = 0; i < w.length; i++) { w[i] -= rate * gw[i]; gw[i] = 0; }
      continue;
    }
    const nOut = b.length, { isLit, lit } = net;
    for (let k = 0; k < net.litCount; k++) {
      const pixel = lit[k];
      isLit[pixel] = 0;
      for (let j = 0, i = pixel * nOut; j < nOut; j++) { w[i + j] -= rate * gw[i + j]; gw[i + j] = 0; }
    }
    net.litCount = 0;
  }
}

/** [mean cost, accuracy] of ``net`` on every digit of ``set``. */
function measure(net, set) {
  let cost = 0, right = 0;
  for (let n = 0; n < set.count; n++) {
    cost += feedforward(net, set, n);
    right += answer(net) === set.labels[n] ? 1 : 0;
  }
  return [cost / set.count, right / set.count];
}

// ------------------------------------------------------------------------------------------
// Training, a slice at a time

function shuffled(count, random) {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  return order;
}

function reset(chosen) {
  network = newNetwork(chosen.sizes, chosen.activation, chosen.seed);
  settings = { learningRate: chosen.learningRate, batchSize: chosen.batchSize, shift: chosen.shift };
  const random = randomNumbers(chosen.seed + 1);
  run = {
    random, epoch: 0, order: shuffled(data.train.count, random), position: 0, steps: 0,
    cost: 0, right: 0, seen: 0, // the training digits since the last point
    epochSeconds: [], stepSeconds: 0, epochStarted: performance.now(), diverged: null,
  };
  points = [];
  record();
  snapshot();
}

/** A point of the curves: where training is (in epochs), and the costs and accuracies. */
function record() {
  const [testCost, testAccuracy] = measure(network, data.test);
  const point = {
    epoch: run.epoch + run.position / data.train.count, steps: run.steps, testCost, testAccuracy,
    trainCost: run.seen ? run.cost / run.seen : null, trainAccuracy: run.seen ? run.right / run.seen : null,
  };
  run.cost = run.right = run.seen = 0;
  points.push(point);
  if (!Number.isFinite(testCost)) {
    running = false;
    run.diverged = `The cost became ${testCost}: the learning rate ${settings.learningRate} is too large. Reset, then try a smaller one, such as ${settings.learningRate / 10}.`;
  }
  return point;
}

/** A move of -1, 0 or +1 pixels across and down, at random, for a shifted digit. */
function randomMove() {
  return [Math.floor(run.random() * 3) - 1, Math.floor(run.random() * 3) - 1];
}

/** One mini-batch step; a point of the curves every tenth of an epoch. */
function step() {
  const count = data.train.count;
  const batch = run.order.subarray(run.position, Math.min(count, run.position + settings.batchSize));
  const started = performance.now();
  const [cost, right] = slopes(network, data.train, batch, settings.shift ? randomMove : null);
  move(network, settings.learningRate, batch.length);
  run.stepSeconds += (performance.now() - started) / 1000;
  run.steps++;
  run.cost += cost; run.right += right; run.seen += batch.length;
  const tenth = Math.floor((run.position * POINTS_PER_EPOCH) / count);
  run.position += batch.length;
  if (run.position >= count) {
    run.epochSeconds.push({ steps: run.stepSeconds, wall: (performance.now() - run.epochStarted) / 1000 });
    run.epoch++;
    run.position = 0;
    run.order = shuffled(count, run.random);
    run.stepSeconds = 0;
    record();
    run.epochStarted = performance.now();
  } else if (Math.floor((run.position * POINTS_PER_EPOCH) / count) > tenth) {
    record();
  }
}

function snapshot() {
  lastSnapshot = performance.now();
  const first = turned(network.weights[0], PIXELS, network.sizes[1]); // a row of 784 per neuron
  postMessage({
    type: "snapshot", running, sizes: network.sizes, activation: network.activation,
    epoch: run.epoch, position: run.position, steps: run.steps, count: data.train.count, testCount: data.test.count,
    learningRate: settings.learningRate, batchSize: settings.batchSize, shift: settings.shift,
    points, firstLayer: first, epochSeconds: run.epochSeconds, diverged: run.diverged,
  }, [first.buffer]);
  points = [];
}

// Yields to the page's messages between slices through a MessageChannel: a chain of setTimeout(0)
// is slowed to one call every 4 ms.
const ticks = new MessageChannel();
ticks.port1.onmessage = slice;

function slice() {
  if (!running) return;
  try {
    const end = performance.now() + SLICE_MS;
    do step(); while (running && performance.now() < end);
    if (!running || performance.now() - lastSnapshot >= interval) snapshot();
  } catch (error) {
    running = false;
    postMessage({ type: "error", message: error.message });
  }
  if (running) ticks.port2.postMessage(null);
}

// ------------------------------------------------------------------------------------------
// For the book's tests (tests/test_learn.py): the same functions on networks and digits they give

function givenNetwork(given) {
  return networkOf(given.sizes, given.activation, given.weights, given.biases);
}

async function debug(message) {
  const set = data && data[message.set || "train"];
  switch (message.what) {
    case "digests": {
      const hex = async (bytes) => [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
        .map((b) => b.toString(16).padStart(2, "0")).join("");
      const result = {};
      for (const name of ["train", "test"]) {
        result[name] = { count: data[name].count, pixels: await hex(data[name].bytes), labels: await hex(data[name].labels) };
      }
      return result;
    }
    case "images": // the digits as the network sees them, moved by [across, down] when given: 784 float32 values each
      return message.indices.map((n, i) => {
        const [digits, d] = message.moves ? [shifted(set, n, ...message.moves[i]), 0] : [set, n];
        const image = new Float32Array(PIXELS);
        for (let k = digits.start[d]; k < digits.start[d + 1]; k++) image[digits.at[k]] = digits.value[k];
        return Array.from(image);
      });
    case "slopes": { // of the mean cost; each digit moved by [across, down] when moves are given
      const net = givenNetwork(message.network), mean = 1 / message.indices.length;
      slopes(net, set, message.indices, message.moves ? (k) => message.moves[k] : null);
      const weights = nnbookWeights({ ...net, weights: net.weightSlopes });
      return { weights: weights.map((g) => Array.from(g, (x) => x * mean)), biases: net.biasSlopes.map((g) => Array.from(g, (x) => x * mean)) };
    }
    case "step": {
      const net = givenNetwork(message.network);
      slopes(net, set, message.indices);
      move(net, message.learningRate, message.indices.length);
      return { weights: nnbookWeights(net).map((w) => Array.from(w)), biases: net.biases.map((b) => Array.from(b)) };
    }
    case "activations": // every layer after the input, for each digit, with the network training here
      return message.indices.map((n) => {
        feedforward(network, set, n);
        return network.a.map((a) => Array.from(a));
      });
    default:
      throw new Error(`no such debug request: ${message.what}`);
  }
}

// ------------------------------------------------------------------------------------------

onmessage = async (event) => {
  const message = event.data;
  try {
    switch (message.type) {
      case "load":
        data = await load(message.url);
        postMessage({ type: "loaded", train: data.train.count, test: data.test.count, transferred: data.transferred });
        break;
      case "reset":
        running = false;
        reset(message.settings);
        break;
      case "settings":
        Object.assign(settings, message.settings);
        if (!running) snapshot();
        break;
      case "run":
        if (!running && !run.diverged) { running = true; slice(); }
        break;
      case "pause":
        running = false;
        snapshot();
        break;
      case "step":
        running = false;
        if (!run.diverged) step();
        snapshot();
        break;
      case "interval":
        interval = message.ms;
        break;
      case "network":
        postMessage({
          type: "network", sizes: network.sizes, activation: network.activation,
          weights: nnbookWeights(network), biases: network.biases.map((b) => b.slice()),
          epoch: run.epoch + run.position / data.train.count, testAccuracy: measure(network, data.test)[1], testDigits: data.test.count,
        });
        break;
      case "debug":
        postMessage({ type: "debug", id: message.id, result: await debug(message) });
        break;
      default:
        throw new Error(`no such message: ${message.type}`);
    }
  } catch (error) {
    running = false;
    postMessage({ type: message.type === "debug" ? "debug" : "error", id: message.id, message: error.message });
  }
};
