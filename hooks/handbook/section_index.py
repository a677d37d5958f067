"""The "Link to a section" page: every link target with its short link.

The page's Markdown holds `<!-- hooks/handbook/section_index.py -->` where
the list goes; the list is overrides/partials/handbook/section-index.html,
filled once every page's targets are known, in reading order, each row with
the same copy control as the section itself. The page is left out of search
on purpose (its front matter): it repeats every section's title, and would
crowd out the sections it lists.
"""

from __future__ import annotations

from mkdocs.utils import get_relative_url

from . import link_targets, markup
from .pages import Pages

MARKER = "hooks/handbook/section_index.py"
TEMPLATE = "partials/handbook/section-index.html"


def fill(env, pages: Pages, site: link_targets.Site, control) -> None:
    """Fill the marker on whichever page has it; `control(target)` renders a copy control."""
    for page in pages.every:
        pages.fill_marker(page, MARKER, lambda listing: render(env, listing, pages.nav, site, control))


def render(env, page, nav_pages: list, site: link_targets.Site, control) -> list:
    groups = []
    for listed in nav_pages:
        targets = [t for t in site.pages.get(listed.url, []) if t.kind != "alias"]
        if targets and listed is not page:  # this page's own sections have their controls already
            groups.append(
                {
                    "title": listed.title,
                    "rows": [
                        {
                            "target": t,
                            "href": f"{get_relative_url(t.page_url or '.', page.url)}#{t.id}",
                            "control": control(t),
                        }
                        for t in targets
                    ],
                }
            )
    return markup.nodes(env.get_template(TEMPLATE).render(groups=groups))
