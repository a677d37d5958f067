"""The "Link to a section" page: every link target with its short link.

The page's Markdown holds `<!-- hooks/section_index.py -->` where the list
goes. It is filled once every page's targets are known (link_targets.py),
in reading order, each row with the same copy control as the section
itself. The page is left out of search on purpose (its front matter): it
repeats every section's title, and would crowd out the sections it lists.
"""

from __future__ import annotations

from mkdocs.utils import get_relative_url

import copy_controls
import link_targets
import page_html

MARKER = "hooks/section_index.py"
_nav_pages: list = []


def on_nav(nav, config, files, **kwargs):
    _nav_pages[:] = nav.pages
    return nav


def listing(tree, page) -> object:
    """A table of every other page's sections with their short links and copy
    controls, in nav order (this page's own sections have theirs already)."""
    wrapper = tree.new_tag("div", attrs={"class": "hb-sections"})
    table = tree.new_tag("table")
    wrapper.append(table)
    head = tree.new_tag("thead")
    row = tree.new_tag("tr")
    for label in ("Section", "Short link", "Copy"):
        cell = tree.new_tag("th", attrs={"scope": "col"})
        cell.string = label
        row.append(cell)
    head.append(row)
    table.append(head)
    body = tree.new_tag("tbody")
    table.append(body)
    for listed in _nav_pages:
        targets = [t for t in link_targets.SITE.pages.get(listed.url, []) if t.kind != "alias"]
        if not targets or listed is page:
            continue
        group = tree.new_tag("tr")
        cell = tree.new_tag("th", attrs={"colspan": "3", "scope": "rowgroup"})
        cell.string = listed.title
        group.append(cell)
        body.append(group)
        for target in targets:
            row = tree.new_tag("tr")
            link = tree.new_tag("a", attrs={"href": f"{get_relative_url(target.page_url or '.', page.url)}#{target.id}"})
            link.string = target.title
            code = tree.new_tag("code")
            code.string = f"/{target.short_path}"
            for part in (link, code, copy_controls.control(tree, target)):
                cell = tree.new_tag("td")
                cell.append(part)
                row.append(cell)
            body.append(row)
    # Material styles only tables without a class, so the class goes on the wrapper.
    return wrapper


def on_env(env, config, files, **kwargs):
    for file in files.documentation_pages():
        page = file.page
        if page is not None:
            page_html.fill_marker(page, MARKER, lambda tree: listing(tree, page))
    return env
