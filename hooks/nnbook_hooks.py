"""The mkdocs hook: wires the build tooling of nnbook.site into the build (the logic lives there).

- on_config: note the build's commit and date (nnbook/site/provenance.py) for the footer, the
  PDF's cover and the pages that show where their network came from; in the offline copy, load
  the scripts it needs from itself (nnbook/site/offline.py);
- on_pre_build: re-import nnbook if its source changed (``mkdocs serve`` keeps it imported), point
  the labs' kernels to an IPython folder where figures come out as SVG in the book's style, and
  key mkdocs-jupyter's cache of executed labs on nnbook's source (nnbook/site/notebooks.py);
- on_files: on a build with things missing from the caches, make them on every core first
  (nnbook/site/parallel.py: the networks, then the pages' code and the figures); add every figure of nnbook.figures.BOOK_FIGURES as figures/<name>, the network and
  digits of the "Draw a digit" page as draw/*.json (nnbook/site/export.py), the digits the "Train
  it yourself" page trains on as learn/digits.gz (nnbook/site/learn_export.py), and a notebook for
  every chapter (the pages of the nav's "Chapters" section) and every lab (docs/labs/*.py) as
  notebooks/<name>.ipynb, whose first cell installs nnbook at this commit where it is missing;
  none of them ever in docs/. In the website's build, the offline copy and the PDF from dist/
  (nnbook/site/take_along.py); in the offline copy, the scripts of on_config;
- on_page_markdown: run the page's ```python blocks and show what they print under them, write in
  the tables of nnbook/site/tables.py; on a chapter, add the "Run this chapter as a notebook"
  button under its title (and "Open in Colab" when $NNBOOK_GITHUB_REPOSITORY names the repository); on a page whose front matter says
  ``network_provenance: true``, add where its network came from; on the home page, the links to
  the offline copy and the PDF;
- on_page_content: turn the page's LaTeX into MathML and put its figures in it as inline SVG; make
  a lab's page like a chapter's (figures in the page's colors, described by their cells' alt
  text, printed output in one block, links to the book's pages);
- on_page_context: give a page with a notebook ``page.nb_url``, the relative address of its
  notebook (overrides/main.html shows a download button; mkdocs-jupyter's own points to the .py),
  and ``page.colab_url`` when the notebooks are published.

Three builds use this hook: the website (``make build``), the offline copy (``make offline``:
Material's offline plugin, NNBOOK_OFFLINE=true) and the PDF's single page (``make pdf``: the
print-site plugin, NNBOOK_PRINT=true); ``_kind`` tells them apart.

Each event imports the parts of nnbook it uses when it runs, not once at the top: ``mkdocs serve``
keeps this module for its whole session, and on_pre_build re-imports nnbook when its source has
changed, so that the rebuild that follows uses the new code.
"""

import contextlib
import logging
import os
import posixpath

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

log = logging.getLogger("mkdocs.hooks.nnbook")
_figure_svgs = {}  # name -> SVG bytes, from on_files, for on_page_content to inline

NOTEBOOK_SECTION = "Chapters"  # every page of this nav section gets a notebook
LABS = "labs/"  # every .py file under docs/labs is a lab, rendered by mkdocs-jupyter
_notebooks_of = {}  # page's src_uri -> the File of its notebook, for this build
_markdown_of = {}  # Markdown page's src_uri -> (its Markdown without front matter, its first line), read once
_colab_of = {}  # page's src_uri -> the address that opens its notebook in Colab, when published


@contextlib.contextmanager
def _fail_build():
    """Turn a SiteError into a PluginError: mkdocs prints its message and stops, no traceback."""
    from nnbook.site import SiteError

    try:
        yield
    except SiteError as error:
        raise PluginError(str(error)) from None


def _kind(config):
    """"offline" (make offline), "print" (make pdf) or "site" (the website)."""
    for kind, name in (("offline", "material/offline"), ("print", "print-site")):
        plugin = config.plugins.get(name)
        if plugin is not None and plugin.config.get("enabled"):
            return kind
    return "site"


def _project(config):
    return os.path.dirname(os.path.abspath(config.config_file_path))


def on_config(config):
    from nnbook.site import offline, provenance

    config.extra["nnbook_build"] = provenance.build_info(_project(config))
    if _kind(config) == "offline":  # after Material's offline plugin added its polyfill
        config.extra["polyfills"] = offline.use_local_scripts(config.extra.get("polyfills", []))
    return config


def on_pre_build(config):
    from nnbook.site import reload_if_changed

    if reload_if_changed():
        log.info("nnbook's source changed: re-imported it")
    from nnbook.site import build_cache, notebooks  # as re-imported

    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        from nnbook.figures.drawing import BOOK_STYLE
        from nnbook.files import cache_folder

        os.environ["IPYTHONDIR"] = str(notebooks.lab_ipython_dir(cache_folder("lab-ipython"), BOOK_STYLE))
    if jupyter is not None and jupyter.config["cache"]:
        base = getattr(jupyter, "nnbook_cache_base", None) or jupyter.config["cache_dir"]
        jupyter.nnbook_cache_base = base
        jupyter.config["cache_dir"] = str(notebooks.lab_cache_dir(base, build_cache.fingerprint()))


def _chapter_sources(config):
    """The docs paths of the pages in the nav's NOTEBOOK_SECTION."""
    for item in config.nav or []:
        if isinstance(item, dict) and NOTEBOOK_SECTION in item:
            return [next(iter(entry.values())) if isinstance(entry, dict) else entry for entry in item[NOTEBOOK_SECTION]]
    return []


def _nav_sources(items):
    """The docs paths of every page in the nav ``items``, in the book's order."""
    for item in items or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        yield from _nav_sources(value) if isinstance(value, list) else [value]


def _is_lab(file):
    return file.src_uri.startswith(LABS) and file.src_uri.endswith(".py")


def on_files(files, config):
    from nnbook.figures import BOOK_FIGURES
    from nnbook.figures.drawing import BOOK_STYLE, PAGE_COLORS
    from nnbook import environment
    from nnbook.site import export, learn_export, notebooks, offline, parallel, provenance, svg, take_along

    figures = (BOOK_FIGURES, BOOK_STYLE, PAGE_COLORS)
    _markdown_of.clear()
    order = {src_uri: index for index, src_uri in enumerate(_nav_sources(config.nav))}
    for file in sorted(files.documentation_pages(), key=lambda file: order.get(file.src_uri, len(order))):
        if file.src_uri.endswith(".md"):
            _markdown_of[file.src_uri] = _markdown(file)
    pages = [(markdown, _page_path(files.get_file_from_path(src_uri)), config.docs_dir, first_line)
             for src_uri, (markdown, first_line) in _markdown_of.items()]  # run_page_code's arguments
    with _fail_build():
        missing = parallel.prepare(*figures, pages)
        if missing:
            log.info(f"{missing} networks, pages and figures were missing: made on every core")
        svgs = svg.render_figures(*figures)
    _figure_svgs.clear()
    _figure_svgs.update(svgs)
    for name, drawn in svgs.items():
        files.append(File.generated(config, f"figures/{name}", content=drawn))
    fetched = export.draw_page_files()  # the files the pages read with fetch()
    for path, data in {**fetched, **learn_export.learn_page_files()}.items():
        files.append(File.generated(config, path, content=data))
    network = fetched.get("draw/network.json")  # where the book's network came from, for the pages
    config.extra["nnbook_network"] = provenance.network_provenance(network) if network else None
    kind = _kind(config)
    with _fail_build():
        if kind == "offline":
            files.append(File.generated(config, offline.IFRAME_WORKER, content=offline.iframe_worker(_project(config))))
            files.append(File.generated(config, offline.FETCHED_FILES, content=offline.fetched_files_script(fetched)))
    if kind == "site":
        for name, path in take_along.dist_files(_project(config)).items():
            files.append(File(name, str(path.parent), config.site_dir, config.use_directory_urls))

    _notebooks_of.clear()
    _colab_of.clear()
    made = {}  # src_uri -> notebook JSON
    with _fail_build():
        repository = environment.github_repository()
        install = notebooks.install_source(config.extra["nnbook_build"]["commit"], repository, _project(config))
        for src_uri in _chapter_sources(config):
            made[src_uri] = notebooks.chapter_notebook(_markdown_of[src_uri][0], src_uri, config.site_url, install)
        for file in list(files):
            if _is_lab(file):
                with open(file.abs_src_path, encoding="utf-8") as source:
                    made[file.src_uri] = notebooks.lab_notebook(source.read(), file.src_uri, config.site_url, install)
    for src_uri, notebook in made.items():
        name = f"{posixpath.splitext(posixpath.basename(src_uri))[0]}.ipynb"
        path = f"notebooks/{name}"
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"{src_uri}: its notebook {path} would replace another file; rename the page")
        _notebooks_of[src_uri] = File.generated(config, path, content=notebook)
        files.append(_notebooks_of[src_uri])
        if repository:
            _colab_of[src_uri] = notebooks.colab_url(repository, name)
    return files


def _page_path(file):
    return os.path.relpath(file.abs_src_path)


def _markdown(file):
    """A page's Markdown as mkdocs gives it to on_page_markdown (its front matter removed), and the
    number of the file's line it starts on."""
    source = file.content_string
    markdown, _ = get_data(source)
    front_matter = source[: len(source) - len(markdown)] if source.endswith(markdown) else ""
    return markdown, front_matter.count("\n") + 1


def on_page_markdown(markdown, page, config, files):
    from nnbook.site import code_blocks, notebooks, provenance, tables, take_along

    if _is_lab(page.file):
        return markdown  # mkdocs-jupyter renders a lab from its .py file, not from this Markdown
    _, first_line = _markdown_of.get(page.file.src_uri) or _markdown(page.file)  # read in on_files
    with _fail_build():
        markdown = code_blocks.run_page_code(markdown, _page_path(page.file), config.docs_dir, first_line)
        markdown = tables.fill_tables(markdown, _page_path(page.file))
    notebook = _notebooks_of.get(page.file.src_uri)
    if notebook is not None:
        href = posixpath.relpath(notebook.src_uri, posixpath.dirname(page.file.src_uri) or ".")
        markdown = notebooks.with_notebook_link(markdown, href, colab=_colab_of.get(page.file.src_uri))
    if page.meta.get("network_provenance"):
        if config.extra["nnbook_network"] is None:
            raise PluginError(f"{page.file.src_uri}: network_provenance, but this build exported no network")
        markdown += provenance.provenance_markdown(config.extra["nnbook_build"], config.extra["nnbook_network"])
    if take_along.MARKER in markdown:
        kind = _kind(config)
        found = take_along.dist_files(_project(config)) if kind == "site" else {}
        markdown = markdown.replace(take_along.MARKER, take_along.take_along_markdown(kind, found, config.site_url))
    return markdown


@event_priority(10)  # before print-site keeps each page's HTML for the PDF's single page
def on_page_content(html, page, config, files):
    from nnbook.figures.drawing import PAGE_COLORS
    from nnbook.site import mathml, notebooks, svg

    with _fail_build():
        if _is_lab(page.file):
            with open(page.file.abs_src_path, encoding="utf-8") as source:
                html = notebooks.lab_page(html, source.read(), page.file.src_uri, PAGE_COLORS)
        html = mathml.render_math(html, _page_path(page.file))
        return svg.inline_figures(html, _page_path(page.file), _figure_svgs)


def on_page_context(context, page, config, nav):
    notebook = _notebooks_of.get(page.file.src_uri)
    if notebook is not None:
        page.nb_url = notebook.url_relative_to(page.file)
        page.colab_url = _colab_of.get(page.file.src_uri)
    return context
