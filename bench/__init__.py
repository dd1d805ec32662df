"""The benchmark behind ``make bench`` and the book's "Performance" page (docs/performance.md).

``python -m bench.run`` times nnbook's training, compares it with a per-example loop and with the
machine's peak matrix-multiply speed, trains the best network it can in 60 seconds, and writes
everything to bench/results.json. The modules:

  per_example   the textbook baseline: backpropagation one example at a time (Nielsen's style)
  flops         how many floating-point operations an epoch of training takes
  machine       what the numbers were measured on, and the peak matrix-multiply speed
  budget        the best accuracy within a 60-second training budget
  learn         how fast the page "Train it yourself" trains in headless Chromium
  run           runs it all and writes bench/results.json

``python -m bench.robust`` (``make robust``) checks the book's claims under other BLAS kernels and
seeds and writes bench/robust.md. bench/log.md records the measurements, made by hand, behind
settings in nnbook's code (one BLAS thread, the default learning rates, the recipes).
"""
