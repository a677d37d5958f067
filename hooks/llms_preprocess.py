"""Each page's HTML made ready to become Markdown for /llms.txt.

Not a hook: the `llmstxt` plugin (mkdocs-llmstxt, in mkdocs.yml) loads this
file and calls preprocess() on each page it publishes as Markdown, before
converting the page. It:

- keeps each content tab's label, as a bold line at the top of its panel
  (the plugin's own clean-up drops tab labels, which would leave the
  outage scenario's two answers unnamed), and makes callout titles bold;
- links every link target (link_targets.py) to its short link, so an
  assistant cites a section by an address that lasts:
  `## [The Diplomat](https://…/s/diplomat/)`. The address starts with
  SITE_URL when it is set, as copied links do, and is root-relative
  (`/s/diplomat/`) otherwise;
- then runs the plugin's own clean-up, which mkdocs.yml turns off
  (`autoclean: false`) so that it comes after the two steps above.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs_llmstxt import autoclean

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from handbook import link_targets  # noqa: E402  (hooks/handbook/, beside this file)


def name_tabs_and_callouts(soup) -> None:
    for tabs in soup.select(".tabbed-set"):
        labels = tabs.select(":scope > .tabbed-labels > label")
        blocks = tabs.select(":scope > .tabbed-content > .tabbed-block")
        for label, block in zip(labels, blocks, strict=False):
            title = soup.new_tag("p")
            strong = soup.new_tag("strong")
            strong.string = link_targets.plain(label)
            title.append(strong)
            block.insert(0, title)
    for title in soup.select(".admonition > .admonition-title"):
        strong = soup.new_tag("strong")
        strong.extend(list(title.contents))
        title.append(strong)


def link_targets_to_short_links(soup) -> None:
    base = (os.environ.get("SITE_URL") or "").rstrip("/") + "/"
    for element in soup.select(link_targets.SELECTOR):
        kind = link_targets.kind_of(element)
        if kind == "alias":
            continue
        target = link_targets.Target(element["id"], "", kind, "", "")
        link = soup.new_tag("a", attrs={"href": base + target.short_path})
        if kind == "row":
            element.wrap(link)
        else:
            link.extend(list(element.contents))
            element.append(link)


def preprocess(soup, output: str) -> None:
    name_tabs_and_callouts(soup)
    link_targets_to_short_links(soup)
    autoclean(soup)
