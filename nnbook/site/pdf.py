"""The book as one PDF (``make pdf``): the print build's single page, printed by Chromium.

The print build (mkdocs.yml's ``print-site`` plugin, switched on by ``NNBOOK_PRINT=true``) joins
every page of the nav into one, ``print_page/index.html``, after a cover (overrides/print-cover.tpl:
title, date, commit, the book's network) and a table of contents whose entries link to the
chapters. ``print_pdf`` opens that page in Chromium (nnbook.site.chromium) in light mode and prints
it on A4 paper: the figures stay vectors (inline SVG), the equations MathML, the table of contents
clickable, with bookmarks for the chapters, every folded box open. How it is printed (page numbers,
code wrapped at the page's edge, the interactive parts left out) is the book's print stylesheet,
in docs/stylesheets/extra.css.

``python -m nnbook.site.pdf PRINT_PAGE PDF`` runs it.
"""

import argparse
import sys
from pathlib import Path

from nnbook.site import SiteError

MAX_BYTES = 25_000_000  # a PDF a reader can download on a slow connection and mail
PAPER = {"format": "A4", "margin": {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}}
TOC_MADE = "document.querySelector('#print-page-toc nav ul li a') !== null"  # print-site.js made the contents
# On paper nothing unfolds: every folded box (exercise solutions, the checks behind claims) is
# printed open, and the PDF's title is the book's.
READY_TO_PRINT = """() => {
    document.querySelectorAll('details').forEach(box => { box.open = true; });
    document.title = document.querySelector('#print-site-cover-page h1').textContent.trim();
}"""


def print_pdf(print_page, pdf_path):
    """Print the print build's page ``print_page`` (an HTML file) to ``pdf_path``; returns its size
    in bytes. Raises SiteError when the page is missing, its table of contents is not made, or the
    PDF is larger than MAX_BYTES."""
    from playwright.sync_api import Error, sync_playwright

    from nnbook.site import chromium

    print_page = Path(print_page).resolve()
    if not print_page.is_file():
        raise SiteError(f"{print_page} is missing: build the print version first (make pdf does)")
    pdf_path = Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        try:
            page = browser.new_page(color_scheme="light")
            page.goto(print_page.as_uri(), wait_until="load")
            try:
                page.wait_for_function(TOC_MADE, timeout=30_000)
            except Error:
                raise SiteError(f"{print_page}: its table of contents was not made (print-site's script)") from None
            page.evaluate(READY_TO_PRINT)
            page.pdf(path=str(pdf_path), print_background=True, outline=True, tagged=True, **PAPER)
        finally:
            browser.close()
    size = pdf_path.stat().st_size
    if size > MAX_BYTES:
        raise SiteError(f"{pdf_path} is {size:,} bytes, over {MAX_BYTES:,}: a figure or lab output grew too large")
    return size


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nnbook.site.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("print_page", help="the print build's page, such as build/print/print_page/index.html")
    parser.add_argument("pdf", help="the PDF to write, such as dist/nnbook.pdf")
    arguments = parser.parse_args(argv)
    try:
        size = print_pdf(arguments.print_page, arguments.pdf)
    except SiteError as error:
        sys.exit(f"error: {error}")
    print(f"{arguments.pdf}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
