"""A strict Content-Security-Policy and a referrer policy on every page.

Once the build has written every file (after the minifier, the redirects
plugin and the short-link pages), this hook reads each HTML file in the site
with a real HTML parser, hashes the inline scripts it finds (Material's few
small ones, the redirect pages' one-liners), and puts two meta tags at the
top of each file's <head>:

    <meta http-equiv="Content-Security-Policy" content="...">
    <meta name="referrer" content="...">

The policy is the same on every page, allowing every page's inline scripts
(speculation rules included), so a host can send it whole as a header
(README, "Security headers"). Scripts that page content might carry never
get this far: active_content.py refuses them.

`mkdocs serve` leaves the tags out, because its live-reload script is an
inline script that changes on every request, and so does the offline edition
(`make offline`): opened from file://, its search runs in iframe-worker's
stand-in for a Web Worker, whose code is an inline script written at run time.

To allow something new (another engine's WebAssembly or workers, say), add
its source to POLICY below; nothing else names a source.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# The policy: one directive per key, its sources in order. Hashes of inline
# scripts are appended to script-src at build time.
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
# Script types a browser runs or acts on (speculation rules are governed by
# script-src too); any other type (application/json, ld+json) is data.
RUNNABLE = {"", "text/javascript", "application/javascript", "module", "speculationrules"}

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
_serving = False


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes=()) -> str:
    """The policy as a meta tag or header carries it, with these script hashes allowed."""
    directives = {**POLICY, "script-src": POLICY["script-src"] + sorted(set(hashes))}
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def head_tags(hashes=()) -> str:
    """The two meta tags, for a page written outside MkDocs' page pipeline."""
    return (
        f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
        f'<meta name="referrer" content="{REFERRER}">'
    )


class _Head(HTMLParser):
    """Where the tags go, which old ones to replace, and the inline scripts."""

    # Text-only elements, read as a browser reads them: the minifier writes a
    # title's text with "<" unescaped where only "</title" could end it, so
    # `<title>x <script>…` is text there, never a script to trust.
    CDATA_CONTENT_ELEMENTS = ("script", "style", "title", "textarea")

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        # Where each line starts; the parser counts lines by "\n" alone.
        self._lines = [0] + [at + 1 for at, char in enumerate(text) if char == "\n"]
        self.insert_at = None  # just after <head> (or its <meta charset>)
        self.replace = []  # (start, end) of our tags from an earlier pass or a template
        self.scripts = []
        self._script = None
        self._first_in_head = False
        self.feed(text)
        self.close()

    def _span(self):
        line, column = self.getpos()
        start = self._lines[line - 1] + column
        return start, start + len(self.get_starttag_text())

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value or "") for name, value in attrs}
        first_in_head, self._first_in_head = self._first_in_head, False
        if tag == "head" and self.insert_at is None:
            self.insert_at = self._span()[1]
            self._first_in_head = True
        elif first_in_head and tag == "meta" and "charset" in attrs:
            self.insert_at = self._span()[1]  # the charset stays first, in the first 1024 bytes
        if tag == "meta" and (
            attrs.get("http-equiv", "").lower() == "content-security-policy"
            or attrs.get("name", "").lower() == "referrer"
        ):
            self.replace.append(self._span())
        elif tag == "script" and "src" not in attrs and attrs.get("type", "").strip().lower() in RUNNABLE:
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def on_startup(command, **kwargs):
    global _serving
    _serving = command == "serve"


@event_priority(-100)  # after every plugin and hook has written its files
def on_post_build(config, **kwargs):
    if _serving:
        log.info("csp: no Content-Security-Policy while serving (the live-reload script is inline)")
        return
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    if offline and offline.config.enabled:
        log.info("csp: no Content-Security-Policy in the offline edition (its search worker is an inline script)")
        return
    files = {path: path.read_text(encoding="utf-8") for path in sorted(Path(config["site_dir"]).rglob("*.html"))}
    heads = {}
    for path, text in files.items():
        heads[path] = head = _Head(text)
        if head.insert_at is None:
            raise PluginError(f"{path.relative_to(config['site_dir'])}: no <head> to carry the Content-Security-Policy")
    tags = head_tags(script_hash(script) for head in heads.values() for script in head.scripts)
    for path, text in files.items():
        head = heads[path]
        for start, end in sorted(head.replace, reverse=True):
            text = text[:start] + text[end:]
        at = head.insert_at - sum(end - start for start, end in head.replace if end <= head.insert_at)
        path.write_text(text[:at] + tags + text[at:], encoding="utf-8")
