"""Each page's rendered HTML as a tree, parsed once per build and shared.

The hooks that add to a page's HTML (targets.py, copy_controls.py,
section_index.py) edit the same BeautifulSoup tree instead of each parsing
and writing the page again; targets.py parses every page once all are
rendered (`on_env`) and writes each one back just before its template
renders (`on_page_context`).

A library, not a hook: the hooks import it by name.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter
from mkdocs.exceptions import PluginError


class _AsWritten(HTMLFormatter):
    """Attributes in the order MkDocs wrote them (BeautifulSoup sorts them by
    default), `<br>` rather than `<br/>`, and only &, < and > escaped."""

    def __init__(self):
        super().__init__(entity_substitution=EntitySubstitution.substitute_xml,
                         void_element_close_prefix=None, empty_attributes_are_booleans=True)

    def attributes(self, tag):
        return list(tag.attrs.items()) if tag.attrs else []


FORMATTER = _AsWritten()
_trees: dict[int, tuple[object, BeautifulSoup]] = {}


def parse(fragment: str) -> BeautifulSoup:
    return BeautifulSoup(fragment, "html.parser")


def serialize(tree) -> str:
    return tree.decode(formatter=FORMATTER)


def reset() -> None:
    _trees.clear()


def tree(page) -> BeautifulSoup:
    """The page's content as a tree; the same object for every hook in one build."""
    key = id(page)
    if key not in _trees:
        _trees[key] = (page, parse(page.content or ""))
    return _trees[key][1]


def fill_marker(page, marker: str, make) -> bool:
    """Replace the page's `<!-- marker -->` comment with make(tree).

    False when the page has no marker; an error naming the page when the
    marker is there more than once or inside other markup.
    """
    if marker not in (page.content or ""):
        return False
    found = tree(page).find_all(string=lambda s: isinstance(s, Comment) and s.strip() == marker)
    if len(found) != 1:
        raise PluginError(f"{page.file.src_uri}: put `<!-- {marker} -->` on a line of its own, once")
    found[0].replace_with(make(tree(page)))
    return True


def write_back(page) -> None:
    """Put the (possibly edited) tree back into page.content."""
    held = _trees.pop(id(page), None)
    if held is not None:
        page.content = serialize(held[1])
