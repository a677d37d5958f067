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

import link_targets
import section_dates


def on_post_build(config, **kwargs):
    template = config.theme.get_env().get_template("short-link.html")
    published = config.extra.get("published_url") or ""
    for target in link_targets.SITE.targets.values():
        folder = target.short_path
        out_dir = os.path.join(config.site_dir, *folder.strip("/").split("/"))
        os.makedirs(out_dir, exist_ok=True)
        forward = f"{get_relative_url(target.page_url or '.', folder)}#{target.landing_id}"
        html = template.render(
            config=config,
            target=target,
            root=get_relative_url(".", folder) + "/",
            forward=forward,
            published=published,
            changed=section_dates.of(target),
        )
        with open(os.path.join(out_dir, "index.html"), "w", encoding="utf-8") as f:
            f.write(html)
