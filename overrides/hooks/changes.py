"""What changed: the latest section changes, on a page and in an Atom feed.

Both list the same entries from section_dates.py, newest first: every
section change of the most recent commits, up to LIMIT of them (a commit
is never split, so the newest one is listed whole however many sections it
changed). Each entry names the section and its page, links to it (the feed
to its short link), and gives the day and the commit's summary line.

- The "What changed" page's Markdown holds `<!-- hooks/changes.py -->`
  where the list goes; it is filled once every target is dated (on_env).
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
from datetime import datetime, timezone
from itertools import groupby

from feedgen.feed import FeedGenerator
from mkdocs.utils import get_relative_url

import link_targets
import page_html
import section_dates

FEED = "changes.xml"
LIMIT = 50
MARKER = "hooks/changes.py"
_nav_pages: list = []
_listing_url: list[str] = []


def on_nav(nav, config, files, **kwargs):
    _nav_pages[:] = nav.pages
    return nav


def latest() -> list[section_dates.Change]:
    order = [t.id for page in _nav_pages for t in link_targets.SITE.pages.get(page.url, [])]
    return section_dates.SITE.recent(order, LIMIT)


def listing(tree, page, changes) -> object:
    """The feed's link, then a table of changes: one row group per commit
    (its day and summary), a row per section it changed."""
    # Left out of search: its titles would crowd out the sections they name.
    wrapper = tree.new_tag("div", attrs={"class": "hb-changes", "data-search-exclude": ""})
    follow = tree.new_tag("p")
    follow.append("Follow these changes in a feed reader: ")
    link = tree.new_tag("a", attrs={"href": get_relative_url(FEED, page.url), "type": "application/atom+xml"})
    link.string = "the changes feed"
    follow.append(link)
    follow.append(" (Atom).")
    wrapper.append(follow)
    if not changes:
        empty = tree.new_tag("p")
        empty.string = ("No change is known to this build: it was made outside a git checkout, "
                        "or before any page was committed.")
        wrapper.append(empty)
        return wrapper
    table = tree.new_tag("table")
    head = tree.new_tag("thead")
    row = tree.new_tag("tr")
    for label in ("Section", "Page"):
        cell = tree.new_tag("th", attrs={"scope": "col"})
        cell.string = label
        row.append(cell)
    head.append(row)
    table.append(head)
    for _, group in groupby(changes, key=lambda c: c.commit.sha):
        group = list(group)
        commit = group[0].commit
        body = tree.new_tag("tbody")
        row = tree.new_tag("tr")
        cell = tree.new_tag("th", attrs={"colspan": "2", "scope": "rowgroup"})
        day = tree.new_tag("time", attrs={"datetime": commit.day})
        day.string = commit.label
        cell.append(day)
        cell.append(f" · {commit.summary}")
        row.append(cell)
        body.append(row)
        for change in group:
            target = change.target
            row = tree.new_tag("tr")
            cell = tree.new_tag("td")
            link = tree.new_tag("a", attrs={"href": f"{get_relative_url(target.page_url or '.', page.url)}#{target.id}"})
            link.string = target.title
            cell.append(link)
            row.append(cell)
            cell = tree.new_tag("td")
            cell.string = target.page_title
            row.append(cell)
            body.append(row)
        table.append(body)
    # Material styles only tables without a class, so the class goes on the wrapper.
    wrapper.append(table)
    return wrapper


def on_env(env, config, files, **kwargs):
    _listing_url.clear()
    changes = latest()
    for file in files.documentation_pages():
        page = file.page
        if page is not None and page_html.fill_marker(page, MARKER, lambda tree: listing(tree, page, changes)):
            _listing_url.append(page.url)
    return env


def feed(config, changes: list[section_dates.Change]) -> bytes:
    """The Atom feed of the changes, newest first; the same bytes for the same changes."""
    site = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    fg = FeedGenerator()
    fg.id(site + FEED)
    fg.title(f"{config.site_name}: what changed")
    fg.subtitle("Each change to a section of the handbook, newest first")
    fg.author({"name": config.site_author or config.site_name})
    fg.link(href=site + FEED, rel="self", type="application/atom+xml")
    fg.link(href=site + (_listing_url[0] if _listing_url else ""), rel="alternate", type="text/html")
    fg.language(config.theme.get("language") or "en")
    fg.generator("")  # feedgen would name itself with a link to its home page
    fg.updated(changes[0].commit.when if changes else datetime.now(timezone.utc))
    for change in changes:
        target, commit = change.target, change.commit
        short_link = site + target.short_path
        entry = fg.add_entry(order="append")
        entry.id(uuid.uuid5(uuid.NAMESPACE_URL, f"{short_link}#{commit.sha}").urn)
        entry.title(f"{target.title} · {target.page_title}")
        entry.link(href=short_link, rel="alternate", type="text/html")
        entry.updated(commit.when)
        entry.summary(commit.summary)
    return fg.atom_str(pretty=True)


def on_post_build(config, **kwargs):
    with open(os.path.join(config.site_dir, FEED), "wb") as f:
        f.write(feed(config, latest()))
