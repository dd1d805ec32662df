"""A cold build on every core: what the build would make one thing after another, made first side
by side in worker processes, so that the build then finds it all in its caches.

A build with nothing cached spends most of its time on three kinds of work, each on one core:
training the book's networks (nnbook.recipes), running the pages' code blocks and drawing the
figures (both kept by nnbook.site.build_cache). ``prepare`` makes what is missing, one worker
process per core, taking the jobs in this order: the networks, the figures (in the order of the
first page that shows each, so the first chapters' figures, which need no trained network, keep a
core busy while the longest network trains), then the pages. A page or figure that needs a network another worker is still
training waits for it (``trained`` trains each network in one process at a time) and then loads
it. Each worker makes an entry exactly as the build would (``trained``, ``run_page_code``,
``render_figures``), so the build reads the same bytes it would have made itself.

A worker that fails leaves its entry missing and is logged as a warning with its traceback; the
build then makes the entry in its own process and reports the failure with the page or figure's
name, as it would without ``prepare``. With one core, or nothing missing, ``prepare`` starts no
process.
"""

import concurrent.futures
import logging
import multiprocessing
import os

from nnbook import environment, recipes
from nnbook.site import build_cache, code_blocks, svg

log = logging.getLogger("mkdocs.hooks.nnbook")  # the hook's logger: mkdocs shows its messages


def prepare(book_figures, style, page_colors, pages):
    """Train the missing networks of RECIPES, draw the missing figures and run the missing pages,
    on every core. ``book_figures``, ``style`` and ``page_colors`` are ``render_figures``'
    arguments; ``pages`` is a list of ``run_page_code``'s arguments (markdown, page, docs_dir,
    first_line), in the book's order. Returns how many things were missing and given to the workers (0: none, or one
    core: the build makes them itself)."""
    if not environment.build_cache_enabled():
        return 0  # nothing is cached: the build makes everything itself
    networks = [name for name in recipes.RECIPES if not recipes.is_cached(name)]
    figures = sorted((name for name, draw in book_figures.items()
                      if build_cache.lookup("figures", name, svg.made_from(draw, style, page_colors)) is None),
                     key=lambda name: _first_shown(name, pages))
    pages = [(markdown, page, docs_dir, first_line) for markdown, page, docs_dir, first_line in pages
             if build_cache.lookup("pages", page, code_blocks.made_from(markdown, first_line)) is None]
    workers = min(os.cpu_count() or 1, len(networks) + len(figures) + len(pages))
    if workers < 2:
        return 0
    # spawn: a fresh interpreter, not a copy of the mkdocs process and its threads
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        jobs = {pool.submit(_make, recipes.trained, name): f"the network {name}" for name in networks}
        jobs |= {pool.submit(_make, svg.render_figures, {name: book_figures[name]}, style, page_colors):
                 f"the figure {name}" for name in figures}
        jobs |= {pool.submit(_make, code_blocks.run_page_code, *page): page[1] for page in pages}
        for job in concurrent.futures.as_completed(jobs):
            if job.exception() is not None:  # its traceback in the worker is the exception's cause
                log.warning(f"{jobs[job]}: failed in a worker process, made again by the build",
                            exc_info=job.exception())
    return len(networks) + len(figures) + len(pages)


def _first_shown(figure, pages):
    """The index of the first of ``pages`` whose Markdown shows ``figure`` (len(pages): none)."""
    return next((index for index, (markdown, *_) in enumerate(pages) if f"figures/{figure}" in markdown), len(pages))


def _make(function, *arguments):
    """``function(*arguments)`` in a worker, for the cache entry it writes (what it returns stays
    in the worker). If it raises, the entry stays missing: the build makes it again in its own
    process and reports what went wrong."""
    function(*arguments)
