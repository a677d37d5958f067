"""Short links: `/s/<id>/` for every link target, old ids included.

Each is a tiny page whose link-preview tags name the section, its page and
the day its text last changed (section_dates.py), and which forwards to
`page/#id`, with or without JavaScript. Targets come from link_targets.py,
checked as a whole before anything is written, so an old id can never take
over another section's short link or write outside `s/`.
"""

from __future__ import annotations

import os

from mkdocs.utils import get_relative_url

from . import link_targets, section_dates

TEMPLATE = "short-link.html"


def write(config, env, site: link_targets.Site, dates: section_dates.Dates) -> None:
    """One page per target under the site folder's s/."""
    template = env.get_template(TEMPLATE)
    published = config.extra.get("published_url") or ""
    for target in site.targets.values():
        folder = target.short_path
        out_dir = os.path.join(config.site_dir, *folder.strip("/").split("/"))
        os.makedirs(out_dir, exist_ok=True)
        html = template.render(
            config=config,
            target=target,
            root=get_relative_url(".", folder) + "/",
            forward=f"{get_relative_url(target.page_url or '.', folder)}#{target.landing_id}",
            published=published,
            changed=dates.last(target),
        )
        with open(os.path.join(out_dir, "index.html"), "w", encoding="utf-8") as f:
            f.write(html)
