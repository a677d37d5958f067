"""What changed: the latest section changes, on a page and in an Atom feed.

Both list the same entries from section_dates.py, newest first: every
section change of the most recent commits, up to LIMIT of them (a commit
is never split, so the newest one is listed whole however many sections it
changed). Each entry names the section and its page, links to it (the feed
to its short link), and gives the day and the commit's summary line.

- The "What changed" page's Markdown holds `<!-- hooks/handbook/changes.py -->`
  where the list goes (overrides/partials/handbook/what-changed.html); it
  is filled once every target is dated.
- `changes.xml` is written after the build with feedgen (Atom, RFC 4287);
  every page links it from its head (overrides/main.html). An entry's id
  is made from the section's short link and the commit, and the feed's
  date is its newest entry's, so every build of one commit writes the
  same feed.

Outside git nothing is dated: the page says so and the feed has no entries.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from itertools import groupby

from feedgen.feed import FeedGenerator
from mkdocs.utils import get_relative_url

from . import link_targets, markup, section_dates
from .pages import Pages

FEED = "changes.xml"
LIMIT = 50
MARKER = "hooks/handbook/changes.py"
TEMPLATE = "partials/handbook/what-changed.html"


def latest(dates: section_dates.Dates, site: link_targets.Site, nav_pages: list) -> list[section_dates.Change]:
    """The latest section changes, newest first; one commit's sections in reading order."""
    order = [t.id for page in nav_pages for t in site.pages.get(page.url, [])]
    return dates.recent(order, LIMIT)


def fill(env, pages: Pages, changes: list[section_dates.Change]) -> str | None:
    """Fill the marker on whichever page has it; that page's URL, or None."""
    found = None
    for page in pages.every:
        if pages.fill_marker(page, MARKER, lambda listing: render(env, listing, changes)):
            found = page.url
    return found


def render(env, page, changes: list[section_dates.Change]) -> list:
    groups = []
    for _, group in groupby(changes, key=lambda c: c.commit.sha):
        group = list(group)
        groups.append(
            {
                "commit": group[0].commit,
                "changes": [
                    {
                        "target": c.target,
                        "href": f"{get_relative_url(c.target.page_url or '.', page.url)}#{c.target.id}",
                    }
                    for c in group
                ],
            }
        )
    html = env.get_template(TEMPLATE).render(groups=groups, feed=get_relative_url(FEED, page.url))
    return markup.nodes(html)


def feed(config, changes: list[section_dates.Change], listing_url: str | None) -> bytes:
    """The Atom feed of the changes, newest first; the same bytes for the same changes."""
    site = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    fg = FeedGenerator()
    fg.id(site + FEED)
    fg.title(f"{config.site_name}: what changed")
    fg.subtitle("Each change to a section of the handbook, newest first")
    fg.author({"name": config.site_author or config.site_name})
    fg.link(href=site + FEED, rel="self", type="application/atom+xml")
    fg.link(href=site + (listing_url or ""), rel="alternate", type="text/html")
    fg.language(config.theme.get("language") or "en")
    fg.generator("")  # feedgen would name itself with a link to its home page
    fg.updated(changes[0].commit.when if changes else datetime.now(UTC))
    for change in changes:
        target, commit = change.target, change.commit
        short_link = site + target.short_path
        entry = fg.add_entry(order="append")
        entry.id(uuid.uuid5(uuid.NAMESPACE_URL, f"{short_link}#{commit.sha}").urn)
        entry.title(target.label)
        entry.link(href=short_link, rel="alternate", type="text/html")
        entry.updated(commit.when)
        entry.summary(commit.summary)
    return fg.atom_str(pretty=True)


def write_feed(config, changes: list[section_dates.Change], listing_url: str | None) -> None:
    with open(os.path.join(config.site_dir, FEED), "wb") as f:
        f.write(feed(config, changes, listing_url))
