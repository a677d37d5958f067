"""The glossary: each term defined once, found however the text writes it,
and usable by everyone, not only a mouse.

The glossary (includes/abbreviations.md, appended to every page by
pymdownx.snippets) holds `*[term]: definition` lines for Python-Markdown's
abbr extension, which marks every use of a term with
`<abbr title="definition">`.

- That extension silently keeps the last of two definitions of a term:
  check() reads the appended files with its own pattern, and a term that
  appears twice fails the build, naming the file and the term; so does a
  definition holding < or > (Material's tooltips show definitions as HTML)
  or an invisible or bidirectional control character.
- It also finds a term only as written in the glossary. Terms (an extension
  added to Markdown by hooks/pipeline.py) finds it in the plural too
  ("one-on-ones"), capitalised at the start of a sentence ("Stakeholders"),
  and when the source wraps it across lines ("individual\\ncontributor").
- mark_focusable() makes each term in running text focusable, so a
  keyboard or screen-reader user reaches it with Tab; Material's tooltip
  then shows the definition on focus as on hover and tap, and names it as
  the term's description. docs/javascripts/extra.js lets Escape dismiss it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrBlockprocessor, AbbrTreeprocessor
from mkdocs.exceptions import PluginError

from .pages import Pages

PLURAL = ("es", "s")
# Characters a reader cannot see that change how text reads or is copied.
INVISIBLE = set(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff"
)
# A term inside these stays plain text: a heading keeps one Tab stop (its
# copy control) and a <summary> may hold nothing focusable.
NOT_FOCUSABLE_IN = ["h1", "h2", "h3", "h4", "h5", "h6", "summary"]


def duplicates(text: str) -> list[str]:
    """Terms defined more than once in a glossary file's text."""
    terms = Counter(match.group("abbr") for match in AbbrBlockprocessor.RE.finditer(text))
    return sorted(term for term, count in terms.items() if count > 1)


def check(config) -> None:
    """Fail the build, naming the file, when an appended glossary defines a term twice."""
    snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    base = Path(snippets.get("base_path", ["."])[0])
    for name in snippets.get("auto_append", []):
        path = base / name
        if path.is_file() and (twice := duplicates(path.read_text(encoding="utf-8"))):
            raise PluginError(
                f"{path.relative_to(base.parent)}: glossary term(s) defined more than once: "
                + ", ".join(f"*[{term}]" for term in twice)
            )


def written(term: str) -> list[str]:
    """The ways a term may be written: as in the glossary, and capitalised at
    the start of a sentence when the glossary writes it in lower case."""
    return [term, term[0].upper() + term[1:]] if term[:1].islower() else [term]


def pattern(terms) -> re.Pattern:
    """Any of the terms, however written, its words separated by any white space, optionally in the plural."""
    forms = sorted({form for term in terms for form in written(term)}, key=len, reverse=True)
    alternatives = (r"\s+".join(map(re.escape, form.split())) for form in forms)
    return re.compile(rf"\b(?:{'|'.join(alternatives)})(?:{'|'.join(PLURAL)})?\b")


class _Definitions(dict):
    """The glossary's definitions, looked up by a term as the text wrote it."""

    def __missing__(self, text: str) -> str:
        folded = " ".join(text.split())
        for term in (folded, folded[:1].lower() + folded[1:]):
            if term in self.keys():
                return self[term]
            for ending in PLURAL:
                if term.endswith(ending) and term[: -len(ending)] in self.keys():
                    return self[term[: -len(ending)]]
        raise KeyError(text)


class _Terms(AbbrTreeprocessor):
    def run(self, root):
        if not self.abbrs:
            return
        found_by, self.abbrs = self.abbrs, _Definitions(self.abbrs)
        self.RE = pattern(found_by)
        try:
            self.iter_element(root)
        finally:
            self.abbrs = found_by


class Terms(Extension):
    """Replaces the abbr extension's search for terms; its definitions stay its own."""

    def extendMarkdown(self, md):
        if "abbr" not in md.treeprocessors:
            raise PluginError("the glossary needs the abbr extension (markdown_extensions: - abbr)")
        old = md.treeprocessors["abbr"]
        priority = next(p.priority for p in md.treeprocessors._priority if p.name == "abbr")
        md.treeprocessors.register(_Terms(md, old.abbrs), "abbr", priority)


def mark_focusable(pages: Pages) -> None:
    for page in pages.every:
        if "<abbr" not in (page.content or ""):
            continue
        for term in pages.tree(page).select("abbr[title]"):
            if not term.find_parent(NOT_FOCUSABLE_IN):
                term["tabindex"] = "0"
