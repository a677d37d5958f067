"""What changed: the latest noted section changes, on a page and in an Atom feed.

Both list the same entries from section_dates.py, newest first: every
section change of the most recent commits that carry a Reader-note
(reader_notes.py), up to LIMIT of them (a commit is never split, so the
newest one is listed whole however many sections it changed). A commit
without a note dates its sections but is listed nowhere, and no commit's
subject ever is. Each entry names the section and its page, links to it
(the feed to its short link), and gives the day and the reader note; the
feed adds the section's opening lines. The "What changed" page's own
sections are never listed.

- The "What changed" page's Markdown holds `<!-- hooks/handbook/changes.py -->`
  where the list goes (overrides/partials/handbook/what-changed.html); it
  is filled once every target is dated.
- `changes.xml` is written after the build with feedgen (Atom, RFC 4287);
  every page links it from its head (overrides/main.html). An entry's id
  is made from the section's short link and the commit, and the feed's
  date is its newest entry's, so every build of one commit writes the
  same feed. It names `changes.xsl` (overrides/changes.xsl) as its stylesheet,
  so a browser that opens it shows a readable page of the same entries.

Outside git nothing is dated: the page says so and the feed has no entries.
"""

from __future__ import annotations

import html
import os
import uuid
from datetime import UTC, datetime
from itertools import groupby

from feedgen.feed import FeedGenerator
from mkdocs.utils import get_relative_url

from . import link_targets, markup, section_dates
from .pages import Pages

FEED = "changes.xml"
STYLESHEET = "changes.xsl"  # overrides/changes.xsl, published beside the feed
LIMIT = 50
MARKER = "hooks/handbook/changes.py"
TEMPLATE = "partials/handbook/what-changed.html"


def listing(pages: Pages) -> str | None:
    """The URL of the page whose Markdown holds the marker (What changed), or None."""
    return next((page.url for page in pages.every if MARKER in (page.content or "")), None)


def latest(
    dates: section_dates.Dates, site: link_targets.Site, nav_pages: list, listing_url: str | None
) -> list[section_dates.Change]:
    """The latest noted section changes, newest first; one commit's sections in
    reading order; none of the listing page's own."""
    order = [t.id for page in nav_pages for t in site.pages.get(page.url, [])]
    return dates.recent(order, LIMIT, leave_out={listing_url} if listing_url is not None else set())


def fill(env, pages: Pages, changes: list[section_dates.Change], dated: bool) -> None:
    """Fill the marker on whichever page has it. `dated`: whether the build knew
    any history (the page says why it lists nothing)."""
    for page in pages.every:
        pages.fill_marker(page, MARKER, lambda listing: render(env, listing, changes, dated))


def render(env, page, changes: list[section_dates.Change], dated: bool) -> list:
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
    listing = env.get_template(TEMPLATE).render(groups=groups, dated=dated, feed=get_relative_url(FEED, page.url))
    return markup.nodes(listing)


def feed(config, changes: list[section_dates.Change], listing_url: str | None, newest=None) -> bytes:
    """The Atom feed of the changes, newest first; the same bytes for the same changes.
    `newest`: the latest commit the build knows, the feed's date when nothing is listed."""
    site = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    fg = FeedGenerator()
    fg.id(site + FEED)
    fg.title(f"{config.site_name}: what changed")
    fg.subtitle("Each noted change to a section of the handbook, newest first")
    fg.author({"name": config.site_author or config.site_name})
    fg.link(href=site + FEED, rel="self", type="application/atom+xml")
    fg.link(href=site + (listing_url or ""), rel="alternate", type="text/html")
    fg.language(config.theme.get("language") or "en")
    fg.generator("")  # feedgen would name itself with a link to its home page
    fg.updated(changes[0].commit.when if changes else newest or datetime.now(UTC))
    for change in changes:
        target, commit = change.target, change.commit
        short_link = site + target.short_path
        entry = fg.add_entry(order="append")
        entry.id(uuid.uuid5(uuid.NAMESPACE_URL, f"{short_link}#{commit.sha}").urn)
        entry.title(target.label)
        entry.link(href=short_link, rel="alternate", type="text/html")
        entry.updated(commit.when)
        entry.summary(commit.note)
        entry.content(entry_content(target, commit), type="xhtml")
    atom = fg.atom_str(pretty=True)
    # A browser that opens the feed shows it through the stylesheet; feed readers ignore it.
    declaration, _, rest = atom.partition(b"\n")
    return declaration + f'\n<?xml-stylesheet type="text/xsl" href="{STYLESHEET}"?>\n'.encode() + rest


def entry_content(target: link_targets.Target, commit: section_dates.Commit) -> str:
    """An entry's content (XHTML inside feedgen's div): the note, the section's
    opening lines, and the day, as Python formats it everywhere."""
    opening = f"<blockquote><p>{html.escape(target.description)}</p></blockquote>" if target.description else ""
    return (
        f'<p class="note">{html.escape(commit.note or "")}</p>{opening}'
        f'<p class="changed">Changed <time datetime="{commit.day}">{commit.label}</time></p>'
    )


def write_feed(config, changes: list[section_dates.Change], listing_url: str | None, newest=None) -> None:
    with open(os.path.join(config.site_dir, FEED), "wb") as f:
        f.write(feed(config, changes, listing_url, newest))
