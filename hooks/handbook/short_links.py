"""Short links: `/s/<id>/` for every link target, old ids included.

Each is a tiny page whose link-preview tags (overrides/partials/handbook/
preview-tags.html, the same as the pages') name the section and its page,
show its own card (cards.py), and describe it: the section's opening lines,
then the day its text last changed (section_dates.py), with that change's
Reader-note when it has one. The page forwards to `page/#id`, with or
without JavaScript. Targets come from link_targets.py, checked as a whole
before anything is written, so an old id can never take over another
section's short link or write outside `s/`.
"""

from __future__ import annotations

import os

from mkdocs.utils import get_relative_url

from . import cards, link_targets, section_dates

TEMPLATE = "short-link.html"
ENDINGS = (".", "!", "?", "…")


def with_full_stop(text: str) -> str:
    """Text that ends a sentence: a full stop added unless it ends with one (or ! ? …);
    a trailing colon, semicolon or comma gives way to it."""
    text = text.strip()
    if not text or text.endswith(ENDINGS):
        return text
    return text.rstrip(",;:").rstrip() + "."


def preview_description(description: str, changed: section_dates.Commit | None) -> str:
    """What a short link's preview says: the opening lines, then
    'Changed 3 Sep 2026.', or 'Changed 3 Sep 2026: <Reader-note>' for a noted change."""
    text = with_full_stop(description)
    if changed is None:
        return text
    change = f"Changed {changed.label}: {with_full_stop(changed.note)}" if changed.note else f"Changed {changed.label}."
    return f"{text} {change}".strip()


def write(config, env, site: link_targets.Site, dates: section_dates.Dates) -> list[cards.Card]:
    """One page per target under the site folder's s/; the cards they show (none
    in the offline and print editions, whose previews show the site's card)."""
    template = env.get_template(TEMPLATE)
    published = config.extra.get("published_url") or ""
    shown = []
    with_cards = cards.wanted(config)
    for target in site.targets.values():
        folder = target.short_path
        out_dir = os.path.join(config.site_dir, *folder.strip("/").split("/"))
        os.makedirs(out_dir, exist_ok=True)
        changed = dates.last(target)
        card = cards.for_target(target) if with_cards else None
        shown += [card] if card else []
        html = template.render(
            config=config,
            target=target,
            root=get_relative_url(".", folder) + "/",
            forward=f"{get_relative_url(target.page_url or '.', folder)}#{target.landing_id}",
            published=published,
            changed=changed,
            description=preview_description(target.description, changed),
            card=card,
        )
        with open(os.path.join(out_dir, "index.html"), "w", encoding="utf-8") as f:
            f.write(html)
    return shown
