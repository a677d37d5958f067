"""targets.json: the published map of every link target, for the tools of
teams that link to the handbook (scripts/check_links.py reads it).

A stable format (README: "targets.json"); VERSION changes only when a
field changes meaning or goes away, never when one is added:

    {
      "version": 1,
      "site_url": "https://handbook.example.org/",   # "" when built without SITE_URL
      "pages": {"three-hats/": {"title": "The three hats"}, ...},
      "redirects": {"hats/": "three-hats/", ...},     # old page -> current page
      "files": ["changes.xml", "llms.txt", ...],      # other addresses readers may link to
      "targets": {
        "diplomat": {
          "page": "three-hats/", "title": "The Diplomat", "page_title": "The three hats",
          "kind": "heading",                          # heading, question or row
          "aliases": ["the-diplomat-hat"],            # old ids that still lead here
          "short_link": "s/diplomat/",
          "changed": {"day": "2026-09-03", "label": "3 Sep 2026", "note": "..."}   # or null
        }, ...
      }
    }

Addresses are relative to site_url. "changed" is the target's last change
that carries a Reader-note (reader_notes.py); a change without one is not
published. Keys are sorted, so every build of one commit writes the same
file.
"""

from __future__ import annotations

import json
import os

from . import link_targets, section_dates

FILE = "targets.json"
VERSION = 1
# Files at the site root that readers may link to besides pages and short links.
FILES = ("changes.xml", "changes.xsl", "llms.txt", FILE, "sitemap.xml", "robots.txt", "favicon.ico")


def build(
    config, site: link_targets.Site, dates: section_dates.Dates, pages: dict[str, str], redirects: dict[str, str]
) -> dict:
    """The map (pages: page URL -> title; redirects: old page URL -> current page URL)."""
    targets = {}
    for target in site.targets.values():
        if target.kind == "alias":
            continue
        noted = dates.last_noted(target)
        targets[target.id] = {
            "page": target.page_url,
            "title": target.title,
            "page_title": target.page_title,
            "kind": target.kind,
            "aliases": sorted(t.id for t in site.targets.values() if t.alias_of == target.id),
            "short_link": target.short_path,
            "changed": {"day": noted.day, "label": noted.label, "note": noted.note} if noted else None,
        }
    return {
        "version": VERSION,
        "site_url": config.extra.get("published_url") or "",
        "pages": {url: {"title": title} for url, title in pages.items()},
        "redirects": redirects,
        "files": sorted(name for name in FILES if os.path.exists(os.path.join(config.site_dir, name)) or name == FILE),
        "targets": targets,
    }


def write(config, data: dict) -> None:
    with open(os.path.join(config.site_dir, FILE), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def redirects_of(config) -> dict[str, str]:
    """The redirects plugin's map as page URLs: {'hats/': 'three-hats/'}."""
    plugin = config.plugins.get("redirects")
    maps = plugin.config.get("redirect_maps", {}) if plugin else {}

    def url(src: str) -> str:
        path = src.removesuffix(".md").removesuffix("index")
        return path if not path or path.endswith("/") else path + "/"

    return {url(old): url(new) for old, new in maps.items() if not new.startswith(("http://", "https://"))}
