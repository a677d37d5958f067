"""The build's pages, each page's content parsed once and shared.

The steps that add to a page's HTML (copy controls, listings, the FAQ's
schema data, the glossary) edit one tree per page, parsed with markup.py
when first asked for; hooks/pipeline.py writes each tree back into the page
just before its template renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from . import markup


@dataclass
class Pages:
    every: list[Page]  # every documentation page
    nav: list[Page]  # the nav's pages, in reading order
    _trees: dict[int, BeautifulSoup] = field(default_factory=dict)

    def tree(self, page: Page) -> BeautifulSoup:
        """The page's content as a tree; the same object for every step of one build."""
        if id(page) not in self._trees:
            self._trees[id(page)] = markup.fragment(page.content or "")
        return self._trees[id(page)]

    def fill_marker(self, page: Page, marker: str, make) -> bool:
        """Replace the page's `<!-- marker -->` comment with the nodes make(page) returns.

        False when the page has no marker; an error naming the page when the
        marker is there more than once or inside other markup.
        """
        if marker not in (page.content or ""):
            return False
        found = self.tree(page).find_all(string=lambda s: isinstance(s, Comment) and s.strip() == marker)
        if len(found) != 1:
            raise PluginError(f"{page.file.src_uri}: put `<!-- {marker} -->` on a line of its own, once")
        for node in reversed(make(page)):
            found[0].insert_after(node)
        found[0].extract()
        return True

    def write_back(self, page: Page) -> None:
        """Put the (possibly edited) tree back into page.content."""
        tree = self._trees.pop(id(page), None)
        if tree is not None:
            page.content = markup.serialize(tree)
