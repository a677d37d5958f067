"""What a reader reads in a slice of a page's Markdown: its visible text.

section_dates.py asks whether a commit changed what readers read in a
section. The lines of a section may differ while its text does not: an
attribute or id (`{ #id }`, `{: .class }`), an include's path, re-wrapped
or minified lines, extra whitespace. So each distinct slice is rendered
with Python-Markdown and the site's own extensions (mkdocs.yml's
`markdown_extensions`, with their settings), and what a reader would read
in the HTML is compared: its text, whitespace folded, and the text
alternatives of images. Elements a reader never sees as text (`<style>`,
`<script>`, `<template>`) and comments are left out.

Includes are left out too: pymdownx.snippets is given no folder to read,
so `--8<-- "diagrams/x.html"` adds nothing, and the glossary is not
appended. Text pulled from includes/ is not part of any section.

A Reader keeps one Markdown instance and remembers every slice it has
rendered (by the slice's text), so a slice that several commits share is
rendered once per build; with a cache folder (cache.py) it keeps what it
read between builds too, in one file named by how it renders (the
extensions, their settings and versions, and this file), so only slices
that no earlier build has seen are rendered.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import markdown

from . import cache, markup

# Settings that keep includes out: no folder to read snippets from, nothing appended.
NO_INCLUDES = {"base_path": [], "auto_append": [], "check_paths": False, "url_download": False}
HIDDEN = ("style", "script", "template")


class Reader:
    """Renders Markdown slices with the site's extensions and gives their visible text."""

    def __init__(self, extensions: list, configs: dict, folder: Path | None = None):
        # The build's own extension objects (the explicit-id and glossary
        # checks, added by hooks/pipeline.py) check pages; they add no text.
        names = [name for name in extensions if isinstance(name, str)]
        settings = {name: dict(configs.get(name) or {}) for name in names}
        if "pymdownx.snippets" in settings:
            settings["pymdownx.snippets"].update(NO_INCLUDES)
        self._md = markdown.Markdown(extensions=names, extension_configs=settings)
        self._seen: dict[str, str] = {}
        self.rendered = 0  # slices rendered by this reader, not found in its memory
        self._file = folder / f"{_how(names, settings)}.json" if folder else None
        self._known: dict[str, str] = {}
        if self._file and self._file.exists():
            try:
                self._known = json.loads(self._file.read_text(encoding="utf-8"))
            except ValueError:
                self._known = {}  # a damaged cache is made again

    @classmethod
    def of(cls, config) -> Reader:
        """A reader with an MkDocs config's Markdown extensions, remembering between builds."""
        return cls(list(config.markdown_extensions), dict(config.mdx_configs), cache.folder(config, "visible-text"))

    def text(self, source: str) -> str:
        """The visible text of a slice of Markdown, whitespace folded."""
        if source not in self._seen:
            key = hashlib.sha256(source.encode()).hexdigest()
            if key not in self._known:
                self._known[key] = visible(self._md.reset().convert(source))
                self.rendered += 1
            self._seen[source] = self._known[key]
        return self._seen[source]

    def save(self) -> None:
        """Keep what was read for the next build (when something new was)."""
        if self._file and self.rendered:
            data = json.dumps(self._known, ensure_ascii=False, sort_keys=True).encode()
            cache.write_atomically(self._file, lambda f: f.write(data))


def _how(names: list[str], settings: dict) -> str:
    """A name for how slices are rendered: the extensions and settings, the
    versions of Markdown and PyMdown Extensions, and this file."""
    versions = [metadata.version(package) for package in ("markdown", "pymdown-extensions")]
    about = json.dumps([names, settings, versions], sort_keys=True, default=_stable)
    return hashlib.sha256(about.encode() + Path(__file__).read_bytes()).hexdigest()[:24]


def _stable(value) -> str:
    """A setting's value as text that is the same in every build (a function by its name, not its address)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    return repr(value)


def visible(html: str) -> str:
    """The text a reader reads in an HTML fragment: text and image alternatives, whitespace folded."""
    tree = markup.fragment(html)
    for hidden in tree.find_all(HIDDEN):
        hidden.decompose()
    for image in tree.find_all("img"):
        image.replace_with(f" {image.get('alt', '')} ")
    return " ".join(tree.get_text().split())
