"""The handbook's build, in the order it runs.

This is the one hook that adds to the site; every step is a plain function
in hooks/handbook/, and the functions below only call them, at the MkDocs
events where their inputs are ready. Read top to bottom, that is the whole
build (README: "How a build runs"):

1. on_config: Markdown learns two things: a heading below the title needs an
   explicit id, and a glossary term is found in the plural and across a
   line break. The link targets ever published are read (includes/anchors.lock);
   the search's word lists are read and checked.
2. on_pre_build: the glossary defines each term once.
3. on_files: nothing of the theme's own machinery is published; git starts
   reading the pages' history in the background, with each commit's
   Reader-note (reader_notes.py, and includes/reader-notes.yml).
4. on_nav: the nav's pages, in reading order.
5. on_page_content: each page, once Markdown has rendered it, has an
   explicit id on every heading.
6. on_env, once every page is rendered (and the tags plugin has filled
   Topics), on one tree per page:
       site    = link_targets.collect(...)       every link target, checked as a whole
       link_targets.check_locked(...)            no published link target is gone
       dates   = section_dates.date(...)         when each target's visible text last changed
                                                 (visible_text.Reader tells text from markup)
       copy_controls.add(...)                    a copy control beside each target
       section_index.fill(...)                   the "Link to a section" list
       listing = changes.listing(...)            the page that lists the changes (What changed)
       changes = changes.latest(...)             the latest noted changes, none of that page's own
       changes.fill(...)                         the "What changed" list
       faq_schema.add(...)                       the FAQ's schema.org data
       glossary.mark_focusable(...)              terms a keyboard can reach
7. on_page_context: each page's tree goes back into the page, just before
   its template renders it, with its link-preview card (cards.for_page;
   none in the offline and print editions).
8. on_post_build, once every file is written:
       short_links.write(...)                    /s/<id>/ for every target
       cards.write(...)                          a preview card per page and short link (cached)
       cards.write_favicon(...)                  /favicon.ico
       changes.write_feed(...)                   changes.xml (shown in a browser by changes.xsl)
       link_map.write(...)                       targets.json, the map of every link target
       search_index.build(...)                   Pagefind's index and word lists

The safety checks are separate hooks, listed before this one in mkdocs.yml
(README: "Safe by construction").
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from handbook import (
    cards,
    changes,
    copy_controls,
    faq_schema,
    glossary,
    link_map,
    link_targets,
    reader_notes,
    search_index,
    section_dates,
    section_index,
    short_links,
    visible_text,
)
from handbook.pages import Pages

# Theme files that are machinery, not site: templates' own stylesheet (inlined
# by overrides/main.html). MkDocs would otherwise copy them into the site.
UNPUBLISHED = ("partials/",)


@dataclass
class Build:
    """What one build has learnt so far; a new one starts with each on_config."""

    explicit_ids: link_targets.ExplicitIds = field(default_factory=link_targets.ExplicitIds)
    locked: list[str] = field(default_factory=list)
    words: dict = field(default_factory=dict)
    history: Future | None = None
    nav: list[Page] = field(default_factory=list)
    pages: Pages | None = None
    site: link_targets.Site = field(default_factory=link_targets.Site)
    dates: section_dates.Dates = field(default_factory=section_dates.Dates)
    changes: list[section_dates.Change] = field(default_factory=list)
    changes_url: str | None = None
    newest: datetime | None = None  # the latest commit the history knows
    cards: list[cards.Card] = field(default_factory=list)
    env: Environment | None = None


_build = Build()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = Build()
    config.markdown_extensions += [_build.explicit_ids, glossary.Terms()]
    lockfile = Path(config.config_file_path).parent / link_targets.LOCKFILE
    _build.locked = link_targets.read_locked(lockfile.read_text(encoding="utf-8")) if lockfile.is_file() else []
    # The templates ask for Pagefind only when the index will be built.
    config.extra["search_engine"] = "pagefind" if search_index.enabled(config) else "material"
    if search_index.enabled(config):
        _build.words = search_index.read_words(config)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    glossary.check(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    custom_dir = Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None
    for file in list(files):
        if (
            custom_dir
            and file.src_uri.startswith(UNPUBLISHED)
            and Path(file.abs_src_path).resolve().is_relative_to(custom_dir)
        ):
            files.remove(file)
    sources = [file.abs_src_path for file in files.documentation_pages() if file.abs_src_path]
    try:
        notes = reader_notes.from_file(Path(config.config_file_path).parent / "includes")
    except reader_notes.NoteError as error:
        raise PluginError(str(error)) from None
    pool = ThreadPoolExecutor(max_workers=1)
    _build.history = pool.submit(section_dates.read_history, config.docs_dir, sources, notes)
    pool.shutdown(wait=False)  # returns at once; the thread ends when git has answered
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _build.nav = list(nav.pages)
    return nav


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    missing, _build.explicit_ids.missing[:] = list(_build.explicit_ids.missing), []
    if missing:
        listed = "; ".join(repr(title) for title in missing)
        raise PluginError(
            f"{page.file.src_uri}: heading without an explicit id: {listed}. "
            "Write it as `## Title {{ #short-id }}`: short links name sections by id."
        )
    return html


def redirect_maps(config: MkDocsConfig) -> dict[str, str]:
    plugin = config.plugins.get("redirects")
    return dict(plugin.config["redirect_maps"]) if plugin else {}


@event_priority(50)  # after the tags plugin (100) has filled Topics
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    build = _build
    build.env = env
    build.pages = pages = Pages(
        every=[f.page for f in files.documentation_pages() if f.page is not None], nav=build.nav
    )
    try:
        build.site = site = link_targets.collect(pages.every, pages.tree)
    except link_targets.TargetError as error:
        raise PluginError(str(error)) from None
    if gone := link_targets.check_locked(
        site, build.locked, redirect_maps(config), {page.url: page.file.src_uri for page in pages.every}
    ):
        raise PluginError("published links would break:\n  " + "\n  ".join(gone))
    try:
        history = build.history.result() if build.history else {}
    except reader_notes.NoteError as error:
        raise PluginError(str(error)) from None
    build.newest = section_dates.newest(history)
    sources = {page.url: page.file.abs_src_path for page in pages.every if page.file.abs_src_path}
    reader = visible_text.Reader.of(config)
    build.dates = section_dates.date(site, sources, history, reader)
    reader.save()
    for page in pages.every:
        copy_controls.add(env, pages.tree(page), site.pages.get(page.url, []), build.dates)
    section_index.fill(env, pages, site, lambda target: copy_controls.render(env, target, build.dates.last(target)))
    build.changes_url = changes.listing(pages)
    build.changes = changes.latest(build.dates, site, pages.nav, build.changes_url)
    changes.fill(env, pages, build.changes, dated=bool(history))
    faq_schema.add(pages, site)
    glossary.mark_focusable(pages)
    return env


@event_priority(100)  # before any plugin reads page.content (search, for one)
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    if _build.pages is not None:
        _build.pages.write_back(page)
        if cards.wanted(config):
            context["hb_card"] = card = cards.for_page(page, config.site_name)
            _build.cards.append(card)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    build = _build
    shown = short_links.write(config, build.env, build.site, build.dates)
    if cards.wanted(config):
        cards.write(config, build.cards + shown)
    cards.write_favicon(config)
    changes.write_feed(config, build.changes, build.changes_url, build.newest)
    pages = {page.url: page.meta.get("title") or page.title or "" for page in build.pages.every}
    link_map.write(config, link_map.build(config, build.site, build.dates, pages, link_map.redirects_of(config)))
    if search_index.enabled(config):
        search_index.build(config, build.nav, build.words)
