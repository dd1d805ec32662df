"""The book to take along, offered on the home page: the offline copy (``make offline``,
nnbook.site.offline) and the PDF (``make pdf``, nnbook.site.pdf), which both write to ``dist/``.

The home page holds the line MARKER; the mkdocs hook replaces it with ``take_along_markdown``:

- in the website's build (``make build``), a relative link to each file found in ``dist/`` (the
  hook copies it into the site, next to the home page) and, for a file that is not there, the
  command that makes it: the Pages workflow makes both before it builds the website;
- in the offline copy and in the PDF, a line saying which one the reader holds.
"""

from pathlib import Path

MARKER = "<!-- nnbook: the offline copy and the PDF -->"
DIST = "dist"  # relative to the project's folder
OFFLINE_ZIP = "nnbook-offline.zip"
PDF = "nnbook.pdf"


def dist_files(project):
    """{name: path} of OFFLINE_ZIP and PDF, for those in ``project``'s dist/ folder."""
    folder = Path(project) / DIST
    return {name: folder / name for name in (OFFLINE_ZIP, PDF) if (folder / name).is_file()}


def take_along_markdown(kind, found=None, site_url=""):
    """The home page's lines about the offline copy and the PDF, for a build of ``kind``: "site"
    (the website; ``found`` is ``dist_files``' result), "offline" (the offline copy) or "print"
    (the PDF). ``site_url``, when it is an https address, is linked as the book's website."""
    website = f"[the book's website]({site_url})" if site_url.startswith("https://") else "the book's website"
    if kind == "offline":
        return ("You are reading the book's offline copy: it works from the files on your disk, with no "
                f"connection, search and Draw a digit included. The PDF is on {website}.")
    if kind == "print":
        return (f"You are reading the book's PDF. On {website}, or in its offline copy, Draw a digit runs "
                "the book's network in your browser.")
    found = found or {}
    lines = ["Besides this website, the book comes as an offline copy, the whole website in one zip that works "
             "from your disk with no connection (search and Draw a digit included), and as a PDF to print or to "
             "read on any device: every chapter, lab and reference, with its figures, equations and code."]
    buttons = [f"[{text}]({name}){{ .md-button }}" for text, name in (("Read offline", OFFLINE_ZIP), ("PDF", PDF))
               if name in found]
    if buttons:
        lines.append(" ".join(buttons))
    if OFFLINE_ZIP in found:
        lines.append(f"The offline copy is a zip of {_megabytes(found[OFFLINE_ZIP])}: unzip it and open `index.html` "
                     "in the folder it makes.")
    if PDF in found:
        lines.append(f"The PDF is {_megabytes(found[PDF])}.")
    missing = [(what, command) for what, name, command in (("offline copy", OFFLINE_ZIP, "make offline"),
                                                            ("PDF", PDF, "make pdf")) if name not in found]
    if missing:
        whats = " or ".join(what for what, _ in missing)
        commands = " and ".join(f"`{command}`" for _, command in missing)
        write, them = ("write", "them") if len(missing) > 1 else ("writes", "it")
        lines.append(f"This build of the book has no {whats}: {commands} {write} {them} to `dist/`, and the next "
                     f"`make build` links {them} here.")
    return "\n\n".join(lines)


def _megabytes(path):
    return f"{Path(path).stat().st_size / 1e6:.1f} MB"
