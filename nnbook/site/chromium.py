"""Chromium, for the book's PDF (nnbook.site.pdf) and its browser tests (tests/conftest.py):
Debian's ``/usr/bin/chromium`` where it exists, else the one ``playwright install chromium``
fetched, launched headless with nothing running in the background."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright):
    """A headless Chromium Browser from ``playwright`` (a started sync_playwright())."""
    if CHROMIUM.exists():
        return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
    return playwright.chromium.launch(args=ARGUMENTS)
