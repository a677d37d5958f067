"""Collect every link target once all pages are rendered, and check them as a whole.

What a link target is lives in link_targets.py; this hook applies it to the
build:

- a heading below the page title written without `{ #id }` fails the build;
- once every page is rendered and the tags plugin has filled the Topics page
  (`on_env`), each page is parsed once (page_html.py), its old ids from
  `anchor_aliases` are placed just before the targets they now name, and
  every target and old id is checked against the whole site, whatever the
  page order: unique, a short id, never shadowing another;
- each page's HTML, with what the other hooks added, is written back just
  before its template renders.
"""

from __future__ import annotations

import link_targets
import page_html
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

EXPLICIT_IDS = link_targets.ExplicitIds()


def on_config(config, **kwargs):
    if EXPLICIT_IDS not in config.markdown_extensions:
        config.markdown_extensions.append(EXPLICIT_IDS)
    return config


def on_pre_build(config, **kwargs):
    link_targets.reset()
    page_html.reset()
    EXPLICIT_IDS.missing.clear()


def on_page_content(html, page, **kwargs):
    missing, EXPLICIT_IDS.missing[:] = list(EXPLICIT_IDS.missing), []
    if missing:
        listed = "; ".join(repr(title) for title in missing)
        raise PluginError(f"{page.file.src_uri}: heading without an explicit id: {listed}. "
                          "Write it as `## Title {{ #short-id }}`: short links name sections by id.")
    return html


@event_priority(50)  # after the tags plugin (100) has filled its listings, before the other hooks
def on_env(env, config, files, **kwargs):
    EXPLICIT_IDS.missing.clear()  # headings the tags plugin generated carry ids of its own
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    site = link_targets.SITE
    try:
        for page in pages:
            tree = page_html.tree(page)
            src, url = page.file.src_uri, page.url
            title = page.meta.get("title") or page.title or ""
            found = link_targets.find(tree, page_url=url, src=src, page_title=title)
            aliases = link_targets.check_aliases(src, page.meta.get("anchor_aliases") or {}, found)
            found += place_aliases(tree, aliases, found, src, url, title)
            site.add_page(src, url, found, link_targets.all_ids(tree))
        for page in pages:
            own = {t.id for t in site.pages.get(page.url, [])}
            site.check_ids_elsewhere(page.file.src_uri, link_targets.all_ids(page_html.tree(page)), own)
    except link_targets.TargetError as error:
        raise PluginError(str(error)) from None
    return env


def place_aliases(tree, aliases: dict, found, src: str, url: str, page_title: str):
    """Put an empty element with each old id just before the target it now names."""
    placed = []
    known = {t.id: t for t in found}
    for old, new in aliases.items():
        target = known[new]
        element = tree.find(id=new)
        span = tree.new_tag("span", attrs={"id": str(old), "class": link_targets.ALIAS_CLASS})
        element.insert_before(span)
        placed.append(link_targets.Target(str(old), target.title, "alias", url, src, target.description,
                                          page_title, alias_of=new))
    return placed


@event_priority(100)  # before any plugin reads page.content (search, for one)
def on_page_context(context, page, **kwargs):
    page_html.write_back(page)
    return context
