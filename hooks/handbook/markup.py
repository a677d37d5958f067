"""The one HTML parser: every read and write of page HTML goes through here.

Pages are read as a browser reads them: html5lib, which implements the
WHATWG parsing algorithm, with scripting on (so `<noscript>` holds raw text,
as in a browser that runs scripts). BeautifulSoup gives the tree its API.
A page's content is parsed as a fragment inside `<article>`, where the
theme puts it; a whole file as a document. Both come back out through
serialize(), which writes what it read: the text of raw-text elements
(`<script>`, `<style>`, ...) of the HTML namespace as it is, everything
else escaped, attributes in the order they were written.

The hooks that add to a page and the safety check on the published files
(hooks/published.py) use this module, so the tree the build edits is the tree
the reader's browser builds.
"""

from __future__ import annotations

import copy

import html5lib
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.builder._html5lib import Element, HTML5TreeBuilder, TreeBuilderForHtml5lib
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter

HTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
# Elements whose text a browser reads as raw text (scripting on): written back unescaped.
RAW_TEXT = {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
# The element the theme puts a page's content in.
CONTENT_CONTAINER = "article"


class _Tree(TreeBuilderForHtml5lib):
    """BeautifulSoup's tree for html5lib, able to hold a fragment (the soup itself)."""

    def fragmentClass(self) -> Element:
        return Element(self.soup, self.soup, None)

    def getFragment(self) -> Element:
        fragment = self.fragmentClass()
        self.openElements[0].reparentChildren(fragment)
        return fragment


class _Builder(HTML5TreeBuilder):
    NAME = "handbook-html5"
    features = [NAME]
    container: str | None = None  # a fragment's context element; None for a document
    positions = False  # note where each start tag ends (Tag.sourceline, Tag.sourcepos + 1)

    def create_treebuilder(self, namespaceHTMLElements: bool) -> _Tree:
        self.underlying_builder = _Tree(namespaceHTMLElements, self.soup, store_line_numbers=self.positions)
        return self.underlying_builder

    def feed(self, markup) -> None:
        parser = html5lib.HTMLParser(tree=self.create_treebuilder)
        self.underlying_builder.parser = parser
        if self.container is None:
            parser.parse(markup, scripting=True)
        else:
            parser.parseFragment(markup, container=self.container, scripting=True)
            # html5lib's fragment root, emptied into the soup, stays behind.
            root = self.soup.find("html", recursive=False)
            if root is not None and not root.contents:
                root.extract()
        self.underlying_builder.parser = None


class _Fragment(_Builder):
    container = CONTENT_CONTAINER


class _Positioned(_Builder):
    positions = True


class _AsWritten(HTMLFormatter):
    """Attributes in the order they were written, `<br>` rather than `<br/>`,
    text escaped (&, < and >) except inside raw-text elements of the HTML
    namespace, whose text a browser never decodes."""

    def __init__(self):
        super().__init__(
            entity_substitution=EntitySubstitution.substitute_xml,
            void_element_close_prefix=None,
            empty_attributes_are_booleans=True,
        )

    def attributes(self, tag):
        return list(tag.attrs.items()) if tag.attrs else []

    def substitute(self, ns):
        parent = getattr(ns, "parent", None)
        if isinstance(parent, Tag) and parent.name in RAW_TEXT and parent.namespace in (None, HTML_NAMESPACE):
            return ns
        return EntitySubstitution.substitute_xml(ns)

    def attribute_value(self, value):
        return EntitySubstitution.substitute_xml(value)


FORMATTER = _AsWritten()


def fragment(markup: str) -> BeautifulSoup:
    """Page content as the browser parses it inside the theme's <article>."""
    return BeautifulSoup(markup, builder=_Fragment())


def document(markup: str | bytes, positions: bool = False) -> BeautifulSoup:
    """A whole HTML file as a browser parses it; with positions, each tag knows
    where its start tag ends in the text (line `sourceline`, column `sourcepos` + 1)."""
    return BeautifulSoup(markup, builder=_Positioned() if positions else _Builder())


def quoted(text: str, limit: int = 80) -> str:
    """Text for an error message: white space folded, cut to `limit` characters."""
    text = " ".join(str(text).split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def serialize(tree) -> str:
    return tree.decode(formatter=FORMATTER)


# Elements whose edges are word boundaries when a page is read as text.
BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}


def text_of(element: Tag, controls: str = "") -> str:
    """The visible text of an element as a reader reads it, whitespace folded:
    inline markup joins its words as written ("<abbr>Soft skills</abbr>, hard"
    reads "Soft skills, hard"), block edges separate them, and the parts
    matching `controls` are left out."""
    if controls and element.select_one(controls) is not None:
        element = copy.copy(element)  # a deep copy: the page keeps its controls
        for control in element.select(controls):
            control.decompose()
    parts = []
    for node in element.descendants:
        if isinstance(node, Tag):
            if node.name in BLOCKS:
                parts.append(" ")
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            parts.append(str(node))
            if node.next_sibling is None and isinstance(node.parent, Tag) and node.parent.name in BLOCKS:
                parts.append(" ")
    return " ".join("".join(parts).split())


def nodes(html: str) -> list:
    """The top-level nodes of an HTML fragment, ready to insert into a page's tree."""
    return list(fragment(html).contents)
