"""The offline copy of the book (``make offline``): the whole site, built to be unzipped and opened
from ``file://`` with no connection, search and Draw a digit included.

Material's ``offline`` plugin (mkdocs.yml, switched on by ``NNBOOK_OFFLINE=true``) does most of it:
page addresses end in .html instead of a folder, and the search index is a script. A page opened
from ``file://`` can neither ``fetch()`` a file nor start a Web Worker from one, so the mkdocs hook
adds, in the offline build only:

- ``LOCAL_SCRIPTS``: two scripts every page loads in its ``<head>`` (Material's "polyfills"), from
  the copy itself: the iframe-worker shim Material's search needs on ``file://`` (from
  node_modules, pinned in package.json; the plugin would link a CDN's copy instead), and
  ``FETCHED_FILES``, made by ``fetched_files_script``;
- ``fetched_files_script(files)``: the files the pages read with ``fetch()`` (the Draw a digit
  page's network and digits, nnbook.site.export) inside a script that answers those ``fetch()``
  calls: the page's own code is the same in both builds;
- ``zip_folder(folder, zip_path, name)``: the built copy as one zip, in a folder of its own
  (``python -m nnbook.site.offline FOLDER ZIP``).
"""

import argparse
import json
import sys
import zipfile
from pathlib import Path

from nnbook.files import write_atomically
from nnbook.site import SiteError

IFRAME_WORKER = "assets/javascripts/iframe-worker.js"  # in the built copy
IFRAME_WORKER_SOURCE = Path("node_modules/iframe-worker/shim/index.js")  # relative to the project
FETCHED_FILES = "assets/javascripts/fetched-files.js"
LOCAL_SCRIPTS = (IFRAME_WORKER, FETCHED_FILES)


def use_local_scripts(polyfills):
    """``polyfills`` (Material's ``extra.polyfills``: scripts in every page's head) with the
    offline plugin's iframe-worker from a CDN replaced by LOCAL_SCRIPTS, which the copy holds."""
    return [script for script in polyfills if "iframe-worker" not in str(script)] + list(LOCAL_SCRIPTS)


def iframe_worker(project):
    """The iframe-worker shim's bytes, from ``project``'s node_modules, or a SiteError saying how to
    install it."""
    path = Path(project) / IFRAME_WORKER_SOURCE
    if not path.is_file():
        raise SiteError(f"{path} is missing: the offline copy's search needs it; run `npm ci` in {project}")
    return path.read_bytes()


# Answers fetch() for the files in FILES (paths from the site's root) from this script; anything
# else goes to the browser's own fetch(). The site's root is two folders above this script.
_FETCH_SHIM = """// The offline copy of nnbook (nnbook/site/offline.py): opened from file://, a page cannot fetch()
// files, so the files the pages read are here, and fetch() answers with them.
(function () {
  "use strict";
  const FILES = %s;
  const root = new URL("../../", document.currentScript.src).href;
  const fetchFromTheNetwork = window.fetch;
  window.fetch = function (resource, options) {
    const url = new URL(resource instanceof Request ? resource.url : resource, document.baseURI);
    const path = url.href.startsWith(root) ? url.href.slice(root.length).split(/[?#]/)[0] : null;
    if (path !== null && Object.prototype.hasOwnProperty.call(FILES, path)) {
      return Promise.resolve(new Response(FILES[path], { status: 200, headers: { "Content-Type": "application/json" } }));
    }
    return fetchFromTheNetwork.call(this, resource, options);
  };
})();
"""


def fetched_files_script(files):
    """The script FETCHED_FILES for ``files`` ({path from the site's root: bytes of JSON text}):
    it answers the page's ``fetch()`` of any of those paths with their text."""
    texts = {}
    for path, data in sorted(files.items()):
        if not path.endswith(".json"):
            raise SiteError(f"{path}: the offline copy answers fetch() with JSON files only")
        texts[path] = data.decode("utf-8")
    # "</" would end the script early if it were ever inlined in a page: escape it as JSON allows.
    return (_FETCH_SHIM % json.dumps(texts, separators=(",", ":")).replace("</", "<\\/")).encode()


def zip_folder(folder, zip_path, name):
    """Write every file under ``folder`` to the zip ``zip_path``, inside a folder ``name`` (so that
    unzipping makes one folder), in sorted order and compressed. Returns the number of files."""
    folder = Path(folder)
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    if not (folder / "index.html").is_file():
        raise SiteError(f"{folder} has no index.html: build the offline copy first (make offline)")

    def write(file):
        with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in files:
                archive.write(path, f"{name}/{path.relative_to(folder).as_posix()}")

    Path(zip_path).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(zip_path, write)
    return len(files)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nnbook.site.offline",
                                     description="Zip the offline build of the book into one file.")
    parser.add_argument("folder", help="the offline build, such as build/offline")
    parser.add_argument("zip", help="the zip to write, such as dist/nnbook-offline.zip")
    arguments = parser.parse_args(argv)
    name = Path(arguments.zip).name.removesuffix(".zip")
    try:
        count = zip_folder(arguments.folder, arguments.zip, name)
    except SiteError as error:
        sys.exit(f"error: {error}")
    print(f"{arguments.zip}: {count} files in {name}/, {Path(arguments.zip).stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
