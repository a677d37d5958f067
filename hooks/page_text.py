"""Text from front matter, configuration and the environment reaches the reader as text.

Front matter: escaped in every template.

MkDocs renders themes with Jinja's autoescape off, and Material prints
`page.meta.title` and `page.meta.description` as they are (the `<title>`,
the meta description, the header), so a title such as
`x </title><script>…` would become markup. front_matter.py has already made
sure both are plain one-line strings; this hook marks them as text and has
the theme's Jinja environment escape marked text wherever a template prints
it (Jinja's `finalize`), so no theme template has to be copied. Python code
still sees ordinary strings. Text that a template has already escaped
(`|e`) is not escaped twice.

Configuration and the environment: the theme prints the site's name,
description, author and copyright line and the nav's titles as they are,
and the published address (SITE_URL) into links, previews and robots.txt.
config_problems() refuses, naming the key (or SITE_URL), any of them that is
not plain text on one line, or, for an address, not a plain http(s)
address ending in "/".
"""

from __future__ import annotations

import os
import re

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

FIELDS = ("title", "description")
TEXTS = ("site_name", "site_description", "site_author", "copyright")
# Plain text on one line: no markup, no control, invisible or bidirectional characters.
NOT_TEXT = re.compile("[<>\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
ADDRESS = re.compile(r"https?://[^\s\"'<>\\`]+/")


def text_problem(value) -> str | None:
    if not isinstance(value, str):
        return f"is {type(value).__name__}, not text"
    if found := NOT_TEXT.search(value):
        return f"holds {found.group()!r}: write plain text on one line (no markup)"
    return None


def nav_titles(items, path: str = "nav"):
    """(where, title) of every title in a nav as mkdocs.yml writes it."""
    for item in items or []:
        if isinstance(item, dict):
            for title, value in item.items():
                yield f"{path}: {title!r}", title
                if isinstance(value, list):
                    yield from nav_titles(value, f"{path} > {title}")


def config_problems(config) -> list[str]:
    """What in the configuration would not reach the reader as text, one line each, naming the key."""
    found = []
    for key in TEXTS:
        if config.get(key) and (problem := text_problem(config[key])):
            found.append(f"mkdocs.yml: {key} {problem}")
    for where, title in nav_titles(config.get("nav")):
        if problem := text_problem(title):
            found.append(f"mkdocs.yml: {where} {problem}")
    for where, value in (("site_url", config.get("site_url")), ("SITE_URL", os.environ.get("SITE_URL"))):
        if value and not ADDRESS.fullmatch(value):
            found.append(f"{where}: {value!r} is not a plain http(s) address ending in '/' (no quotes, spaces or <>)")
    return found


@event_priority(100)  # before anything prints the configuration
def on_config(config):
    if found := config_problems(config):
        raise PluginError("text the theme would print as HTML:\n  " + "\n  ".join(found))
    return config


class PageText(str):
    """A string from front matter: text, never markup."""


def finalize(value):
    return escape(value) if isinstance(value, PageText) else value


@event_priority(90)  # after front_matter.py has checked the types, before anything renders
def on_page_markdown(markdown, page, **kwargs):
    for field in FIELDS:
        if isinstance(page.meta.get(field), str):
            page.meta[field] = PageText(page.meta[field])
    return markdown


def on_env(env, config, files, **kwargs):
    before = env.finalize
    env.finalize = finalize if before is None else (lambda value: before(finalize(value)))
    return env
