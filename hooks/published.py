"""What leaves the build: every published file read as a browser reads it,
refused if it could act against a reader, and every page given its policy.

The checks before it (front_matter.py, active_content.py, confined.py, ...)
keep bad input out as it enters; this hook checks what actually goes out,
after every plugin, hook and the minifier have written their files, so a
hole between two of them cannot let anything through.

1. As files come in (on_files), a file from docs/ that is not a page must
   be of a type the build publishes and checks: an image, an SVG (checked
   like a diagram), a stylesheet or a script (which a page may load only if
   mkdocs.yml names it). An HTML, XML or any other file is refused, and so is
   a file or page whose address belongs to the build or the theme (s/,
   pagefind/, search/, the theme's assets/, changes.xml, targets.json,
   llms.txt, sitemap.xml, ...).
2. The build's own inline scripts are known by their source: the templates
   that write them (SCRIPT_PARTIALS: Material's script partials, the search
   loader, and every template in overrides/partials/scripts/), rendered for
   each page with the page's own context, and the redirects plugin's
   forwarding script, as its template writes it for each redirect. An inline
   script anywhere else (written straight into main.html, say) is not the
   build's own.
3. Once every file is written (on_post_build), every HTML document is parsed
   with markup.py (html5lib, scripting on) and must hold: no inline script
   but the build's own; no script file from another origin or that the
   build did not write; no event-handler attribute; no javascript:,
   vbscript: or data: URL where a URL goes; no <base>, <iframe>, <object>,
   <embed> or <noscript>; a meta refresh only on the build's forwarding
   pages (short links, redirects) and only to a page of this site; no form
   sending anywhere else; no title holding "<" or ">" (Material's tooltips
   show titles as HTML, should content.tooltips be turned on); no id twice (content taking over #__config or
   #hb-search). Every SVG is checked like a diagram, and every file's type
   is one the build publishes. A failure names the file and what is wrong.
4. Every HTML document gets two meta tags at the top of its <head>:

       <meta http-equiv="Content-Security-Policy" content="...">
       <meta name="referrer" content="...">

   The policy allows the site's own files and the hashes of the build's own
   inline scripts, and nothing else. It is the same on every page, so a host
   can send it whole as a header (README, "Security headers"), and so it
   still holds should Material's instant navigation, which keeps the first
   page's policy while it swaps in the next, be turned back on.

`mkdocs serve` runs no check and writes no policy (its live-reload script
is inline and changes on every request), nor does the print edition (`make
pdf`), which is printed on this machine and never published. The offline
edition (`make offline`) is checked but gets no policy: opened from
file://, its search runs in iframe-worker's stand-in for a Web Worker, an
inline script written at run time.

To allow something new (another engine's WebAssembly or workers, say), add
its source to POLICY below; nothing else names a source.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import active_content
from bs4 import BeautifulSoup, Tag
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from handbook import markup
from handbook.active import ACTIVE, attribute_problems, local_name, value_of

# The policy: one directive per key, its sources in order. Hashes of the
# build's own inline scripts are appended to script-src.
POLICY = {
    "default-src": ["'self'"],
    # Pagefind's search runs WebAssembly ('wasm-unsafe-eval' allows compiling
    # it, never eval() of strings).
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    # Material's search worker comes from a blob: URL made by the search
    # loader (overrides/partials/search-loader.html), so nothing of search
    # loads before the reader searches; the loader answers Material's index
    # request from a blob: URL too.
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'", "blob:"],
    # The diagrams carry their own <style>, and Material sets style attributes.
    "style-src": ["'self'", "'unsafe-inline'"],
    # Material's icons in its CSS are data: URLs.
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
REFERRER = "strict-origin-when-cross-origin"

# The templates that write inline scripts: Material's (material/templates/
# partials/javascripts/) and the handbook's search loader; every template in
# overrides/partials/scripts/ joins them. An inline script written anywhere
# else is not the build's own, and fails the build.
SCRIPT_PARTIALS = [
    "partials/javascripts/base.html",
    "partials/javascripts/content.html",
    "partials/javascripts/palette.html",
    "partials/javascripts/announce.html",
    "partials/javascripts/outdated.html",
    "partials/javascripts/consent.html",
    "partials/search-loader.html",
]
HANDBOOK_SCRIPTS = "partials/scripts"
# Script types a browser runs (the HTML standard's JavaScript MIME types and
# the other types it executes); any other type is a data block.
JAVASCRIPT_TYPES = {
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}
RUNS = JAVASCRIPT_TYPES | {"", "module", "importmap", "speculationrules"}
# What the build publishes, by file ending (Pagefind's index files included).
PUBLISHED_TYPES = {
    ".html",
    ".css",
    ".js",
    ".map",
    ".json",
    ".xml",
    ".xsl",
    ".txt",
    ".md",
    ".gz",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".avif",
    ".ico",
    ".svg",
    ".wasm",
    ".pagefind",
    ".pf_meta",
    ".pf_index",
    ".pf_fragment",
    ".pf_filter",
    ".license",
}
# Files of docs/ other than pages that may be published: images, SVGs (checked
# like diagrams), stylesheets and scripts (a page may load only those mkdocs.yml names).
DOCS_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg", ".css", ".js"}
# A file a host reads from the site's root (README: "Security headers").
HOST_FILES = {"_headers"}
# Addresses the build and the theme write; no file or page of docs/ may take one.
RESERVED = (
    "s/",
    "pagefind/",
    "search/",
    "assets/javascripts/",
    "assets/stylesheets/",
    "assets/images/",
    "changes.xml",
    "changes.xsl",
    "targets.json",
    "llms.txt",
    "sitemap.xml",
    "sitemap.xml.gz",
    "robots.txt",
    "404.html",
    "favicon.ico",
)

# The one script URL the theme writes: an address that does nothing.
NO_OP = "javascript:void(0)"

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class Build:
    """What this hook learns during one build."""

    def __init__(self, config: MkDocsConfig, serving: bool):
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        printing = config.plugins.get("print-site")
        # The print edition is printed on this machine, never published (and
        # its plugin writes scripts and ids of its own): nothing to check.
        self.checking = not serving and not (printing and printing.config.get("enabled"))
        self.policy = self.checking and not (offline and offline.config.enabled)
        self.own: set[str] = set()  # the text of every inline script the build itself writes
        self.partials = list(SCRIPT_PARTIALS)  # the templates that write them
        self.env = None  # the theme's Jinja environment that renders them, made once (templates compile once)
        # The stylesheets and scripts mkdocs.yml names, as it names them (before a plugin renames them).
        self.named = {str(p) for p in config.extra_css} | {str(getattr(p, "path", p)) for p in config.extra_javascript}
        self.not_scripts: set[str] = set()  # site paths of files from docs/ that no page may load as a script
        self.forwards: set[str] = set()  # site paths of the pages that forward (short links, redirects)


_serving = False
_build: Build | None = None


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes=()) -> str:
    """The policy as a meta tag or header carries it, with these script hashes allowed."""
    directives = {**POLICY, "script-src": POLICY["script-src"] + sorted(set(hashes))}
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def head_tags(hashes=()) -> str:
    return (
        f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
        f'<meta name="referrer" content="{REFERRER}">'
    )


def runs(script: Tag) -> bool:
    """True for a <script> a browser executes (not a data block such as application/json)."""
    kind = script.get("type")
    if kind is None and script.get("language"):
        kind = "text/" + str(script["language"])
    return str(kind or "").split(";")[0].strip().lower() in RUNS


def inline_scripts(tree) -> list[str]:
    return [script.string or "" for script in tree.find_all("script") if runs(script) and not script.has_attr("src")]


# ---------------------------------------------------------------------------
# 1. Files from docs/
# ---------------------------------------------------------------------------


def docs_file_problems(dest: str, source: str, is_page: bool, named: set[str]) -> list[str]:
    """What is wrong with one file of docs/ (dest: its address in the site; named: the
    stylesheets and scripts mkdocs.yml names)."""
    reserved = next(
        (
            r
            for r in RESERVED
            if dest == r.rstrip("/") or dest.startswith(r) or (r.endswith("/") and dest == r + "index.html")
        ),
        None,
    )
    if reserved:
        return [f"docs/{source}: its address {dest} belongs to the build ({reserved}); move or rename it"]
    suffix = posixpath.splitext(dest)[1].lower()
    if is_page or dest in named or posixpath.basename(dest) in HOST_FILES or suffix in DOCS_TYPES:
        return []
    return [
        f"docs/{source}: a {suffix or 'file without an ending'} file would be published as it is, unchecked; "
        "docs/ holds pages, images, stylesheets and scripts"
    ]


def svg_problems(text: str) -> list[str]:
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        return ["an SVG with a DOCTYPE or entities"]
    return active_content.problems(text, svg_only=True)


# ---------------------------------------------------------------------------
# 3. The published files
# ---------------------------------------------------------------------------


def document_problems(
    tree: BeautifulSoup, *, own: set[str], scripts: set[str], forwards: bool, site: str, here: str
) -> list[str]:
    """What in one published HTML document could act against a reader.

    own: the build's own inline scripts; scripts: site paths of its script
    files; forwards: the page is one of the build's forwarding pages; site:
    the published address (its origin counts as this site); here: the
    document's path in the site.
    """
    found, ids = [], {}
    for element in tree.find_all(True):
        tag = element.name.lower()
        if tag == "script":
            if element.has_attr("src"):
                target = resolve(str(element["src"]), here, site)
                if target is None or target not in scripts:
                    found.append(f"a script from {element['src']}, which the build did not write")
            elif runs(element) and (element.string or "").strip() not in own:
                found.append(f"an inline script the build did not write: {markup.quoted(element.string or '')}")
        elif tag in ACTIVE:
            found.append(f"a <{element.name}> element")
        elif tag == "meta" and str(element.get("http-equiv", "")).lower() == "refresh":
            url = str(element.get("content", "")).partition("url=")[2]
            if not forwards or resolve(url, here, site) is None:
                found.append(f"a meta refresh to {markup.quoted(url)}")
        elif tag == "form" and element.has_attr("action") and resolve(str(element["action"]), here, site) is None:
            found.append(f"a form sending to {element['action']}")
        found += [p for p in attribute_problems(element) if not _theme_no_op(element)]
        for name, value in element.attrs.items():
            if local_name(name) == "title" and ("<" in value_of(value) or ">" in value_of(value)):
                found.append(f"a title on <{element.name}> with < or > in it (tooltips show titles as HTML)")
        if element.has_attr("id"):
            key = value_of(element["id"])
            if key in ids:
                found.append(f"the id {key!r} twice: on <{ids[key]}> and on <{element.name}>")
            ids.setdefault(key, element.name)
    return found


def _theme_no_op(element: Tag) -> bool:
    """Material's search-share link, whose address does nothing (the theme's script copies the link)."""
    return element.name == "a" and element.get("href") == NO_OP and "md-search__icon" in element.get("class", [])


def resolve(url: str, here: str, site: str) -> str | None:
    """The site path a URL on the page at `here` points to, or None for another origin or scheme."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        root = urlsplit(site)
        if (parts.scheme, parts.netloc) != (root.scheme, root.netloc) or not parts.path.startswith(root.path):
            return None
        return parts.path[len(root.path) :]
    path = posixpath.normpath(posixpath.join(posixpath.dirname(here), parts.path)) if parts.path else here
    return None if path.startswith("..") else path.lstrip("/")


def head_end(text: str, tree: BeautifulSoup) -> int:
    """Where the policy goes: just after <head> (or after its first <meta charset>), as an index into text."""
    lines = [0] + [at + 1 for at, char in enumerate(text) if char == "\n"]
    head = tree.head
    first = head.find(True) if head else None
    anchor = first if first is not None and first.name == "meta" and first.has_attr("charset") else head
    if anchor is None or anchor.sourceline is None:
        return -1
    return lines[anchor.sourceline - 1] + anchor.sourcepos + 1


# ---------------------------------------------------------------------------
# The hook
# ---------------------------------------------------------------------------


def on_startup(command, **kwargs):
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = Build(config, _serving)
    if _build.checking and config.theme.custom_dir:
        folder = Path(config.theme.custom_dir)
        _build.partials += sorted(p.relative_to(folder).as_posix() for p in (folder / HANDBOOK_SCRIPTS).glob("*.html"))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if not _build.checking:
        return files
    docs, named = Path(config.docs_dir).resolve(), _build.named
    found = []
    for file in files:
        source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
        if source is None or not source.is_relative_to(docs):
            continue
        found += docs_file_problems(file.dest_uri, file.src_uri, file.is_documentation_page(), named)
        if source.suffix.lower() == ".svg" and source.is_file():
            found += [f"docs/{file.src_uri}: {p}" for p in svg_problems(source.read_text(encoding="utf-8"))]
    if found:
        raise PluginError("files docs/ may not publish:\n  " + "\n  ".join(found))
    _build.not_scripts = {
        file.dest_uri
        for file in files
        if file.abs_src_path and file.dest_uri not in named and Path(file.abs_src_path).resolve().is_relative_to(docs)
    }
    return files


def own_scripts(context: TemplateContext, config: MkDocsConfig) -> set[str]:
    """The inline scripts SCRIPT_PARTIALS write for a page with this context."""
    if _build.env is None:
        _build.env = config.theme.get_env()
    env = _build.env
    features = config.theme.get("features") or []
    own = set()
    for name in _build.partials:
        rendered = env.get_template(name).render({**context, "features": features})
        own |= {script.strip() for script in inline_scripts(markup.fragment(rendered))}
    return own


@event_priority(-100)  # the context as every plugin left it
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav) -> TemplateContext:
    if _build.checking:
        _build.own |= own_scripts(context, config)
    return context


@event_priority(-100)
def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    """The same for a page rendered from a template alone (404.html)."""
    if _build.checking:
        _build.own |= own_scripts(context, config)
    return context


@event_priority(-100)  # after every plugin and hook has written its files
def on_post_build(config: MkDocsConfig) -> None:
    if not _build.checking:
        log.info("published: no check and no Content-Security-Policy while serving or printing")
        return
    site = Path(config.site_dir)
    _build.own |= redirect_scripts(config, site)
    published = config.site_url or "http://127.0.0.1/"
    scripts = {p.relative_to(site).as_posix() for p in site.rglob("*.js")} - _build.not_scripts
    found, documents, used = [], {}, set()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        suffix = path.suffix.lower()
        if suffix not in PUBLISHED_TYPES and path.name not in HOST_FILES:
            found.append(f"{rel}: a file the build does not publish ({suffix or 'no ending'})")
        elif suffix == ".svg":
            found += [f"{rel}: {p}" for p in svg_problems(path.read_text(encoding="utf-8"))]
        elif suffix == ".html":
            text = path.read_text(encoding="utf-8")
            tree = markup.document(text, positions=True)
            forwards = rel.startswith("s/") or rel in _build.forwards
            found += [
                f"{rel}: {p}"
                for p in document_problems(
                    tree, own=_build.own, scripts=scripts, forwards=forwards, site=published, here=rel
                )
            ]
            used |= set(inline_scripts(tree))
            documents[path] = (text, tree)
    if found:
        shown = found[:40] + ([f"... and {len(found) - 40} more"] if len(found) > 40 else [])
        raise PluginError(
            "published files a reader's browser must not get (hooks/published.py):\n  " + "\n  ".join(shown)
        )
    if not _build.policy:
        log.info("published: files checked; no Content-Security-Policy in the offline and print editions")
        return
    tags = head_tags(script_hash(script) for script in used)
    for path, (text, tree) in documents.items():
        at = head_end(text, tree)
        if at < 0:
            raise PluginError(f"{path.relative_to(site)}: no <head> to carry the Content-Security-Policy")
        path.write_text(text[:at] + tags + text[at:], encoding="utf-8")


def redirect_scripts(config: MkDocsConfig, site: Path) -> set[str]:
    """The redirects plugin's forwarding script of each redirect (redirect_maps.py
    has checked every mapping leads to a page of this site), as its template writes it."""
    plugin = config.plugins.get("redirects")
    if plugin is None:
        return set()
    from mkdocs_redirects import plugin as redirects

    own = set()
    for old in plugin.config["redirect_maps"]:
        stub = redirects.get_html_path(old, config.use_directory_urls)
        _build.forwards.add(stub)
        canonical = markup.document((site / stub).read_text(encoding="utf-8")).find("link", rel="canonical")
        template = markup.fragment(redirects.HTML_TEMPLATE.format(url=canonical["href"] if canonical else ""))
        own |= {script.strip() for script in inline_scripts(template)}
    return own
